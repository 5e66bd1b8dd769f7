"""Can the multilingual model map an English word the glossary lacks onto the collection's terms?

Glossary ablation on the dev set's TUNE half only: the collection is the tune-half documents
(their paragraphs), its candidate terms assistant.retrieval.term_translation.candidate_terms.
For every glossary entry (categories topic, action, other, time, document) one of whose
Vietnamese spellings is a candidate term, the entry is hidden and its English phrases are
embedded; the nearest candidate terms are compared with the entry's Vietnamese spellings.
Prints, per bar on the best term's CSLS score: the share of English phrases given a term
(answered), precision of the top-1 term (and of "any of the top-3"), and recall.
The test half's documents and questions are never read.

    .venv/bin/python benchmarks/term_translation.py [--limit 600]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from assistant.core.config import load_settings  # noqa: E402
from assistant.core.text import normalize_unicode  # noqa: E402
from assistant.eval.dev import dev_documents  # noqa: E402
from assistant.eval.scoring import DEFAULT_CORPORA, DEFAULT_NOTICES, load_questions  # noqa: E402
from assistant.retrieval.english_terms import reference_phrases  # noqa: E402
from assistant.retrieval.term_translation import TermTranslator  # noqa: E402
from assistant.store import embeddings  # noqa: E402
from assistant.vocab.glossary import Glossary  # noqa: E402

QUESTIONS = REPO / "tests" / "eval" / "dev_questions.jsonl"
CATEGORIES = ("topic", "action", "other", "time", "document")
BARS = (-1.0, 0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08)


def tune_passages() -> list[str]:
    questions = [q for q in load_questions(QUESTIONS) if q["half"] == "tune"]
    documents = dev_documents(questions, DEFAULT_NOTICES, DEFAULT_CORPORA)
    passages = []
    for path in documents.values():
        text = normalize_unicode(path.read_text(encoding="utf-8", errors="replace"))
        passages.extend(line for line in text.splitlines() if line.strip())
    return passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="entries sampled (seeded)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/term-vectors-tune"))
    parser.add_argument("--show", type=int, default=25, help="entries printed")
    args = parser.parse_args()
    settings = load_settings(store=Path("unused"))
    embedder = embeddings.load_embedder(settings.embed_model, settings.embed_batch_size)
    passages = tune_passages()
    glossary = Glossary.load()
    started = time.perf_counter()
    translator = TermTranslator(
        lambda: passages, embedder, reference_phrases(glossary), cache_dir=args.cache
    )
    vectors = translator.vectors()
    print(
        f"{len(passages)} tune-half passages, {len(vectors.terms)} candidate terms, "
        f"embedded or read in {time.perf_counter() - started:.0f} s"
    )
    known = set(vectors.terms)
    entries = [
        e
        for e in glossary.entries
        if e.category in CATEGORIES and any(v.lower() in known for v in e.vietnamese)
    ]
    random.Random(1).shuffle(entries)
    entries = entries[: args.limit]
    rows = []
    started = time.perf_counter()
    for entry in entries:
        wanted = {v.lower() for v in entry.vietnamese}
        top = translator.nearest(entry.english[0], 3)
        overlap = any(top[0].term in w or w in top[0].term for w in wanted)
        rows.append(
            (
                top[0].score,
                top[0].term in wanted,
                any(t.term in wanted for t in top),
                overlap,
                entry.english[0],
                top,
            )
        )
    print(f"{len(rows)} entries, {1000 * (time.perf_counter() - started) / len(rows):.0f} ms each")
    print(
        "prec@1: the best term is one of the entry's spellings; prec@3: one of the best three;"
        " overlap@1: the best term holds or is held by a spelling (a shorter or longer word)"
    )
    print(
        f"{'bar':>6} {'answered':>8} {'prec@1':>7} {'prec@3':>7} {'overlap@1':>9} {'recall@1':>8}"
    )
    for bar in BARS:
        kept = [r for r in rows if r[0] >= bar]
        n = max(len(kept), 1)
        print(
            f"{bar:>6.3f} {len(kept) / len(rows):>8.2f} {sum(r[1] for r in kept) / n:>7.2f} "
            f"{sum(r[2] for r in kept) / n:>7.2f} {sum(r[3] for r in kept) / n:>9.2f} "
            f"{sum(r[1] for r in kept) / len(rows):>8.2f}"
        )
    scores = np.array([r[0] for r in rows])
    print(f"best-term score: median {np.median(scores):.3f}, p80 {np.quantile(scores, 0.8):.3f}")
    for row in rows[: args.show]:
        tops = ", ".join(f"{t.term} {t.score:.3f}" for t in row[5])
        print(f"  {'+' if row[1] else '~' if row[3] else '-'} {row[4]!r}: {tops}")


if __name__ == "__main__":
    main()
