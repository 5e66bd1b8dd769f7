"""Shared state of the Streamlit app: one engine per store for the whole server process, and
the per-browser-session choices (language, filters, answer mode)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import streamlit as st

from assistant.answer.user_state import UserState
from assistant.core.config import Settings, load_settings
from assistant.engine import Engine
from assistant.retrieval.search import Filters
from assistant.store.chroma import Store
from assistant.store.embeddings import load_embedder

log = logging.getLogger(__name__)


def settings() -> Settings:
    # Read per run (cheap): ASSISTANT_STORE in the environment selects the store.
    return load_settings()


@st.cache_resource(show_spinner=False)
def _embedder(model: str, batch_size: int):
    """The model loads once per process, shared by every session and every store."""
    return load_embedder(model, batch_size)


@st.cache_resource(show_spinner=False)
def _engine(store_key: str, model: str, llm: str | None) -> Engine:
    config = load_settings().model_copy(update={"llm": llm})
    built = Engine(config, embedder=_embedder(model, config.embed_batch_size))
    # The collection's terms for English words the glossary lacks: read from the cache `make run`'s
    # ingest filled (or embedded, for a store ingested otherwise) beside the page, not at the
    # first English question.
    threading.Thread(target=_prepare_quietly, args=(built,), daemon=True).start()
    return built


def _prepare_quietly(built: Engine) -> None:
    try:
        built.prepare_english_terms()
    except Exception as exc:  # noqa: BLE001 - a warm-up; the first English question retries
        log.warning("terms for English questions not prepared (%s): built on first use", exc)


def engine(offline: bool = False) -> Engine:
    """The engine of the configured store. A missing store, a model mismatch or an unreachable
    server raise AssistantError (not cached, so the next run tries again)."""
    config = settings()
    llm = None if offline else config.llm
    return _engine(_store_key(config), config.embed_model, llm)


def create_store_and_engine() -> Engine:
    """First upload into a store that does not exist yet: create it, then open it as usual."""
    config = settings()
    Store(config, config.embed_model, create=True)
    return engine()


def _store_key(config: Settings) -> str:
    if config.chroma_host:
        return f"chroma://{config.chroma_host}:{config.chroma_port}/{config.collection_prefix}"
    return f"{config.store.resolve()}/{config.collection_prefix}"


def lang() -> str:
    return st.session_state.get("lang", "vi")


def chat_filters() -> Filters:
    return st.session_state.get("chat_filters") or Filters()


def offline_mode() -> bool:
    return st.session_state.get("answer_mode", "offline") == "offline"


def document_sections(eng: Engine, doc_id: str) -> list[tuple[list[str], int]]:
    """(heading path, start offset) of a document's chunks, for section anchors."""
    return eng.sections(doc_id)


@st.cache_resource(show_spinner=False)
def _user_state(path: str):
    return UserState(path)


def user_state():
    """Saved conversations and feedback in <store>/user.db (one per store, whole process)."""
    return _user_state(str(Path(settings().store).resolve()))


def weight(eng: Engine):
    """How much a term carries in the collection (idf / the largest idf, 0..1), for
    highlighting only the question's weighty words."""
    return eng.term_weight()
