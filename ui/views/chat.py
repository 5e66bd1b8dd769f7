"""Hỏi đáp: questions in, answers with [n] citations and their source cards out."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from assistant.errors import AssistantError
from assistant.llm import checked_reply, failure_notice, stream_llm
from assistant.models import Answer
from ui import session
from ui.render import SUGGESTED_QUESTIONS, answer_html, citation_card_html, label

lang = session.lang()
st.session_state.setdefault("messages", [])


def _highlight_query(engine, question: str) -> str:
    """The question plus the Vietnamese terms an English question expands to, so an English
    question still highlights the Vietnamese words that matched."""
    try:
        analysis = engine.analyze(question)
    except AssistantError:
        return question
    return " ".join([question, *getattr(analysis, "expansions", [])])


def _show_answer(message: dict) -> None:
    answer = message["answer"]
    if answer.notice:
        st.caption(answer.notice)
    if answer.found:
        st.markdown(answer_html(answer.answer), unsafe_allow_html=True)
        cards = st.container()
    else:
        st.warning(label("not_found", lang), icon=":material/search_off:")
        st.markdown(answer_html(answer.answer, not_found=True), unsafe_allow_html=True)
        cards = st.expander(label("nearest", lang), expanded=False)
    if answer.found and answer.citations:
        cards.caption(label("sources", lang))
    for citation in answer.citations:
        cards.markdown(
            citation_card_html(citation, message["highlight"], lang), unsafe_allow_html=True
        )
        cards.page_link(
            "views/documents.py",
            label=f"{label('show_in_document', lang)} [{citation.n}]",
            icon=":material/menu_book:",
            query_params={"doc": citation.doc_id, "start": citation.start, "end": citation.end},
        )
    st.caption(f"{answer.mode} · {answer.timings_ms.get('total', 0):.0f} ms")


def _stream_llm_answer(llm_engine, answer: Answer) -> Answer:
    """Show the model's tokens as they arrive, then replace them with the checked text
    (citations to passages it was not given removed, uncited sentences flagged). A model
    failure keeps the extractive answer, with a notice."""
    live = st.empty()
    try:
        with live.container():
            # write_stream renders markdown without raw HTML, so streamed text stays inert.
            streamed = st.write_stream(
                stream_llm(llm_engine, answer.question, answer.language, answer.citations)
            )
    except Exception as exc:  # any provider error: the offline answer is still good
        live.empty()
        return replace(answer, notice=failure_notice(answer.language, exc))
    live.empty()
    text = streamed if isinstance(streamed, str) else "".join(map(str, streamed))
    checked, notice = checked_reply(text, answer.citations, answer.language)
    if checked is None:
        return answer
    return replace(answer, answer=checked, mode="llm", notice=notice)


def _ask(question: str) -> None:
    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)  # plain text: a pasted question is never rendered as markup
    with st.chat_message("assistant"):
        try:
            # Retrieval and the extractive answer come from the offline engine; an LLM, when
            # chosen, then streams its answer over the same citations.
            engine = session.engine(offline=True)
            with st.spinner(label("thinking", lang)):
                answer = engine.ask(question, filters=session.chat_filters())
            if answer.found and not session.offline_mode() and session.settings().llm:
                answer = _stream_llm_answer(session.engine(), answer)
        except AssistantError as exc:
            st.session_state.messages.append({"role": "assistant", "error": str(exc)})
            st.error(str(exc))
            return
        message = {
            "role": "assistant",
            "answer": answer,
            "highlight": _highlight_query(engine, question),
        }
        st.session_state.messages.append(message)
        _show_answer(message)


title, reset = st.columns([3, 1], vertical_alignment="bottom")
title.title(label("chat", lang))
if reset.button(label("new_conversation", lang), icon=":material/add_comment:", width="stretch"):
    st.session_state.messages = []
    st.rerun()

# Read first (the input is pinned to the bottom wherever it is called), so the suggestions
# are not drawn in the run that answers the first question.
question = st.chat_input(label("ask_placeholder", lang), max_chars=2000) or st.session_state.pop(
    "pending_question", None
)

if "engine_error" in st.session_state:
    st.error(st.session_state["engine_error"])

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.text(message["content"])
        elif "error" in message:
            st.error(message["error"])
        else:
            _show_answer(message)

if not st.session_state.messages and not question:
    st.caption(label("suggestions", lang))
    for i, suggestion in enumerate(SUGGESTED_QUESTIONS[lang]):
        if st.button(suggestion, key=f"suggestion-{i}"):
            st.session_state["pending_question"] = suggestion
            st.rerun()

if question:
    _ask(question)
