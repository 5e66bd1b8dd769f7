"""The labelled seed set (tests/eval/seed_questions.jsonl, format in tests/eval/README.md):
hit@1, hit@5, MRR, answer accuracy and refusals, per language, through `Engine.ask`, beside
the naive baseline."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.config import load_settings
from assistant.core.errors import EvaluationDataMissing
from assistant.engine import Engine
from assistant.eval.baseline import NaiveBaseline
from assistant.eval.scoring import (
    DEFAULT_NOTICES,
    answer_is_correct,
    first_hit_rank,
    latency_summary,
    load_questions,
    ranking_scores,
    share,
)
from assistant.store import embeddings
from ingest.loaders import SUPPORTED_SUFFIXES, load_text
from ingest.normalize import normalize_text
from ingest.pipeline import Ingestor

LANGUAGES = ("vi", "en", "all")
SEED_K = 5


# --- seed set -----------------------------------------------------------------------------------


@dataclass
class SeedResult:
    id: str
    lang: str
    intent: str
    answerable: bool
    rank: int | None = None  # first hit among the engine's citations
    found: bool = False
    correct: bool = False
    baseline_rank: int | None = None
    ms: float = 0.0
    answer: str = ""


def answer_scores(rows: Sequence) -> dict:
    """hit@1, hit@5, MRR and answer accuracy over the answerable rows; false refusals (an
    answerable question answered "not found", an error); refusals of the unanswerable rows.
    Rows of the seed and the dev set alike (rank, answerable, found, correct)."""
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    scores = ranking_scores([r.rank for r in answerable], (1, SEED_K))
    scores.update(
        answerable=len(answerable),
        accuracy=share(sum(r.correct for r in answerable), len(answerable)),
        false_refusal=share(sum(not r.found for r in answerable), len(answerable)),
        unanswerable=len(unanswerable),
        refused=share(sum(not r.found for r in unanswerable), len(unanswerable)),
    )
    return scores


def summarize_seed(results: Sequence[SeedResult], with_baseline: bool) -> dict[str, dict]:
    """Per language (vi, en, all): retrieval scores and answer quality of the engine, and the
    baseline's retrieval scores on the same questions."""
    table: dict[str, dict] = {}
    for lang in LANGUAGES:
        rows = [r for r in results if lang == "all" or r.lang == lang]
        engine = answer_scores(rows)
        engine["correct_refusal"] = engine.pop("refused")
        entry = {"engine": engine}
        if with_baseline:
            entry["baseline"] = ranking_scores(
                [r.baseline_rank for r in rows if r.answerable], (1, SEED_K)
            )
        table[lang] = entry
    return table


def run_seed_eval(
    questions_path: Path,
    notices: Path = DEFAULT_NOTICES,
    *,
    embedder=None,
    baseline: bool = True,
    limit: int | None = None,
) -> dict:
    """Ingest `notices` into a fresh temporary store, ask every question, score it."""
    questions = load_questions(questions_path)[:limit]
    if not notices.is_dir():
        raise EvaluationDataMissing(str(notices), "the folder of notices the questions are about")
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        settings = load_settings(store=Path(tmp) / "store")
        embedder = embedder or embeddings.load_embedder(
            settings.embed_model, settings.embed_batch_size
        )
        summary = Ingestor(settings, embedder).run([notices])
        engine = Engine(settings, embedder=embedder)
        naive = NaiveBaseline(_normalized_texts(notices)) if baseline else None

        engine.ask("warm-up: load the model and the lexical index")
        results = []
        for q in questions:
            started = time.perf_counter()
            answer = engine.ask(q["question"], k=SEED_K)
            ms = (time.perf_counter() - started) * 1000
            passages = [(c.source, c.text) for c in answer.citations]
            result = SeedResult(
                id=q["id"],
                lang=q["lang"],
                intent=q["intent"],
                answerable=q["answerable"],
                rank=first_hit_rank(passages, q["gold"]),
                found=answer.found,
                correct=answer_is_correct(answer.found, answer.answer, q["expected"]),
                ms=round(ms, 1),
                answer=answer.answer,
            )
            if naive is not None:
                top = naive.search(q["question"], SEED_K)
                result.baseline_rank = first_hit_rank([(p.source, p.text) for p in top], q["gold"])
            results.append(result)
    return {
        "questions": str(questions_path),
        "notices": str(notices),
        "ingest": summary.format(),
        "table": summarize_seed(results, baseline),
        "latency_ms": latency_summary([r.ms for r in results]),
        "results": [asdict(r) for r in results],
    }


def _normalized_texts(folder: Path) -> dict[str, str]:
    """The baseline reads what our pipeline reads: each notice's normalized text."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            texts[path.name] = normalize_text(load_text(path, 50_000_000).text)
    return texts


def format_seed_report(report: dict) -> str:
    table = report["table"]
    lines = [report["ingest"], ""]
    header = f"{'':10}{'lang':>5}{'n':>4}{'hit@1':>7}{'hit@5':>7}{'MRR':>7}"
    header += f"{'answer acc':>12}{'false refusal':>15}{'refused / unanswerable':>24}"
    lines.append(header)
    for lang in LANGUAGES:
        e = table[lang]["engine"]
        refused = f"{round(e['correct_refusal'] * e['unanswerable'])} / {e['unanswerable']}"
        lines.append(
            f"{'engine':10}{lang:>5}{e['answerable']:>4}{e['hit@1']:>7.2f}{e[f'hit@{SEED_K}']:>7.2f}"
            f"{e['mrr']:>7.2f}{e['accuracy']:>12.2f}{e['false_refusal']:>15.2f}"
            f"{refused:>24}"
        )
    for lang in LANGUAGES:
        b = table[lang].get("baseline")
        if b:
            n = table[lang]["engine"]["answerable"]
            lines.append(
                f"{'baseline':10}{lang:>5}{n:>4}{b['hit@1']:>7.2f}{b[f'hit@{SEED_K}']:>7.2f}"
                f"{b['mrr']:>7.2f}{'-':>12}{'-':>15}{'-':>24}"
            )
    lat = report["latency_ms"]
    lines.append("")
    lines.append(
        f"Engine.ask, warm: median {lat['median']:.0f} ms, p95 {lat['p95']:.0f} ms "
        f"({lat['n']} questions)"
    )
    misses = [r for r in report["results"] if is_miss(r)]
    if misses:
        lines.append("")
        lines.append("Misses (no hit in top 5, wrong answer, or wrong refusal):")
        for r in misses:
            what = (
                "answered an unanswerable question"
                if not r["answerable"]
                else (f"rank {r['rank']}, found {r['found']}, correct {r['correct']}")
            )
            lines.append(f"  {r['id']} [{r['lang']} {r['intent']}] {what}")
    return "\n".join(lines)


def is_miss(row: dict) -> bool:
    if not row["answerable"]:
        return row["found"]
    return row["rank"] is None or row["rank"] > SEED_K or not row["correct"]
