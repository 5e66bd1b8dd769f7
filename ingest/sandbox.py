"""Read files in a worker process with a memory ceiling and a time limit per file.

Decompressing, parsing PDF/HTML/Word and OCR run inside C libraries that a hostile file can send
into gigabytes or minutes (a zip bomb, a PDF page of millions of objects) where Python cannot
interrupt them. One worker process reads the batch's files one at a time under RLIMIT_AS; a file
that exhausts it or outlives the time limit costs that file only: the worker is replaced and the
batch goes on with a one-line reason. The ingest process itself never holds more than the text.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from assistant.core.errors import FileTooCostly, IngestError
from ingest.loaders import LoadedText, load_text

# Wall-clock seconds one file may take to read. OCR at 300 dpi runs ~15 s a page on one busy
# core here, so this admits a 30-page scan; every hostile file in the fault suite that is caught
# by this rather than by a check takes the full limit, so it is also the batch's worst delay.
LOAD_TIMEOUT_S = 600.0
# Address space of the worker. Its imports (pymupdf, lxml, python-docx, trafilatura) map
# ~0.56 GB; reading the largest real notices adds under 0.3 GB. 1.4 GB keeps the worker's RSS,
# and so the ingest's, under the 1.5 GB the fault suite allows.
WORKER_ADDRESS_SPACE = 1_400_000_000


def _init_worker(address_space: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    # Die with the ingest: a worker orphaned by kill -9 would linger holding its stdout.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker exits at its next empty queue read
        pass
    if os.getppid() == 1:  # the ingest died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _load(path: str, max_bytes: int) -> tuple[str, LoadedText | str]:
    """Runs in the worker. Errors travel back as messages: IngestError subclasses take other
    constructor arguments than their message and would not unpickle."""
    try:
        return "ok", load_text(Path(path), max_bytes)
    except IngestError as exc:
        return "error", str(exc)
    except MemoryError:
        return "memory", ""


class SandboxedLoader:
    def __init__(self, timeout: float | None = None, address_space: int | None = None) -> None:
        self.timeout = timeout or LOAD_TIMEOUT_S
        self.address_space = address_space or WORKER_ADDRESS_SPACE
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                # spawn: a fresh interpreter, not a fork of one holding a model and threads
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.address_space,),
            )
        return self._pool

    def load(self, path: Path, max_bytes: int) -> LoadedText:
        future = self._executor().submit(_load, str(path), max_bytes)
        try:
            status, value = future.result(timeout=self.timeout)
        except FutureTimeout:
            self._kill()
            raise FileTooCostly(f"reading it took over {self.timeout:.0f} s") from None
        except BrokenProcessPool:
            self._kill()
            raise FileTooCostly("the reader crashed on it") from None
        if status == "ok":
            return value
        if status == "memory":
            self._kill()  # a worker that hit its ceiling may hold fragmented memory
            raise FileTooCostly(
                f"reading it needs more than {self.address_space / 1e9:.1f} GB of memory"
            )
        raise IngestError(value)

    def _kill(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
