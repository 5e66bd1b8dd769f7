"""Ledger views and exports: what staff filter by and what they download."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.core.errors import LedgerInputError
from assistant.core.records import LedgerRecord
from assistant.ledger import views as ledger

TODAY = "2026-06-10"
SERVER_PATH = "/srv/secret/notices/tb-12.txt"
DOC_ID = "9f3a77c1d2e4b5a6c7d8"


def record(task: str, leads: list[str], deadline: str = "", **extra) -> LedgerRecord:
    base = {
        "doc_id": DOC_ID,
        "source": SERVER_PATH,
        "number": "12-TB/TU",
        "issuer": "TỈNH ỦY LÂM ĐỒNG",
        "date": "2026-05-20",
        "doc_type": "Thông báo",
        "title": "Thông báo kết luận",
        "section": ["II. Nhiệm vụ", "2.1. Văn phòng Tỉnh ủy:"],
        "assignees": leads,
        "supporters": [],
        "task": task,
        "deadline": deadline,
        "deadline_text": "",
        "start": 0,
        "end": 10,
    }
    return LedgerRecord(**{**base, **extra})


VPTU, SYT = "Văn phòng Tỉnh ủy", "Sở Y tế"
RECORDS = [
    record("Tổng hợp báo cáo quý.", [VPTU], "2026-06-01", deadline_text="trước ngày 01/6/2026"),
    record("Chuẩn bị hội nghị.", [VPTU], "2026-06-15"),
    record("Rà soát quy hoạch.", [VPTU, SYT], "2026-07-05"),
    record('=HYPERLINK("http://evil","x")', [SYT], "2026-05-01"),
    record("Tiếp tục theo dõi.", [SYT]),
    record("chịu trách nhiệm thi hành Thông báo này.", ["Các sở, ban, ngành"], kind="general"),
    record(
        "Báo cáo tình hình dịch bệnh.",
        [SYT],
        "2026-06-05",
        doc_id="0000aaaa",
        number="",
        doc_type="Công văn",
        date="2026-04-02",
        section=[],
        status="done",
    ),
]


def rows() -> list[LedgerRecord]:
    return list(RECORDS)


def tasks(selected: list[LedgerRecord]) -> list[str]:
    return [row.task for row in selected]


def test_views_overdue_due_soon_body_status_and_kind():
    all_rows = rows()
    default = ledger.select(all_rows, ledger.View(today=TODAY))
    assert "chịu trách nhiệm thi hành Thông báo này." not in tasks(default)
    assert len(default) == len(RECORDS) - 1
    with_general = ledger.select(all_rows, ledger.View(today=TODAY, include_general=True))
    assert len(with_general) == len(RECORDS)

    overdue = ledger.select(all_rows, ledger.View(today=TODAY, overdue=True))
    # Sorted by deadline; the done task is not overdue.
    assert tasks(overdue) == ['=HYPERLINK("http://evil","x")', "Tổng hợp báo cáo quý."]
    week = ledger.select(all_rows, ledger.View(today=TODAY, due_days=7))
    assert tasks(week) == ["Chuẩn bị hội nghị."]
    month = ledger.select(all_rows, ledger.View(today=TODAY, due_days=ledger.parse_due("30d")))
    assert tasks(month) == ["Chuẩn bị hội nghị.", "Rà soát quy hoạch."]

    ubnd = ledger.select(all_rows, ledger.View(today=TODAY, body="VPTU"))
    assert len(ubnd) == 3
    done = ledger.select(all_rows, ledger.View(today=TODAY, statuses=["hoàn thành"]))
    assert tasks(done) == ["Báo cáo tình hình dịch bệnh."]


def test_records_without_a_kind_are_tasks():
    stored = RECORDS[0].to_metadata()
    extracted = {k: v for k, v in json.loads(stored["record"]).items() if k != "kind"}
    row = LedgerRecord.from_metadata({**stored, "record": json.dumps(extracted)}, "")
    assert row.kind == "task"


def test_month_only_deadline_is_overdue_once_the_month_is_over():
    row = record("x", [SYT], "2026-05")
    assert ledger.is_overdue(row, "2026-06-01") and not ledger.is_overdue(row, "2026-05-31")


def test_parse_due_rejects_what_it_cannot_read():
    assert (ledger.parse_due("7d"), ledger.parse_due("2w"), ledger.parse_due("30")) == (7, 14, 30)
    with pytest.raises(LedgerInputError, match="7d or 30d"):
        ledger.parse_due("soon")


def test_corrections_override_and_the_original_stays_visible():
    row = replace(
        RECORDS[1],
        assignee_correction="Ban Tổ chức Tỉnh ủy; Sở Nội vụ",
        deadline_correction="2026-06-12",
    )
    assert row.effective_assignees == ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]
    assert row.effective_deadline == "2026-06-12"
    assert row.to_row()["assignees"] == ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]
    assert row.to_row()["extracted_assignees"] == [VPTU] and row.to_row()["assignee_corrected"]
    assert ledger.correction_text(row, "vi") == (
        "Chủ trì theo văn bản: Văn phòng Tỉnh ủy; Hạn theo văn bản: 15/06/2026"
    )
    assert ledger.correction_text(row, "en").endswith("Deadline as written: 15 June 2026")
    assert ledger.select([row], ledger.View(today=TODAY, body="Sở Nội vụ")) == [row]
    assert ledger.select([row], ledger.View(today=TODAY, body=VPTU)) == []


def test_per_body_report_and_by_notice():
    reports = ledger.by_body(ledger.select(rows(), ledger.View(today=TODAY)), TODAY)
    summaries = [r.summary("vi") for r in reports]
    assert summaries == [
        "Sở Y tế: 4 nhiệm vụ, 1 quá hạn",
        "Văn phòng Tỉnh ủy: 3 nhiệm vụ, 1 quá hạn",
    ]
    assert reports[0].summary("en") == "Sở Y tế: 4 task(s), 1 overdue"
    notices = ledger.by_notice(rows())
    assert [ref for ref, _ in notices] == ["Số 12-TB/TU, 20/05/2026", "Công văn, 02/04/2026"]


def test_dates_and_source_references():
    assert ledger.format_date("2026-06-10", "vi") == "10/06/2026"
    assert ledger.format_date("2026-06-10", "en") == "10 June 2026"
    assert ledger.format_date("2026-06", "vi") == "06/2026"
    assert ledger.format_date("2026-06", "en") == "June 2026"
    assert ledger.format_date("", "vi") == ""
    row = rows()[0]
    assert ledger.source_ref(row, "vi") == "Số 12-TB/TU, 20/05/2026, mục II.2.1"
    assert ledger.source_ref(row, "en") == "No. 12-TB/TU, 20 May 2026, section II.2.1"
    assert ledger.source_ref(rows()[-1], "vi") == "Công văn, 02/04/2026"


def assert_clean(text: str) -> None:
    """No 'None', no server path, no internal id in what a user downloads."""
    assert "None" not in text
    assert "/srv/" not in text and "tb-12" not in text
    assert DOC_ID not in text and DOC_ID[:8] not in text


def test_csv_has_vietnamese_headers_dates_and_neutralized_cells():
    data = ledger.csv_bytes(rows(), "vi", TODAY).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[0][:5] == ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Nhiệm vụ", "Hạn"]
    assert table[0][-1] == "Nguồn"
    assert table[1][4] == "01/06/2026" and table[1][7] == "Quá hạn"
    [evil] = [line for line in table if "HYPERLINK" in line[3]]
    assert evil[3].startswith("'=")
    assert_clean(data)


def test_xlsx_headers_dates_and_no_live_formula():
    data = ledger.xlsx_bytes(rows(), "vi", TODAY)
    book = load_workbook(io.BytesIO(data))
    tasks_sheet, bodies_sheet = book["Nhiệm vụ"], book["Theo cơ quan"]
    headers = [c.value for c in tasks_sheet[1]]
    assert headers == ledger.export_headers("vi") and "Cơ quan chủ trì" in headers
    first = {h: c for h, c in zip(headers, tasks_sheet[2], strict=True)}
    assert first["Hạn"].value.date() == date(2026, 6, 1)
    assert first["Hạn"].number_format == "DD/MM/YYYY"
    assert first["Nguồn"].value == "Số 12-TB/TU, 20/05/2026, mục II.2.1"
    evil = next(c for c in tasks_sheet["D"] if "HYPERLINK" in str(c.value))
    assert evil.data_type == "s" and evil.quotePrefix
    assert evil.value.startswith("=HYPERLINK")  # shown verbatim, as text
    # No cell of any sheet is a formula, and nothing is None where a value belongs.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )
    assert "<f>" not in xml and "<f " not in xml
    assert_clean(xml)
    empty = first["Ghi chú"].value
    assert empty is None  # an empty cell, not the word "None" nor an empty string
    assert [c.value for c in bodies_sheet[1]][:3] == ["Cơ quan", "Số nhiệm vụ", "Quá hạn"]
    assert (bodies_sheet["A2"].value, bodies_sheet["B2"].value, bodies_sheet["C2"].value) == (
        SYT,
        4,
        1,
    )


def test_xlsx_in_english():
    book = load_workbook(io.BytesIO(ledger.xlsx_bytes(rows(), "en", TODAY)))
    sheet = book["Tasks"]
    assert [c.value for c in sheet[1]][:4] == ["No.", "Lead body", "Supporting bodies", "Task"]
    assert sheet["E2"].number_format == "D MMMM YYYY"
    assert sheet["G2"].value == "not started"


def test_docx_report_per_body():
    data = ledger.docx_bytes(ledger.select(rows(), ledger.View(today=TODAY)), "vi", TODAY)
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Báo cáo nhiệm vụ theo cơ quan"
    assert "Văn phòng Tỉnh ủy: 3 nhiệm vụ, 1 quá hạn" in headings
    summary, *per_body = document.tables
    assert [c.text for c in summary.rows[0].cells] == [
        "Cơ quan",
        "Số nhiệm vụ",
        "Quá hạn",
        "Hoàn thành",
    ]
    cells = [c.text for table in per_body for row in table.rows for c in row.cells]
    assert "Nhiệm vụ" in cells and "Nguồn" in cells
    assert "01/06/2026" in cells and "Số 12-TB/TU, 20/05/2026, mục II.2.1" in cells
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert_clean("\n".join(cells + [p.text for p in document.paragraphs]))


def test_docx_in_english_and_empty():
    document = Document(io.BytesIO(ledger.docx_bytes([], "en", TODAY)))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["Tasks by body", "Made on 10 June 2026", "No tasks."]
