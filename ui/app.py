"""Streamlit entry point: `streamlit run ui/app.py`. ASSISTANT_STORE selects the store.

The page scripts (ui/views/) call assistant/ and render; this file sets up the sidebar (language,
answer mode, store status) shared by all pages and the navigation; the chat page adds its own
filters and saved conversations to the sidebar. The folder is not
named "pages/": Streamlit would then run a requested page file on its own, without this script.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ on sys.path, not the repository: make `assistant` and `ui`
# importable without requiring an installed package.
_REPO = Path(__file__).resolve().parents[1]
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

import streamlit as st  # noqa: E402

from assistant.core.errors import AssistantError  # noqa: E402
from assistant.core.i18n import format_date  # noqa: E402
from ui import session  # noqa: E402
from ui.render import LANGUAGES, STYLE, label  # noqa: E402

VIEWS = Path(__file__).parent / "views"

# The language is in the page's URL (?lang=en), so a reload (F5) or a shared link keeps it.
if "lang" not in st.session_state:
    wanted = st.query_params.get("lang", "vi")
    st.session_state["lang"] = wanted if wanted in LANGUAGES else "vi"
st.set_page_config(
    page_title=label("app_title", st.session_state["lang"]),
    page_icon=":material/description:",
    layout="wide",
)
st.markdown(STYLE, unsafe_allow_html=True)  # constant CSS, no user text


def _language_picker() -> str:
    # The switch speaks the page's language too; each option names its language in itself.
    st.sidebar.radio(
        label("language", st.session_state["lang"]),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    lang = st.session_state["lang"]
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _answer_mode(lang: str) -> None:
    llm = session.settings().llm
    options = ["offline", "llm"] if llm else ["offline"]
    st.session_state.setdefault("answer_mode", "llm" if llm else "offline")
    # One widget per language: the browser keeps a radio's choice by its shown label, so the
    # same widget with translated labels would show nothing selected after a switch.
    key = f"answer_mode_{lang}"
    for other in LANGUAGES:
        if other != lang:  # so that switching back starts from the current choice
            st.session_state.pop(f"answer_mode_{other}", None)
    if st.session_state.get(key) not in options:
        st.session_state[key] = st.session_state["answer_mode"]
    st.sidebar.radio(
        label("answer_mode", lang),
        options=options,
        format_func=lambda mode: label(f"mode_{mode}", lang),
        key=key,
    )
    st.session_state["answer_mode"] = st.session_state[key]
    if not llm:
        st.sidebar.caption(label("llm_not_configured", lang))


def _status(engine, lang: str) -> None:
    status = engine.status()
    last = status["last_ingest"]
    moment = datetime.fromtimestamp(last) if last else None
    when = f"{format_date(moment.date().isoformat(), lang)} {moment:%H:%M}" if moment else "—"
    with st.sidebar.expander(label("status", lang), expanded=False):
        st.markdown(
            f"- {label('status_documents', lang)}: **{status['documents']}**\n"
            f"- {label('status_chunks', lang)}: **{status['chunks']}**\n"
            f"- {label('status_model', lang)}: `{status['model']}`\n"
            f"- {label('status_last_ingest', lang)}: {when}"
        )


def main() -> None:
    lang = _language_picker()
    _answer_mode(lang)
    try:
        engine = session.engine()
        # Inside the try: a Chroma server that went away after the engine was built fails here.
        _status(engine, lang)
    except AssistantError as exc:
        st.session_state["engine_error"] = exc
        st.sidebar.button(label("retry", lang), icon=":material/refresh:")  # a click reruns
    else:
        st.session_state.pop("engine_error", None)

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
