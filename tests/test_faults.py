"""The fault suite (issue 14), at a size `make test` can afford; `python benchmarks/faults.py`
runs it in full. Hostile files in one batch beside good ones, seeded kill -9 trials, a killed
writer just past its commit, a damaged database and a full disk. The Chroma server faults are
in test_server_mode.py, the page's in tests/ui/test_documents_page.py."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from assistant.core.errors import DiskFull, StoreDamaged
from assistant.engine import Engine
from assistant.store.chroma import Store
from benchmarks.faults import (
    MAX_INGEST_RSS_BYTES,
    consistency_problems,
    run_hostile_batch,
    run_kill_trials,
)
from ingest.pipeline import Ingestor
from tests.conftest import REPO, FakeEmbedder, make_settings

pytestmark = pytest.mark.faults

KILL_TRIALS = 10  # the full run (benchmarks/faults.py) does 120
KILL_SEED = 20250614


def test_hostile_batch_rejects_each_bad_file_by_name_and_ingests_the_rest(tmp_path):
    result = run_hostile_batch(tmp_path)
    assert not result.unexpected, "\n".join(result.unexpected)
    assert 0 < result.peak_rss < MAX_INGEST_RSS_BYTES
    assert 0 < result.worker_rss < MAX_INGEST_RSS_BYTES

    # `ingest list` keeps one entry per two lines, whatever the file names hold.
    env = {**os.environ, "ASSISTANT_EMBED_MODEL": FakeEmbedder.name}
    listing = subprocess.run(
        [sys.executable, "-m", "ingest", "list", "--store", str(tmp_path / "store")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    added = result.summary["added"]
    assert lines[-1].startswith(f"{added} documents") and (len(lines) - 1) % added == 0
    assert any("dòng\\nmới.txt" in line for line in lines)
    assert not any(line.startswith("mới.txt") for line in lines)  # the name was not split


def test_seeded_kill_9_trials_leave_a_consistent_store(tmp_path):
    results = run_kill_trials(KILL_TRIALS, KILL_SEED, tmp_path)
    problems = [f"trial {r.trial} ({r.operation}): {p}" for r in results for p in r.problems]
    assert not problems, "\n".join(problems)
    # Not a timing assertion: a busy machine only makes more kills land mid-run.
    assert any(r.killed_mid_run for r in results), "no kill landed while a writer worked"


_KILLED_AFTER_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from tests.conftest import FakeEmbedder, make_settings
    from assistant.store.chroma import Store
    from ingest.pipeline import Ingestor

    commit = Store.commit
    def commit_then_die(self, *args, **kwargs):
        commit(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # before the old version is removed
    Store.commit = commit_then_die
    Ingestor(make_settings({store!r}), FakeEmbedder()).run([{notices!r}])
    """
)


def test_kill_just_past_a_commit_then_a_revert_serves_the_reverted_text(settings, notices_dir):
    target = notices_dir / "lam-dong-2021-06-15-tin-lam-viec.txt"
    original = target.read_text(encoding="utf-8")
    Ingestor(settings, FakeEmbedder()).run([notices_dir])
    target.write_text(original + "\n\nĐoạn sẽ bị bỏ: kiểm định đập Đa Nhim.\n", "utf-8")
    script = _KILLED_AFTER_COMMIT.format(
        repo=str(REPO), store=str(settings.store), notices=str(notices_dir)
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=REPO, timeout=300)
    assert killed.returncode == -9
    target.write_text(original, "utf-8")  # the user reverts the edit

    summary = Ingestor(settings, FakeEmbedder()).run([notices_dir])
    assert summary.ok, summary.format()
    assert not consistency_problems(settings, notices_dir, after_recovery=True)
    [doc] = [
        d
        for d in Engine(settings, embedder=FakeEmbedder()).documents()
        if d.source == str(target.resolve())
    ]
    assert "Đoạn sẽ bị bỏ" not in Store(settings, FakeEmbedder.name).document_text(doc.doc_id)


def test_an_empty_database_file_is_a_damaged_store_not_an_empty_one(settings, notices_dir):
    Ingestor(settings, FakeEmbedder()).run([notices_dir])
    database = Path(settings.store) / "chroma" / "chroma.sqlite3"
    database.write_bytes(b"")
    with pytest.raises(StoreDamaged) as error:
        Engine(settings, embedder=FakeEmbedder())
    message = str(error.value)
    assert "damaged" in message and "python -m ingest" in message and "\n" not in message
    with pytest.raises(StoreDamaged):  # ingest must not build a new store beside the old one
        Ingestor(settings, FakeEmbedder()).run([notices_dir])
    assert database.stat().st_size == 0


@contextlib.contextmanager
def _small_disk(tmp_path: Path, megabytes: int):
    """A real tmpfs of that size (root, and a kernel that allows it); else the test is skipped
    and test_full_disk_is_reported_when_writes_fail_with_enospc covers it by simulation."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()[:100]})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave_bytes: int) -> Path:
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as handle:
        handle.truncate(0)
        block = b"\0" * (1 << 16)
        remaining = max(free - leave_bytes, 0)
        while remaining > 0:
            try:
                handle.write(block[: min(len(block), remaining)])
                handle.flush()
            except OSError:
                break
            remaining -= len(block)
    return filler


_CLI = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    import assistant.store.embeddings, assistant.engine
    from tests.conftest import FakeEmbedder
    assistant.store.embeddings.load_embedder = lambda name, batch_size=32: FakeEmbedder()
    assistant.engine.load_embedder = assistant.store.embeddings.load_embedder
    from {module}.__main__ import main
    sys.exit(main({argv!r}))
    """
)


def _cli(module: str, *argv: str) -> subprocess.CompletedProcess:
    script = _CLI.format(repo=str(REPO), module=module, argv=list(argv))
    return subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("leave_kb", [0, 300])
def test_a_full_disk_gives_one_clear_message_and_the_store_recovers(
    tmp_path, notices_dir, leave_kb
):
    with _small_disk(tmp_path, 8) as disk:
        store = disk / "store"
        first = _cli("ingest", str(notices_dir), "--store", str(store), "--json")
        assert first.returncode == 0, first.stderr[-2000:]
        filler = _fill(disk, leave_kb * 1024)
        for path in notices_dir.iterdir():
            path.write_text(path.read_text("utf-8") + "\n\nĐoạn bổ sung mới.\n", "utf-8")

        full = _cli("ingest", str(notices_dir), "--store", str(store), "--json")
        assert full.returncode == 2 and "Traceback" not in full.stderr, full.stderr[-2000:]
        assert "is full" in full.stderr and "Free some space" in full.stderr
        asked = _cli("assistant", "ask", "phòng chống hạn hán", "--store", str(store), "--json")
        assert "Traceback" not in asked.stderr, asked.stderr[-2000:]
        assert asked.returncode == 0 or "is full" in asked.stderr + asked.stdout

        filler.unlink()  # the user frees space: the next ingest finishes the job
        again = _cli("ingest", str(notices_dir), "--store", str(store), "--json")
        assert again.returncode == 0, again.stderr[-2000:]
        assert not consistency_problems(make_settings(store), notices_dir, after_recovery=True)


def test_full_disk_is_reported_when_writes_fail_with_enospc(settings, notices_dir, monkeypatch):
    """The same, simulated, for machines that cannot mount a tmpfs."""
    Ingestor(settings, FakeEmbedder()).run([notices_dir])

    def no_space(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "begin", no_space)
    (notices_dir / "moi.txt").write_text(
        (notices_dir / "lam-dong-2021-06-15-tin-lam-viec.txt").read_text("utf-8") + "\nMới.\n",
        "utf-8",
    )
    with pytest.raises(DiskFull) as error:
        Ingestor(settings, FakeEmbedder()).run([notices_dir])
    assert str(settings.store) in str(error.value) and "\n" not in str(error.value)


def test_a_remove_killed_half_way_is_recovered_by_the_process_that_first_wrote_it(
    settings, notices_dir
):
    """A document this process ingested, then a delete in another process killed just after
    it uncommitted the record: the record still names its first writer, and the next ingest by
    this same process (the app, a benchmark) must still recover it."""
    Ingestor(settings, FakeEmbedder()).run([notices_dir])
    store = Store(settings, FakeEmbedder.name)
    victim = store.documents()[0].doc_id
    store.docs.update(ids=[victim], metadatas=[{"status": "pending"}])  # what the kill left
    summary = Ingestor(settings, FakeEmbedder()).run([notices_dir])
    assert summary.ok and summary.recovered == 1, summary.format()
    assert not consistency_problems(settings, notices_dir, after_recovery=True)


def test_a_file_that_splits_into_too_many_passages_is_refused_and_the_batch_goes_on(
    settings, notices_dir, monkeypatch
):
    import ingest.pipeline as pipeline

    Ingestor(settings, FakeEmbedder()).run([notices_dir])
    seeds = Store(settings, FakeEmbedder.name).documents()
    limit = max(d.chunk_count for d in seeds) + 1  # the seeds still fit
    monkeypatch.setattr(pipeline, "MAX_CHUNKS_PER_DOCUMENT", limit)
    lines = "\n\n".join(f"{i}. Giao Sở Tài chính rà soát khoản chi số {i}." for i in range(6000))
    (notices_dir / "nhieu-dong.txt").write_text("THÔNG BÁO KẾT LUẬN\n\n" + lines, "utf-8")
    summary = Ingestor(settings, FakeEmbedder()).run([notices_dir])
    [(path, reason)] = summary.failed
    assert path.endswith("nhieu-dong.txt") and f"passages, over the {limit}" in reason
    assert len(summary.unchanged) == 3
