"""Hỏi đáp: a conversation. Questions in, answers with [n] citations linked to the passages
they cite, follow-ups resolved by the engine against the earlier turns, every turn saved in
<store>/user.db so a reload (F5) or a restart finds the conversation again (its id is in the
page's URL, ?c=...)."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from datetime import date

import streamlit as st

from assistant.answer.export import answer_docx, answer_markdown, cited_citations
from assistant.answer.llm import checked_reply, failure_notice, stream_llm
from assistant.core.errors import AssistantError
from assistant.core.i18n import error_message
from assistant.core.labels import document_label
from assistant.core.records import Answer, DocumentRecord
from assistant.retrieval.search import Filters
from ui import session
from ui.render import (
    SUGGESTED_QUESTIONS,
    answer_html,
    citation_card_html,
    context_html,
    label,
)
from ui.safe import distinct_labels

log = logging.getLogger(__name__)

lang = session.lang()
try:
    state = session.user_state()
except (sqlite3.Error, OSError):
    st.error(label("user_db_unavailable", lang))
    st.stop()

# The open conversation: the URL's ?c= (kept across reloads), else the one this browser session
# had open before visiting another page (navigation drops the URL's parameters).
conversation_id = st.query_params.get("c") or st.session_state.get("conversation_id")
if conversation_id and state.conversation(conversation_id) is None:
    st.toast(label("conversation_missing", lang))
    conversation_id = None
if conversation_id:
    st.session_state["conversation_id"] = conversation_id
    if st.query_params.get("c") != conversation_id:
        st.query_params["c"] = conversation_id
else:
    st.session_state.pop("conversation_id", None)
    st.query_params.pop("c", None)


def _open(target: str | None) -> None:
    """Switch the page to another conversation (None: a new one, created by its first
    question)."""
    if target:
        st.session_state["conversation_id"] = target
        st.query_params["c"] = target
    else:
        st.session_state.pop("conversation_id", None)
        st.query_params.pop("c", None)


# --- sidebar: filters and saved conversations (this page only) ------------------------------


def _filters(engine) -> Filters:
    documents = engine.documents()
    st.sidebar.subheader(label("filters", lang))
    doc_types = sorted({d.doc_type for d in documents if d.doc_type})
    issuers = sorted({d.issuer for d in documents if d.issuer})
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


def _document_choice(doc: DocumentRecord) -> str:
    title = doc.title or ""
    return f"{document_label(doc)} — {title[:60]}" if title else document_label(doc)


def _conversation_list() -> None:
    st.sidebar.subheader(label("conversations", lang))
    saved = state.conversations()
    if not saved:
        st.sidebar.caption(label("no_conversations", lang))
    for item in saved:
        title = item["title"] or label("untitled", lang)
        current = item["id"] == conversation_id
        pick, menu = st.sidebar.columns([5, 1], vertical_alignment="center")
        pick.button(
            title,
            key=f"open-{item['id']}",
            type="primary" if current else "tertiary",
            width="stretch",
            on_click=_open,
            args=(item["id"],),
        )
        with menu.popover("", icon=":material/more_vert:"):
            name = st.text_input(
                label("rename_label", lang), value=item["title"], key=f"name-{item['id']}"
            )
            if st.button(label("rename", lang), key=f"rename-{item['id']}"):
                state.rename(item["id"], name)
                st.rerun()
            if st.button(
                label("delete_conversation", lang),
                key=f"delete-{item['id']}",
                icon=":material/delete:",
            ):
                state.delete(item["id"])
                if current:
                    _open(None)
                st.rerun()


engine_error = st.session_state.get("engine_error")
filters = Filters()
if engine_error is None:
    try:
        filters = _filters(session.engine(offline=True))
    except AssistantError as exc:
        engine_error = exc


# --- one answer -------------------------------------------------------------------------------


def _highlight_query(engine, question: str) -> str:
    """The question plus the Vietnamese terms an English question expands to, so an English
    question still highlights the Vietnamese words that matched."""
    try:
        analysis = engine.analyze(question)
    except AssistantError:
        return question
    return " ".join([question, *getattr(analysis, "expansions", [])])


def _card(citation, query: str, anchor: str, weight, container) -> None:
    container.markdown(
        citation_card_html(citation, query, lang, anchor=anchor, weight=weight),
        unsafe_allow_html=True,
    )
    # The passage in its notice, right here: opening the expander shows the cited lines
    # marked, with a paragraph of context either side, and a link to the whole notice.
    with container.expander(f"{label('show_in_document', lang)} [{citation.n}]"):
        text = None
        try:
            text = session.engine(offline=True).document_text(citation.doc_id)
        except AssistantError:
            pass
        mark = f"cited-{anchor}-{citation.n}"
        view = context_html(text or "", citation.start, citation.end, mark)
        if view and text and text[citation.start : citation.end] == citation.text:
            st.markdown(view, unsafe_allow_html=True)
        else:
            # The notice changed since this answer: its passage as it was quoted.
            st.markdown(
                context_html(citation.text, 0, len(citation.text), mark),
                unsafe_allow_html=True,
            )
        if text:
            st.page_link(
                "views/documents.py",
                label=label("full_text", lang),
                icon=":material/menu_book:",
                query_params={
                    "doc": citation.doc_id,
                    "start": citation.start,
                    "end": citation.end,
                    "lang": lang,
                },
            )


def _show_answer(turn: dict) -> None:
    answer: Answer = turn["answer"]
    anchor = f"{turn['seq']}"
    query = turn["highlight"]
    try:
        weight = session.weight(session.engine(offline=True))
    except AssistantError:
        weight = None
    if answer.understood_as:
        understood = label("understood_as", lang, question=answer.understood_as)
        st.markdown(f'<div class="understood">{_escaped(understood)}</div>', unsafe_allow_html=True)
    if answer.notice:
        st.caption(answer.notice)
    if answer.found:
        st.markdown(answer_html(answer.answer, anchor=anchor), unsafe_allow_html=True)
        cited, others = cited_citations(answer)
        if not cited:  # an answer that cites nothing shows what it was drawn from
            cited, others = answer.citations, []
        if cited:
            st.caption(label("sources", lang))
        for citation in cited:
            _card(citation, query, anchor, weight, st)
        if others:
            with st.expander(label("other_passages", lang), expanded=False):
                for citation in others:
                    _card(citation, query, anchor, weight, st)
    else:
        st.warning(label("not_found", lang), icon=":material/search_off:")
        st.markdown(answer_html(answer.answer, not_found=True), unsafe_allow_html=True)
        with st.expander(label("nearest", lang), expanded=False):
            for citation in answer.citations:
                _card(citation, query, anchor, weight, st)
    mode = label("mode_llm_short" if answer.mode == "llm" else "mode_extractive", lang)
    took = label("milliseconds", lang, ms=round(answer.timings_ms.get("total", 0)))
    st.caption(f"{mode} · {took}")
    _actions(turn)


def _escaped(text: str) -> str:
    import html

    return html.escape(text)


def _actions(turn: dict) -> None:
    """Export and feedback under an answer."""
    answer: Answer = turn["answer"]
    key = f"{conversation_id}-{turn['seq']}"
    markdown = answer_markdown(turn["question"], answer, lang)
    copy_col, md_col, docx_col, vote_col = st.columns([1, 1, 1, 1], vertical_alignment="center")
    with copy_col.popover(label("copy", lang), icon=":material/content_copy:"):
        # A code block has a copy button: the answer with its sources, as plain Markdown.
        st.code(markdown, language=None, wrap_lines=True)
    md_col.download_button(
        label("export_md", lang),
        markdown,
        file_name=f"tra-loi-{turn['seq']}.md" if lang == "vi" else f"answer-{turn['seq']}.md",
        mime="text/markdown",
        icon=":material/download:",
        key=f"md-{key}",
        on_click="ignore",
    )
    docx_col.download_button(
        label("export_docx", lang),
        lambda: answer_docx(turn["question"], answer, lang),
        file_name=f"tra-loi-{turn['seq']}.docx" if lang == "vi" else f"answer-{turn['seq']}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/download:",
        key=f"docx-{key}",
        on_click="ignore",
    )
    saved = state.feedback(conversation_id, turn["seq"]) if conversation_id else None
    vote_key = f"vote-{key}"
    if saved and vote_key not in st.session_state:
        st.session_state[vote_key] = 1 if saved["rating"] == 1 else 0
    with vote_col:
        vote = st.feedback("thumbs", key=vote_key, on_change=_vote, args=(turn["seq"], vote_key))
    if vote == 0:  # 👎: ask what was wrong
        with st.form(f"comment-{key}", border=False):
            comment = st.text_input(
                label("feedback_comment", lang), value=(saved or {}).get("comment", "")
            )
            if st.form_submit_button(label("feedback_send", lang)):
                state.set_feedback(conversation_id, turn["seq"], -1, comment)
                st.toast(label("feedback_thanks", lang))


def _vote(seq: int, vote_key: str) -> None:
    value = st.session_state.get(vote_key)
    if value is not None and conversation_id:
        state.set_feedback(conversation_id, seq, 1 if value == 1 else -1)


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
    except Exception as exc:  # noqa: BLE001 - any provider error: the offline answer stands
        log.warning(
            "the language model failed while streaming: %s: %s",
            type(exc).__name__,
            str(exc)[:200],
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        live.empty()
        return replace(answer, notice=failure_notice(answer.language, exc))
    live.empty()
    text = streamed if isinstance(streamed, str) else "".join(map(str, streamed))
    checked, notice = checked_reply(text, answer.citations, answer.language)
    if checked is None:
        return answer
    return replace(answer, answer=checked, mode="llm", notice=notice)


def _ask(question: str) -> None:
    global conversation_id
    with st.chat_message("user"):
        st.text(question)  # plain text: a pasted question is never rendered as markup
    with st.chat_message("assistant"):
        try:
            # Retrieval and the extractive answer come from the offline engine; an LLM, when
            # chosen, then streams its answer over the same citations.
            engine = session.engine(offline=True)
            if not conversation_id:
                conversation_id = state.create_conversation(lang)
                _open(conversation_id)
            conversation = state.load_conversation(conversation_id)
            with st.spinner(label("thinking", lang)):
                answer = engine.ask(question, filters=filters, conversation=conversation)
            if answer.found and not session.offline_mode() and session.settings().llm:
                resolved = answer.understood_as
                answer = _stream_llm_answer(session.engine(), answer)
                answer.understood_as = resolved
        except AssistantError as exc:
            st.error(error_message(exc, lang))
            return
        seq = state.add_turn(conversation_id, question, answer)
        _show_answer(
            {
                "seq": seq,
                "question": question,
                "answer": answer,
                "highlight": _highlight_query(engine, answer.understood_as or question),
            }
        )


# --- the page ---------------------------------------------------------------------------------

title, reset = st.columns([3, 1], vertical_alignment="bottom")
title.title(label("chat", lang))
reset.button(
    label("new_conversation", lang),
    icon=":material/add_comment:",
    width="stretch",
    on_click=_open,
    args=(None,),
)

# Read first (the input is pinned to the bottom wherever it is called), so the suggestions
# are not drawn in the run that answers the first question.
question = st.chat_input(label("ask_placeholder", lang), max_chars=2000) or st.session_state.pop(
    "pending_question", None
)

if engine_error is not None:
    st.error(error_message(engine_error, lang))

turns = state.turns(conversation_id) if conversation_id else []
if turns:
    try:
        highlight_engine = session.engine(offline=True)
    except AssistantError:
        highlight_engine = None
for turn in turns:
    with st.chat_message("user"):
        st.text(turn["question"])
    with st.chat_message("assistant"):
        shown = turn["answer"].understood_as or turn["question"]
        turn["highlight"] = _highlight_query(highlight_engine, shown) if highlight_engine else shown
        _show_answer(turn)

if not turns and not question:
    st.caption(label("suggestions", lang))
    for i, suggestion in enumerate(SUGGESTED_QUESTIONS[lang]):
        if st.button(suggestion, key=f"suggestion-{i}"):
            st.session_state["pending_question"] = suggestion
            st.rerun()

if question:
    _ask(question)

# Last, so a conversation created by this run's question is already listed.
_conversation_list()
