"""The ingest pipeline end to end on a real (embedded) Chroma store, with the fake embedding."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.core.errors import StoreLocked, StoreModelMismatch
from assistant.retrieval.lexical import LexicalQuery
from assistant.store.chroma import Store
from ingest.pipeline import Ingestor, discover
from tests.conftest import REPO, FakeEmbedder


def _docs(settings) -> list[dict]:
    return Store(settings, FakeEmbedder.name).documents()


def test_seeds_ingest_then_rerun_embeds_nothing(settings, notices_dir, fake_embedder):
    first = Ingestor(settings, fake_embedder).run([notices_dir])
    assert first.ok, first.format()
    assert len(first.added) == 3 and first.chunks > 10

    again = Ingestor(settings, fake_embedder).run([notices_dir])
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 3, "removed": 0, "failed": 0}
    assert again.chunks == 0

    docs = _docs(settings)
    assert {d.number for d in docs} >= {"1097-KL/TU"}
    assert sum(d.chunk_count for d in docs) == Store(settings, FakeEmbedder.name).chunk_count()


def test_changed_file_replaces_its_chunks_and_deleted_file_is_pruned(
    settings, notices_dir, fake_embedder
):
    Ingestor(settings, fake_embedder).run([notices_dir])
    store = Store(settings, FakeEmbedder.name)
    before = store.chunk_count()

    news = notices_dir / "lam-dong-2021-06-15-tin-lam-viec.txt"
    news.write_text(news.read_text(encoding="utf-8") + "\n\nĐoạn bổ sung về hạn hán.\n", "utf-8")
    (notices_dir / "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md").unlink()

    summary = Ingestor(settings, fake_embedder).run([notices_dir])
    assert summary.updated == [str(news.resolve())]
    assert len(summary.removed) == 1 and summary.removed[0].endswith("1097-KL-TU.md")

    docs = _docs(settings)
    assert len(docs) == 2
    assert all(d.number != "1097-KL/TU" for d in docs)
    # No chunk of a removed or superseded version survives.
    assert store.chunk_count() == sum(d.chunk_count for d in docs) < before


def test_no_prune_keeps_documents_whose_file_is_gone(settings, notices_dir, fake_embedder):
    Ingestor(settings, fake_embedder).run([notices_dir])
    (notices_dir / "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md").unlink()
    summary = Ingestor(settings, fake_embedder).run([notices_dir], prune=False)
    assert summary.removed == [] and len(_docs(settings)) == 3


def test_bad_files_are_reported_and_the_rest_is_ingested(settings, notices_dir, fake_embedder):
    (notices_dir / "empty.txt").write_bytes(b"")
    (notices_dir / "junk.pdf").write_bytes(os.urandom(2048))
    (notices_dir / "huge.txt").write_bytes(b"a" * 2_000_000)
    (notices_dir / "notes.xyz").write_text("ignored: not a notice format")
    tight = settings.model_copy(update={"max_file_mb": 1.0})

    summary = Ingestor(tight, fake_embedder).run([notices_dir, notices_dir / "missing.txt"])
    reasons = {Path(path).name: reason for path, reason in summary.failed}
    assert set(reasons) == {"empty.txt", "junk.pdf", "huge.txt", "missing.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "MB limit" in reasons["huge.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert len(summary.added) == 3 and not summary.ok


def test_unreadable_folder_is_reported(tmp_path):
    files, roots, failures = discover([tmp_path / "nowhere"])
    assert files == [] and failures and "no such file" in failures[0][1]


def test_store_refuses_a_different_embedding_model(settings, notices_dir, fake_embedder):
    Ingestor(settings, fake_embedder).run([notices_dir])
    with pytest.raises(StoreModelMismatch) as error:
        Store(settings, "another-model")
    assert "fake-hash-64" in str(error.value) and "ASSISTANT_EMBED_MODEL" in str(error.value)


def test_a_second_writer_waits_for_the_lock(settings, fake_embedder):
    store = Store(settings, FakeEmbedder.name, create=True)
    with store.writer_lock():
        with pytest.raises(StoreLocked):
            with Store(settings, FakeEmbedder.name).writer_lock(timeout=0.2):
                pass


_PAUSED_INGEST = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from tests.conftest import FakeEmbedder, make_settings
    from ingest.pipeline import Ingestor

    class PausingEmbedder(FakeEmbedder):
        batches = 0

        def embed_documents(self, texts):
            self.batches += 1
            if self.batches == {pause_at}:  # earlier batches are written by now
                print("PAUSED", flush=True)
                sys.stdin.readline()  # the parent kills us here
            return super().embed_documents(texts)

    import ingest.pipeline as pipeline
    pipeline._EMBED_BATCH_CHUNKS = 8
    Ingestor(make_settings({store!r}), PausingEmbedder()).run([{notices!r}])
    print("DONE", flush=True)
    """
)


@pytest.mark.slow  # subprocesses killed mid-run
@pytest.mark.parametrize("kill_at_batch", [1, 3])
def test_sigkill_mid_ingest_leaves_no_half_document(
    settings, notices_dir, fake_embedder, kill_at_batch
):
    """The writer stops at an embed batch (the ones before it written), and is killed there:
    the kill lands mid-run on a busy machine or an idle one."""
    script = _PAUSED_INGEST.format(
        repo=str(REPO), store=str(settings.store), notices=str(notices_dir), pause_at=kill_at_batch
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    paused = proc.stdout.readline()
    proc.kill()
    rest = proc.communicate(timeout=60)[0]
    assert paused == "PAUSED\n" and "DONE" not in rest, paused + rest

    # Readers see only whole documents: every visible document has all its chunks.
    store = Store(settings, FakeEmbedder.name, create=True)
    for doc in store.documents():
        assert len(list(store.iter_chunks({doc.doc_id}))) == doc.chunk_count

    summary = Ingestor(settings, fake_embedder).run([notices_dir])
    assert summary.ok, summary.format()
    docs = store.documents()
    assert len(docs) == 3
    assert store.chunk_count() == sum(d.chunk_count for d in docs)  # no duplicates, no orphans


def test_a_file_of_page_headers_only_is_rejected_with_a_reason(
    settings, notices_dir, fake_embedder
):
    (notices_dir / "cover.txt").write_text(
        "CÔNG BÁO/Số 302/Ngày 02-06-2026\n\n12\n\nCHÍNH PHỦ\n", encoding="utf-8"
    )
    summary = Ingestor(settings, fake_embedder).run([notices_dir])
    reasons = {Path(path).name: reason for path, reason in summary.failed}
    assert "characters of text left" in reasons["cover.txt"]
    assert len(summary.added) == 3


def test_chunk_context_is_stored_and_searched_but_not_cited(settings, tmp_path, fake_embedder):
    from assistant.retrieval.search import HybridRetriever

    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "phan-cong.txt").write_text(
        "KẾ HOẠCH\nPhân công thực hiện nhiệm vụ năm 2026 như sau.\n"
        "TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
        "1 | Xây dựng đề án chuyển đổi số | Sở Khoa học và Công nghệ | Quý IV/2026\n"
        "2 | Rà soát quy hoạch vùng nguyên liệu | Sở Nông nghiệp và Môi trường | Tháng 6/2026\n",
        encoding="utf-8",
    )
    assert Ingestor(settings, fake_embedder).run([folder]).ok
    store = Store(settings, FakeEmbedder.name)
    retriever = HybridRetriever(store, fake_embedder)
    row = next(c for c in retriever.snapshot().chunks.values() if "Rà soát quy hoạch" in c.text)
    assert row.text.startswith("2 | Rà soát quy hoạch")  # cited text: the row, verbatim
    assert row.context == [
        "Nhiệm vụ: Rà soát quy hoạch vùng nguyên liệu | Cơ quan chủ trì: Sở Nông nghiệp và "
        "Môi trường | Thời gian hoàn thành: Tháng 6/2026"
    ]
    # Words only the header cells hold find the row through its context.
    found = retriever.snapshot().lexical.search(LexicalQuery.of("thời gian hoàn thành"), k=10)
    assert row.chunk_id in {chunk_id for chunk_id, _ in found}
    assert "thời gian hoàn thành" not in row.text.lower()
    hits = retriever.search("cơ quan chủ trì rà soát quy hoạch", k=1)
    assert hits[0].chunk.chunk_id == row.chunk_id
    assert "Cơ quan chủ trì: Sở Nông nghiệp" in retriever.passage_text(hits[0])


def test_chunk_budget_follows_the_model_window():
    from ingest.chunking import chunk_budget

    assert chunk_budget(512) == 256  # multilingual-e5-small
    assert chunk_budget(256) == 200  # MiniLM, as calibrated before
    assert chunk_budget(512, 120) == 120  # ASSISTANT_CHUNK_TOKENS
    assert chunk_budget(256, 400) == 216  # never past the model's window
