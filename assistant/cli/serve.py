"""`serve`: the chat page (Streamlit), as `make run` starts it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from assistant.cli.app import cli, log, verbose_option

DEFAULT_PORT = 8501  # Streamlit's own default


def streamlit_argv(address: str, port: int) -> list[str]:
    """The page as `make run` starts it: Streamlit on ui/app.py, no usage statistics."""
    app = Path(__file__).resolve().parents[2] / "ui" / "app.py"
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]


@cli.command(
    "serve",
    short_help="run the chat page (Streamlit)",
    help="Run the chat page (Streamlit) on ADDRESS:PORT, as `make run` does after ingesting. "
    "Stop it with Ctrl-C.",
)
@click.option("--address", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", DEFAULT_PORT)),
    show_default=f"$PORT or {DEFAULT_PORT}",
    help="port to listen on",
)
@verbose_option
def serve_command(address: str, port: int) -> int:
    argv = streamlit_argv(address, port)
    log.info("starting the page: %s", " ".join(argv))
    sys.stdout.flush()
    sys.stderr.flush()
    # The server replaces this process: Ctrl-C and a supervisor's SIGTERM reach it directly,
    # with no child left behind.
    os.execv(sys.executable, argv)
    return 0  # not reached
