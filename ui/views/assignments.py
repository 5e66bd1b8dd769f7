"""Nhiệm vụ được giao: the ledger staff work from. Views (overdue, due in 7/30 days, by body, by
notice, by status), status / note / corrections edited in the table or in the form below it,
each row linked to its source, downloads as CSV, Excel and a Word report per body. The logic
lives in assistant/ledger.py and assistant/ledger_state.py; this script renders."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant import ledger
from assistant.engine import document_label
from assistant.errors import AssistantError
from assistant.ledger_state import (
    STATUS_LABELS,
    STATUSES,
    LedgerState,
    apply_edits,
    edits_from_table,
)
from ui import session
from ui.safe import distinct_labels, one_line

# This page's strings, one dict per language (to move into the shared UI strings table).
STRINGS = {
    "vi": {
        "title": "Nhiệm vụ được giao",
        "view": "Xem",
        "view_all": "Tất cả",
        "view_overdue": "Quá hạn",
        "view_7": "Đến hạn trong 7 ngày",
        "view_30": "Đến hạn trong 30 ngày",
        "body": "Cơ quan",
        "body_hint": "UBND tỉnh, Văn phòng Tỉnh ủy…",
        "document": "Văn bản",
        "all": "Tất cả",
        "status": "Trạng thái",
        "general": "Gồm cả trách nhiệm chung (thi hành văn bản)",
        "count": "{count} nhiệm vụ, {overdue} quá hạn",
        "none": "Không có nhiệm vụ nào khớp bộ lọc.",
        "tab_list": "Danh sách",
        "tab_body": "Theo cơ quan",
        "tab_notice": "Theo văn bản",
        "col_link": "Nguồn",
        "col_status": "Trạng thái",
        "col_lead": "Cơ quan chủ trì",
        "col_support": "Phối hợp",
        "col_task": "Nhiệm vụ",
        "col_deadline": "Hạn",
        "col_deadline_text": "Hạn (nguyên văn)",
        "col_note": "Ghi chú",
        "col_fix_lead": "Sửa cơ quan chủ trì",
        "col_fix_deadline": "Sửa hạn",
        "col_extracted": "Theo văn bản (trước hiệu chỉnh)",
        "col_ref": "Số hiệu, ngày, mục",
        "col_body": "Cơ quan",
        "col_notice": "Văn bản",
        "col_count": "Số nhiệm vụ",
        "col_overdue": "Quá hạn",
        "col_doing": "Đang thực hiện",
        "col_done": "Hoàn thành",
        "open": "Mở",
        "edit_hint": "Sửa trạng thái, ghi chú, cơ quan hoặc hạn ngay trong bảng; "
        "để trống ô sửa để dùng lại giá trị theo văn bản.",
        "saved": "Đã lưu {count} nhiệm vụ.",
        "form": "Cập nhật một nhiệm vụ",
        "pick": "Nhiệm vụ",
        "fix_lead": "Sửa cơ quan chủ trì (để trống: theo văn bản)",
        "fix_deadline": "Sửa hạn (để trống: theo văn bản)",
        "save": "Lưu",
        "download_csv": "Tải CSV",
        "download_xlsx": "Tải Excel",
        "download_docx": "Tải báo cáo Word",
        "file": "so-theo-doi-nhiem-vu",
        "file_report": "bao-cao-nhiem-vu-theo-co-quan",
    },
    "en": {
        "title": "Assigned tasks",
        "view": "Show",
        "view_all": "All",
        "view_overdue": "Overdue",
        "view_7": "Due in 7 days",
        "view_30": "Due in 30 days",
        "body": "Body",
        "body_hint": "Provincial People's Committee, VPTU…",
        "document": "Document",
        "all": "All",
        "status": "Status",
        "general": "Include general responsibilities (executing the notice)",
        "count": "{count} task(s), {overdue} overdue",
        "none": "No task matches the filters.",
        "tab_list": "List",
        "tab_body": "By body",
        "tab_notice": "By notice",
        "col_link": "Source",
        "col_status": "Status",
        "col_lead": "Lead body",
        "col_support": "Supporting",
        "col_task": "Task",
        "col_deadline": "Deadline",
        "col_deadline_text": "Deadline (as written)",
        "col_note": "Note",
        "col_fix_lead": "Corrected lead body",
        "col_fix_deadline": "Corrected deadline",
        "col_extracted": "As extracted (before correction)",
        "col_ref": "Number, date, section",
        "col_body": "Body",
        "col_notice": "Notice",
        "col_count": "Tasks",
        "col_overdue": "Overdue",
        "col_doing": "In progress",
        "col_done": "Done",
        "open": "Open",
        "edit_hint": "Edit the status, note, body or deadline in the table; clear a correction "
        "cell to go back to the notice's value.",
        "saved": "Saved {count} task(s).",
        "form": "Update one task",
        "pick": "Task",
        "fix_lead": "Corrected lead body (empty: as in the notice)",
        "fix_deadline": "Corrected deadline (empty: as in the notice)",
        "save": "Save",
        "download_csv": "Download CSV",
        "download_xlsx": "Download Excel",
        "download_docx": "Download Word report",
        "file": "task-ledger",
        "file_report": "tasks-by-body",
    },
}
VIEWS = {"all": None, "overdue": None, "7": 7, "30": 30}
# Table column -> the ledger_state field it edits.
EDITABLE_COLUMNS = {"status": "status", "note": "note", "fix_lead": "assignee"}
EDITABLE_COLUMNS["fix_deadline"] = "deadline"

lang = session.lang()
s = STRINGS.get(lang, STRINGS["vi"])
statuses = STATUS_LABELS.get(lang, STATUS_LABELS["vi"])
st.title(s["title"])

try:
    engine = session.engine()
    documents = {d["doc_id"]: d for d in engine.documents()}
    state = LedgerState.for_store(session.settings().store)
    records = state.attach(ledger.with_documents(engine.assignments(), documents))
except AssistantError as exc:
    st.error(str(exc))
    st.stop()
today = date.today().isoformat()
by_key = {r["key"]: r for r in records}

# --- the view ------------------------------------------------------------------------------
view_col, body_col, doc_col, status_col = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
view_name = view_col.segmented_control(
    s["view"],
    list(VIEWS),
    format_func=lambda v: s[f"view_{v}"],
    default="all",
    key="ledger_view",
)
body = body_col.text_input(s["body"], placeholder=s["body_hint"], key="ledger_body")
doc_labels = distinct_labels(documents.values(), document_label)
doc_id = doc_col.selectbox(
    s["document"],
    [""] + list(doc_labels),
    format_func=lambda d: one_line(doc_labels[d]) if d else s["all"],
    key="ledger_doc",
)
chosen = status_col.multiselect(
    s["status"],
    list(STATUSES),
    format_func=statuses.get,
    placeholder=s["all"],
    key="ledger_status",
)
general = st.checkbox(s["general"], key="ledger_general")

rows = ledger.select(
    ledger.ledger_rows(records),
    ledger.View(
        overdue=view_name == "overdue",
        due_days=VIEWS.get(view_name or "all"),
        body=body,
        doc=doc_id,
        statuses=chosen,
        include_general=general,
        today=today,
    ),
)
overdue_count = sum(ledger.is_overdue(row, today) for row in rows)
st.caption(s["count"].format(count=len(rows), overdue=overdue_count))
if message := st.session_state.pop("ledger_message", None):
    st.success(message)
if problem := st.session_state.pop("ledger_error", None):
    st.error(problem)
if not rows:
    st.info(s["none"])
    st.stop()


# --- edits ---------------------------------------------------------------------------------
def _save(edits: dict[str, dict]) -> None:
    try:
        count = apply_edits(state, records, edits)
    except AssistantError as exc:
        st.session_state["ledger_error"] = str(exc)
    else:
        st.session_state["ledger_message"] = s["saved"].format(count=count)


def _table_edited(editor_key: str, keys: list[str]) -> None:
    """st.data_editor reports edits by row position; they become edits by task code. The
    editor is then replaced (a new key) so it shows the saved values, not stale positions."""
    edited = st.session_state[editor_key].get("edited_rows", {})
    edits = edits_from_table(edited, keys, EDITABLE_COLUMNS)
    if edits:
        _save(edits)
    st.session_state["ledger_editor_version"] = st.session_state.get("ledger_editor_version", 0) + 1


# --- the tables ----------------------------------------------------------------------------
list_tab, body_tab, notice_tab = st.tabs([s["tab_list"], s["tab_body"], s["tab_notice"]])
with list_tab:
    st.caption(s["edit_hint"])
    table = [
        {
            # A relative link: the Documents page opens the notice at this span.
            "link": f"documents?doc={row['doc_id']}&start={row['start']}&end={row['end']}",
            "status": statuses[row["status"]],
            "lead": "; ".join(row["assignees"]),
            "task": row["task"],
            "deadline": ledger.format_date(row["deadline"], lang),
            "overdue": "⚠" if ledger.is_overdue(row, today) else "",
            "note": row["note"],
            "fix_lead": by_key[row["key"]]["assignee_correction"] or "",
            "fix_deadline": (
                date.fromisoformat(by_key[row["key"]]["deadline_correction"])
                if by_key[row["key"]]["deadline_correction"]
                else None
            ),
            "deadline_text": row["deadline_text"],
            "support": "; ".join(row["supporters"]),
            "extracted": ledger.correction_text(row, lang),
            "ref": ledger.source_ref(row, lang),
        }
        for row in rows
    ]
    keys = [row["key"] for row in rows]
    editor_key = f"ledger_editor_{st.session_state.get('ledger_editor_version', 0)}"
    column = st.column_config
    st.data_editor(
        table,
        key=editor_key,
        on_change=_table_edited,
        args=(editor_key, keys),
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=[c for c in table[0] if c not in EDITABLE_COLUMNS],
        column_config={
            "link": column.LinkColumn(s["col_link"], display_text=s["open"], width="small"),
            "status": column.SelectboxColumn(
                s["col_status"], options=list(statuses.values()), required=True
            ),
            "lead": column.TextColumn(s["col_lead"], width="medium"),
            "task": column.TextColumn(s["col_task"], width="large"),
            "deadline": column.TextColumn(s["col_deadline"]),
            "overdue": column.TextColumn("", width="small"),
            "note": column.TextColumn(s["col_note"], width="medium"),
            "fix_lead": column.TextColumn(s["col_fix_lead"]),
            "fix_deadline": column.DateColumn(s["col_fix_deadline"], format="DD/MM/YYYY"),
            "deadline_text": column.TextColumn(s["col_deadline_text"]),
            "support": column.TextColumn(s["col_support"]),
            "extracted": column.TextColumn(s["col_extracted"]),
            "ref": column.TextColumn(s["col_ref"]),
        },
    )

with body_tab:
    st.dataframe(
        [
            {
                s["col_body"]: report.body,
                s["col_count"]: len(report.rows),
                s["col_overdue"]: report.overdue,
                s["col_doing"]: report.doing,
                s["col_done"]: report.done,
            }
            for report in ledger.by_body(rows, today, lang)
        ],
        hide_index=True,
        width="stretch",
    )

with notice_tab:
    st.dataframe(
        [
            {
                s["col_notice"]: ref,
                s["col_count"]: len(members),
                s["col_overdue"]: sum(ledger.is_overdue(r, today) for r in members),
                s["col_done"]: sum(r["status"] == "done" for r in members),
            }
            for ref, members in ledger.by_notice(rows, lang)
        ],
        hide_index=True,
        width="stretch",
    )

# --- one task at a time (keyboard-friendly, and what a screen reader can reach) ------------
with st.expander(s["form"]):
    code = st.selectbox(
        s["pick"],
        keys,
        format_func=lambda k: one_line(
            f"{'; '.join(by_key[k]['assignees'])[:40]} — {by_key[k]['task'][:90]}"
        ),
        key="ledger_pick",
    )
    current = by_key[code]
    with st.form("ledger_form"):
        new_status = st.radio(
            s["status"],
            list(STATUSES),
            index=STATUSES.index(current["status"]),
            format_func=statuses.get,
            horizontal=True,
            key=f"ledger_form_status_{code}",
        )
        # Keys carry the task code: picking another task shows that task's values.
        new_note = st.text_area(s["col_note"], value=current["note"], key=f"ledger_note_{code}")
        fix_lead = st.text_input(
            s["fix_lead"], value=current["assignee_correction"] or "", key=f"ledger_lead_{code}"
        )
        fix_deadline = st.date_input(
            s["fix_deadline"],
            value=(
                date.fromisoformat(current["deadline_correction"])
                if current["deadline_correction"]
                else None
            ),
            format="DD/MM/YYYY",
            key=f"ledger_deadline_{code}",
        )
        if st.form_submit_button(s["save"]):
            _save(
                {
                    code: {
                        "status": new_status,
                        "note": new_note,
                        "assignee": fix_lead,
                        "deadline": fix_deadline.isoformat() if fix_deadline else "",
                    }
                }
            )
            st.rerun()

# --- downloads -----------------------------------------------------------------------------
csv_col, xlsx_col, docx_col = st.columns(3)
csv_col.download_button(
    s["download_csv"],
    ledger.csv_bytes(rows, lang, today),
    file_name=f"{s['file']}.csv",
    mime="text/csv",
    icon=":material/download:",
)
xlsx_col.download_button(
    s["download_xlsx"],
    ledger.xlsx_bytes(rows, lang, today),
    file_name=f"{s['file']}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)
docx_col.download_button(
    s["download_docx"],
    ledger.docx_bytes(rows, lang, today),
    file_name=f"{s['file_report']}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    icon=":material/download:",
)
