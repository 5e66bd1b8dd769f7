"""Streamlit entry point: `streamlit run ui/app.py`. ASSISTANT_STORE selects the store.

The page scripts (ui/views/) call assistant/ and render; this file sets up the sidebar (language,
answer mode, store status, chat filters) shared by all pages and the navigation. The folder is not
named "pages/": Streamlit would then run a requested page file on its own, without this script.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ on sys.path, not the repository: make `assistant` and `ui`
# importable without requiring an installed package.
_REPO = Path(__file__).resolve().parents[1]
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

import streamlit as st  # noqa: E402

from assistant.errors import AssistantError  # noqa: E402
from assistant.retrieval import Filters  # noqa: E402
from ui import session  # noqa: E402
from ui.render import LANGUAGES, STYLE, label  # noqa: E402
from ui.safe import distinct_labels  # noqa: E402

VIEWS = Path(__file__).parent / "views"

st.set_page_config(page_title="Trợ lý văn bản", page_icon=":material/description:", layout="wide")
st.markdown(STYLE, unsafe_allow_html=True)  # constant CSS, no user text


def _language_picker() -> str:
    st.session_state.setdefault("lang", "vi")
    st.sidebar.radio(
        "Ngôn ngữ / Language",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    return st.session_state["lang"]


def _answer_mode(lang: str) -> None:
    llm = session.settings().llm
    options = ["offline", "llm"] if llm else ["offline"]
    st.session_state.setdefault("answer_mode", "llm" if llm else "offline")
    st.sidebar.radio(
        label("answer_mode", lang),
        options=options,
        format_func=lambda mode: label(f"mode_{mode}", lang),
        key="answer_mode",
    )
    if not llm:
        st.sidebar.caption(label("llm_not_configured", lang))


def _status(engine, lang: str) -> None:
    status = engine.status()
    last = status["last_ingest"]
    when = datetime.fromtimestamp(last).strftime("%d/%m/%Y %H:%M") if last else "—"
    with st.sidebar.expander(label("status", lang), expanded=False):
        st.markdown(
            f"- {label('status_documents', lang)}: **{status['documents']}**\n"
            f"- {label('status_chunks', lang)}: **{status['chunks']}**\n"
            f"- {label('status_model', lang)}: `{status['model']}`\n"
            f"- {label('status_last_ingest', lang)}: {when}"
        )
        st.caption(str(status["store"]))


def _filters(engine, lang: str) -> Filters:
    documents = engine.documents()
    st.sidebar.subheader(label("filters", lang))
    doc_types = sorted({d["doc_type"] for d in documents if d.get("doc_type")})
    issuers = sorted({d["issuer"] for d in documents if d.get("issuer")})
    doc_type = st.sidebar.selectbox(
        label("doc_type", lang), [""] + doc_types, format_func=lambda v: v or label("all", lang)
    )
    issuer = st.sidebar.selectbox(
        label("issuer", lang), [""] + issuers, format_func=lambda v: v or label("all", lang)
    )
    span = st.sidebar.date_input(
        label("date_range", lang),
        value=(),
        min_value=date(1945, 1, 1),
        max_value=date(2100, 12, 31),
        format="DD/MM/YYYY",
    )
    since = span[0].isoformat() if len(span) >= 1 else ""
    until = span[1].isoformat() if len(span) == 2 else ""
    # Unique labels: the widget answers with the label, not the id (see ui/safe.py).
    labels = distinct_labels(documents, _document_choice)
    doc_ids = st.sidebar.multiselect(
        label("filter_documents", lang),
        list(labels),
        format_func=labels.get,
        placeholder=label("all", lang),
    )
    return Filters(doc_ids=doc_ids, issuer=issuer, doc_type=doc_type, since=since, until=until)


def _document_choice(doc: dict) -> str:
    from assistant.engine import document_label

    title = doc.get("title") or ""
    return f"{document_label(doc)} — {title[:60]}" if title else document_label(doc)


def main() -> None:
    lang = _language_picker()
    _answer_mode(lang)
    try:
        engine = session.engine()
    except AssistantError as exc:
        st.session_state["engine_error"] = str(exc)
        st.session_state["chat_filters"] = Filters()
    else:
        st.session_state.pop("engine_error", None)
        _status(engine, lang)
        st.session_state["chat_filters"] = _filters(engine, lang)

    pages = [
        st.Page(VIEWS / "chat.py", title=label("chat", lang), icon=":material/chat:", default=True),
        st.Page(
            VIEWS / "assignments.py",
            title=label("assignments", lang),
            icon=":material/assignment:",
            url_path="assignments",
        ),
        st.Page(
            VIEWS / "documents.py",
            title=label("documents", lang),
            icon=":material/description:",
            url_path="documents",
        ),
    ]
    st.navigation(pages).run()


main()
