"""`python -m assistant ask|assignments|eval|eval-assignments ...`"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.core.config import load_settings
from assistant.core.errors import AssistantError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="ask a question ('-' reads one question per line)")
    ask.add_argument(
        "question",
        nargs="?",
        default="-",
        help="the question, or - for standard input: one question per line, or JSON lines "
        '{"q": ..., "conversation": ID} where questions sharing an ID are one conversation',
    )
    ask.add_argument(
        "--chat",
        action="store_true",
        help="a conversation: read questions line by line, follow-ups resolved against it",
    )
    _store_options(ask)
    ask.add_argument("-k", type=int, help="passages to cite (default: ASSISTANT_TOP_K)")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--doc", action="append", default=[], help="only this document id (prefix)")
    ask.add_argument("--issuer", default="", help="only notices whose issuer contains this")
    ask.add_argument("--type", default="", help="only this document type, e.g. 'Kết luận'")
    ask.add_argument("--since", default="", help="only notices dated on/after (YYYY[-MM[-DD]])")
    ask.add_argument("--until", default="", help="only notices dated on/before")
    ask.add_argument(
        "--as-of",
        default="",
        help="answer as of this day (YYYY-MM-DD): notices issued by then, in the versions "
        "in force then",
    )

    _ledger_parser(sub)

    evaluate = sub.add_parser("eval", help="retrieval and answer quality on a labelled set")
    evaluate.add_argument("file", type=Path, nargs="?", help="questions (.jsonl), or 'alqac'")
    evaluate.add_argument(
        "--feedback",
        action="store_true",
        help="print the answers users marked 👎 as a review list in the dev-set format (JSONL)",
    )
    _store_options(evaluate)
    evaluate.add_argument("--notices", type=Path, help="folder the questions are about")
    evaluate.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--limit", type=int, help="only the first N questions")
    evaluate.add_argument(
        "--followups", type=Path, help="dev set: follow-up chains (default: dev_followups.jsonl)"
    )
    evaluate.add_argument(
        "--corpora", type=Path, help="dev set: folder the congbao/ paths are relative to"
    )
    evaluate.add_argument(
        "--half", choices=["tune", "test", "both"], default="both", help="dev set: which half"
    )
    evaluate.add_argument(
        "--check-floors",
        action="store_true",
        help="dev set: exit 1 when the test half is below the issue's floors",
    )

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


def _store_options(parser: argparse.ArgumentParser, **extra) -> None:
    parser.add_argument(
        "--store", type=Path, help="store folder (default: ASSISTANT_STORE)", **extra
    )


def _ledger_parser(sub) -> None:
    ledger = sub.add_parser(
        "assignments",
        help="the assignment ledger: who must do what, by when, and how far it got",
        description="List the ledger (a morning check: `assignments --due 7d`), export it, or "
        "record a task's status, note and corrections by the code shown in brackets.",
    )
    _store_options(ledger)
    view = ledger.add_argument_group("which tasks")
    view.add_argument("--overdue", action="store_true", help="deadline passed, not done")
    view.add_argument("--due", metavar="PERIOD", help="due within 7d, 30d, 2w ... (not done)")
    view.add_argument(
        "--body", "--assignee", dest="body", default="", help="lead or supporting body"
    )
    view.add_argument("--doc", default="", help="document number (số hiệu) or id prefix")
    view.add_argument(
        "--status",
        action="append",
        default=[],
        help="todo/doing/done or chưa thực hiện/đang thực hiện/hoàn thành (repeatable)",
    )
    view.add_argument(
        "--all-kinds",
        action="store_true",
        help="also the general-responsibility clauses (hidden by default)",
    )
    view.add_argument("--today", default="", help="count overdue/due from this date (YYYY-MM-DD)")
    out = ledger.add_argument_group("output")
    out.add_argument("--by", choices=["body", "notice"], help="group the listing")
    out.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the output")
    out.add_argument("--json", action="store_true", help="the rows as JSON")
    out.add_argument("--csv", type=Path, help="write the rows to this CSV file")
    out.add_argument("--xlsx", type=Path, help="write tasks + per-body summary to this .xlsx")
    out.add_argument("--docx", type=Path, help="write the per-body report to this .docx")

    actions = ledger.add_subparsers(dest="action", metavar="ACTION")
    status = actions.add_parser("set-status", help="set a task's status")
    status.add_argument("code", help="the task's code, shown in brackets by the listing")
    status.add_argument("status", help="chưa thực hiện | đang thực hiện | hoàn thành (todo...)")
    note = actions.add_parser("note", help="set a task's note ('' clears it)")
    note.add_argument("code")
    note.add_argument("text")
    correct = actions.add_parser("correct", help="correct a task's lead body or deadline")
    correct.add_argument("code")
    correct.add_argument("--assignee", help="the lead body(ies), ';' between several")
    correct.add_argument("--deadline", help="DD/MM/YYYY or YYYY-MM-DD")
    correct.add_argument("--clear-assignee", action="store_true", help="back to the notice's")
    correct.add_argument("--clear-deadline", action="store_true", help="back to the notice's")
    for action in (status, note, correct):
        _store_options(action, default=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ask":
            return cmd_ask(args)
        if args.command == "assignments":
            return cmd_assignments(args)
        if args.command == "eval":
            from assistant.eval.evaluation import main as eval_main

            if args.file is None and not args.feedback:
                print("error: give a questions file, 'alqac', or --feedback", file=sys.stderr)
                return 2
            return eval_main(args)
        if args.command == "eval-assignments":
            return cmd_eval_assignments(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


def cmd_eval_assignments(args) -> int:
    from assistant.eval import ledger as ledger_eval

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
    from assistant.answer.conversation import Conversation
    from assistant.engine import Engine
    from assistant.retrieval.search import Filters

    engine = Engine(load_settings(store=args.store))
    from assistant.engine import check_date

    filters = Filters(
        doc_ids=args.doc,
        issuer=args.issuer,
        doc_type=args.type,
        since=args.since,
        until=args.until,
        as_of=check_date(args.as_of) if args.as_of else "",
    )
    if args.chat:
        return _chat(engine, filters, args)
    questions = sys.stdin if args.question == "-" else [args.question]
    conversations: dict[str, Conversation] = {}
    status = 0
    for line in questions:
        question, conversation_id = line.strip(), None
        if args.question == "-" and not question:
            continue
        if args.question == "-" and question.startswith("{"):
            question, conversation_id, error = _json_question(question)
            if error:
                print(json.dumps({"error": error}, ensure_ascii=False), flush=True)
                status = 1
                continue
        conversation = None
        if conversation_id is not None:
            conversation = conversations.setdefault(
                conversation_id, Conversation(id=conversation_id)
            )
        try:
            answer = engine.ask(question, k=args.k, filters=filters, conversation=conversation)
        except AssistantError as exc:
            # One bad question in a batch is reported in place; the rest still get answers.
            if args.json:
                error = {"question": question, "error": str(exc)}
                print(json.dumps(error, ensure_ascii=False), flush=True)
            else:
                print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            data = answer.to_dict()
            if conversation_id is not None:
                data["conversation"] = conversation_id
            print(json.dumps(data, ensure_ascii=False), flush=True)
        else:
            print(render_answer(answer), flush=True)
    return status


def _json_question(line: str) -> tuple[str, str | None, str]:
    """(question, conversation id, error) from a {"q": ..., "conversation": ...} line."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return "", None, f'not a JSON object ({exc.msg}): write {{"q": "..."}} per line'
    if not isinstance(data, dict) or not isinstance(data.get("q"), str):
        return "", None, 'a JSON line needs "q" (the question as a string)'
    conversation = data.get("conversation")
    return data["q"], None if conversation is None else str(conversation), ""


def _chat(engine, filters, args) -> int:
    """A conversation on the terminal: one question per line, empty line or EOF ends it."""
    from assistant.answer.conversation import Conversation
    from assistant.core.i18n import error_message

    conversation = Conversation()
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        try:
            answer = engine.ask(question, k=args.k, filters=filters, conversation=conversation)
        except AssistantError as exc:
            print(f"error: {error_message(exc, 'en')}", file=sys.stderr)
            continue
        if args.json:
            data = dict(answer.to_dict(), conversation=conversation.id)
            print(json.dumps(data, ensure_ascii=False), flush=True)
        else:
            print(render_answer(answer) + "\n", flush=True)
    return 0


def render_answer(answer) -> str:
    from assistant.core.i18n import text
    from assistant.engine import format_date

    lines = [answer.answer, ""]
    if answer.notice:
        lines.insert(0, f"({answer.notice})")
    if getattr(answer, "understood_as", None):
        lines.insert(0, text("understood_as", answer.language, question=answer.understood_as))
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
                _version_mark(c, answer.language),
            )
            if part
        )
        lines.append(f"[{c.n}] {meta or Path(c.source).name}")
        passage = c.text if len(c.text) <= 500 else c.text[:500] + " …"
        lines.append(f"    {passage}")
    return "\n".join(lines).rstrip()


def _version_mark(citation, language: str) -> str:
    """A source that is not in force says so in the list, next to its number and date."""
    from assistant.core.i18n import text

    status = getattr(citation, "version_status", "")
    if status not in ("replaced", "repealed", "amended"):
        return ""
    mark = text(f"status_{status}", language).upper()
    if citation.replaced_by and status != "amended":
        by = "by" if language == "en" else "bởi"
        mark = f"{mark} {by} {citation.replaced_by}"
    return mark


def cmd_assignments(args) -> int:
    from assistant.core.errors import LedgerInputError
    from assistant.ledger import views as ledger
    from assistant.ledger.state import find_task

    settings = load_settings(store=args.store)
    state, records = ledger.open_ledger(settings)
    lang = args.lang
    if args.action:
        record = find_task(records, args.code)
        if args.action == "set-status":
            state.update(record, status=args.status)
        elif args.action == "note":
            state.update(record, note=args.text)
        else:
            if not (args.assignee or args.deadline or args.clear_assignee or args.clear_deadline):
                raise LedgerInputError(
                    "Nothing to correct: give --assignee, --deadline, --clear-assignee or "
                    "--clear-deadline."
                )
            state.update(
                record,
                assignee=args.assignee,
                deadline=args.deadline,
                clear_assignee=args.clear_assignee,
                clear_deadline=args.clear_deadline,
            )
        position = next(i for i, r in enumerate(records) if r is record)
        row = ledger.ledger_rows(state.attach(records))[position]
        print(_task_lines(row, lang, args.today or _today())[0])
        return 0

    today = args.today or _today()
    view = ledger.View(
        overdue=args.overdue,
        due_days=ledger.parse_due(args.due) if args.due else None,
        body=args.body,
        doc=args.doc,
        statuses=args.status,
        include_general=args.all_kinds,
        today=today,
    )
    rows = ledger.select(ledger.ledger_rows(records), view)
    for path, export in (
        (args.csv, ledger.export_csv),
        (args.xlsx, ledger.export_xlsx),
        (args.docx, ledger.export_docx),
    ):
        if path:
            export(rows, path, lang, today)
            print(f"Wrote {len(rows)} rows to {path}", file=sys.stderr)
    if args.json:
        public = [{k: v for k, v in row.items() if k != "section_path"} for row in rows]
        print(json.dumps(public, ensure_ascii=False, indent=1))
    elif not (args.csv or args.xlsx or args.docx):
        print(format_ledger(rows, lang, today, args.by))
    return 0


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


def _task_lines(row: dict, lang: str, today: str) -> list[str]:
    from assistant.ledger import views as ledger

    en = lang == "en"
    flags = [ledger.status_label(row["status"], lang)]
    if row["deadline"]:
        flags.insert(0, ("due " if en else "hạn ") + ledger.format_date(row["deadline"], lang))
    if ledger.is_overdue(row, today):
        flags.insert(0, "OVERDUE" if en else "QUÁ HẠN")
    lead = "; ".join(row["assignees"]) or ledger.text("no_lead", lang)
    if row["supporters"]:
        lead += f" ({'with' if en else 'phối hợp'}: {'; '.join(row['supporters'])})"
    lines = [f"[{row['key']}] {' · '.join(flags)}", f"  {lead}", f"  {row['task']}"]
    if row["note"]:
        lines.append(f"  {'Note' if en else 'Ghi chú'}: {row['note']}")
    corrected = ledger.correction_text(row, lang)
    if corrected:
        lines.append(f"  ({corrected})")
    lines.append(f"  {ledger.source_ref(row, lang)}")
    return ["\n".join(lines)]


def format_ledger(rows: list[dict], lang: str, today: str, by: str | None = None) -> str:
    from assistant.ledger import views as ledger

    blocks: list[str] = []
    if by == "body":
        for report in ledger.by_body(rows, today, lang):
            blocks.append(f"== {report.summary(lang)}")
            blocks.extend(line for row in report.rows for line in _task_lines(row, lang, today))
    elif by == "notice":
        for ref, members in ledger.by_notice(rows, lang):
            blocks.append(f"== {ref} ({len(members)})")
            blocks.extend(line for row in members for line in _task_lines(row, lang, today))
    else:
        blocks.extend(line for row in rows for line in _task_lines(row, lang, today))
    overdue = sum(ledger.is_overdue(row, today) for row in rows)
    if lang == "en":
        blocks.append(f"{len(rows)} task(s), {overdue} overdue")
    else:
        blocks.append(f"{len(rows)} nhiệm vụ, {overdue} quá hạn")
    return "\n".join(blocks)


if __name__ == "__main__":
    sys.exit(main())
