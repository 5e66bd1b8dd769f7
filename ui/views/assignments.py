"""Nhiệm vụ được giao: the assignment ledger, filtered, sortable, each row linked to its
source, downloadable as CSV and Excel."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from assistant.engine import document_label
from assistant.errors import AssistantError
from assistant.ledger import csv_bytes, filter_rows, ledger_rows, xlsx_bytes
from ui import session
from ui.render import filter_deadlines, label

lang = session.lang()
st.title(label("assignments", lang))

try:
    engine = session.engine()
    records = engine.assignments()
    documents = {d["doc_id"]: d for d in engine.documents()}
except AssistantError as exc:
    st.error(str(exc))
    st.stop()


rows = ledger_rows(records)
body_col, doc_col, range_col, overdue_col = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
body = body_col.text_input(label("body", lang), placeholder="UBND tỉnh, Văn phòng Tỉnh ủy…")
doc_id = doc_col.selectbox(
    label("document", lang),
    [""] + list(documents),
    format_func=lambda d: document_label(documents[d]) if d else label("all", lang),
)
span = range_col.date_input(label("deadline_range", lang), value=(), format="DD/MM/YYYY")
overdue = overdue_col.checkbox(label("overdue_only", lang))

rows = filter_rows(rows, assignee=body.strip(), doc=doc_id)
rows = filter_deadlines(
    rows,
    since=span[0].isoformat() if len(span) >= 1 else "",
    until=span[1].isoformat() if len(span) == 2 else "",
    overdue_on=date.today().isoformat() if overdue else "",
)

st.caption(f"{len(rows)} {label('rows', lang)}")
if not rows:
    st.info(label("no_assignments", lang))
else:
    table = [
        {
            "assignees": "; ".join(row["assignees"]),
            "supporters": "; ".join(row["supporters"]),
            "task": row["task"],
            "deadline": row["deadline"] or None,
            "deadline_text": row["deadline_text"],
            "number": row["number"],
            "date": row["date"],
            "issuer": row["issuer"],
            "section": row["section"],
            # A relative link: the Documents page opens the notice at this span.
            "link": "documents?"
            + urlencode({"doc": row["doc_id"], "start": row["start"], "end": row["end"]}),
        }
        for row in rows
    ]
    column = st.column_config
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        # The source link first, so it is visible without scrolling sideways.
        column_order=["link", *(c for c in table[0] if c != "link")],
        column_config={
            "assignees": column.TextColumn(label("col_assignees", lang), width="medium"),
            "supporters": column.TextColumn(label("col_supporters", lang)),
            "task": column.TextColumn(label("col_task", lang), width="large"),
            "deadline": column.TextColumn(label("col_deadline", lang)),
            "deadline_text": column.TextColumn(label("col_deadline_text", lang)),
            "number": column.TextColumn(label("col_number", lang)),
            "date": column.TextColumn(label("col_date", lang)),
            "issuer": column.TextColumn(label("col_issuer", lang)),
            "section": column.TextColumn(label("col_section", lang)),
            "link": column.LinkColumn(
                label("col_link", lang), display_text=label("open_source", lang)
            ),
        },
    )
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        label("download_csv", lang),
        csv_bytes(rows),
        file_name="nhiem-vu.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    xlsx_col.download_button(
        label("download_xlsx", lang),
        xlsx_bytes(rows),
        file_name="nhiem-vu.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
