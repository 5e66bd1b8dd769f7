"""`assignments`: the assignment ledger listed, exported, and its tasks' status, notes and
corrections recorded."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import click

from assistant.cli.app import Group, cli, json_option, store_option, verbose_option
from assistant.core.config import load_settings
from assistant.core.records import LedgerRecord


@cli.group(
    "assignments",
    short_help="the assignment ledger: list, export, set status/notes",
    cls=Group,
    invoke_without_command=True,
    help="The assignment ledger: who must do what, by when, and how far it got. List it (a "
    "morning check: `assignments --due 7d`), export it, or record a task's status, note and "
    "corrections by the code shown in brackets (the ACTION commands; the output options go "
    "before the ACTION).",
    subcommand_metavar="[ACTION ARGS]...",
)
@store_option
@click.option("--overdue", is_flag=True, help="deadline passed, not done")
@click.option("--due", metavar="PERIOD", help="due within 7d, 30d, 2w ... (not done)")
@click.option("--body", "--assignee", "body", default="", help="lead or supporting body")
@click.option("--doc", default="", help="document number (số hiệu) or id prefix")
@click.option(
    "--status",
    multiple=True,
    help="todo/doing/done or chưa thực hiện/đang thực hiện/hoàn thành (repeatable)",
)
@click.option(
    "--all-kinds", is_flag=True, help="also the general-responsibility clauses (hidden by default)"
)
@click.option("--today", default="", help="count overdue/due from this date (YYYY-MM-DD)")
@click.option("--by", type=click.Choice(["body", "notice"]), help="group the listing")
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", help="language of the output"
)
@json_option("the rows as JSON")
@click.option("--csv", type=click.Path(path_type=Path), help="write the rows to this CSV file")
@click.option(
    "--xlsx", type=click.Path(path_type=Path), help="write tasks + per-body summary to this .xlsx"
)
@click.option(
    "--docx", type=click.Path(path_type=Path), help="write the per-body report to this .docx"
)
@verbose_option
@click.pass_context
def assignments_group(ctx: click.Context, **options) -> int:
    ctx.obj = SimpleNamespace(**options)
    if ctx.invoked_subcommand is not None:
        return 0
    return list_ledger(SimpleNamespace(**options))


def list_ledger(args) -> int:
    from assistant.ledger import views as ledger

    settings = load_settings(store=args.store)
    _state, records = ledger.open_ledger(settings)
    lang = args.lang
    today = args.today or _today()
    view = ledger.View(
        overdue=args.overdue,
        due_days=ledger.parse_due(args.due) if args.due else None,
        body=args.body,
        doc=args.doc,
        statuses=list(args.status),
        include_general=args.all_kinds,
        today=today,
    )
    rows = ledger.select(records, view)
    for path, export in (
        (args.csv, ledger.export_csv),
        (args.xlsx, ledger.export_xlsx),
        (args.docx, ledger.export_docx),
    ):
        if path:
            export(rows, path, lang, today)
            click.echo(f"Wrote {len(rows)} rows to {path}", err=True)
    if args.as_json:
        public = [row.to_row() for row in rows]
        click.echo(json.dumps(public, ensure_ascii=False, indent=1))
    elif not (args.csv or args.xlsx or args.docx):
        click.echo(format_ledger(rows, lang, today, args.by))
    return 0


def _update_task(ctx: click.Context, code: str, store: Path | None, **changes) -> int:
    """Apply one change to the task with this code and print its updated entry."""
    from assistant.ledger import views as ledger
    from assistant.ledger.state import find_task

    group = ctx.obj
    settings = load_settings(store=store or group.store)
    state, records = ledger.open_ledger(settings)
    record = find_task(records, code)
    state.update(record, **changes)
    position = next(i for i, r in enumerate(records) if r is record)
    row = state.attach(records)[position]
    click.echo(_task_lines(row, group.lang, group.today or _today())[0])
    return 0


@assignments_group.command("set-status", short_help="Set a task's status.")
@click.argument("code")
@click.argument("status")
@store_option
@verbose_option
@click.pass_context
def set_status_command(ctx, code, status, store) -> int:
    """CODE: the task's code, shown in brackets by the listing. STATUS: chưa thực hiện |
    đang thực hiện | hoàn thành (todo, doing, done)."""
    return _update_task(ctx, code, store, status=status)


@assignments_group.command("note", help="Set a task's note ('' clears it).")
@click.argument("code")
@click.argument("text")
@store_option
@verbose_option
@click.pass_context
def note_command(ctx, code, text, store) -> int:
    return _update_task(ctx, code, store, note=text)


@assignments_group.command("correct", help="Correct a task's lead body or deadline.")
@click.argument("code")
@click.option("--assignee", help="the lead body(ies), ';' between several")
@click.option("--deadline", help="DD/MM/YYYY or YYYY-MM-DD")
@click.option("--clear-assignee", is_flag=True, help="back to the notice's")
@click.option("--clear-deadline", is_flag=True, help="back to the notice's")
@store_option
@verbose_option
@click.pass_context
def correct_command(ctx, code, assignee, deadline, clear_assignee, clear_deadline, store) -> int:
    from assistant.core.errors import LedgerInputError

    if not (assignee or deadline or clear_assignee or clear_deadline):
        raise LedgerInputError(
            "Nothing to correct: give --assignee, --deadline, --clear-assignee or --clear-deadline."
        )
    return _update_task(
        ctx,
        code,
        store,
        assignee=assignee,
        deadline=deadline,
        clear_assignee=clear_assignee,
        clear_deadline=clear_deadline,
    )


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


def _task_lines(row: LedgerRecord, lang: str, today: str) -> list[str]:
    from assistant.ledger import views as ledger

    en = lang == "en"
    flags = [ledger.status_label(row.status, lang)]
    if row.effective_deadline:
        flags.insert(
            0, ("due " if en else "hạn ") + ledger.format_date(row.effective_deadline, lang)
        )
    if ledger.is_overdue(row, today):
        flags.insert(0, "OVERDUE" if en else "QUÁ HẠN")
    lead = "; ".join(row.effective_assignees) or ledger.text("no_lead", lang)
    if row.supporters:
        lead += f" ({'with' if en else 'phối hợp'}: {'; '.join(row.supporters)})"
    lines = [f"[{row.key}] {' · '.join(flags)}", f"  {lead}", f"  {row.task}"]
    if row.note:
        lines.append(f"  {'Note' if en else 'Ghi chú'}: {row.note}")
    corrected = ledger.correction_text(row, lang)
    if corrected:
        lines.append(f"  ({corrected})")
    lines.append(f"  {ledger.source_ref(row, lang)}")
    return ["\n".join(lines)]


def format_ledger(rows: list[LedgerRecord], lang: str, today: str, by: str | None = None) -> str:
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
