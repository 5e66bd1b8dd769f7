"""What every evaluation shares: where the data lives, the labelled-question format, and the
metric primitives (a hit is a retrieved passage inside a gold span of a gold file)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from assistant.core.errors import EvaluationDataMissing
from assistant.core.text import normalize_unicode

REPO = Path(__file__).resolve().parents[2]
DEFAULT_NOTICES = REPO / "data" / "notices"
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"


# --- metric primitives ------------------------------------------------------------------------


def normalize_for_match(text: str) -> str:
    """One form for comparing labels with passages: NFC + one tone convention, whitespace runs
    collapsed, lowercase (tests/eval/README.md, "Normalization")."""
    return " ".join(normalize_unicode(text or "").split()).lower()


def same_file(source: str, gold_file: str) -> bool:
    """A gold `file` is a bare name (seed notices) or a path relative to the corpora folder
    (congbao/...): the source matches when it ends with those path parts."""
    want = Path(gold_file).parts
    return Path(source).parts[-len(want) :] == want


def is_hit(source: str, passage: str, gold: Iterable[dict]) -> bool:
    """A passage is a hit when it comes from a gold file and holds that entry's marker."""
    text = normalize_for_match(passage)
    return any(
        same_file(source, entry["file"]) and normalize_for_match(entry["marker"]) in text
        for entry in gold
    )


def first_hit_rank(passages: Sequence[tuple[str, str]], gold: Iterable[dict]) -> int | None:
    """1-based rank of the first (source, passage) that is a hit, None when none is."""
    gold = list(gold)
    for rank, (source, text) in enumerate(passages, start=1):
        if is_hit(source, text, gold):
            return rank
    return None


def answer_is_correct(found: bool, answer: str, expected: Iterable[str]) -> bool:
    """A found answer that contains every expected string (normalized)."""
    text = normalize_for_match(answer)
    return found and all(normalize_for_match(e) in text for e in expected)


def ranking_scores(ranks: Sequence[int | None], ks: Sequence[int]) -> dict[str, float]:
    """hit@k for each k and MRR (0 for a question whose list holds no hit)."""
    n = len(ranks)
    scores = {f"hit@{k}": share(sum(1 for r in ranks if r is not None and r <= k), n) for k in ks}
    scores["mrr"] = sum(1 / r for r in ranks if r) / n if n else 0.0
    return scores


def latency_summary(milliseconds: Sequence[float]) -> dict[str, float]:
    if not milliseconds:
        return {"n": 0, "median": 0.0, "p95": 0.0}
    values = np.asarray(milliseconds, dtype=float)
    return {
        "n": len(values),
        "median": round(float(np.median(values)), 1),
        "p95": round(float(np.percentile(values, 95)), 1),
    }


def share(count: int, total: int) -> float:
    return count / total if total else 0.0


def load_questions(path: Path) -> list[dict]:
    if not path.is_file():
        raise EvaluationDataMissing(str(path), "a JSONL file of labelled questions")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
