"""Calibrate accent restoration (assistant.text.restore_accents) on the dev set's TUNE half.

    python benchmarks/restore_accents.py [--store DIR] [--half tune]

Takes the half's Vietnamese questions typed with accents, strips the accents (and, for the
partly accented case, every other syllable's), restores them against the dev store's lexical
index and prints the share of stripped syllables restored to what was typed, for each
unigram weight (the pair weight stays 1). Opens the cached dev store read-only (default: the
newest ~/.cache/notice-assistant/dev-*/store).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core import text as text_module  # noqa: E402
from assistant.core.config import load_settings  # noqa: E402
from assistant.core.text import has_diacritics, strip_diacritics, syllables  # noqa: E402
from assistant.eval.cache import CACHE_ROOT  # noqa: E402
from assistant.eval.scoring import load_questions  # noqa: E402

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "eval" / "dev_questions.jsonl"
UNIGRAM_WEIGHTS = (0.0, 0.1, 0.3, 0.5, 1.0, 2.0)


def newest_store() -> Path:
    stores = sorted(CACHE_ROOT.glob("dev-*/store"), key=lambda p: p.stat().st_mtime)
    if not stores:
        raise SystemExit("no dev store: run `python -m assistant eval <the dev questions>`")
    return stores[-1]


def dev_engine_from_cli(description: str):
    """(engine, its lexical index, args) for a tuning script: `--store` (default: the newest
    cached dev store) and `--half` (default tune) parsed from the command line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--half", default="tune", choices=["tune", "test"])
    args = parser.parse_args()
    from assistant.engine import Engine
    from assistant.store.embeddings import load_embedder

    settings = load_settings(store=args.store or newest_store())
    engine = Engine(settings, embedder=load_embedder(settings.embed_model))
    return engine, engine.retriever.snapshot().lexical, args


def stripped(question: str, every: int) -> str:
    """Accents removed from every syllable (every=1) or every other one (every=2)."""
    words = question.split(" ")
    return " ".join(strip_diacritics(w) if i % every == 0 else w for i, w in enumerate(words))


def main() -> int:
    _, lexical, args = dev_engine_from_cli(__doc__.splitlines()[0])
    questions = [
        q["question"]
        for q in load_questions(QUESTIONS)
        if q["half"] == args.half
        and q["lang"] == "vi"
        and not {"no_diacritics", "partial_diacritics"} & set(q.get("kinds", ()))
    ]
    for weight in UNIGRAM_WEIGHTS:
        text_module.UNIGRAM_WEIGHT = weight
        lexical._forms = None
        for every in (1, 2):
            right = total = 0
            for question in questions:
                typed = stripped(question, every)
                restored = lexical.restore_accents(typed)
                for was, got, original in zip(
                    syllables(typed), syllables(restored), syllables(question), strict=False
                ):
                    if has_diacritics(original) and not has_diacritics(was):
                        total += 1
                        right += got == original
            label = "all stripped" if every == 1 else "every other stripped"
            print(f"unigram {weight:<4} {label:22} {right}/{total} = {right / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
