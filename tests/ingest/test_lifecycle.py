"""Document lifecycle on a real Chroma store: delete to trash (and it stays deleted through
later ingests and restarts), restore, one document per content, versions of one số hiệu."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.engine import Engine
from assistant.store.chroma import Store
from assistant.store.trash import Trash
from ingest import uploads
from ingest.__main__ import main as ingest_main
from ingest.pipeline import Ingestor, delete_documents
from tests.conftest import REPO, FakeEmbedder, make_settings
from tests.helpers import copy_pairs

ORIGINAL = "a-thong-bao-45-TB-VPTU.txt"
CORRECTED = "a-thong-bao-45-TB-VPTU-ban-sua.txt"


@pytest.fixture
def pairs(tmp_path) -> Path:
    return copy_pairs(tmp_path / "notices")


def names(settings) -> set[str]:
    return {Path(d.source).name for d in Store(settings, FakeEmbedder.name).documents()}


def doc_of(settings, name: str) -> dict:
    docs = Store(settings, FakeEmbedder.name).documents()
    return next(d for d in docs if Path(d.source).name == name)


def test_delete_moves_the_file_to_trash_and_later_ingests_keep_it_gone(settings, pairs):
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs])
    engine = Engine(settings, embedder=embedder)
    victim = doc_of(settings, "d-chi-thi-05-CT-TU-2020.txt")

    entry = uploads.delete_document(engine, victim.doc_id)
    assert not (pairs / "d-chi-thi-05-CT-TU-2020.txt").exists()
    assert Path(entry.trashed_path).parent == Path(settings.store) / "trash"
    assert Path(entry.trashed_path).read_text(encoding="utf-8").startswith("TỈNH ỦY")
    assert victim.doc_id not in {d.doc_id for d in engine.documents()}

    # The folder ingest `make run` does on every start; then a fresh process's engine.
    again = Ingestor(settings, embedder).run([pairs])
    assert again.added == [] and again.ok
    restarted = Engine(settings, embedder=FakeEmbedder())
    assert "d-chi-thi-05-CT-TU-2020.txt" not in {Path(d.source).name for d in restarted.documents()}
    answer = restarted.ask("Chi cục Kiểm lâm tỉnh kiểm tra các chốt canh lửa rừng như thế nào?")
    assert all(c.doc_id != victim.doc_id for c in answer.citations)


def test_a_copy_elsewhere_in_the_folder_is_skipped_until_named_explicitly(settings, pairs):
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs])
    victim = doc_of(settings, "d-chi-thi-05-CT-TU-2020.txt")
    (pairs / "sub").mkdir()
    shutil.copy2(pairs / "d-chi-thi-05-CT-TU-2020.txt", pairs / "sub" / "copy.txt")
    delete_documents(Store(settings, FakeEmbedder.name), [victim.doc_id])

    summary = Ingestor(settings, embedder).run([pairs])
    assert [Path(p).name for p, _ in summary.skipped_deleted] == ["copy.txt"]
    assert "python -m ingest restore" in summary.format()
    assert "copy.txt" not in names(settings)

    # Naming the file (an upload does) is asking for it: it comes back.
    explicit = Ingestor(settings, embedder).run([pairs / "sub" / "copy.txt"])
    assert explicit.restored and "copy.txt" in names(settings)


def test_a_killed_delete_is_finished_by_the_next_ingest(settings, pairs):
    """The tombstone was written (and the file moved) but the store was not yet told."""
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs])
    victim = doc_of(settings, "e-thong-bao-88-TB-TU-2024-09-05.txt")
    Trash(Path(settings.store)).put(victim, victim.content_sha, "Số 88-TB/TU")
    assert victim.doc_id in {d.doc_id for d in Store(settings, FakeEmbedder.name).documents()}

    Ingestor(settings, embedder).run([pairs], prune=False)
    assert victim.doc_id not in {d.doc_id for d in Store(settings, FakeEmbedder.name).documents()}


def test_cli_remove_trash_restore(settings, pairs, monkeypatch, capsys):
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs])
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", FakeEmbedder.name)
    monkeypatch.setattr("assistant.store.embeddings.load_embedder", lambda *a, **k: embedder)
    store = ["--store", str(settings.store)]

    assert ingest_main(["remove", "12-CT/TU", *store]) == 0
    out = capsys.readouterr().out
    assert "removed Số 12-CT/TU" in out and "python -m ingest restore 1" in out
    assert "d-chi-thi-12-CT-TU-2024.txt" not in names(settings)

    assert ingest_main(["trash", *store]) == 0
    assert "d-chi-thi-12-CT-TU-2024.txt" in capsys.readouterr().out

    assert ingest_main(["remove", "no-such-notice.txt", *store]) == 2
    assert "No document in the store matches" in capsys.readouterr().err

    assert ingest_main(["restore", "1", *store]) == 0
    assert "added 1" in capsys.readouterr().out
    assert (pairs / "d-chi-thi-12-CT-TU-2024.txt").exists()
    assert "d-chi-thi-12-CT-TU-2024.txt" in names(settings)
    assert ingest_main(["trash", *store]) == 0
    assert "The trash is empty." in capsys.readouterr().out


def test_two_files_with_the_same_content_are_one_document(settings, pairs):
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs])
    shutil.copy2(pairs / "c-quyet-dinh-15-2022-QD-UBND.txt", pairs / "zz-ban-sao.txt")
    summary = Ingestor(settings, embedder).run([pairs])
    assert summary.added == [] and summary.duplicates == [
        (str((pairs / "zz-ban-sao.txt").resolve()), "c-quyet-dinh-15-2022-QD-UBND.txt")
    ]
    assert "zz-ban-sao.txt" not in names(settings)
    assert "same content as c-quyet-dinh-15-2022-QD-UBND.txt" in summary.format()


def test_corrected_file_replaces_its_version_one_set_of_passages_and_tasks(settings, tmp_path):
    """The issue's case: the corrected notice arrives as a new file next to the old one."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    shutil.copy2(REPO / "tests/fixtures/versions" / ORIGINAL, folder / ORIGINAL)
    os.utime(folder / ORIGINAL, (1_700_000_000, 1_700_000_000))
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([folder])
    engine = Engine(settings, embedder=embedder)
    tasks_before = len(engine.assignments())

    shutil.copy2(REPO / "tests/fixtures/versions" / CORRECTED, folder / CORRECTED)
    summary = uploads.add_files(engine, [folder / CORRECTED])
    (change,) = summary.versions
    assert change.in_force and Path(change.other).name == ORIGINAL
    assert f"{CORRECTED} replaces {ORIGINAL}" in summary.format()
    assert any("31/3/2025" in p for p in change.passages_added)
    assert any("31/12/2024" in p for p in change.passages_removed)
    assert any("Ủy ban Kiểm tra" in t for t in change.tasks_added)

    docs = {Path(d.source).name: d for d in engine.documents()}
    assert docs[ORIGINAL].version_status == "replaced" and not docs[ORIGINAL].current
    # One set of tasks: the corrected notice's, each once; the old ones marked when asked for.
    tasks = engine.assignments()
    assert {t.doc_id for t in tasks} == {docs[CORRECTED].doc_id}
    assert len(tasks) == tasks_before + 1 and all(t.in_force for t in tasks)
    flagged = [t for t in engine.assignments(include_replaced=True) if not t.in_force]
    assert len(flagged) == tasks_before and {t.doc_status for t in flagged} == {"replaced"}
    # One set of passages: nothing of the old version is retrievable by default.
    answer = engine.ask("Ban Tổ chức Tỉnh ủy phải trình đề án nhân sự trước ngày nào?")
    assert "31/3/2025" in answer.answer and "31/12/2024" not in answer.answer
    assert {c.doc_id for c in answer.citations} == {docs[CORRECTED].doc_id}


def test_an_older_version_arriving_late_does_not_take_over(settings, pairs):
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs / "e-thong-bao-88-TB-TU-2024-09-12.txt"])
    summary = Ingestor(settings, embedder).run([pairs / "e-thong-bao-88-TB-TU-2024-09-05.txt"])
    (change,) = summary.versions
    assert not change.in_force and "kept as a replaced version" in summary.format()


def test_a_store_from_before_versions_is_upgraded_in_place(settings, pairs):
    """Records written before content hashes and relations were kept: the next ingest adds
    them from the stored text, embedding nothing."""
    embedder = FakeEmbedder()
    Ingestor(settings, embedder).run([pairs])
    store = Store(settings, FakeEmbedder.name)
    rows = store.docs.get(include=["metadatas", "documents"])
    legacy = [
        {k: v for k, v in meta.items() if k not in ("content_sha", "relations", "mtime")}
        for meta in rows["metadatas"]
    ]
    store.docs.delete(ids=rows["ids"])  # rewrite without the new fields, as an old ingest did
    store.docs.add(
        ids=rows["ids"],
        embeddings=[[0.0]] * len(legacy),
        documents=rows["documents"],
        metadatas=legacy,
    )
    assert all("relations" not in m for m in store.docs.get(include=["metadatas"])["metadatas"])

    summary = Ingestor(settings, embedder).run([pairs])
    assert summary.chunks == 0 and len(summary.unchanged) == len(list(pairs.glob("*.txt")))
    metas = store.docs.get(include=["metadatas"])["metadatas"]
    assert all(m.get("content_sha") and "relations" in m for m in metas)
    replacing = next(m for m in metas if m["number"] == "210-KH/TU")
    assert json.loads(replacing["relations"])[0]["number"] == "120-KH/TU"


def test_ask_cli_as_of_answers_from_the_older_notice(tmp_path, real_embedder):
    notices = copy_pairs(tmp_path / "notices")
    settings = make_settings(tmp_path / "store")
    Ingestor(settings, real_embedder).run([notices])
    env = dict(os.environ, ASSISTANT_STORE=str(settings.store), HF_HUB_OFFLINE="1")
    question = "Tỉnh bố trí dự phòng bao nhiêu tiền cho phòng, chống hạn hán?"

    def ask(*extra: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "ask", question, "--json", *extra],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    now, then = ask(), ask("--as-of", "2023-12-31")
    assert "35 tỷ" in now["answer"] and "20 tỷ" not in now["answer"]
    assert "20 tỷ" in then["answer"] and "35 tỷ" not in then["answer"]
    assert "đã được thay thế bởi Kế hoạch số 210-KH/TU" in then["answer"]
    assert then["citations"][0]["version_status"] == "in_force"  # in force on that day
    only_old = "Sở Khoa học và Công nghệ được giao thử nghiệm mô hình gì?"
    plain = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", only_old],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert "Lưu ý: Văn bản [1] đã được thay thế bởi Kế hoạch số 210-KH/TU" in plain.stdout
    assert "ĐÃ ĐƯỢC THAY THẾ bởi Số 210-KH/TU" in plain.stdout, plain.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", question, "--as-of", "31/12/2023"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_the_ledger_cli_counts_the_tasks_of_a_corrected_notice_once(
    settings, pairs, capsys, monkeypatch
):
    from assistant.__main__ import main as assistant_main
    from assistant.ledger.views import load_records

    Ingestor(settings, FakeEmbedder()).run([pairs])
    store = Store(settings, FakeEmbedder.name)
    current = load_records(store)
    everything = load_records(store, include_replaced=True)
    stale = [r for r in everything if not r.in_force]
    assert stale and all(
        r.number in {"45-TB/VPTU", "88-TB/TU", "120-KH/TU", "05-CT/TU"} for r in stale
    )
    assert {r.doc_status for r in stale} == {"replaced", "repealed"}
    assert len(current) == len(everything) - len(stale) and all(r.in_force for r in current)

    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", FakeEmbedder.name)
    code = assistant_main(
        ["assignments", "--doc", "45-TB/VPTU", "--json", "--store", str(settings.store)]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    corrected = doc_of(settings, CORRECTED).doc_id
    assert rows and {r["doc_id"] for r in rows} == {corrected}
    assert sum("Ban Tổ chức Tỉnh ủy" in " ".join(r["assignees"]) for r in rows) == 1
