"""The staff ledger at the size of a real collection: the gazette corpus's assignments (extracted
without embedding), their keys, the staff-state database and the exports.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/ledger_congbao.py [--corpus DIR]

Prints: records, distinct task codes (a collision would make two tasks share a status), how many
rows have a số hiệu for their source reference, the time to attach staff state from a real
user.db and to build each export, and checks that no export holds "None" or a server path.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.errors import IngestError  # noqa: E402
from assistant.core.records import LedgerRecord  # noqa: E402
from assistant.eval.ledger import notice_from_text  # noqa: E402
from assistant.ledger import views as ledger  # noqa: E402
from assistant.ledger.state import LedgerState  # noqa: E402
from ingest.assignments import extract_assignments  # noqa: E402
from ingest.loaders import load_text  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.normalize import normalize_text  # noqa: E402
from ingest.structure import parse_blocks  # noqa: E402

MAX_BYTES = 20 * 1024 * 1024
STATUS_EDITS = 500  # tasks given a status, note and correction, as a busy office might


def records_of(corpus: Path) -> list[dict]:
    records = []
    for path in sorted(corpus.rglob("*.txt")):
        try:
            text = normalize_text(load_text(path, MAX_BYTES).text)
        except IngestError:
            continue
        notice = notice_from_text(text, path, doc_id=path.name)
        meta = extract_metadata(text, path)
        for found in extract_assignments(notice, parse_blocks(text)):
            fields = {k: meta[k] for k in ("number", "issuer", "date", "doc_type", "title")}
            record = LedgerRecord.from_assignment(found)
            records.append(replace(record, **fields, source=str(path)))
    return records


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpora/congbao")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"No corpus at {args.corpus}: pass --corpus DIR.", file=sys.stderr)
        return 2

    records, seconds = timed(records_of, args.corpus)
    documents = len({r.doc_id for r in records})
    print(f"{len(records)} records from {documents} documents (extracted in {seconds:.1f} s)")
    with tempfile.TemporaryDirectory() as folder:
        state = LedgerState.for_store(Path(folder))
        attached, seconds = timed(state.attach, records)
        codes = {r.key for r in attached}
        print(f"distinct task codes: {len(codes)} of {len(attached)}; attach {seconds:.2f} s")
        started = time.perf_counter()
        for record in attached[:: max(1, len(attached) // STATUS_EDITS)][:STATUS_EDITS]:
            state.update(record, status="doing", note="đã giao", deadline="30/06/2026")
        edits = time.perf_counter() - started
        attached, seconds = timed(state.attach, records)
        print(
            f"{STATUS_EDITS} staff updates in {edits:.2f} s; attach with them {seconds:.2f} s; "
            f"{sum(r.status == 'doing' for r in attached)} tasks in progress"
        )
    rows = attached
    numbered = sum(bool(r.number) for r in rows)
    print(f"rows whose reference has a số hiệu: {numbered} of {len(rows)}")
    print(f"by body: {len(ledger.by_body(rows, '2026-06-10'))} bodies")

    for name, export in (
        ("csv", ledger.csv_bytes),
        ("xlsx", ledger.xlsx_bytes),
        ("docx", ledger.docx_bytes),
    ):
        data, seconds = timed(export, rows, "vi", "2026-06-10")
        if name == "csv":
            content = data.decode("utf-8-sig")
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                content = "".join(
                    archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")
                )
        leaks = [s for s in ("None", str(args.corpus), "/work/") if s in content]
        print(f"{name}: {len(data) / 1e6:.2f} MB in {seconds:.2f} s; leaks: {leaks or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
