"""Chroma server mode: `chroma run` on loopback; ingest (CLI) and ask (engine) through it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.engine import Engine
from assistant.errors import ServerUnavailable
from tests.conftest import REPO, FakeEmbedder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = _free_port()
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
    port = _free_port()  # nothing listens there
    settings = load_settings(store=tmp_path / "app", chroma_host="127.0.0.1", chroma_port=port)
    with pytest.raises(ServerUnavailable) as error:
        Engine(settings, embedder=FakeEmbedder())
    message = str(error.value)
    assert f"127.0.0.1:{port}" in message and "chroma run" in message and "\n" not in message
