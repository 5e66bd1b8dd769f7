"""Nhiệm vụ được giao: the ledger staff work from. Views (overdue, due in 7/30 days, by body, by
notice, by status), status / note / corrections edited in the table or in the form below it,
each row linked to its source, downloads as CSV, Excel and a Word report per body. The logic
lives in assistant/ledger/views.py and assistant/ledger/state.py; this script renders."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.core.errors import AssistantError
from assistant.core.labels import document_label
from assistant.ledger import views as ledger
from assistant.ledger.state import (
    STATUS_LABELS,
    STATUSES,
    LedgerState,
    apply_edits,
    edits_from_table,
)
from ui import session
from ui.safe import distinct_labels, one_line

DATE_COLUMN_PX = 120  # "30 September 2026" fits in the default font (seen in Chromium)
VIEWS = {"all": None, "overdue": None, "7": 7, "30": 30}
# Table column -> the ledger_state field it edits.
EDITABLE_COLUMNS = {"status": "status", "note": "note", "fix_lead": "assignee"}
EDITABLE_COLUMNS["fix_deadline"] = "deadline"

lang = session.lang()


def t(key: str, **values) -> str:
    return ledger.text(key, lang, **values)


statuses = STATUS_LABELS.get(lang, STATUS_LABELS["vi"])
st.title(t("title"))

try:
    engine = session.engine()
    documents = {d.doc_id: d for d in engine.documents()}
    state = LedgerState.for_store(session.settings().store)
    records = state.attach(ledger.with_documents(engine.assignments(), documents))
except AssistantError as exc:
    st.error(ledger.error_text(exc, lang))
    st.stop()
today = date.today().isoformat()
by_key = {r.key: r for r in records}

# --- the view ------------------------------------------------------------------------------
view_name = st.segmented_control(
    t("view"),
    list(VIEWS),
    format_func=lambda v: t(f"view_{v}"),
    default="all",
    key="ledger_view",
)
body_col, doc_col, status_col = st.columns(3, vertical_alignment="bottom")
body = body_col.text_input(t("body"), placeholder=t("body_hint"), key="ledger_body")
doc_labels = distinct_labels(documents.values(), document_label)
doc_id = doc_col.selectbox(
    t("document"),
    [""] + list(doc_labels),
    format_func=lambda d: one_line(doc_labels[d]) if d else t("all"),
    key="ledger_doc",
)
chosen = status_col.multiselect(
    t("status"),
    list(STATUSES),
    format_func=statuses.get,
    placeholder=t("all"),
    key="ledger_status",
)
general = st.checkbox(t("general"), key="ledger_general")

rows = ledger.select(
    records,
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
st.caption(t("caption", count=len(rows), overdue=overdue_count))
if message := st.session_state.pop("ledger_message", None):
    st.success(message)
if problem := st.session_state.pop("ledger_error", None):
    st.error(problem)
if not rows:
    st.info(t("no_match"))
    st.stop()


# --- edits ---------------------------------------------------------------------------------
def _save(edits: dict[str, dict]) -> None:
    try:
        count = apply_edits(state, records, edits)
    except AssistantError as exc:
        st.session_state["ledger_error"] = ledger.error_text(exc, lang)
    else:
        st.session_state["ledger_message"] = t("saved", count=count)


def _table_edited(editor_key: str, keys: list[str]) -> None:
    """st.data_editor reports edits by row position; they become edits by task code. The
    editor is then replaced (a new key) so it shows the saved values, not stale positions."""
    edited = st.session_state[editor_key].get("edited_rows", {})
    edits = edits_from_table(edited, keys, EDITABLE_COLUMNS)
    if edits:
        _save(edits)
    st.session_state["ledger_editor_version"] = st.session_state.get("ledger_editor_version", 0) + 1


# --- the tables ----------------------------------------------------------------------------
list_tab, body_tab, notice_tab = st.tabs([t("tab_list"), t("tab_body"), t("tab_notice")])
with list_tab:
    st.caption(t("edit_hint"))
    table = [
        {
            # A relative link: the Documents page opens the notice at this span.
            "link": f"documents?doc={row.doc_id}&start={row.start}&end={row.end}",
            "status": statuses[row.status],
            "lead": "; ".join(row.effective_assignees),
            "task": row.task,
            "deadline": ledger.format_date(row.effective_deadline, lang),
            "overdue": "⚠" if ledger.is_overdue(row, today) else "",
            "note": row.note,
            "fix_lead": row.assignee_correction or "",
            "fix_deadline": (
                date.fromisoformat(row.deadline_correction) if row.deadline_correction else None
            ),
            "deadline_text": row.deadline_text,
            "support": "; ".join(row.supporters),
            "extracted": ledger.correction_text(row, lang),
            "ref": ledger.source_ref(row, lang),
        }
        for row in rows
    ]
    keys = [row.key for row in rows]
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
            "link": column.LinkColumn(t("source"), display_text=t("open"), width="small"),
            "status": column.SelectboxColumn(
                t("status"), options=list(statuses.values()), required=True
            ),
            "lead": column.TextColumn(t("lead"), width="medium"),
            "task": column.TextColumn(t("task"), width="large"),
            "deadline": column.TextColumn(t("deadline"), width=DATE_COLUMN_PX),
            "overdue": column.TextColumn("", width="small"),
            "note": column.TextColumn(t("note"), width="medium"),
            "fix_lead": column.TextColumn(t("col_fix_lead")),
            "fix_deadline": column.DateColumn(
                t("col_fix_deadline"), format="DD/MM/YYYY", width=DATE_COLUMN_PX
            ),
            "deadline_text": column.TextColumn(t("deadline_text")),
            "support": column.TextColumn(t("support")),
            "extracted": column.TextColumn(t("extracted")),
            "ref": column.TextColumn(t("col_ref")),
        },
    )

with body_tab:
    st.dataframe(
        [
            {
                t("body"): report.body,
                t("count"): len(report.rows),
                t("overdue"): report.overdue,
                t("doing"): report.doing,
                t("done"): report.done,
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
                t("col_notice"): ref,
                t("count"): len(members),
                t("overdue"): sum(ledger.is_overdue(r, today) for r in members),
                t("done"): sum(r.status == "done" for r in members),
            }
            for ref, members in ledger.by_notice(rows, lang)
        ],
        hide_index=True,
        width="stretch",
    )

# --- one task at a time (keyboard-friendly, and what a screen reader can reach) ------------
with st.expander(t("form")):
    code = st.selectbox(
        t("pick"),
        keys,
        format_func=lambda k: one_line(
            f"{'; '.join(by_key[k].assignees)[:40]} — {by_key[k].task[:90]}"
        ),
        key="ledger_pick",
    )
    current = by_key[code]
    with st.form("ledger_form"):
        new_status = st.radio(
            t("status"),
            list(STATUSES),
            index=STATUSES.index(current.status),
            format_func=statuses.get,
            horizontal=True,
            key=f"ledger_form_status_{code}",
        )
        # Keys carry the task code: picking another task shows that task's values.
        new_note = st.text_area(t("note"), value=current.note, key=f"ledger_note_{code}")
        fix_lead = st.text_input(
            t("fix_lead"), value=current.assignee_correction or "", key=f"ledger_lead_{code}"
        )
        fix_deadline = st.date_input(
            t("fix_deadline"),
            value=(
                date.fromisoformat(current.deadline_correction)
                if current.deadline_correction
                else None
            ),
            format="DD/MM/YYYY",
            key=f"ledger_deadline_{code}",
        )
        if st.form_submit_button(t("save")):
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

# --- downloads: made when clicked (a Word report of 3,000 tasks takes seconds), not on every run
csv_col, xlsx_col, docx_col = st.columns(3)
csv_col.download_button(
    t("download_csv"),
    lambda: ledger.csv_bytes(rows, lang, today),
    file_name=f"{t('file')}.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)
xlsx_col.download_button(
    t("download_xlsx"),
    lambda: ledger.xlsx_bytes(rows, lang, today),
    file_name=f"{t('file')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
)
docx_col.download_button(
    t("download_docx"),
    lambda: ledger.docx_bytes(rows, lang, today),
    file_name=f"{t('file_report')}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    icon=":material/download:",
    on_click="ignore",
)
