"""The evaluations' cache key: what ingest would store for the documents, not the source code."""

from __future__ import annotations

import shutil

from assistant.eval.cache import parsed_key
from tests.conftest import SEEDS, FakeEmbedder, make_settings


def _copy_seeds(folder):
    folder.mkdir()
    files = {}
    for path in sorted(SEEDS.iterdir()):
        files[path.name] = folder / path.name
        shutil.copy2(path, files[path.name])
    return files


def test_the_key_is_the_parsed_content_wherever_the_files_are(tmp_path):
    settings = make_settings(tmp_path / "store")
    here = _copy_seeds(tmp_path / "a")
    there = _copy_seeds(tmp_path / "b")
    key = parsed_key(here, FakeEmbedder(), settings)
    assert len(key) == 16
    assert parsed_key(there, FakeEmbedder(), settings) == key
    assert parsed_key(here, FakeEmbedder(), settings, "layout-2") != key


def test_the_key_changes_when_a_passage_would_change(tmp_path):
    settings = make_settings(tmp_path / "store")
    files = _copy_seeds(tmp_path / "a")
    key = parsed_key(files, FakeEmbedder(), settings)
    # Smaller passages: the same files, other chunks.
    assert parsed_key(files, FakeEmbedder(), make_settings(tmp_path / "s", chunk_tokens=64)) != key
    path = next(iter(files.values()))
    path.write_text(path.read_text(encoding="utf-8") + "\n\nMột đoạn mới.\n", encoding="utf-8")
    assert parsed_key(files, FakeEmbedder(), settings) != key
    assert not (tmp_path / "store").exists()  # nothing embedded, nothing written
