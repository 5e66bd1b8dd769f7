"""`python -m assistant ask|assignments|eval|eval-assignments ...`"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.config import load_settings
from assistant.errors import AssistantError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="ask a question ('-' reads one question per line)")
    ask.add_argument("question", help="the question, or - for standard input")
    _store_options(ask)
    ask.add_argument("-k", type=int, help="passages to cite (default: ASSISTANT_TOP_K)")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--doc", action="append", default=[], help="only this document id (prefix)")
    ask.add_argument("--issuer", default="", help="only notices whose issuer contains this")
    ask.add_argument("--type", default="", help="only this document type, e.g. 'Kết luận'")
    ask.add_argument("--since", default="", help="only notices dated on/after (YYYY[-MM[-DD]])")
    ask.add_argument("--until", default="", help="only notices dated on/before")

    ledger = sub.add_parser("assignments", help="the assignment ledger: who must do what")
    _store_options(ledger)
    ledger.add_argument("--assignee", default="", help="lead or supporting body (any spelling)")
    ledger.add_argument("--doc", default="", help="document id (prefix) or number")
    ledger.add_argument("--json", action="store_true")
    ledger.add_argument("--csv", type=Path, help="write the rows to this CSV file")
    ledger.add_argument("--xlsx", type=Path, help="write the rows to this Excel file")

    evaluate = sub.add_parser("eval", help="retrieval and answer quality on a labelled set")
    evaluate.add_argument("file", type=Path, help="questions (.jsonl), or 'alqac'")
    evaluate.add_argument("--notices", type=Path, help="folder the questions are about")
    evaluate.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--limit", type=int, help="only the first N questions")

    ledger_eval = sub.add_parser(
        "eval-assignments",
        help="recall, precision and deadline accuracy of the ledger on hand-labelled notices",
        description="Extract assignments from hand-labelled notices and compare with the labels: "
        "the seed notices, and the tune and test halves of the gazette (congbao) label set. "
        "Exits 1 when the test half is below the floors (recall, precision, deadline ISO "
        "accuracy >= 0.90) or the seeds below 1.00.",
    )
    ledger_eval.add_argument(
        "--seeds",
        type=Path,
        default=Path("tests/fixtures/seed_assignments.json"),
        help="seed labels (default: %(default)s)",
    )
    ledger_eval.add_argument(
        "--seed-notices",
        type=Path,
        default=Path("data/notices"),
        help="folder of the seed notices (default: %(default)s)",
    )
    ledger_eval.add_argument(
        "--labels",
        type=Path,
        default=Path("tests/fixtures/assignments/congbao.json"),
        help="corpus labels split into tune/test halves (default: %(default)s)",
    )
    ledger_eval.add_argument(
        "--corpora",
        type=Path,
        default=Path("../shared/corpora"),
        help="folder the corpus label paths are relative to (default: %(default)s)",
    )
    ledger_eval.add_argument(
        "--seeds-only", action="store_true", help="only the seeds (no corpora on this machine)"
    )
    ledger_eval.add_argument(
        "--show",
        action="append",
        default=[],
        choices=["seeds", "tune", "test"],
        help="list misses, unexpected records and wrong dates of this set",
    )
    ledger_eval.add_argument("--json", action="store_true", help="the figures as one JSON object")
    return parser


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, help="store folder (default: ASSISTANT_STORE)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ask":
            return cmd_ask(args)
        if args.command == "assignments":
            return cmd_assignments(args)
        if args.command == "eval":
            from assistant.evaluation import main as eval_main

            return eval_main(args)
        if args.command == "eval-assignments":
            return cmd_eval_assignments(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


def cmd_eval_assignments(args) -> int:
    from assistant import ledger_eval

    results = {"seeds": ledger_eval.run_seed_eval(args.seed_notices, args.seeds)}
    if not args.seeds_only:
        results.update(ledger_eval.run_split_eval(args.corpora, args.labels))
    failures = ledger_eval.floor_failures(results)
    if args.json:
        details = ("missed", "unexpected", "wrong_deadlines")
        figures = {
            name: {k: v for k, v in result.items() if name in args.show or k not in details}
            for name, result in results.items()
        }
        print(json.dumps({"results": figures, "failures": failures}, ensure_ascii=False))
    else:
        print(ledger_eval.format_summary(results))
        for name in args.show:
            if name in results:
                print(f"\n[{name}]\n" + ledger_eval.format_report(results[name]))
        for failure in failures:
            print(f"below the floor: {failure}")
    return 1 if failures else 0


def cmd_ask(args) -> int:
    from assistant.engine import Engine
    from assistant.retrieval import Filters

    engine = Engine(load_settings(store=args.store))
    filters = Filters(
        doc_ids=args.doc, issuer=args.issuer, doc_type=args.type, since=args.since, until=args.until
    )
    questions = sys.stdin if args.question == "-" else [args.question]
    status = 0
    for line in questions:
        question = line.strip()
        if args.question == "-" and not question:
            continue
        try:
            answer = engine.ask(question, k=args.k, filters=filters)
        except AssistantError as exc:
            # One bad question in a batch is reported in place; the rest still get answers.
            if args.json:
                print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False))
            else:
                print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(render_answer(answer), flush=True)
    return status


def render_answer(answer) -> str:
    from assistant.engine import format_date

    lines = [answer.answer, ""]
    if answer.notice:
        lines.insert(0, f"({answer.notice})")
    heading = "Sources:" if answer.language == "en" else "Nguồn:"
    if not answer.found and answer.citations:
        heading = "Nearest passages:" if answer.language == "en" else "Đoạn gần nhất:"
    if answer.citations:
        lines.append(heading)
    for c in answer.citations:
        meta = " · ".join(
            part
            for part in (
                f"Số {c.number}" if c.number else "",
                format_date(c.date),
                c.issuer,
                c.section,
            )
            if part
        )
        lines.append(f"[{c.n}] {meta or Path(c.source).name}")
        passage = c.text if len(c.text) <= 500 else c.text[:500] + " …"
        lines.append(f"    {passage}")
    return "\n".join(lines).rstrip()


def cmd_assignments(args) -> int:
    from assistant.engine import Engine
    from assistant.ledger import export_csv, export_xlsx, filter_rows, ledger_rows

    engine = Engine(load_settings(store=args.store))
    rows = filter_rows(ledger_rows(engine.assignments()), assignee=args.assignee, doc=args.doc)
    if args.csv:
        export_csv(rows, args.csv)
        print(f"Wrote {len(rows)} rows to {args.csv}", file=sys.stderr)
    if args.xlsx:
        export_xlsx(rows, args.xlsx)
        print(f"Wrote {len(rows)} rows to {args.xlsx}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not (args.csv or args.xlsx):
        for row in rows:
            deadline = f" — hạn: {row['deadline_text']}" if row["deadline_text"] else ""
            support = f" (phối hợp: {', '.join(row['supporters'])})" if row["supporters"] else ""
            print(f"• {', '.join(row['assignees'])}{support}{deadline}")
            print(f"  {row['task']}")
            print(f"  [{row['number'] or row['doc_id'][:8]} · {row['date']} · {row['section']}]")
        print(f"{len(rows)} assignments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
