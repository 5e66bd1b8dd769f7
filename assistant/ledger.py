"""The assignment ledger as rows: filter, export to CSV and Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.bodies import body_key
from assistant.text import normalize_unicode, strip_diacritics

COLUMNS = [
    "assignees",
    "supporters",
    "task",
    "deadline_text",
    "deadline",
    "doc_id",
    "number",
    "date",
    "issuer",
    "section",
    "text",
    "source",
]


def ledger_rows(records: list[dict]) -> list[dict]:
    """Engine ledger records -> the rows users see (one per assignment)."""
    rows = []
    for record in records:
        rows.append(
            {
                "assignees": record.get("assignees", []),
                "supporters": record.get("supporters", []),
                "task": record.get("task", ""),
                "deadline_text": record.get("deadline_text", ""),
                "deadline": record.get("deadline", ""),
                "doc_id": record["doc_id"],
                "number": record.get("number", ""),
                "date": record.get("date", ""),
                "issuer": record.get("issuer", ""),
                "section": " > ".join(record.get("section", [])),
                "text": record.get("text", ""),
                "source": record.get("source", ""),
                "start": record.get("start", 0),
                "end": record.get("end", 0),
            }
        )
    return rows


def _fold(text: str) -> str:
    return strip_diacritics(normalize_unicode(text)).lower()


def filter_rows(rows: list[dict], assignee: str = "", doc: str = "") -> list[dict]:
    """assignee: any spelling of a body ("UBND tỉnh" finds "Ủy ban nhân dân tỉnh"), matched
    against leads and supporters; doc: a document id prefix or its number."""
    if assignee:
        wanted_key, wanted_text = body_key(assignee), _fold(assignee)

        def mentions(row: dict) -> bool:
            for body in row["assignees"] + row["supporters"]:
                if body_key(body) == wanted_key or wanted_text in _fold(body):
                    return True
            return False

        rows = [row for row in rows if mentions(row)]
    if doc:
        rows = [
            row
            for row in rows
            if row["doc_id"].startswith(doc) or _fold(doc) == _fold(row["number"] or "\0")
        ]
    return rows


def _flat(row: dict) -> list[str]:
    return ["; ".join(v) if isinstance(v, list) else str(v) for v in (row[c] for c in COLUMNS)]


def csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_flat(row) for row in rows)
    # utf-8-sig: Excel opens a BOM-marked CSV with Vietnamese diacritics intact.
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(_flat(row))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(rows: list[dict], path: Path) -> None:
    Path(path).write_bytes(csv_bytes(rows))


def export_xlsx(rows: list[dict], path: Path) -> None:
    Path(path).write_bytes(xlsx_bytes(rows))
