"""Dense retrieval alone for Vietnamese questions typed without or with only some accents: the
question embedded as typed, with the accents the collection restores (the lexical index's
restore_accents), and both (each passage's better similarity). Dev set, one half.

    python benchmarks/dense_accents.py [--store DIR] [--half tune]

Prints hit@1 / hit@5 of each reading for the accent-free and the partly accented questions
(the seed set's hit rule: a passage of a gold file holding its marker). Opens the cached dev
store read-only (default: the newest ~/.cache/notice-assistant/dev-*/store).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.eval.scoring import is_hit, load_questions  # noqa: E402
from benchmarks.restore_accents import QUESTIONS, dev_engine_from_cli  # noqa: E402

POOL = 20


def ranks(engine, text: str, gold: list[dict]) -> dict[str, float]:
    """chunk_id -> (similarity, whether the passage is a hit), of the dense pool."""
    vector = engine.retriever.embedder.embed_query(text)
    documents = engine.retriever.snapshot().documents
    return {
        chunk.chunk_id: (sim, is_hit(documents[chunk.doc_id].source, chunk.text, gold))
        for chunk, sim in engine.retriever.store.dense_query(vector, POOL, None)
        if chunk.doc_id in documents
    }


def first_hit(scored: dict) -> int | None:
    ordered = sorted(scored.values(), key=lambda v: -v[0])
    return next((i for i, (_, hit) in enumerate(ordered, 1) if hit), None)


def main() -> int:
    engine, lexical, args = dev_engine_from_cli(__doc__.splitlines()[0])
    followups = QUESTIONS.with_name("dev_followups.jsonl")
    items = [
        q
        for path in (QUESTIONS, followups)
        for q in load_questions(path)
        if q["half"] == args.half and q["lang"] == "vi" and q["answerable"]
    ]
    for kind in ("no_diacritics", "partial_diacritics"):
        group = [q for q in items if kind in q.get("kinds", ())]
        tally = {"typed": [0, 0], "restored": [0, 0], "both": [0, 0]}
        for q in group:
            typed = ranks(engine, q["question"], q["gold"])
            restored = ranks(engine, lexical.restore_accents(q["question"]), q["gold"])
            both = dict(typed)
            for key, value in restored.items():
                both[key] = max(both.get(key, value), value)
            for name, scored in (("typed", typed), ("restored", restored), ("both", both)):
                rank = first_hit(scored)
                tally[name][0] += rank == 1
                tally[name][1] += rank is not None and rank <= 5
        for name, (h1, h5) in tally.items():
            n = max(len(group), 1)
            print(f"{kind:20} {name:9} n={len(group)} hit@1 {h1 / n:.2f} hit@5 {h5 / n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
