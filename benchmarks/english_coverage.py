"""How much of the dev set's English wording the glossary can map to Vietnamese.

Per half of tests/eval/dev_questions.jsonl (and the English turns of dev_followups.jsonl): the
share of English questions holding a content word no glossary phrase covers (such a word weakens
lexical retrieval and the coverage-based found decision), and the share with no glossary concept
at all. --words lists the unmapped words, for the tune half only: the test half's wording is
never read to choose glossary entries.

    .venv/bin/python benchmarks/english_coverage.py [--words]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.retrieval.query import analyze  # noqa: E402
from assistant.vocab.glossary import Glossary  # noqa: E402

FILES = [REPO / "tests/eval/dev_questions.jsonl", REPO / "tests/eval/dev_followups.jsonl"]


def english_questions(half: str) -> list[str]:
    questions = []
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            if item.get("half") == half and item.get("lang") == "en":
                questions.append(item["question"])
    return questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", action="store_true", help="unmapped words (tune half only)")
    args = parser.parse_args()
    glossary = Glossary.load()
    print(f"glossary: {len(glossary)} entries")
    print(f"{'half':6} {'n':>4} {'with unmapped word':>19} {'no concept':>11} {'unmapped/q':>11}")
    for half in ("tune", "test"):
        questions = english_questions(half)
        unmapped = Counter()
        holding = no_concept = words = 0
        for question in questions:
            analysis = analyze(question, glossary)
            missing = glossary.unmatched_english(analysis.text)
            groups = glossary.match_english_groups(analysis.text)
            holding += bool(missing)
            no_concept += not groups
            words += len(missing)
            if half == "tune":
                unmapped.update(missing)
        n = len(questions) or 1
        print(
            f"{half:6} {len(questions):>4} {holding / n:>19.2f} {no_concept / n:>11.2f} "
            f"{words / n:>11.2f}"
        )
        if args.words and half == "tune":
            print(
                "  tune-half unmapped words: "
                + ", ".join(f"{w}×{c}" if c > 1 else w for w, c in unmapped.most_common())
            )


if __name__ == "__main__":
    main()
