"""`python -m ingest [PATH...] [--store DIR] [--rebuild]`, `python -m ingest list`,
`python -m ingest remove DOC...`, `python -m ingest trash`, `python -m ingest restore ENTRY...`:
the same commands as `notice-assistant ingest|list|remove|trash|restore` (assistant/cli/)."""

from __future__ import annotations

import sys
from pathlib import Path

# The commands that are not `ingest` itself; a file or folder of that name is ingested instead.
_OTHER_COMMANDS = ("list", "remove", "restore", "trash")


def notice_assistant_argv(argv: list[str]) -> list[str]:
    """`python -m ingest ARGS` as `notice-assistant` arguments."""
    if argv[:1] and argv[0] in _OTHER_COMMANDS and not Path(argv[0]).exists():
        return argv
    return ["ingest", *argv]


def main(argv: list[str] | None = None) -> int:
    from assistant.cli import main as cli_main

    argv = list(sys.argv[1:] if argv is None else argv)
    return cli_main(notice_assistant_argv(argv), prog_name="notice-assistant")


if __name__ == "__main__":
    sys.exit(main())
