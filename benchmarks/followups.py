"""Follow-up chains alone: each chain of tests/eval/dev_followups.jsonl asked in one conversation,
on the dev eval's own cached store (the same documents, so the same answers as
`python -m assistant eval tests/eval/dev_questions.jsonl`), without its 600-odd single questions.

    python benchmarks/followups.py [--half tune] [--chains c105-c124] [-v] [--json]

Prints per language the chains, turn-1 accuracy and the accuracy of later turns (the eval's
follow-up table), then with -v every turn: right or wrong, what the engine understood, the
answer's start.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.eval.dev import (  # noqa: E402
    _ask,
    conversation_factory,
    dev_documents,
    dev_engine,
    summarize_dev,
)
from assistant.eval.scoring import DEFAULT_CORPORA, DEFAULT_NOTICES, load_questions  # noqa: E402

EVAL = Path(__file__).resolve().parents[1] / "tests" / "eval"


def chain_range(text: str) -> set[str]:
    """ "c105-c124,c12" -> {"c105", ..., "c124", "c12"}."""
    out: set[str] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        if not last:
            out.add(first)
            continue
        out |= {f"c{n:02d}" for n in range(int(first[1:]), int(last[1:]) + 1)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="tune", choices=["tune", "test"])
    parser.add_argument("--chains", default="", help="e.g. c105-c124 (default: all of the half)")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    questions = load_questions(EVAL / "dev_questions.jsonl")
    turns = load_questions(EVAL / "dev_followups.jsonl")
    # The store of the whole dev set, as the eval builds it (both halves: same cache key).
    documents = dev_documents([*questions, *turns], DEFAULT_NOTICES, DEFAULT_CORPORA)
    engine, _, _ = dev_engine(documents, say=lambda m: print(m, file=sys.stderr))
    wanted = chain_range(args.chains)
    turns = [t for t in turns if t["half"] == args.half and (not wanted or t["chain"] in wanted)]
    make = conversation_factory()
    results, conversation, current = [], None, None
    for turn in turns:
        if turn["chain"] != current:
            conversation, current = make(), turn["chain"]
        results.append(_ask(engine, turn, conversation))
        r = results[-1]
        if args.verbose:
            mark = "ok " if r.correct else "BAD"
            print(f"{mark} {r.id} {r.chain}/{r.turn} {r.lang} rank={r.rank} found={r.found}")
            print(f"      Q: {turn['question']}")
            if r.understood_as:
                print(f"      U: {r.understood_as}")
            print(f"      A: {r.answer[:160]!r}")
            if not r.correct:
                print(f"      expected: {turn['expected']}")
    table = summarize_dev([], results)[args.half]["followups"]
    if args.json:
        print(json.dumps(table, indent=1))
    for lang, f in table.items():
        print(
            f"{lang:4} chains {f['chains']:3}  turn 1 {f['first_turn_accuracy']:.2f}  "
            f"later turns {f['followup_turns']:3} acc {f['followup_accuracy']:.2f} "
            f"hit@5 {f['followup_hit@5']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
