"""`notice-assistant`: the one command line (click). `python -m assistant ...` and
`python -m ingest ...` run the same commands.

    notice-assistant [-v|-vv] ingest [PATH...]    ingest notices into the store (--rebuild)
    notice-assistant list | remove DOC... | trash | restore ENTRY...
    notice-assistant ask QUESTION | ask - --json | chat
    notice-assistant assignments [--due 7d ...] [set-status|note|correct CODE ...]
    notice-assistant eval FILE|alqac | eval --feedback | eval-assignments
    notice-assistant serve                        the chat page (Streamlit)

Answers, listings and reports go to standard output; progress, diagnostics (`logging`, quiet
unless -v) and errors to standard error. An error a user can fix (`assistant.core.errors`)
prints its one-line message and exits 2; -vv adds the traceback. This package may import both
`ingest` and `assistant`: it is where the two sides meet.

    app.py          the click group, logging, errors and exit codes, the shared options
    documents.py    ingest, list, remove, trash, restore
    ask.py          ask, chat
    assignments.py  assignments and its set-status / note / correct actions
    evaluate.py     eval, eval-assignments
    serve.py        serve
"""

from __future__ import annotations

# Importing a command module registers its commands on the group.
from assistant.cli import ask, assignments, documents, evaluate, serve  # noqa: F401
from assistant.cli.app import cli, main

__all__ = ["cli", "main"]
