"""ALQAC 2024 legal retrieval: our engine beside the naive LangChain pipeline and BM25 alone.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/alqac.py [--data DIR] [--limit N] [--no-baseline]
    [--json]

The same code as `python -m assistant eval alqac`. The first run ingests the 17 laws (about
7,500 chunks: many minutes on a 2-core CPU) into ~/.cache/notice-assistant/alqac-<hash>; later
runs reuse that store and the baseline's vectors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.errors import AssistantError  # noqa: E402
from assistant.eval.alqac import DEFAULT_ALQAC, format_alqac_report, run_alqac  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_ALQAC)
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:
        report = run_alqac(
            args.data,
            baseline=not args.no_baseline,
            limit=args.limit,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        json.dumps(report, ensure_ascii=False, indent=1)
        if args.json
        else format_alqac_report(report)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
