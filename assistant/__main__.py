"""`python -m assistant COMMAND ...`: the `notice-assistant` command line (assistant/cli/),
for a checkout without the console script installed."""

from __future__ import annotations

import sys

from assistant.cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    return cli_main(argv, prog_name="python -m assistant")


if __name__ == "__main__":
    sys.exit(main())
