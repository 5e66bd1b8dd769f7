"""Helpers shared by several test modules (fixtures live in conftest.py). Test modules import
from here or from conftest.py, never from each other."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO

ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots and server logs (gitignored)
APP = str(REPO / "ui" / "app.py")
# How long one AppTest script run may take before it counts as hung: a guard, not a speed
# check. A run takes 1-3 s, but on two cores shared with benchmarks it has taken a minute.
APP_TIMEOUT_S = 300
VERSIONS = REPO / "tests" / "fixtures" / "versions"  # notices in several versions

# The store's Chroma collections, by their attribute on assistant.store.chroma.Store.
STORE_COLLECTIONS = ("docs", "chunks", "assignment_records")


class PausingCollection:
    """A Chroma collection that calls ``after_write("chunks.upsert")`` after each write it makes:
    a test stops a writer there (to look at the store, or to kill it) at an exact point instead
    of after a guessed delay."""

    WRITES = ("add", "upsert", "update", "delete")

    def __init__(self, collection, name: str, after_write: Callable[[str], None]):
        self._collection, self._name, self._after_write = collection, name, after_write

    def __getattr__(self, attribute):
        real = getattr(self._collection, attribute)
        if attribute not in self.WRITES:
            return real

        def write_then_pause(*args, **kwargs):
            result = real(*args, **kwargs)
            self._after_write(f"{self._name}.{attribute}")
            return result

        return write_then_pause


def pause_store_writes(store, after_write: Callable[[str], None]) -> None:
    """Route every write of ``store`` (a store.chroma.Store) through PausingCollection."""
    for name in STORE_COLLECTIONS:
        setattr(store, name, PausingCollection(getattr(store, name), name, after_write))


def skip_unless_ci(reason: str) -> None:
    """Skip a test whose system tool is missing on a developer's machine; fail it in CI
    (`.ci/run` sets CI=1 after installing the tools), where a missing tool is a broken build
    and must not pass as a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


def copy_pairs(target: Path) -> Path:
    """The version pairs, with the corrected notice of pair a written after the original (a git
    checkout gives both files the same arbitrary mtime)."""
    shutil.copytree(VERSIONS, target, ignore=shutil.ignore_patterns("*.jsonl", "*.md"))
    os.utime(target / "a-thong-bao-45-TB-VPTU.txt", (1_700_000_000, 1_700_000_000))
    os.utime(target / "a-thong-bao-45-TB-VPTU-ban-sua.txt", (1_700_000_600, 1_700_000_600))
    return target


# --- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Until streamlit answers its health check; fails with the log's tail if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer on {url} within {timeout:.0f} s")


@contextmanager
def make_run(settings, notices: Path, log: Path, timeout: float = 240) -> Iterator[str]:
    """The README's `make run` on a free port over ``settings.store`` and ``notices``; yields
    its URL once healthy, and stops the whole process group on exit."""
    port = free_port()
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", PORT=str(port))
    env["ASSISTANT_STORE"] = str(settings.store)
    env["ASSISTANT_NOTICES"] = str(notices)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as log_file:
        # Its own session, so the whole tree (make, streamlit) can be stopped. `-o` keeps make
        # from reinstalling the virtualenv when pyproject.toml is newer: a test never
        # re-points a shared editable install at the checkout it runs in.
        process = subprocess.Popen(
            ["make", "-o", ".venv/.installed", "run"],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process, log, timeout=timeout)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


# --- the Streamlit pages, headless (AppTest) -----------------------------------------------------


def start(page: str | None = None, **query):
    """The app run once with these URL query parameters, switched to ``page`` if given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT_S)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


# --- the page in a real browser ------------------------------------------------------------------


def click_when_ready(browser, xpath: str, timeout: float = 120) -> None:
    """Click the element at ``xpath`` once it takes the click. A Streamlit rerun redraws the
    page after each widget change, so an element found a moment ago can be hidden, covered or
    replaced when clicked; a busy machine widens that moment. Retries until ``timeout``."""
    from selenium.common.exceptions import (
        ElementClickInterceptedException,
        ElementNotInteractableException,
        StaleElementReferenceException,
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def clicked(page) -> bool:
        try:
            page.find_element(By.XPATH, xpath).click()
        except (
            ElementClickInterceptedException,
            ElementNotInteractableException,
            StaleElementReferenceException,
        ):
            return False
        return True

    WebDriverWait(browser, timeout).until(clicked, f"could not click {xpath}")
