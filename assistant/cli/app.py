"""The `notice-assistant` click group and what every command shares: logging (quiet unless -v),
user-facing errors as exit code 2, the common options, and `main` (the console script)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from assistant.core.errors import AssistantError

# One logger for the whole command line, whichever module of it logs ("INFO assistant.cli: ...").
log = logging.getLogger("assistant.cli")
# Our packages' loggers follow -v; third-party libraries (chromadb, httpx, torch ...) stay at
# warnings whatever the flag, or -vv would drown our diagnostics in theirs.
LOGGED_PACKAGES = ("assistant", "ingest", "ui")
_VERBOSITY = "notice_assistant.verbosity"  # ctx.meta key: -v counts from every level added up


# --- logging -------------------------------------------------------------------------------


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record is emitted: test runners and click's
    runner swap it after the handler is made."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass

    def filter(self, record: logging.LogRecord) -> bool:
        # Some libraries set their own loggers to DEBUG (bm25s does): below warnings, only ours.
        ours = record.name.partition(".")[0] in LOGGED_PACKAGES
        return (ours or record.levelno >= logging.WARNING) and super().filter(record)


def configure_logging(verbosity: int) -> None:
    """Quiet by default (warnings only), -v info, -vv debug, for our packages. Installs one
    handler on the root logger the first time; later calls only change the level."""
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    for name in LOGGED_PACKAGES:
        logging.getLogger(name).setLevel(level)


def _add_verbosity(ctx: click.Context, _param, value: int) -> int:
    if value:
        ctx.meta[_VERBOSITY] = ctx.meta.get(_VERBOSITY, 0) + value
        configure_logging(ctx.meta[_VERBOSITY])
    return value


def verbose_option(command):
    """-v / -vv on the group and on every command: `notice-assistant -v ask ...` and
    `python -m ingest -v` (which runs `ingest` directly) both work."""
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_add_verbosity,
        help="more diagnostics on standard error: -v progress, -vv debug (and tracebacks)",
    )(command)


# --- errors and exit codes -----------------------------------------------------------------


class CommandError(click.ClickException):
    """An AssistantError on its way out: its message, one line, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            rv = super().invoke(ctx)
        except AssistantError as exc:
            log.debug("the command stopped with a user-facing error", exc_info=True)
            raise CommandError(str(exc)) from None
        if isinstance(rv, int) and not isinstance(rv, bool) and rv:
            ctx.exit(rv)  # commands return their exit code: 1 = some items failed
        return rv


def store_option(command):
    return click.option(
        "--store",
        type=click.Path(path_type=Path),
        help="store folder (default: ASSISTANT_STORE)",
    )(command)


def json_option(help_text: str = "machine-readable output"):
    return click.option("--json", "as_json", is_flag=True, help=help_text)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@verbose_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """A cited assistant over Vietnamese provincial notices: ingest them, ask, follow the
    assignment ledger, evaluate, serve the chat page."""
    configure_logging(ctx.meta.get(_VERBOSITY, 0))


def main(argv: list[str] | None = None, prog_name: str = "notice-assistant") -> int:
    """Run the app and return its exit code (the console script and `python -m` wrappers)."""
    try:
        cli.main(args=argv, prog_name=prog_name)
    except SystemExit as exc:  # click's standalone mode always ends with one
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    return 0
