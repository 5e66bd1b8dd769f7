"""Run the assignment extraction over the gazette corpus and print records to hand-check.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/assignments_congbao.py [--corpus DIR]
    [--sample 30] [--seed 2024]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.errors import IngestError  # noqa: E402
from assistant.ledger_eval import notice_from_text  # noqa: E402
from ingest.assignments import extract_assignments  # noqa: E402
from ingest.loaders import load_text  # noqa: E402
from ingest.normalize import normalize_text  # noqa: E402
from ingest.structure import parse_blocks  # noqa: E402

MAX_BYTES = 20 * 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpora/congbao")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    records = []
    documents = with_records = failed = 0
    started = time.perf_counter()
    for path in sorted(args.corpus.rglob("*.txt")):
        documents += 1
        try:
            text = normalize_text(load_text(path, MAX_BYTES).text)
        except IngestError as error:
            failed += 1
            print(f"skipped {path.name}: {error}", file=sys.stderr)
            continue
        notice = notice_from_text(text, path, doc_id=path.name)
        found = extract_assignments(notice, parse_blocks(text))
        with_records += bool(found)
        records.extend((notice, record) for record in found)
    seconds = time.perf_counter() - started

    print(
        f"{len(records)} records from {with_records} of {documents} documents "
        f"({failed} unreadable) in {seconds:.1f} s"
    )
    with_deadline = sum(bool(r.deadline_text) for _, r in records)
    with_supporters = sum(bool(r.supporters) for _, r in records)
    print(f"{with_deadline} with a deadline, {with_supporters} with supporters")
    sample = random.Random(args.seed).sample(records, min(args.sample, len(records)))
    for n, (notice, record) in enumerate(sample, 1):
        print(f"\n[{n}] {notice.doc_id}  {notice.number}  {notice.date}")
        print(f"  section:    {' > '.join(record.section)[-150:]}")
        print(f"  assignees:  {record.assignees_text} -> {record.assignees}")
        if record.supporters:
            print(f"  supporters: {record.supporters}")
        if record.deadline_text:
            print(f"  deadline:   {record.deadline_text!r} -> {record.deadline or '-'}")
        print(f"  task:       {record.task[:300]}")
        print(f"  span:       {notice.text[record.start : record.end][:200]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
