"""Chroma server mode: `chroma run` on loopback; ingest (CLI) and ask (engine) through it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.core.config import load_settings
from assistant.core.errors import ServerUnavailable
from assistant.engine import Engine
from tests.conftest import REPO, FakeEmbedder
from tests.helpers import free_port


def _wait_for_heartbeat(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"chroma run exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("chroma run did not answer its heartbeat in time")


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_heartbeat(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_ingest_and_ask_through_a_chroma_server(
    chroma_server, tmp_path, notices_dir, real_embedder
):
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_HOST": "127.0.0.1",
        "ASSISTANT_CHROMA_PORT": str(chroma_server),
        "HF_HUB_OFFLINE": "1",
    }
    ingest = [
        sys.executable,
        "-m",
        "ingest",
        str(notices_dir),
        "--store",
        str(tmp_path / "writer"),
        "--json",
    ]
    first = subprocess.run(ingest, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    assert json.loads(first.stdout.strip().splitlines()[-1])["added"] == 3

    # The data lives in the server: nothing but the lock was written to the local folder.
    assert not (tmp_path / "writer" / "chroma").exists()

    # An app instance elsewhere: its own local folder holds only its lexical cache.
    settings = load_settings(
        store=tmp_path / "app", chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    engine = Engine(settings, embedder=real_embedder)
    assert engine.status()["documents"] == 3
    answer = engine.ask("Văn phòng Tỉnh ủy được giao tổng hợp ý kiến góp ý gì?")
    assert answer.found and answer.citations
    _, hits = engine.retrieve("tổng hợp ý kiến góp ý dự thảo Báo cáo kiểm điểm")
    assert any(hit.lexical for hit in hits), "the lexical index must work in server mode"
    assert list((tmp_path / "app" / "cache").glob("lexical-*.pkl"))

    # A second ingest finds everything unchanged on the server.
    again = subprocess.run(ingest, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout.strip().splitlines()[-1])["unchanged"] == 3


def test_server_down_gives_one_clear_message(tmp_path):
    port = free_port()  # nothing listens there
    settings = load_settings(store=tmp_path / "app", chroma_host="127.0.0.1", chroma_port=port)
    with pytest.raises(ServerUnavailable) as error:
        Engine(settings, embedder=FakeEmbedder())
    message = str(error.value)
    assert f"127.0.0.1:{port}" in message and "chroma run" in message and "\n" not in message


# --- two writers on one server ---------------------------------------------------------------

_SERVER_INGEST = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, {repo!r})
    from tests.conftest import FakeEmbedder, make_settings
    import assistant.store.lease as lease
    import ingest.pipeline as pipeline

    lease.LEASE_TTL_S = {ttl!r}

    class SlowEmbedder(FakeEmbedder):
        def embed_documents(self, texts):
            print("EMBEDDING", flush=True)
            time.sleep({pause!r})  # a long write, so the other writer arrives in the middle
            return super().embed_documents(texts)

    pipeline._EMBED_BATCH_CHUNKS = 8
    settings = make_settings({store!r}, chroma_host="127.0.0.1", chroma_port={port!r})
    summary = pipeline.Ingestor(settings, SlowEmbedder()).run([{notices!r}])
    print(json.dumps({{**summary.counts(), "recovered": summary.recovered,
                      "failures": summary.failed}}), flush=True)
    """
)


def _server_writer(port, store, notices, pause=0.0, ttl=60.0) -> subprocess.Popen:
    script = _SERVER_INGEST.format(
        repo=str(REPO), store=str(store), notices=str(notices), port=port, pause=pause, ttl=ttl
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def _server_store(port: int, tmp_path: Path):
    from assistant.store.chroma import Store

    settings = load_settings(store=tmp_path / "check", chroma_host="127.0.0.1", chroma_port=port)
    return Store(settings, FakeEmbedder.name)


def _assert_consistent(store, sources: set[str]) -> None:
    docs = store.documents()
    assert sorted(d.source for d in docs) == sorted(sources)
    assert len(store.all_document_records()) == len(sources), "a pending or stale record is left"
    assert store.chunk_count() == sum(d.chunk_count for d in docs), "orphan or missing chunks"


@pytest.mark.faults
def test_two_writers_from_different_folders_take_turns_on_one_server(
    chroma_server, tmp_path, notices_dir
):
    """The second writer (another app instance: its own store folder) arrives while the first is
    writing. It must wait for the first's lease, never "recover" its pending document."""
    first = _server_writer(chroma_server, tmp_path / "w1", notices_dir, pause=0.5)
    assert first.stdout.readline().startswith("EMBEDDING")  # the first is mid-write
    second = _server_writer(chroma_server, tmp_path / "w2", notices_dir)
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0, err1[-3000:]
    assert second.returncode == 0, err2[-3000:]
    one = json.loads(out1.strip().splitlines()[-1])
    two = json.loads(out2.strip().splitlines()[-1])
    assert one["added"] == 3 and one["failed"] == 0, one
    assert two["unchanged"] == 3 and two["recovered"] == 0, two
    _assert_consistent(
        _server_store(chroma_server, tmp_path), {str(p.resolve()) for p in notices_dir.iterdir()}
    )


@pytest.mark.faults
def test_a_killed_writers_lease_expires_and_the_next_writer_cleans_up(
    chroma_server, tmp_path, notices_dir
):
    first = _server_writer(chroma_server, tmp_path / "w1", notices_dir, pause=0.5, ttl=3.0)
    assert first.stdout.readline().startswith("EMBEDDING")
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    store = _server_store(chroma_server, tmp_path)
    for doc in store.documents():  # none, or only whole ones
        assert len(list(store.iter_chunks({doc.doc_id}))) == doc.chunk_count
    # The second keeps the default TTL: only the killed writer's lease needs to run out soon.
    second = _server_writer(chroma_server, tmp_path / "w2", notices_dir)
    out2, err2 = second.communicate(timeout=300)
    assert second.returncode == 0, err2[-3000:]
    two = json.loads(out2.strip().splitlines()[-1])
    assert two["recovered"] >= 1 and two["failed"] == 0, two
    _assert_consistent(
        _server_store(chroma_server, tmp_path), {str(p.resolve()) for p in notices_dir.iterdir()}
    )


@pytest.mark.faults
def test_lease_is_exclusive_and_a_paused_holder_learns_it_lost_it(chroma_server, tmp_path):
    from assistant.core.errors import LeaseLost, StoreLocked
    from assistant.store.lease import ServerLease

    store = _server_store(chroma_server, tmp_path)
    # A long TTL: no stall of a busy machine can expire a lease during the test by itself.
    first = ServerLease(store.client, "leasetest", "here", ttl=600.0)
    second = ServerLease(store.client, "leasetest", "here", ttl=600.0)
    first.acquire(timeout=5)
    with pytest.raises(StoreLocked) as error:
        second.acquire(timeout=1)
    assert "pid" in str(error.value)
    # The holder is paused (its renewals stop) past its expiry: the record says so, as the
    # clock would after TTL seconds; the other writer takes over.
    first._stop.set()
    first._thread.join()
    first.records.update(ids=[f"lease-{first.generation:012d}"], metadatas=[{"expires_at": 0.0}])
    second.acquire(timeout=30)
    with pytest.raises(LeaseLost):
        first.check()
    second.check()
    second.release()
    third = ServerLease(store.client, "leasetest", "here", ttl=600.0)
    third.acquire(timeout=1)  # a released lease is free at once
    third.release()


# --- the server lost mid-ingest and mid-ask -------------------------------------------------


def _start_server(path: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_heartbeat(port, server)
    return server


def _stop(server: subprocess.Popen) -> None:
    server.kill()
    server.wait(timeout=30)


_CLI_ON_SERVER = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {repo!r})
    import assistant.store.embeddings, assistant.engine, assistant.store.lease
    from tests.conftest import FakeEmbedder  # (it clears ASSISTANT_* from the environment)

    os.environ.update(ASSISTANT_CHROMA_HOST="127.0.0.1", ASSISTANT_CHROMA_PORT="{port}")

    assistant.store.lease.LEASE_TTL_S = {ttl!r}

    class SlowEmbedder(FakeEmbedder):
        def embed_documents(self, texts):
            print("EMBEDDING", file=sys.stderr, flush=True)
            time.sleep({pause!r})
            return super().embed_documents(texts)

    assistant.store.embeddings.load_embedder = lambda name, batch_size=32: SlowEmbedder()
    assistant.engine.load_embedder = assistant.store.embeddings.load_embedder
    import ingest.pipeline
    ingest.pipeline._EMBED_BATCH_CHUNKS = 8
    from {module}.__main__ import main
    sys.exit(main({argv!r}))
    """
)


def _cli_on_server(
    port: int, module: str, argv: list[str], pause: float = 0.0, ttl: float = 60.0, **popen
):
    script = _CLI_ON_SERVER.format(
        repo=str(REPO), module=module, argv=argv, pause=pause, port=port, ttl=ttl
    )
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_HOST": "127.0.0.1",
        "ASSISTANT_CHROMA_PORT": str(port),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env, text=True, **popen)


@pytest.mark.faults
@pytest.mark.server
def test_server_killed_mid_ingest_gives_a_message_and_a_restart_recovers(tmp_path, notices_dir):
    port = free_port()
    data = tmp_path / "server-data"
    server = _start_server(data, port)
    try:
        writer = _cli_on_server(
            port,
            "ingest",
            [str(notices_dir), "--store", str(tmp_path / "w"), "--json"],
            pause=0.5,
            ttl=3.0,  # its lease outlives it in the server: the restart waits this long
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert writer.stderr.readline().startswith("EMBEDDING")  # mid-write
        _stop(server)
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 2, err[-2000:]
        assert "Traceback" not in err and "Cannot reach the Chroma server" in err, err[-2000:]

        server = _start_server(data, port)
        again = _cli_on_server(
            port,
            "ingest",
            [str(notices_dir), "--store", str(tmp_path / "w"), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err[-2000:]
        assert json.loads(out.strip().splitlines()[-1])["failed"] == 0
        _assert_consistent(
            _server_store(port, tmp_path), {str(p.resolve()) for p in notices_dir.iterdir()}
        )
    finally:
        _stop(server)


@pytest.mark.faults
@pytest.mark.server
def test_server_killed_mid_ask_batch_gives_each_line_an_error_and_the_batch_goes_on(
    tmp_path, notices_dir
):
    port = free_port()
    data = tmp_path / "server-data"
    server = _start_server(data, port)
    try:
        ingest = _cli_on_server(
            port,
            "ingest",
            [str(notices_dir), "--store", str(tmp_path / "w"), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert ingest.communicate(timeout=300) and ingest.returncode == 0
        asker = _cli_on_server(
            port,
            "assistant",
            ["ask", "-", "--json", "--store", str(tmp_path / "app")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        question = "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?\n"

        def ask_one() -> dict:
            asker.stdin.write(question)
            asker.stdin.flush()
            return json.loads(asker.stdout.readline())

        before = ask_one()
        assert before["found"] and before["citations"]
        _stop(server)
        while_down = [ask_one() for _ in range(2)]
        assert all("Cannot reach the Chroma server" in r["error"] for r in while_down), while_down
        server = _start_server(data, port)
        after = ask_one()
        asker.stdin.close()
        err = asker.stderr.read()
        assert asker.wait(timeout=60) == 1  # some lines failed: the exit code says so
        assert "Traceback" not in err, err[-2000:]
        assert after.get("found") and after["citations"], after
    finally:
        _stop(server)
