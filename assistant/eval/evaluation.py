"""Retrieval and answer quality: `python -m assistant eval FILE|alqac`.

Two measurements, each beside the naive pipeline the design compares against (LangChain's
1000/200 character splitter, MiniLM, Chroma dense top-k):

- the labelled seed set (tests/eval/seed_questions.jsonl, format in tests/eval/README.md): hit@1,
  hit@5, MRR, answer accuracy and refusals, per language, through `Engine.ask`;
- ALQAC 2024 (../shared/corpora/alqac2024): 430 legal questions over 17 laws, scored on whether a
  retrieved chunk lies inside a gold article (hit@1, hit@10, MRR@10), also beside BM25 alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer.user_state import UserState, database_path
from assistant.core.config import load_settings
from assistant.eval.alqac import DEFAULT_ALQAC, format_alqac_report, run_alqac
from assistant.eval.dev import (
    HALVES,
    default_followups,
    format_dev_report,
    is_dev_set,
    run_dev_eval,
)
from assistant.eval.scoring import DEFAULT_CORPORA, DEFAULT_NOTICES
from assistant.eval.seed import format_seed_report, run_seed_eval
from assistant.retrieval.query import analyze

# --- command line -------------------------------------------------------------------------------


def feedback_review(store: Path) -> list[dict]:
    """The 👎 answers saved in <store>/user.db as a review list in the dev-set format: the
    standalone question (a follow-up as the engine understood it), its language and intent,
    and for the reviewer the answer given, the comment and the cited passages (file, number,
    passage). gold and expected are left for the reviewer to fill before the row joins a set."""
    if not database_path(store).exists():
        return []
    rows = []
    for i, item in enumerate(UserState(store).negative_feedback(), start=1):
        answer = item["answer"]
        analysis = analyze(item["resolved"])
        rows.append(
            {
                "id": f"fb{i:03d}",
                "question": item["resolved"],
                "lang": analysis.language,
                "intent": analysis.intent,
                "answerable": answer.found,
                "gold": [],
                "expected": [],
                "note": f"👎 {item['comment']}".strip(),
                "review": {
                    "typed": item["question"],
                    "answer": answer.answer,
                    "found": answer.found,
                    "cited": [
                        {
                            "n": c.n,
                            "file": Path(c.source).name,
                            "number": c.number,
                            "section": c.section,
                            "passage": c.text,
                        }
                        for c in answer.citations
                    ],
                },
            }
        )
    return rows


def main(args) -> int:
    """`python -m assistant eval FILE|alqac [--notices DIR] [--no-baseline] [--json] [--limit N]`
    or `python -m assistant eval --feedback [--store DIR]`; for the dev set also
    [--followups FILE] [--corpora DIR] [--half tune|test|both] [--check-floors] (exit 1 when
    the test half misses a floor)."""
    import sys

    if getattr(args, "feedback", False):
        rows = feedback_review(load_settings(store=args.store).store)
        for row in rows:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        print(f"{len(rows)} answers marked 👎 to review", file=sys.stderr)
        return 0

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    half = getattr(args, "half", "both")
    if str(args.file) != "alqac" and is_dev_set(args.file):
        report = run_dev_eval(
            args.file,
            getattr(args, "followups", None) or default_followups(args.file),
            args.notices or DEFAULT_NOTICES,
            getattr(args, "corpora", None) or DEFAULT_CORPORA,
            halves=HALVES if half == "both" else (half,),
            limit=args.limit,
            progress=progress,
        )
        print(
            json.dumps(report, ensure_ascii=False, indent=1)
            if args.json
            else format_dev_report(report)
        )
        if getattr(args, "check_floors", False):
            if half == "tune":
                progress("--check-floors needs the test half (--half test or both)")
                return 2
            return 1 if report["floor_failures"] else 0
        return 0
    if str(args.file) == "alqac":
        report = run_alqac(
            args.notices or DEFAULT_ALQAC,
            baseline=not args.no_baseline,
            limit=args.limit,
            progress=progress,
        )
        report_text = format_alqac_report
    else:
        report = run_seed_eval(
            args.file,
            args.notices or DEFAULT_NOTICES,
            baseline=not args.no_baseline,
            limit=args.limit,
        )
        report_text = format_seed_report
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(report_text(report))
    return 0
