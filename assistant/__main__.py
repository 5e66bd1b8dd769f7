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

    sub.add_parser("eval-assignments", help="precision/recall of the ledger on the seed labels")
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
            from assistant.ledger_eval import format_report, run_seed_eval

            print(format_report(run_seed_eval(Path("data/notices"))))
            return 0
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


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
