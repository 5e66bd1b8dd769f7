"""The assignment ledger as staff work from it: rows with their status and corrections, the
views (overdue, due soon, by body, by notice) and the exports (CSV, Excel, Word).

Exports speak one language (Vietnamese or English headers, DD/MM/YYYY or "10 June 2026"
dates), leave a cell empty rather than print "None", and name each row's source by a short
reference (số hiệu, date, section): never a server path or an internal id. Text a notice or a
staff member supplied can start with "=", "+", "-", "@", a tab or a carriage return, which a
spreadsheet would run as a formula: exports neutralize it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from assistant.core import i18n
from assistant.core.dates import has_passed, within
from assistant.core.errors import LedgerInputError, UserStateUnavailable
from assistant.core.i18n import format_date
from assistant.core.records import DocumentRecord, LedgerRecord
from assistant.core.text import fold
from assistant.ledger.state import STATUS_LABELS, LedgerState, parse_status
from assistant.store.chroma import Store
from assistant.store.versions import annotate
from assistant.vocab.bodies import body_key

# Characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SECTION_REF_CHARS = 40  # an unnumbered heading in a source reference is cut to this length
_MARKER = re.compile(r"^\s*(?:Điều\s+\d+|[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):\-–]", re.I)
_DUE = re.compile(r"^\s*(\d+)\s*([dwm]?)\s*$", re.I)


def error_text(exc: Exception, lang: str) -> str:
    """An error for the page, in its language."""
    if lang == "vi" and isinstance(exc, LedgerInputError):
        return exc.vi
    if lang == "vi" and isinstance(exc, UserStateUnavailable):
        return text("error_state", lang)
    return i18n.error_message(exc, lang)


def text(key: str, lang: str, **values) -> str:
    """A ledger string from the UI strings table (assistant/core/i18n.py, keys "ledger_*")."""
    return i18n.text(f"ledger_{key}", lang, **values)


# --- rows ----------------------------------------------------------------------------------


def filter_rows(rows: list[LedgerRecord], assignee: str = "", doc: str = "") -> list[LedgerRecord]:
    """assignee: any spelling of a body ("UBND tỉnh" finds "Ủy ban nhân dân tỉnh"), matched
    against leads and supporters; doc: a document id prefix or its number."""
    if assignee:
        wanted_key, wanted_text = body_key(assignee), fold(assignee)

        def mentions(row: LedgerRecord) -> bool:
            for body in row.effective_assignees + row.supporters:
                if body_key(body) == wanted_key or wanted_text in fold(body):
                    return True
            return False

        rows = [row for row in rows if mentions(row)]
    if doc:
        rows = [
            row
            for row in rows
            if row.doc_id.startswith(doc) or fold(doc) == fold(row.number or "\0")
        ]
    return rows


def load_records(store, include_replaced: bool = False) -> list[LedgerRecord]:
    """Ledger records of the store's notices in force, with their document's metadata, in
    document order (as Engine.assignments gives them, without loading the embedding model).
    A replaced version's tasks are left out, so no task is counted twice (include_replaced
    keeps them, marked by `in_force` / `doc_status`, see assistant/store/versions.py)."""
    # Only notices in force, as Engine.assignments: a replaced version's tasks would be listed
    # twice (and a corrected notice's task would not find its staff state).
    documents = annotate({doc.doc_id: doc for doc in store.documents()})
    kept = {i: d for i, d in documents.items() if include_replaced or d.in_force}
    records = with_documents(store.assignments(set(kept)), kept)
    return [
        replace(r, in_force=kept[r.doc_id].in_force, doc_status=kept[r.doc_id].version_status)
        for r in records
    ]


def with_documents(
    records: list[LedgerRecord], documents: dict[str, DocumentRecord]
) -> list[LedgerRecord]:
    """Copies of the records with their document's metadata (records of documents no longer
    in `documents` left out), in document order."""
    joined = []
    for record in records:
        doc = documents.get(record.doc_id)
        if doc is None:
            continue
        joined.append(record.with_document(doc))
    joined.sort(key=lambda r: (r.date, r.doc_id, r.start))
    return joined


def open_ledger(settings) -> tuple[LedgerState, list[LedgerRecord]]:
    """The store's ledger records with their staff state attached (for the CLI)."""
    store = Store(settings, settings.embed_model)
    state = LedgerState.for_store(settings.store)
    return state, state.attach(load_records(store))


# --- views ---------------------------------------------------------------------------------


def parse_due(value: str) -> int:
    """'7d', '7', '2w', '1m' -> days ahead."""
    match = _DUE.match(value or "")
    if not match:
        raise LedgerInputError(
            f"'{value}' is not a period. Write the days ahead as 7d or 30d (or 2w, 1m)."
        )
    count, unit = int(match.group(1)), (match.group(2) or "d").lower()
    return count * {"d": 1, "w": 7, "m": 30}[unit]


def is_overdue(row: LedgerRecord, today: str) -> bool:
    """The deadline (a staff correction, else the notice's) has passed and the task is not
    done. A month-only deadline ("2024-04") passes when its month has."""
    return row.status != "done" and has_passed(row.effective_deadline, today)


def is_due_within(row: LedgerRecord, today: str, days: int) -> bool:
    """Not done and due between today and `days` ahead (inclusive)."""
    deadline = row.effective_deadline
    if not deadline or row.status == "done":
        return False
    until = (date.fromisoformat(today) + timedelta(days=days)).isoformat()
    return within(deadline, today, until)


@dataclass
class View:
    """What to show. Empty fields do not filter."""

    overdue: bool = False
    due_days: int | None = None
    body: str = ""
    doc: str = ""
    statuses: list[str] = field(default_factory=list)
    since: str = ""  # deadline range (ISO), for the page's date picker
    until: str = ""
    include_general: bool = False  # the "chịu trách nhiệm thi hành" records
    today: str = ""  # ISO; default: the local date


def select(rows: list[LedgerRecord], view: View) -> list[LedgerRecord]:
    today = view.today or date.today().isoformat()
    if not view.include_general:
        rows = [row for row in rows if row.kind != "general"]
    rows = filter_rows(rows, assignee=view.body.strip(), doc=view.doc.strip())
    if view.statuses:
        wanted = {parse_status(s) for s in view.statuses}
        rows = [row for row in rows if row.status in wanted]
    if view.overdue:
        rows = [row for row in rows if is_overdue(row, today)]
    if view.due_days is not None:
        rows = [row for row in rows if is_due_within(row, today, view.due_days)]
    if view.since or view.until:
        rows = [row for row in rows if within(row.effective_deadline, view.since, view.until)]
    if view.overdue or view.due_days is not None:
        rows = sorted(rows, key=lambda row: row.effective_deadline)
    return rows


@dataclass
class BodyReport:
    body: str
    rows: list[LedgerRecord]
    overdue: int
    doing: int
    done: int

    def summary(self, lang: str) -> str:
        return text("summary", lang, body=self.body, count=len(self.rows), overdue=self.overdue)


def by_body(rows: list[LedgerRecord], today: str = "", lang: str = "vi") -> list[BodyReport]:
    """One report per lead body (a task with two leads counts for both), most tasks first."""
    today = today or date.today().isoformat()
    groups: dict[str, tuple[str, list[LedgerRecord]]] = {}
    for row in rows:
        for name in row.effective_assignees or [text("no_lead", lang)]:
            groups.setdefault(body_key(name), (name, []))[1].append(row)
    reports = [
        BodyReport(
            body=name,
            rows=members,
            overdue=sum(is_overdue(r, today) for r in members),
            doing=sum(r.status == "doing" for r in members),
            done=sum(r.status == "done" for r in members),
        )
        for name, members in groups.values()
    ]
    return sorted(reports, key=lambda r: (-len(r.rows), -r.overdue, r.body))


def by_notice(rows: list[LedgerRecord], lang: str = "vi") -> list[tuple[str, list[LedgerRecord]]]:
    """(the notice's short reference, its rows), newest notice first."""
    groups: dict[str, list[LedgerRecord]] = {}
    for row in rows:
        groups.setdefault(row.doc_id, []).append(row)
    ordered = sorted(groups.values(), key=lambda members: members[0].date, reverse=True)
    return [(notice_ref(members[0], lang), members) for members in ordered]


# --- formatting ----------------------------------------------------------------------------


def section_ref(path: list[str]) -> str:
    """The heading path as its list markers ("II.2.3"); an unnumbered heading is cut short."""
    markers = []
    for heading in path:
        match = _MARKER.match(heading)
        if match:
            marker = re.sub(r"[\s.):\-–]+$", "", match.group(0).strip())
            # "2." then "2.3." is item 2.3, not 2.2.3.
            if markers and marker.startswith(markers[-1] + "."):
                markers.pop()
            markers.append(marker)
    if markers:
        return ".".join(markers)
    if not path:
        return ""
    heading = path[-1].strip()
    return heading if len(heading) <= SECTION_REF_CHARS else heading[:SECTION_REF_CHARS] + "…"


def notice_ref(row: LedgerRecord, lang: str = "vi") -> str:
    """'Số 1097-KL/TU, 03/07/2020': the notice without paths or ids."""
    name = text("number", lang, number=row.number) if row.number else ""
    name = name or row.doc_type or row.title[:SECTION_REF_CHARS]
    return ", ".join(part for part in (name, format_date(row.date, lang)) if part)


def source_ref(row: LedgerRecord, lang: str = "vi") -> str:
    """'Số 1097-KL/TU, 03/07/2020, mục II.1': a short reference that stays the same across
    re-ingests and never shows a server path or an internal id."""
    section = section_ref(row.section)
    parts = [notice_ref(row, lang)]
    if section:
        parts.append(text("section", lang, section=section))
    return ", ".join(part for part in parts if part)


def status_label(code: str, lang: str = "vi") -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["vi"]).get(code, code)


def correction_text(row: LedgerRecord, lang: str = "vi") -> str:
    """What the notice said, for a corrected row; '' when nothing was corrected."""
    parts = []
    if row.assignee_correction:
        value = "; ".join(row.assignees) or text("none", lang)
        parts.append(text("was_lead", lang, value=value))
    if row.deadline_correction:
        value = format_date(row.deadline, lang) or text("none", lang)
        parts.append(text("was_deadline", lang, value=value))
    return "; ".join(parts)


def neutralize(value: str) -> str:
    """A leading apostrophe, as Excel itself marks text, on a cell a spreadsheet would run."""
    return "'" + value if value.startswith(FORMULA_START) else value


EXPORT_COLUMNS = (
    "no",
    "lead",
    "support",
    "task",
    "deadline",
    "deadline_text",
    "status",
    "overdue",
    "note",
    "extracted",
    "source",
)


def export_headers(lang: str) -> list[str]:
    return [text(c, lang) for c in EXPORT_COLUMNS]


def export_cells(row: LedgerRecord, n: int, lang: str, today: str) -> dict[str, str]:
    """One row's cells as users read them (no neutralization yet: each format applies its own)."""
    return {
        "no": str(n),
        "lead": "; ".join(row.effective_assignees),
        "support": "; ".join(row.supporters),
        "task": row.task,
        "deadline": format_date(row.effective_deadline, lang),
        "deadline_text": row.deadline_text,
        "status": status_label(row.status, lang),
        "overdue": text("yes", lang) if is_overdue(row, today) else "",
        "note": row.note,
        "extracted": correction_text(row, lang),
        "source": source_ref(row, lang),
    }


# --- exports -------------------------------------------------------------------------------


def csv_bytes(rows: list[LedgerRecord], lang: str = "vi", today: str = "") -> bytes:
    today = today or date.today().isoformat()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export_headers(lang))
    for n, row in enumerate(rows, 1):
        cells = export_cells(row, n, lang, today)
        writer.writerow([neutralize(cells[c]) for c in EXPORT_COLUMNS])
    # utf-8-sig: Excel opens a BOM-marked CSV with Vietnamese diacritics intact.
    return buffer.getvalue().encode("utf-8-sig")


# Excel column widths (characters) of the task sheet, set by eye on the seed ledger.
XLSX_DATE_FORMAT = {"vi": "DD/MM/YYYY", "en": "D MMMM YYYY"}
_XLSX_WIDTHS = {"no": 6, "lead": 30, "support": 26, "task": 70, "deadline": 13, "source": 34}


def xlsx_bytes(rows: list[LedgerRecord], lang: str = "vi", today: str = "") -> bytes:
    """Two sheets: every task, and the per-body summary."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    today = today or date.today().isoformat()
    book = Workbook()
    tasks = book.active
    tasks.title = text("sheet_tasks", lang)
    tasks.append(export_headers(lang))
    for n, row in enumerate(rows, 1):
        cells = export_cells(row, n, lang, today)
        tasks.append([_xlsx_value(row, c, cells[c], lang) for c in EXPORT_COLUMNS])
    for cell in tasks[1]:
        cell.font = Font(bold=True)
    for i, column in enumerate(EXPORT_COLUMNS, 1):
        tasks.column_dimensions[get_column_letter(i)].width = _XLSX_WIDTHS.get(column, 18)
    task_column = EXPORT_COLUMNS.index("task") + 1
    for line in tasks.iter_rows(min_row=2, min_col=task_column, max_col=task_column):
        line[0].alignment = Alignment(wrap_text=True, vertical="top")
    tasks.freeze_panes = "A2"
    tasks.auto_filter.ref = tasks.dimensions

    bodies = book.create_sheet(text("sheet_bodies", lang))
    bodies.append([text(k, lang) for k in ("body", "count", "overdue", "doing", "done")])
    for report in by_body(rows, today, lang):
        bodies.append([report.body, len(report.rows), report.overdue, report.doing, report.done])
    for cell in bodies[1]:
        cell.font = Font(bold=True)
    bodies.column_dimensions["A"].width = 50
    bodies.freeze_panes = "A2"

    for sheet in (tasks, bodies):
        _finish_sheet(sheet, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(row: LedgerRecord, column: str, shown: str, lang: str):
    """A full deadline as a real date cell (Excel sorts and filters it), the rest as text."""
    if column == "deadline" and len(row.effective_deadline) == 10:
        try:
            return date.fromisoformat(row.effective_deadline)
        except ValueError:
            return shown
    if column == "no":
        return int(shown)
    return shown


def _finish_sheet(sheet, lang: str) -> None:
    """Dates in the page's language. openpyxl stores a string starting with '=' as a formula:
    such cells are written as text with Excel's quote prefix (its hidden apostrophe), shown
    verbatim and never evaluated."""
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, date):
                cell.number_format = XLSX_DATE_FORMAT.get(lang, XLSX_DATE_FORMAT["vi"])
            elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True


def docx_bytes(rows: list[LedgerRecord], lang: str = "vi", today: str = "") -> bytes:
    """The per-body report: a summary table, then each body's tasks with their sources."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    today = today or date.today().isoformat()
    document = Document()
    section = document.sections[0]
    # Landscape: the task table needs the width.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading(text("report_title", lang), level=1)
    document.add_paragraph(text("made_on", lang, date=format_date(today, lang)))
    reports = by_body(rows, today, lang)
    if not reports:
        document.add_paragraph(text("empty", lang))
    else:
        header = [text(k, lang) for k in ("body", "count", "overdue", "done")]
        _docx_table(
            document,
            header,
            [[r.body, str(len(r.rows)), str(r.overdue), str(r.done)] for r in reports],
        )

    columns = (
        "no",
        "task",
        "support",
        "deadline",
        "status",
        "overdue",
        "note",
        "extracted",
        "source",
    )
    for report in reports:
        document.add_heading(report.summary(lang), level=2)
        cells = [export_cells(row, n, lang, today) for n, row in enumerate(report.rows, 1)]
        _docx_table(
            document,
            [text(c, lang) for c in columns],
            [[line[c] for c in columns] for line in cells],
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, header: list[str], lines: list[list[str]]) -> None:
    """A grid table made at its full size at once: python-docx's add_row() re-reads the whole
    table each time (3,000 tasks took 19 s that way)."""
    table = document.add_table(rows=len(lines) + 1, cols=len(header))
    table.style = "Table Grid"
    cells = table._cells  # row-major, read once
    width = len(header)
    for i, value in enumerate(header):
        cells[i].paragraphs[0].add_run(value).bold = True
    for r, line in enumerate(lines, 1):
        for i, value in enumerate(line):
            # Neutralized here too: a table copied from Word into Excel is evaluated like a CSV.
            cells[r * width + i].paragraphs[0].add_run(neutralize(value))


def export_csv(rows: list[LedgerRecord], path: Path, lang: str = "vi", today: str = "") -> None:
    Path(path).write_bytes(csv_bytes(rows, lang, today))


def export_xlsx(rows: list[LedgerRecord], path: Path, lang: str = "vi", today: str = "") -> None:
    Path(path).write_bytes(xlsx_bytes(rows, lang, today))


def export_docx(rows: list[LedgerRecord], path: Path, lang: str = "vi", today: str = "") -> None:
    Path(path).write_bytes(docx_bytes(rows, lang, today))
