"""Helpers shared by several test modules (fixtures live in conftest.py). Test modules import
from here or from conftest.py, never from each other."""

from __future__ import annotations

from collections.abc import Callable

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
    import os

    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)
