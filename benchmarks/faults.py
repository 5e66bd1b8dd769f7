"""The fault suite in full: a hostile-file batch, seeded kill -9 trials, a full disk.

    python benchmarks/faults.py                 # 120 kill trials, seed 14
    python benchmarks/faults.py --trials 300 --seed 7 --markdown docs/FAULTS.md

tests/test_faults.py runs the same code at a small count in `make test`. Every check here is a
property a user relies on, checked after each fault:
- hostile batch: every hostile file is rejected by name with its reason, every good file is
  ingested, the ingest process (and its reader worker) peaks under MAX_INGEST_RSS_BYTES;
- kill -9 trials: readers never see half a document; after the next ingest each file is in the
  store exactly once, at its current content (no stale version), with all its chunks and ledger
  records and nothing pending or orphaned.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import hostile_files  # noqa: E402

MAX_INGEST_RSS_BYTES = 1_500_000_000  # the bound issue 14 sets for the ingest process
OPERATIONS = ("add", "update", "prune", "delete", "revert")
_KILL_WINDOW_S = 2.5  # kills land uniformly in [0, this] after the writer starts its work

# --- the hostile batch -----------------------------------------------------------------------

_HOSTILE_INGEST = textwrap.dedent(
    """
    import atexit, resource, runpy, sys
    sys.path.insert(0, {repo!r})

    def peak():  # KiB; children: the reader worker, once reaped
        # This process's own high-water mark (VmHWM, Linux). Not RUSAGE_SELF: its ru_maxrss
        # keeps the RSS of the process that forked us (Linux carries it across exec), so a
        # large parent, e.g. a pytest session holding the model, reads as our peak.
        try:
            with open("/proc/self/status") as status:
                me = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        except (OSError, StopIteration):
            me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"PEAK_RSS_KIB {{me}} {{worker}}", file=sys.stderr, flush=True)

    atexit.register(peak)
    if {fake!r}:
        import assistant.store.embeddings
        from tests.conftest import FakeEmbedder
        assistant.store.embeddings.load_embedder = lambda name, batch_size=32: FakeEmbedder()
    sys.argv = ["ingest", {folder!r}, "--store", {store!r}, "--json"]
    runpy.run_module("ingest", run_name="__main__")
    """
)


@dataclass
class HostileResult:
    returncode: int
    summary: dict
    peak_rss: int  # bytes: the larger of the ingest process's and its reader worker's peaks
    worker_rss: int
    seconds: float
    stderr: str
    unexpected: list[str] = field(default_factory=list)  # what went wrong, one line each


def run_hostile_batch(root: Path, embed_model: str | None = None) -> HostileResult:
    """Build the hostile corpus under root and ingest it in one batch, in a child process.
    embed_model None: the deterministic fake embedding (fast); else that model via the CLI."""
    corpus = hostile_files.build(root / "batch")
    store = root / "store"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    if embed_model:
        env["ASSISTANT_EMBED_MODEL"] = embed_model
    script = _HOSTILE_INGEST.format(
        repo=str(REPO), folder=str(corpus.folder), store=str(store), fake=not embed_model
    )
    argv = [sys.executable, "-c", script]
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out, err = proc.communicate(timeout=1800)
    seconds = time.perf_counter() - started
    marks = [line.split()[1:] for line in err.splitlines() if line.startswith("PEAK_RSS_KIB")]
    own, worker = (int(marks[-1][0]) * 1024, int(marks[-1][1]) * 1024) if marks else (0, 0)
    peak = max(own, worker)
    result = HostileResult(proc.returncode, {}, own, worker, seconds, err)
    if not marks:
        result.unexpected.append("the ingest did not report its memory")
    try:
        result.summary = json.loads(out.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        result.unexpected.append(f"no JSON summary (exit {proc.returncode}): {err[-500:]}")
        return result
    failures = {Path(f["path"]).name: f["reason"] for f in result.summary["failures"]}
    import re

    for name, pattern in corpus.bad.items():
        reason = failures.get(name)
        if reason is None:
            result.unexpected.append(f"{name}: not rejected")
        elif not re.search(pattern, reason) or "\n" in reason:
            result.unexpected.append(f"{name}: reason {reason!r} does not match {pattern!r}")
    for name in corpus.good:
        if name in failures:
            result.unexpected.append(f"{name}: a good file failed: {failures[name]}")
    if result.summary["added"] != len(corpus.good):
        result.unexpected.append(f"added {result.summary['added']} of {len(corpus.good)} good")
    if "Traceback" in err:
        result.unexpected.append("a traceback on stderr")
    if peak >= MAX_INGEST_RSS_BYTES:
        result.unexpected.append(f"peak RSS {peak / 1e9:.2f} GB")
    if result.returncode != 1:  # 1: some files failed, as they must
        result.unexpected.append(f"exit code {result.returncode}")
    return result


# --- kill -9 trials --------------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from tests.conftest import FakeEmbedder, make_settings
    import ingest.pipeline as pipeline

    class SlowEmbedder(FakeEmbedder):
        def embed_documents(self, texts):
            time.sleep(0.15)  # writes spread over time, so kills land in every phase
            return super().embed_documents(texts)

    pipeline._EMBED_BATCH_CHUNKS = 8
    settings = make_settings({store!r})
    print("START", flush=True)
    if {delete!r}:
        from assistant.engine import Engine
        from ingest.uploads import delete_document
        delete_document(Engine(settings, embedder=SlowEmbedder()), {delete!r})
    else:
        pipeline.Ingestor(settings, SlowEmbedder()).run([{notices!r}])
    print("DONE", flush=True)
    """
)


@dataclass
class TrialResult:
    trial: int
    operation: str
    killed_mid_run: bool
    problems: list[str]


def consistency_problems(settings, notices: Path, after_recovery: bool) -> list[str]:
    """What a reader or the next writer would see wrong. Before recovery only the readers'
    promise holds (whole documents); after it, the store must match the folder exactly."""
    from assistant.store.chroma import Store
    from ingest.pipeline import content_id
    from tests.conftest import FakeEmbedder

    store = Store(settings, FakeEmbedder.name)
    problems = []
    docs = store.documents()
    assignments_by_doc: dict[str, int] = {}
    for record in store.assignments({d.doc_id for d in docs}):
        assignments_by_doc[record.doc_id] = assignments_by_doc.get(record.doc_id, 0) + 1
    for doc in docs:
        chunks = len(list(store.iter_chunks({doc.doc_id})))
        if chunks != doc.chunk_count:
            problems.append(f"half document: {doc.source} has {chunks}/{doc.chunk_count} chunks")
        if assignments_by_doc.get(doc.doc_id, 0) != doc.assignment_count:
            problems.append(f"ledger out of step for {doc.source}")
    if not after_recovery:
        return problems
    from assistant.store.trash import Trash
    from ingest.pipeline import content_sha

    # A deleted notice stays deleted even while its file is still in the folder (a delete
    # killed before it moved the file): the trash's tombstones say which.
    tombstones = Trash(Path(settings.store)).tombstones()
    files = {
        str(p.resolve()): p
        for p in notices.iterdir()
        if content_sha(p.read_bytes()) not in tombstones
    }
    sources = [d.source for d in docs]
    if sorted(sources) != sorted(files):
        problems.append(f"store holds {sorted(sources)} for files {sorted(files)}")
    for doc in docs:
        path = files.get(doc.source)
        if path is not None and doc.doc_id != content_id(path.resolve(), path.read_bytes()):
            problems.append(f"stale version of {path.name} is served")
    records = store.all_document_records()
    if len(records) != len(docs):
        problems.append(f"{len(records) - len(docs)} pending or duplicate records left")
    if store.chunk_count() != sum(d.chunk_count for d in docs):
        problems.append("orphan or missing chunks")
    if len(store.assignments()) != sum(d.assignment_count for d in docs):
        problems.append("orphan or missing ledger records")
    return problems


def run_kill_trials(trials: int, seed: int, root: Path, log=None) -> list[TrialResult]:
    from assistant.store.chroma import Store
    from ingest.pipeline import Ingestor
    from tests.conftest import FakeEmbedder, make_settings

    rng = random.Random(seed)
    notices = root / "notices"
    shutil.copytree(hostile_files.SEEDS, notices)
    settings = make_settings(root / "store")
    assert Ingestor(settings, FakeEmbedder()).run([notices]).ok
    history: dict[str, list[bytes]] = {p.name: [p.read_bytes()] for p in notices.iterdir()}
    results = []
    for trial in range(trials):
        operation = rng.choice(OPERATIONS)
        delete = ""
        names = sorted(p.name for p in notices.iterdir())
        if operation == "add":
            name = f"them-{trial}.txt"
            body = history[rng.choice(list(history))][0] + f"\n\nBổ sung {trial}.\n".encode()
            (notices / name).write_bytes(body)
            history[name] = [body]
        elif operation == "update":
            path = notices / rng.choice(names)
            body = path.read_bytes() + f"\n\nGhi chú bổ sung lần {trial}.\n".encode()
            path.write_bytes(body)
            history.setdefault(path.name, []).append(body)
        elif operation == "prune" and len(names) > 2:
            (notices / rng.choice(names)).unlink()
        elif operation == "revert":
            revertible = [n for n in names if len(history.get(n, [])) > 1]
            if revertible:
                name = rng.choice(revertible)
                history[name].pop()
                (notices / name).write_bytes(history[name][-1])
        elif operation == "delete":
            docs = Store(settings, FakeEmbedder.name).documents()
            delete = rng.choice(docs).doc_id if docs else ""
        script = _WRITER.format(
            repo=str(REPO), store=str(settings.store), notices=str(notices), delete=delete
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        proc.stdout.readline()  # START: imports done, the writer is about to take the lock
        time.sleep(rng.uniform(0.0, _KILL_WINDOW_S))
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        rest = proc.communicate(timeout=60)[0]
        killed_mid_run = not finished and "DONE" not in rest

        problems = consistency_problems(settings, notices, after_recovery=False)
        summary = Ingestor(settings, FakeEmbedder()).run([notices])
        if not summary.ok:
            problems.append(f"recovery ingest failed: {summary.format()}")
        problems += consistency_problems(settings, notices, after_recovery=True)
        results.append(TrialResult(trial, operation, killed_mid_run, problems))
        if log:
            state = "killed mid-run" if killed_mid_run else "finished first"
            log(f"trial {trial:3d} {operation:7s} {state:15s} {'; '.join(problems) or 'ok'}")
    return results


# --- the report ------------------------------------------------------------------------------


def report(hostile: HostileResult | None, trials: list[TrialResult], seed: int) -> str:
    lines = ["| fault class | trials | failures | peak RSS |", "| --- | --- | --- | --- |"]
    if hostile is not None:
        n_files = len(hostile.summary.get("failures", [])) + hostile.summary.get("added", 0)
        lines.append(
            f"| hostile batch ({n_files} files, one ingest) | 1 | {len(hostile.unexpected)} | "
            f"{hostile.peak_rss / 1e6:,.0f} MB ingest, {hostile.worker_rss / 1e6:,.0f} MB reader |"
        )
    for operation in OPERATIONS:
        mine = [t for t in trials if t.operation == operation]
        if mine:
            killed = sum(t.killed_mid_run for t in mine)
            failures = sum(bool(t.problems) for t in mine)
            lines.append(
                f"| kill -9 during {operation} ({killed} mid-run) | {len(mine)} | {failures} | - |"
            )
    lines.append(
        f"\nSeed {seed}; {sum(t.killed_mid_run for t in trials)} of {len(trials)} kills "
        "landed while the writer was still working."
    )
    if hostile is not None:
        lines.append(
            f"Hostile batch: {hostile.seconds:.0f} s; problems: "
            f"{'; '.join(hostile.unexpected) or 'none'}."
        )
    for t in trials:
        for problem in t.problems:
            lines.append(f"- trial {t.trial} ({t.operation}): {problem}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=120)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--model",
        help="ingest the hostile batch with this embedding model "
        "through the CLI (default: the fast fake embedding)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        root = Path(tmp)
        hostile = run_hostile_batch(root / "hostile", args.model)
        print(
            f"hostile batch: {len(hostile.unexpected)} problems, peak RSS "
            f"{hostile.peak_rss / 1e6:,.0f} MB, {hostile.seconds:.0f} s",
            flush=True,
        )
        trials = run_kill_trials(args.trials, args.seed, root / "kill", log=print)
    table = report(hostile, trials, args.seed)
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    failed = bool(hostile.unexpected) or any(t.problems for t in trials)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
