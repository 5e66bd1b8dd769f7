"""Concurrent askers against one engine, in one process (loopback only: no network involved).

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/load.py [--store DIR] [--threads 8] [--seconds 60]

Without --store, the three seed notices are ingested into a temporary store with the real
model. Prints answers/s, latency percentiles and every error (there should be none).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?",
    "Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?",
    "Tăng trưởng kinh tế 6 tháng đầu năm 2020 đạt bao nhiêu?",
    "Những văn bản nào nhắc đến giải ngân vốn đầu tư công?",
    "Which body must handle drought response?",
    "Ai chủ trì xây dựng kế hoạch phòng chống hạn hán?",
    "Thời hạn gửi góp ý dự thảo Báo cáo kiểm điểm là ngày nào?",
    "What did the provincial party committee conclude about public investment?",
]


@dataclass
class LoadResult:
    threads: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    per_thread: list[int] = field(default_factory=list)
    all_cited: bool = True

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0

    def format(self) -> str:
        return (
            f"{self.threads} askers for {self.seconds:.0f} s: {self.answered} answers "
            f"({self.answered / self.seconds:.1f}/s), {len(self.errors)} errors; latency ms "
            f"median {self.percentile(0.5):.0f}, p90 {self.percentile(0.9):.0f}, "
            f"p95 {self.percentile(0.95):.0f}, p99 {self.percentile(0.99):.0f}, "
            f"max {max(self.latencies_ms, default=0):.0f}, "
            f"mean {statistics.fmean(self.latencies_ms) if self.latencies_ms else 0:.0f}; "
            f"answers per asker {min(self.per_thread, default=0)}-{max(self.per_thread, default=0)}"
        )


def run_load(engine, threads: int, seconds: float, questions: list[str]) -> LoadResult:
    result = LoadResult(threads=threads, seconds=seconds, per_thread=[0] * threads)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    start = threading.Barrier(threads)

    def asker(index: int) -> None:
        start.wait()
        for question in itertools.islice(itertools.cycle(questions), index, None):
            if time.monotonic() >= stop_at:
                return
            began = time.perf_counter()
            try:
                answer = engine.ask(question)
            except Exception as exc:  # every failure is counted, none may stop the others
                with lock:
                    result.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                result.per_thread[index] += 1
                result.all_cited &= bool(answer.citations)

    workers = [threading.Thread(target=asker, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return result


def seed_engine(store: Path | None):
    sys.path.insert(0, str(REPO))
    from assistant.core.config import load_settings
    from assistant.engine import Engine
    from assistant.store.embeddings import load_embedder
    from ingest.pipeline import Ingestor

    if store is None:
        store = Path(tempfile.mkdtemp(prefix="bench-load-")) / "store"
        settings = load_settings(store=store)
        embedder = load_embedder(settings.embed_model, settings.embed_batch_size)
        summary = Ingestor(settings, embedder).run([REPO / "data" / "notices"], prune=False)
        assert summary.ok, summary.format()
        return Engine(settings, embedder=embedder)
    return Engine(load_settings(store=store))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="default: the seeds in a temporary store")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    engine = seed_engine(args.store)
    for question in QUESTIONS:  # warm: model, snapshot, lexical cache
        engine.ask(question)
    result = run_load(engine, args.threads, args.seconds, QUESTIONS)
    print(result.format())
    for error in result.errors[:10]:
        print(f"  ERROR {error}")
    return 0 if not result.errors else 1


if __name__ == "__main__":
    sys.exit(main())
