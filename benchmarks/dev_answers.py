"""Dump the engine's answers to the dev set and time warm Engine.ask, for checking that a
speed-up changes no answer and for same-run latency comparisons between two checkouts.

cd CHECKOUT && PYTHONPATH=$PWD HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/dev_answers.py \
    --out /tmp/answers.json [--timing /tmp/timing.json] [--profile /tmp/ask.prof]

The engine is the one on PYTHONPATH (so the script of one checkout can time another). Every
tune-half question and follow-up chain is asked through Engine.ask (chains in one
conversation each) and its answer dumped in full: text, found, language, mode, understood_as
and every cited passage (source, chunk, section, text, score). Test-half questions are asked
too, for timing, but only a SHA-256 digest of each answer is written, never its text, so two
checkouts can be compared on the test half without anyone reading its questions or answers.
--timing writes the warm per-question times (ms, single questions of both halves, in order)
with their median and p95; --profile writes a cProfile of the asks.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

# This folder holds a script named ingest.py, which would shadow the ingest package; the engine
# is taken from PYTHONPATH (the checkout being measured), not from beside this script.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import assistant  # noqa: E402
from assistant.answer.conversation import Conversation  # noqa: E402
from assistant.core.config import load_settings  # noqa: E402
from assistant.engine import Engine  # noqa: E402
from assistant.eval.dev import SEED_K, dev_documents, dev_engine, load_questions  # noqa: E402
from assistant.eval.scoring import DEFAULT_CORPORA, DEFAULT_NOTICES  # noqa: E402

REPO = Path(assistant.__file__).resolve().parents[1]
EVAL = REPO / "tests" / "eval"


def dump(answer) -> dict:
    return {
        "answer": answer.answer,
        "found": answer.found,
        "language": answer.language,
        "mode": answer.mode,
        "notice": answer.notice,
        "understood_as": answer.understood_as,
        "citations": [
            {
                "source": c.source,
                "chunk_id": c.chunk_id,
                "section": c.section,
                "text": c.text,
                "score": round(c.score, 9),
                "start": c.start,
                "end": c.end,
                "version_status": c.version_status,
            }
            for c in answer.citations
        ],
    }


def digest(entry: dict) -> str:
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timing", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument(
        "--store",
        type=Path,
        help="open this existing store instead of the dev set's cached one (no ingest, so "
        "another process's ingest lock does not block the run)",
    )
    parser.add_argument("--limit", type=int, help="only the first N questions (no follow-ups)")
    args = parser.parse_args()

    questions = load_questions(EVAL / "dev_questions.jsonl")
    turns = load_questions(EVAL / "dev_followups.jsonl")
    documents = dev_documents([*questions, *turns], DEFAULT_NOTICES, DEFAULT_CORPORA)
    if args.store:
        engine = Engine(load_settings(store=args.store))
    else:
        engine, _, _ = dev_engine(documents)
    engine.ask("warm-up: load the model and the lexical index")
    if args.limit:
        questions, turns = questions[: args.limit], []

    profiler = cProfile.Profile() if args.profile else None
    out: dict[str, object] = {}
    times: list[float] = []
    for item in questions:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        answer = engine.ask(item["question"], k=SEED_K)
        times.append((time.perf_counter() - started) * 1000)
        if profiler:
            profiler.disable()
        entry = dump(answer)
        out[item["id"]] = entry if item["half"] == "tune" else digest(entry)
    chains: dict[str, Conversation] = {}
    for turn in turns:
        conversation = chains.setdefault(turn["chain"], Conversation())
        answer = engine.ask(turn["question"], k=SEED_K, conversation=conversation)
        entry = dump(answer)
        out[f"{turn['chain']}#{turn['turn']}"] = entry if turn["half"] == "tune" else digest(entry)

    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    if args.timing:
        summary = {
            "engine": str(REPO),
            "n": len(times),
            "median": round(statistics.median(times), 1),
            "p95": round(p95(times), 1),
            "ms": [round(t, 1) for t in times],
        }
        args.timing.write_text(json.dumps(summary), "utf-8")
        print(f"{REPO}: n {len(times)} median {summary['median']} ms p95 {summary['p95']} ms")
    if profiler:
        profiler.dump_stats(str(args.profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
