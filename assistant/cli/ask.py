"""`ask` and `chat`: questions to the engine, answers with their sources on standard output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.cli.app import cli, json_option, log, store_option, verbose_option
from assistant.core.config import load_settings
from assistant.core.errors import AssistantError


def _ask_options(command):
    """What `ask` and `chat` share: the store, how many passages, JSON, the filters."""
    options = [
        store_option,
        click.option("-k", type=int, help="passages to cite (default: ASSISTANT_TOP_K)"),
        json_option("one JSON object per answer"),
        click.option("--doc", multiple=True, help="only this document id (prefix); repeatable"),
        click.option("--issuer", default="", help="only notices whose issuer contains this"),
        click.option("--type", "doc_type", default="", help="only this type, e.g. 'Kết luận'"),
        click.option("--since", default="", help="only notices dated on/after (YYYY[-MM[-DD]])"),
        click.option("--until", default="", help="only notices dated on/before"),
        click.option(
            "--as-of",
            default="",
            help="answer as of this day (YYYY-MM-DD): notices issued by then, in the versions "
            "in force then",
        ),
        verbose_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _engine_and_filters(options: dict):
    from assistant.answer.lookup import check_date
    from assistant.engine import Engine
    from assistant.retrieval.search import Filters

    engine = Engine(load_settings(store=options["store"]))
    filters = Filters(
        doc_ids=list(options["doc"]),
        issuer=options["issuer"],
        doc_type=options["doc_type"],
        since=options["since"],
        until=options["until"],
        as_of=check_date(options["as_of"]) if options["as_of"] else "",
    )
    return engine, filters


@cli.command(
    "ask",
    short_help="ask a question ('-': questions from standard input)",
    help="Ask a question. QUESTION '-' (the default) reads standard input: one question per "
    'line, or JSON lines {"q": ..., "conversation": ID} where questions sharing an ID are one '
    "conversation. Exits 1 when some questions in a batch could not be answered.",
)
@click.argument("question", default="-")
@click.option(
    "--chat",
    is_flag=True,
    help="a conversation: read questions line by line, follow-ups resolved against it "
    "(the same as the `chat` command)",
)
@_ask_options
def ask_command(question: str, chat: bool, **options) -> int:
    engine, filters = _engine_and_filters(options)
    if chat:
        return _chat(engine, filters, options["k"], options["as_json"])
    return _ask(engine, filters, question, options["k"], options["as_json"])


@cli.command(
    "chat",
    short_help="a conversation on the terminal (follow-ups work)",
    help="A conversation on the terminal: one question per line, follow-ups ('and the "
    "deadline?') resolved against it; an empty input (Ctrl-D) ends it.",
)
@_ask_options
def chat_command(**options) -> int:
    engine, filters = _engine_and_filters(options)
    return _chat(engine, filters, options["k"], options["as_json"])


def _ask(engine, filters, question_arg: str, k, as_json: bool) -> int:
    from assistant.answer.conversation import Conversation

    batch = question_arg == "-"
    questions = sys.stdin if batch else [question_arg]
    conversations: dict[str, Conversation] = {}
    status = 0
    for line in questions:
        question, conversation_id = line.strip(), None
        if batch and not question:
            continue
        if batch and question.startswith("{"):
            question, conversation_id, error = _json_question(question)
            if error:
                click.echo(json.dumps({"error": error}, ensure_ascii=False))
                status = 1
                continue
        conversation = None
        if conversation_id is not None:
            conversation = conversations.setdefault(
                conversation_id, Conversation(id=conversation_id)
            )
        try:
            answer = engine.ask(question, k=k, filters=filters, conversation=conversation)
        except AssistantError as exc:
            # One bad question in a batch is reported in place; the rest still get answers.
            if as_json:
                click.echo(
                    json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False)
                )
            else:
                click.echo(f"error: {exc}", err=True)
            status = 1
            continue
        log.info("answered in %s ms: %s", answer.timings_ms.get("total", "?"), question[:80])
        if as_json:
            data = answer.to_dict()
            if conversation_id is not None:
                data["conversation"] = conversation_id
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(render_answer(answer))
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


def _chat(engine, filters, k, as_json: bool) -> int:
    """A conversation on the terminal: one question per line, empty line or EOF ends it."""
    from assistant.answer.conversation import Conversation
    from assistant.core.i18n import error_message

    conversation = Conversation()
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            click.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        try:
            answer = engine.ask(question, k=k, filters=filters, conversation=conversation)
        except AssistantError as exc:
            click.echo(f"error: {error_message(exc, 'en')}", err=True)
            continue
        if as_json:
            data = dict(answer.to_dict(), conversation=conversation.id)
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(render_answer(answer) + "\n")
    return 0


def render_answer(answer) -> str:
    from assistant.core.i18n import text
    from assistant.core.labels import format_date

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
