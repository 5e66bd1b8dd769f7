"""Calibrate the retrieval weights and the found/not-found bar on the dev set's TUNE half.

    python benchmarks/calibrate.py [--half tune] [--json]

Opens (or builds) the cached dev-set store that `python -m assistant eval
tests/eval/dev_questions.jsonl` uses, then for the chosen half:
1. sweeps the dense weight of the hybrid fusion per question language and prints hit@1 / hit@5 /
   MRR for each value (the lexical weight stays 1);
2. with the current weights, records each question's found signals (assistant/answer/found.py:
   dense cosine and margin, coverage, answer type, rare terms missing, agreement), fits the
   found model's logistic coefficients on them (answerable vs. not), chooses the operating
   point on leave-one-document-out predictions (false refusals <= FALSE_REFUSAL_BUDGET), and
   prints the coefficients, the threshold and false refusals / unanswerable refused: in-sample,
   cross-validated, and with the constants found.py holds now.
Tune on the tune half only; the test half is the figure `python -m assistant eval` reports.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.answer import found as found_bar  # noqa: E402
from assistant.answer.fields import asks_effect  # noqa: E402
from assistant.core.config import load_settings  # noqa: E402
from assistant.engine import Engine  # noqa: E402
from assistant.eval.dev import bucket, dev_documents, dev_engine  # noqa: E402
from assistant.eval.scoring import DEFAULT_CORPORA, DEFAULT_NOTICES, first_hit_rank, load_questions  # noqa: E402
from assistant.retrieval import search as retrieval  # noqa: E402
from assistant.retrieval.lexical_query import lexical_query  # noqa: E402
from assistant.store import embeddings  # noqa: E402
from assistant.vocab import glossary as glossary_module  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402

RESIDUAL_WEIGHTS = (0.0, 0.5, 1.0, 1.5)
DENSE_WEIGHTS = (0.2, 0.5, 1.0)
# The found round's blind tune questions (d560-d590) check that a refit transfers: they are
# left out of the fit (--holdout-from "" fits on them too).
HOLDOUT_FROM = "d560"
QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "eval" / "dev_questions.jsonl"
SEED_QUESTIONS = QUESTIONS.with_name("seed_questions.jsonl")


def open_engine(questions: list[dict]) -> Engine:
    """The engine over the dev set's cached store, the one the eval command uses."""
    documents = dev_documents(questions, DEFAULT_NOTICES, DEFAULT_CORPORA)
    engine, _, _ = dev_engine(documents, say=lambda message: print(message, file=sys.stderr))
    return engine


def ranking(engine: Engine, items: list[dict]) -> dict[str, float]:
    ranks = []
    for item in items:
        _, hits = engine.retrieve(item["question"], k=5)
        ranks.append(first_hit_rank([(h.doc.source, h.chunk.text) for h in hits], item["gold"]))
    n = max(len(ranks), 1)
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@5": sum(r is not None for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def sweep_dense(engine: Engine, items: list[dict]) -> list[dict]:
    """Each (residual weight, dense weight) setting, per bucket."""
    rows = []
    for residual, dense in itertools.product(RESIDUAL_WEIGHTS, DENSE_WEIGHTS):
        for name in ("vi", "vi-loose", "en"):
            subset = [q for q in items if bucket(q) == name and q["answerable"]]
            key = "en" if name == "en" else "vi"
            saved = dict(retrieval.DENSE_WEIGHTS), dict(retrieval.RESIDUAL_WEIGHTS)
            retrieval.DENSE_WEIGHTS[key] = dense
            retrieval.RESIDUAL_WEIGHTS[key] = residual
            try:
                scores = ranking(engine, subset)
            finally:
                retrieval.DENSE_WEIGHTS.update(saved[0])
                retrieval.RESIDUAL_WEIGHTS.update(saved[1])
            row = {"bucket": name, "n": len(subset), "residual": residual, "dense": dense}
            rows.append({**row, **scores})
            print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def sweep_english(engine: Engine, items: list[dict]) -> list[dict]:
    """English only: lexical weight x dense weight."""
    subset = [q for q in items if bucket(q) == "en" and q["answerable"]]
    rows = []
    for lexical, dense in itertools.product((1.0, 0.5, 0.25), (0.5, 1.0, 2.0)):
        saved = dict(retrieval.DENSE_WEIGHTS), dict(retrieval.LEXICAL_WEIGHTS)
        retrieval.DENSE_WEIGHTS["en"], retrieval.LEXICAL_WEIGHTS["en"] = dense, lexical
        try:
            scores = ranking(engine, subset)
        finally:
            retrieval.DENSE_WEIGHTS.update(saved[0])
            retrieval.LEXICAL_WEIGHTS.update(saved[1])
        rows.append({"n": len(subset), "lexical": lexical, "dense": dense, **scores})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def seed_features(path: Path = SEED_QUESTIONS) -> list[dict]:
    """The found signals of the seed set's questions (83, 10 unanswerable) over the three seed
    notices, ingested into a temporary store as the seed eval does; their groups are prefixed
    "seed:" so cross-validation holds each seed notice out on its own."""
    with tempfile.TemporaryDirectory(prefix="calibrate-seed-") as tmp:
        settings = load_settings(store=Path(tmp) / "store")
        embedder = embeddings.load_embedder(settings.embed_model, settings.embed_batch_size)
        Ingestor(settings, embedder).run([DEFAULT_NOTICES])
        engine = Engine(settings, embedder=embedder)
        rows = features(engine, load_questions(path))
    for row in rows:
        row["group"] = "seed:" + row["group"]
        row["bucket"] = "seed-" + row["bucket"]
    return rows


def dropped_features(
    engine: Engine, items: list[dict], drop: float, seeds: list[int]
) -> list[dict]:
    """The English questions' signals again with a seeded share of the glossary left out per
    seed (benchmarks/english_unseen.py's stand-in for wording the glossary never saw, no
    test-half text read): the coverage an English question reaches over an unseen notice is
    that of these rows, not of the whole glossary grown on the tune half. Marked "dropped"."""
    english = [q for q in items if bucket(q) == "en"]
    full = glossary_module.Glossary.load()
    original = glossary_module.Glossary.load
    rows = []
    try:
        for seed in seeds:
            rng = random.Random(seed)  # as benchmarks/english_unseen.py ablated()
            current = glossary_module.Glossary(e for e in full.entries if rng.random() >= drop)
            glossary_module.Glossary.load = classmethod(lambda cls, path=None, g=current: g)
            for row in features(engine, english):
                rows.append({**row, "bucket": "en-dropped", "seed": seed})
    finally:
        glossary_module.Glossary.load = original
    return rows


def route_of(analysis) -> str:
    """Which answer path Engine.ask takes (answer/route.py): "" for the general one, which the
    found model decides; a signer, number, date, person or effect question is decided by its
    own path, whatever the model says."""
    if analysis.asks in ("signer", "number", "date", "person"):
        return analysis.asks
    if analysis.intent == "when" and asks_effect(analysis.text):
        return "effect"
    return ""


def features(engine: Engine, items: list[dict]) -> list[dict]:
    """Per question: the found decision's signals of its retrieved passages (as Engine.ask
    reads them), whether it is answerable, and its document group for cross-validation (the
    gold notice; for an unanswerable question, the notice of its best passage: the one it
    would be answered from)."""
    rows = []
    snapshot = engine.retriever.snapshot()
    for item in items:
        analysis, hits = engine.retrieve(item["question"], k=5)
        sig = found_bar.signals(
            hits,
            analysis.language,
            lexical_query(analysis),
            snapshot.lexical.weight,
            engine.retriever.passage_text,
            quoted=found_bar.quoted_of(analysis, snapshot.lexical, lexical_query(analysis)),
            affirm=found_bar.affirm_of(
                analysis, snapshot.lexical, lexical_query(analysis), engine.retriever.passage_text
            )
            if found_bar.AFFIRMED_COVERAGE
            else None,
        )
        gold = [g["file"] for g in item["gold"]]
        group = gold[0] if gold else (hits[0].doc.source if hits else item["id"])
        rows.append(
            {
                "id": item["id"],
                "bucket": bucket(item),
                "intent": item["intent"],
                "answerable": item["answerable"],
                "group": Path(group).name,
                "signals": sig.vector(),
                "rank": first_hit_rank([(h.doc.source, h.chunk.text) for h in hits], item["gold"]),
                "route": route_of(analysis),
            }
        )
    return rows


# L2 penalty of the logistic fit on standardized signals: with ~200 questions and ~25
# unanswerable ones, 1.0 keeps a coefficient from chasing a handful of questions (leave-one-
# document-out log-loss was flat between 0.3 and 3 on the tune half).
L2 = 1.0
# The false-refusal rate the operating point may cost on the tune half's out-of-fold predictions,
# per question language: the floor, 5%.
FALSE_REFUSAL_BUDGET = 0.05


# The direction each signal may push the decision: more evidence may only make "found" more
# likely (a higher cosine or margin, more coverage, the answer type held, the two rankings
# agreeing), rare terms missing only less; the language is free. A coefficient the fit gives
# the other sign is fitting an accident of the tune half's questions (its unanswerable ones are
# written about specific notices, so their cosines run high): it is set to 0 and the rest refit.
SIGNS = {
    "dense": 1,
    "dense_margin": 1,
    "coverage": 1,
    "answers": 0,  # constant among the questions the model decides: no coefficient
    "rare_missing": -1,
    "agree": 1,
    "english": 0,
    "named": 1,
    "quoted": 1,
    "quoted_missing": -1,
}


def fit_signed(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """(weights, bias) of the logistic fit with each coefficient held to its SIGNS direction:
    wrong-signed signals are dropped one at a time, the most wrong first, and the rest refit."""
    signs = np.array([SIGNS[name] for name in found_bar.SIGNAL_NAMES])
    kept = np.array([name != "answers" for name in found_bar.SIGNAL_NAMES])
    while True:
        weights = np.zeros(x.shape[1])
        if not kept.any():
            return weights, float(np.log(y.mean() / (1 - y.mean())))
        fitted, bias = fit_logistic(x[:, kept], y, l2)
        weights[kept] = fitted
        wrong = weights * signs < 0
        if not wrong.any():
            return weights, bias
        scaled = np.where(wrong, -weights * signs * x.std(axis=0), -np.inf)
        kept[int(np.argmax(scaled))] = False


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """(weights, bias) in raw signal units: Newton's method on standardized signals."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = (x - mean) / std
    a = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ w)))
        grad = a.T @ (p - y) + penalty * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / std
    bias = w[-1] - float((w[:-1] * mean / std).sum())
    return weights, bias


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


ANSWERS = found_bar.SIGNAL_NAMES.index("answers")


ENGLISH = found_bar.SIGNAL_NAMES.index("english")


def decisions(rows: list[dict], probabilities: np.ndarray, threshold) -> np.ndarray:
    """The engine's decision: a passage holds the answer type and the model says found.
    threshold: one bar, or one per language ({"vi": .., "en": ..})."""
    answers = np.array([r["signals"][ANSWERS] for r in rows])
    if isinstance(threshold, dict):
        threshold = np.array(
            [threshold["en" if r["signals"][ENGLISH] else "vi"] for r in rows], dtype=float
        )
    return (answers > 0) & (probabilities >= threshold)


def rates(rows: list[dict], found: np.ndarray) -> dict:
    y = np.array([r["answerable"] for r in rows])
    return {
        "false_refusal": round(float((~found[y]).mean()), 3) if y.any() else 0.0,
        "unanswerable_refused": round(float((~found[~y]).mean()), 3) if (~y).any() else 0.0,
        "answerable": int(y.sum()),
        "unanswerable": int((~y).sum()),
    }


def operating_points(
    rows: list[dict], probabilities: np.ndarray, fitted: np.ndarray
) -> dict[str, float]:
    """Per question language: the highest threshold whose false refusals among that language's
    dev-set questions stay within FALSE_REFUSAL_BUDGET (out-of-fold `probabilities`), raised
    (when it must be) until the fitted model refuses every unanswerable seed question the
    answer-type check lets through: the seed set must not regress."""
    points = {}
    for language in ("vi", "en"):
        mine = [i for i, r in enumerate(rows) if bool(r["signals"][ENGLISH]) == (language == "en")]
        dev = [i for i in mine if not rows[i]["group"].startswith("seed:")]
        point = operating_point([rows[i] for i in dev], probabilities[dev])
        seed_unanswerable = [
            fitted[i]
            for i in mine
            if rows[i]["group"].startswith("seed:")
            and not rows[i]["answerable"]
            and rows[i]["signals"][ANSWERS] > 0
            and not rows[i].get("route")  # decided by the model, not a path of its own
        ]
        if seed_unanswerable:
            point = max(point, math.floor(max(seed_unanswerable) * 100 + 1) / 100)
        points[language] = round(point, 2)
    return points


def operating_point(rows: list[dict], probabilities: np.ndarray) -> float:
    """The highest threshold whose false refusals stay within FALSE_REFUSAL_BUDGET."""
    best = 0.0
    for threshold in np.arange(0.05, 0.96, 0.01):
        false_refusal = rates(rows, decisions(rows, probabilities, threshold))["false_refusal"]
        if false_refusal <= FALSE_REFUSAL_BUDGET + 1e-9:
            best = float(threshold)
    return round(best, 2)


def leave_one_document_out(rows: list[dict], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Out-of-fold probabilities: each document's questions scored by a model fitted on the
    other documents' questions."""
    groups = np.array([r["group"] for r in rows])
    out = np.zeros(len(rows))
    for group in sorted(set(groups)):
        held = groups == group
        if y[~held].all() or not y[~held].any():
            out[held] = y[~held].mean()
            continue
        weights, bias = fit_signed(x[~held], y[~held])
        out[held] = predict(x[held], weights, bias)
    return out


def calibrate_found(rows: list[dict], keep_weights: bool = False) -> dict:
    """Fit the found model on the rows, choose its operating point on leave-one-document-out
    predictions, and print the figures: in-sample, cross-validated, the current constants.
    keep_weights: no refit; the operating points are chosen for found.py's weights."""
    # The model decides among the questions some passage of the answer type holds (the rest
    # are refused whatever it says): it is fitted on those.
    held = [r for r in rows if r["signals"][ANSWERS] > 0]
    x = np.array([r["signals"] for r in held], dtype=float)
    y = np.array([r["answerable"] for r in held], dtype=float)
    if keep_weights:
        weights = np.array([found_bar.FOUND_WEIGHTS[n] for n in found_bar.SIGNAL_NAMES])
        bias = found_bar.FOUND_BIAS
        cv_held = predict(x, weights, bias)
    else:
        weights, bias = fit_signed(x, y)
        cv_held = leave_one_document_out(held, x, y)
    cv = np.zeros(len(rows))
    cv[[i for i, r in enumerate(rows) if r["signals"][ANSWERS] > 0]] = cv_held
    x = np.array([r["signals"] for r in rows], dtype=float)
    fitted = predict(x, weights, bias)
    threshold = operating_points(rows, cv, fitted)
    current = np.array(
        [found_bar.probability(found_bar.Signals(*r["signals"])) for r in rows], dtype=float
    )
    report = {
        "weights": {
            n: round(float(w), 3) for n, w in zip(found_bar.SIGNAL_NAMES, weights, strict=True)
        },
        "bias": round(float(bias), 3),
        "threshold": threshold,
        "fit (in-sample)": rates(rows, decisions(rows, fitted, threshold)),
        "leave-one-document-out": rates(rows, decisions(rows, cv, threshold)),
        "current constants": rates(
            rows, decisions(rows, current, dict(found_bar.FOUND_PROBABILITIES))
        ),
    }
    for key, value in report.items():
        print(f"{key}: {json.dumps(value)}")
    for bucket_name in ("vi", "vi-loose", "en", "en-dropped", "seed-vi", "seed-en"):
        subset = [i for i, r in enumerate(rows) if r["bucket"] == bucket_name]
        if subset:
            part = [rows[i] for i in subset]
            found = decisions(part, cv[subset], threshold)
            print(f"  leave-one-document-out {bucket_name}: {json.dumps(rates(part, found))}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="tune", choices=["tune", "test"])
    parser.add_argument(
        "--questions",
        type=Path,
        default=QUESTIONS,
        help="the dev-set file (its documents name the cached store; default: the repo's)",
    )
    parser.add_argument("--skip-dense-sweep", action="store_true")
    parser.add_argument("--english", action="store_true", help="sweep English settings only")
    parser.add_argument("--features", type=Path, help="also write the found signals here")
    parser.add_argument(
        "--with-seed", action="store_true", help="fit on the seed set's questions too"
    )
    parser.add_argument(
        "--english-drop",
        type=float,
        default=0.0,
        help="also fit on the English questions' signals with this share of the glossary left "
        "out (one copy per --drop-seeds seed)",
    )
    parser.add_argument("--drop-seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument(
        "--keep-weights",
        action="store_true",
        help="choose the operating points for found.py's weights instead of refitting them",
    )
    parser.add_argument(
        "--from-features",
        type=Path,
        help="read the signals a previous --features run wrote instead of asking the engine",
    )
    parser.add_argument(
        "--holdout-from",
        default=HOLDOUT_FROM,
        help="leave the questions from this id on out of the fit (written blind to check it)",
    )
    args = parser.parse_args()
    if args.from_features:
        calibrate_found(json.loads(args.from_features.read_text()), args.keep_weights)
        return 0
    questions = load_questions(args.questions)
    engine = open_engine(questions)
    items = [q for q in questions if q["half"] == args.half]
    if args.holdout_from:
        items = [q for q in items if int(q["id"][1:]) < int(args.holdout_from[1:])]
    if args.english:
        sweep_english(engine, items)
        return 0
    if not args.skip_dense_sweep:
        sweep_dense(engine, items)
    rows = features(engine, items)
    if args.english_drop:
        rows += dropped_features(engine, items, args.english_drop, args.drop_seeds)
    if args.with_seed:
        rows += seed_features()
    if args.features:
        args.features.write_text(json.dumps(rows))
    calibrate_found(rows, args.keep_weights)
    return 0


if __name__ == "__main__":
    sys.exit(main())
