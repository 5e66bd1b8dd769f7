"""The representative dev set (tests/eval/dev_questions.jsonl + dev_followups.jsonl): seed
notices and gazette documents, split by document into tune and test halves, scored per
language bucket with follow-up chains, against the issue's floors."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.config import load_settings
from assistant.core.errors import EvaluationDataMissing
from assistant.engine import Engine
from assistant.eval.cache import CACHE_ROOT, parsed_key
from assistant.eval.scoring import (
    DEFAULT_CORPORA,
    DEFAULT_NOTICES,
    answer_is_correct,
    first_hit_rank,
    latency_summary,
    load_questions,
    ranking_scores,
    share,
)
from assistant.eval.seed import SEED_K, answer_scores, is_miss
from assistant.store import embeddings
from ingest.pipeline import Ingestor

# --- the representative dev set (tests/eval/dev_questions.jsonl + dev_followups.jsonl) ---------

HALVES = ("tune", "test")
# Language buckets of the report: Vietnamese typed with accents, Vietnamese typed without or
# with only some accents, English.
BUCKETS = ("vi", "vi-loose", "en", "all")
LOOSE_KINDS = frozenset({"no_diacritics", "partial_diacritics"})
DEV_KINDS = (
    "paraphrase",
    "no_diacritics",
    "partial_diacritics",
    "typo",
    "long",
    "figure_form",
    "which_documents",
    "unanswerable",
)

# The floors of issue 10 (test half) and issue 12 (follow-ups, per language on the test half).
FLOOR_HIT5 = {"vi": 0.95, "vi-loose": 0.95, "en": 0.92}
FLOOR_ACCURACY = {"vi": 0.90, "vi-loose": 0.90, "en": 0.85}
FLOOR_REFUSED = 0.9  # share of unanswerable questions refused
FLOOR_FALSE_REFUSAL = 0.05  # at most this share of answerable questions refused
FLOOR_FOLLOWUP = 0.85  # answer accuracy of follow-up turns (turn 2 and later), per language


def bucket(item: dict) -> str:
    if item["lang"] == "en":
        return "en"
    return "vi-loose" if LOOSE_KINDS & set(item.get("kinds", ())) else "vi"


@dataclass
class DevResult:
    id: str
    half: str
    lang: str
    bucket: str
    intent: str
    kinds: list[str]
    answerable: bool
    chain: str = ""
    turn: int = 0
    rank: int | None = None
    found: bool = False
    correct: bool = False
    ms: float = 0.0
    answer: str = ""
    understood_as: str | None = None


def dev_scores(rows: Sequence[DevResult]) -> dict:
    """The seed set's answer scores over dev rows ("refused": refusals of the unanswerable)."""
    return answer_scores(rows)


def summarize_dev(results: Sequence[DevResult], turns: Sequence[DevResult] | None) -> dict:
    """Per half: per language bucket, per kind, and follow-up accuracy per language."""
    summary: dict[str, dict] = {}
    for half in HALVES:
        rows = [r for r in results if r.half == half]
        if not rows and not [t for t in turns or () if t.half == half]:
            continue
        entry: dict = {
            "questions": len(rows),
            "by_language": {
                b: dev_scores([r for r in rows if b == "all" or r.bucket == b]) for b in BUCKETS
            },
            "by_kind": {k: dev_scores([r for r in rows if k in r.kinds]) for k in DEV_KINDS},
        }
        if turns is None:
            entry["followups"] = None
        else:
            entry["followups"] = {}
            for lang in ("vi", "en", "all"):
                mine = [t for t in turns if t.half == half and lang in ("all", t.lang)]
                first = [t for t in mine if t.turn == 1]
                later = [t for t in mine if t.turn > 1]
                entry["followups"][lang] = {
                    "chains": len(first),
                    "first_turn_accuracy": share(sum(t.correct for t in first), len(first)),
                    "followup_turns": len(later),
                    "followup_accuracy": share(sum(t.correct for t in later), len(later)),
                    "followup_hit@5": ranking_scores([t.rank for t in later], (SEED_K,))[
                        f"hit@{SEED_K}"
                    ],
                }
        summary[half] = entry
    return summary


def check_floors(summary: dict) -> list[str]:
    """The floors the test half misses, one line each (empty when it holds them all)."""
    test = summary.get("test")
    if test is None:
        return ["the test half was not evaluated"]
    failures = []
    lang = test["by_language"]
    for b, floor in FLOOR_HIT5.items():
        if lang[b]["answerable"] and lang[b][f"hit@{SEED_K}"] < floor:
            failures.append(f"hit@{SEED_K} {b} {lang[b][f'hit@{SEED_K}']:.2f} < {floor}")
    for b, floor in FLOOR_ACCURACY.items():
        if lang[b]["answerable"] and lang[b]["accuracy"] < floor:
            failures.append(f"answer accuracy {b} {lang[b]['accuracy']:.2f} < {floor}")
    if lang["all"]["unanswerable"] and lang["all"]["refused"] < FLOOR_REFUSED:
        failures.append(f"unanswerable refused {lang['all']['refused']:.2f} < {FLOOR_REFUSED}")
    if lang["all"]["false_refusal"] > FLOOR_FALSE_REFUSAL:
        failures.append(
            f"false refusals {lang['all']['false_refusal']:.2f} > {FLOOR_FALSE_REFUSAL}"
        )
    followups = test.get("followups")
    if followups is None:
        failures.append("follow-ups: not supported by this engine")
    else:
        for language in ("vi", "en"):
            f = followups[language]
            if f["followup_turns"] and f["followup_accuracy"] < FLOOR_FOLLOWUP:
                failures.append(
                    f"follow-up accuracy {language} {f['followup_accuracy']:.2f} < {FLOOR_FOLLOWUP}"
                )
    return failures


def is_dev_set(path: Path) -> bool:
    """The dev set's lines carry a tune/test `half`; the seed set's do not."""
    questions = load_questions(path)
    return bool(questions) and "half" in questions[0]


def dev_documents(items: Iterable[dict], notices: Path, corpora: Path) -> dict[str, Path]:
    """Every document a question or turn names as gold, by its gold name: seeds from `notices`,
    gazette documents (congbao/...) from `corpora`."""
    names = sorted({g["file"] for item in items for g in item["gold"]})
    found = {n: (notices / n) if len(Path(n).parts) == 1 else (corpora / n) for n in names}
    missing = [str(p) for p in found.values() if not p.is_file()]
    if missing:
        where = corpora if any(str(corpora) in m for m in missing) else notices
        raise EvaluationDataMissing(
            str(where), f"the documents the dev set is about ({len(missing)} missing)"
        )
    return found


def stage_documents(documents: dict[str, Path], folder: Path) -> None:
    """Copy the documents into the cache under their gold names, so the store's sources are the
    same whichever checkout runs the evaluation (and gold names match them); a file is rewritten
    only when it differs, atomically, so concurrent runs read whole files."""
    for name, source in documents.items():
        target = folder / name
        data = source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
        partial.write_bytes(data)
        partial.replace(target)


# Bump when the layout of the cached dev store changes (2: documents staged under docs/).
DEV_CACHE_LAYOUT = 2


def conversation_factory() -> Callable[[], object] | None:
    """A new assistant.answer.conversation.Conversation per chain, or None while the engine has no
    conversations (the follow-ups are then reported as not supported)."""
    import inspect

    try:
        from assistant.answer.conversation import Conversation
    except ImportError:
        return None
    if "conversation" not in inspect.signature(Engine.ask).parameters:
        return None
    return Conversation


def _ask(engine, item: dict, conversation=None) -> DevResult:
    started = time.perf_counter()
    if conversation is None:
        answer = engine.ask(item["question"], k=SEED_K)
    else:
        answer = engine.ask(item["question"], k=SEED_K, conversation=conversation)
    ms = (time.perf_counter() - started) * 1000
    return DevResult(
        id=item["id"],
        half=item["half"],
        lang=item["lang"],
        bucket=bucket(item),
        intent=item["intent"],
        kinds=list(item.get("kinds", ())),
        answerable=item["answerable"],
        chain=item.get("chain", ""),
        turn=item.get("turn", 0),
        rank=first_hit_rank([(c.source, c.text) for c in answer.citations], item["gold"]),
        found=answer.found,
        correct=answer_is_correct(answer.found, answer.answer, item["expected"]),
        ms=round(ms, 1),
        answer=answer.answer,
        understood_as=getattr(answer, "understood_as", None),
    )


def default_followups(questions_path: Path) -> Path | None:
    """dev_followups.jsonl beside dev_questions.jsonl, when it is there."""
    candidate = questions_path.with_name(questions_path.name.replace("questions", "followups"))
    return candidate if candidate != questions_path and candidate.is_file() else None


def dev_engine(
    documents: dict[str, Path],
    embedder=None,
    cache_root: Path = CACHE_ROOT,
    say: Callable[[str], None] = lambda message: None,
):
    """(engine, ingest summary, cache folder) over the dev set's documents, ingested into a
    store cached under cache_root (the calibration script opens the same one)."""
    settings = load_settings(store=Path("unused"))
    embedder = embedder or embeddings.load_embedder(settings.embed_model, settings.embed_batch_size)
    key = parsed_key(documents, embedder, settings, str(DEV_CACHE_LAYOUT))
    cache = cache_root / f"dev-{key}"
    stage_documents(documents, cache / "docs")
    settings = load_settings(store=cache / "store")
    say(f"Ingesting {len(documents)} documents into {cache} (cached after the first run) ...")

    def ingested(path: str, done: int, total: int) -> None:
        say(f"  {done}/{total} {Path(path).name}")

    # The staged folder is the whole set: anything else in the store is pruned.
    summary = Ingestor(settings, embedder).run([cache / "docs"], progress=ingested)
    say(summary.format())
    return Engine(settings, embedder=embedder), summary, cache


def run_dev_eval(
    questions_path: Path,
    followups_path: Path | None = None,
    notices: Path = DEFAULT_NOTICES,
    corpora: Path = DEFAULT_CORPORA,
    *,
    halves: Sequence[str] = HALVES,
    embedder=None,
    limit: int | None = None,
    cache_root: Path = CACHE_ROOT,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Ingest every document of the dev set (both halves, so retrieval must tell them apart)
    into a store cached under cache_root, ask each question of the chosen halves through
    Engine.ask, and each follow-up chain's turns in order in one conversation."""
    say = progress or (lambda message: None)
    questions = load_questions(questions_path)
    turns = load_questions(followups_path) if followups_path else []
    documents = dev_documents([*questions, *turns], notices, corpora)
    questions = [q for q in questions if q["half"] in halves][:limit]
    turns = [t for t in turns if t["half"] in halves]
    if limit is not None:
        chains = list(dict.fromkeys(t["chain"] for t in turns))[: max(1, limit // 6)]
        turns = [t for t in turns if t["chain"] in chains]

    engine, summary, cache = dev_engine(documents, embedder, cache_root, say)
    engine.ask("warm-up: load the model and the lexical index")

    say(f"Asking {len(questions)} questions ...")
    results = [_ask(engine, q) for q in questions]
    make_conversation = conversation_factory()
    turn_results: list[DevResult] | None = None
    if make_conversation is not None:
        say(f"Asking {len(turns)} follow-up turns ...")
        turn_results = []
        conversation, current = None, None
        for turn in turns:
            if turn["chain"] != current:
                conversation, current = make_conversation(), turn["chain"]
            turn_results.append(_ask(engine, turn, conversation))
    table = summarize_dev(results, turn_results)
    return {
        "questions": str(questions_path),
        "followups": str(followups_path) if followups_path else None,
        "documents": len(documents),
        "store": str(cache),
        "model": engine.embedder.name,
        "ingest": summary.format(),
        "halves": list(halves),
        "table": table,
        "floor_failures": check_floors(table) if "test" in halves else [],
        "latency_ms": latency_summary([r.ms for r in results]),
        "results": [asdict(r) for r in results],
        "followup_results": None if turn_results is None else [asdict(r) for r in turn_results],
    }


def format_dev_report(report: dict) -> str:
    lines = [
        f"Dev set: {report['documents']} documents, model {report['model']}, "
        f"store {report['store']}",
        report["ingest"],
    ]
    k = f"hit@{SEED_K}"
    head = f"{'':22}{'n':>4}{'hit@1':>7}{k:>7}{'MRR':>6}{'accuracy':>10}{'false refusal':>15}"
    head += f"{'refused':>13}"

    def row(label: str, s: dict) -> str:
        refused = f"{round(s['refused'] * s['unanswerable'])}/{s['unanswerable']}"
        if not s["answerable"]:
            return f"{label:22}{0:>4}{'-':>7}{'-':>7}{'-':>6}{'-':>10}{'-':>15}{refused:>13}"
        return (
            f"{label:22}{s['answerable']:>4}{s['hit@1']:>7.2f}{s[k]:>7.2f}{s['mrr']:>6.2f}"
            f"{s['accuracy']:>10.2f}{s['false_refusal']:>15.2f}{refused:>13}"
        )

    names = {"vi": "vi (diacritics)", "vi-loose": "vi (no/partial diac.)", "en": "en"}
    for half, entry in report["table"].items():
        lines += ["", f"== {half.upper()} half: {entry['questions']} questions ==", head]
        for b in BUCKETS:
            lines.append(row(names.get(b, b), entry["by_language"][b]))
        lines.append("per kind:")
        for kind in DEV_KINDS:
            lines.append(row("  " + kind, entry["by_kind"][kind]))
        followups = entry["followups"]
        if followups is None:
            lines.append("follow-ups: not supported by this engine")
        else:
            lines.append(
                f"{'follow-ups':22}{'chains':>7}{'turn 1 acc':>12}{'later turns':>13}"
                f"{'accuracy':>10}{k:>7}"
            )
            for lang in ("vi", "en", "all"):
                f = followups[lang]
                lines.append(
                    f"{'  ' + lang:22}{f['chains']:>7}{f['first_turn_accuracy']:>12.2f}"
                    f"{f['followup_turns']:>13}{f['followup_accuracy']:>10.2f}"
                    f"{f['followup_hit@5']:>7.2f}"
                )
    lat = report["latency_ms"]
    lines += ["", f"Engine.ask, warm: median {lat['median']:.0f} ms, p95 {lat['p95']:.0f} ms"]
    if "test" in report["halves"]:
        failures = report["floor_failures"]
        lines.append(
            "Test-half floors: all held"
            if not failures
            else "Test-half floors missed:\n  " + "\n  ".join(failures)
        )
    misses = [r for r in report["results"] if r["half"] == "tune" and is_miss(r)]
    if misses:
        lines += ["", "Tune-half misses (no hit in top 5, wrong answer, or wrong refusal):"]
        for r in misses:
            what = (
                "answered an unanswerable question"
                if not r["answerable"]
                else f"rank {r['rank']}, found {r['found']}, correct {r['correct']}"
            )
            lines.append(f"  {r['id']} [{r['bucket']} {r['intent']} {','.join(r['kinds'])}] {what}")
    return "\n".join(lines)
