"""`notice-assistant`: the one command line (click). `python -m assistant ...` and
`python -m ingest ...` run the same commands.

    notice-assistant [-v|-vv] ingest [PATH...]    ingest notices into the store (--rebuild)
    notice-assistant list | remove DOC... | trash | restore ENTRY...
    notice-assistant ask QUESTION | ask - --json | chat
    notice-assistant assignments [--due 7d ...] [set-status|note|correct CODE ...]
    notice-assistant eval FILE|alqac | eval --feedback | eval-assignments
    notice-assistant serve                        the chat page (Streamlit)

Answers, listings and reports go to standard output; progress, diagnostics (`logging`, quiet
unless -v) and errors to standard error. An error a user can fix (`assistant.errors`) prints its
one-line message and exits 2; -vv adds the traceback. This module may import both `ingest` and
`assistant`: it is where the two sides meet.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import click

from assistant.core.config import load_settings
from assistant.core.errors import AssistantError

log = logging.getLogger(__name__)

# Our packages' loggers follow -v; third-party libraries (chromadb, httpx, torch ...) stay at
# warnings whatever the flag, or -vv would drown our diagnostics in theirs.
LOGGED_PACKAGES = ("assistant", "ingest", "ui")
_VERBOSITY = "notice_assistant.verbosity"  # ctx.meta key: -v counts from every level added up


# --- logging -------------------------------------------------------------------------------


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record is emitted: test runners and click's
    runner swap it after the handler is made."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass

    def filter(self, record: logging.LogRecord) -> bool:
        # Some libraries set their own loggers to DEBUG (bm25s does): below warnings, only ours.
        ours = record.name.partition(".")[0] in LOGGED_PACKAGES
        return (ours or record.levelno >= logging.WARNING) and super().filter(record)


def configure_logging(verbosity: int) -> None:
    """Quiet by default (warnings only), -v info, -vv debug, for our packages. Installs one
    handler on the root logger the first time; later calls only change the level."""
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    for name in LOGGED_PACKAGES:
        logging.getLogger(name).setLevel(level)


def _add_verbosity(ctx: click.Context, _param, value: int) -> int:
    if value:
        ctx.meta[_VERBOSITY] = ctx.meta.get(_VERBOSITY, 0) + value
        configure_logging(ctx.meta[_VERBOSITY])
    return value


def verbose_option(command):
    """-v / -vv on the group and on every command: `notice-assistant -v ask ...` and
    `python -m ingest -v` (which runs `ingest` directly) both work."""
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_add_verbosity,
        help="more diagnostics on standard error: -v progress, -vv debug (and tracebacks)",
    )(command)


# --- errors and exit codes -----------------------------------------------------------------


class CommandError(click.ClickException):
    """An AssistantError on its way out: its message, one line, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            rv = super().invoke(ctx)
        except AssistantError as exc:
            log.debug("the command stopped with a user-facing error", exc_info=True)
            raise CommandError(str(exc)) from None
        if isinstance(rv, int) and not isinstance(rv, bool) and rv:
            ctx.exit(rv)  # commands return their exit code: 1 = some items failed
        return rv


def store_option(command):
    return click.option(
        "--store",
        type=click.Path(path_type=Path),
        help="store folder (default: ASSISTANT_STORE)",
    )(command)


def json_option(help_text: str = "machine-readable output"):
    return click.option("--json", "as_json", is_flag=True, help=help_text)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@verbose_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """A cited assistant over Vietnamese provincial notices: ingest them, ask, follow the
    assignment ledger, evaluate, serve the chat page."""
    configure_logging(ctx.meta.get(_VERBOSITY, 0))


def main(argv: list[str] | None = None, prog_name: str = "notice-assistant") -> int:
    """Run the app and return its exit code (the console script and `python -m` wrappers)."""
    try:
        cli.main(args=argv, prog_name=prog_name)
    except SystemExit as exc:  # click's standalone mode always ends with one
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    return 0


# --- ingest and the document lifecycle -----------------------------------------------------


@cli.command(
    "ingest",
    short_help="ingest notices into the store",
    help="Ingest notices (.txt .md .pdf .docx .html) into the notice store. Unchanged files "
    "are skipped; changed files replace their old version; files gone from an ingested folder "
    "are removed from the store (unless --no-prune). PATHS default to ASSISTANT_NOTICES "
    "(data/notices). Exits 1 when some files failed (each is listed with its reason).",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--no-prune", is_flag=True, help="keep documents whose file is gone")
@click.option(
    "--rebuild",
    is_flag=True,
    help="rebuild the store with the configured embedding model: drop its passages and "
    "re-ingest every document it held (and PATHS); conversations and ledger notes stay",
)
@json_option()
@click.option("--quiet", is_flag=True, help="no progress bar")
# `python -m ingest --list` predates the `list` command; kept so old scripts still work.
@click.option("--list", "list_only", is_flag=True, hidden=True)
@verbose_option
def ingest_command(paths, store, no_prune, rebuild, as_json, quiet, list_only) -> int:
    settings = load_settings(store=store)
    if list_only:
        return list_documents(settings, as_json)
    paths = list(paths) or [settings.notices]
    if rebuild:
        paths = rebuild_paths(settings, paths)
    return run_ingest(settings, paths, prune=not no_prune, as_json=as_json, quiet=quiet)


def rebuild_paths(settings, paths: list[Path]) -> list[Path]:
    """Drop the store's collections and return what to ingest again: the given paths plus every
    source file the store held that still exists (uploads and folders given earlier)."""
    from filelock import FileLock

    from assistant.core.errors import StoreMissing
    from assistant.store.chroma import drop_collections, recorded_sources

    try:
        held = [Path(s) for s in recorded_sources(settings)]
    except StoreMissing:
        held = []
    Path(settings.store).mkdir(parents=True, exist_ok=True)
    with FileLock(str(Path(settings.store) / "ingest.lock"), timeout=settings.lock_timeout_s):
        drop_collections(settings)
    covered = [p.resolve() for p in paths]
    extra = [
        p
        for p in held
        if p.is_file() and not any(p.resolve().is_relative_to(root) for root in covered)
    ]
    log.info("rebuilding: %d path(s) given, %d more file(s) the store held", len(paths), len(extra))
    return [*paths, *extra]


def _ingestor(settings):
    # Looked up at call time: tests and benchmarks swap in a fake embedder by patching it.
    from assistant.store.embeddings import load_embedder
    from ingest.pipeline import Ingestor

    return Ingestor(settings, load_embedder(settings.embed_model, settings.embed_batch_size))


def run_ingest(settings, paths, prune: bool, as_json: bool, quiet: bool) -> int:
    from tqdm import tqdm

    ingestor = _ingestor(settings)
    bar = None

    def progress(path: str, done: int, total: int) -> None:
        nonlocal bar
        log.debug("ingested %d/%d: %s", done, total, path)
        if quiet or as_json:
            return
        if bar is None:
            bar = tqdm(total=total, unit="file", desc="Ingesting", file=sys.stderr)
        bar.set_postfix_str(Path(path).name[-40:], refresh=False)
        bar.update(1)

    summary = ingestor.run(paths, prune=prune, progress=progress)
    if bar is not None:
        bar.close()
    if as_json:
        click.echo(
            json.dumps(
                {
                    **summary.counts(),
                    "failures": [{"path": p, "reason": r} for p, r in summary.failed],
                    "chunks_embedded": summary.chunks,
                    "recovered": summary.recovered,
                    "seconds": round(summary.seconds, 3),
                },
                ensure_ascii=False,
            )
        )
    else:
        click.echo(summary.format())
    return 0 if summary.ok else 1


def _open_store(settings):
    from assistant.core.config import DEFAULT_EMBED_MODEL
    from assistant.store.chroma import Store

    return Store(settings, settings.embed_model or DEFAULT_EMBED_MODEL)


@cli.command(
    "list",
    short_help="the documents in the store",
    help="List the documents in the store with their metadata and status.",
)
@store_option
@json_option()
@verbose_option
def list_command(store, as_json) -> int:
    return list_documents(load_settings(store=store), as_json)


def list_documents(settings, as_json: bool) -> int:
    from assistant.store.versions import annotate
    from ingest.pipeline import printable

    store = _open_store(settings)
    records = store.documents()
    versions = annotate({d["doc_id"]: d for d in records})
    docs = [versions[d["doc_id"]] for d in records]
    if as_json:
        click.echo(json.dumps(docs, ensure_ascii=False, indent=1))
        return 0
    if not docs:
        click.echo(f"The store at {store.location} holds no documents.")
        return 0
    for doc in docs:
        click.echo(
            f"{doc['date'] or '-':10}  {printable(doc['number'] or '-'):16}  "
            f"{doc['doc_type'] or '-':12}  {doc.get('chunks', 0):4} chunks  "
            f"{printable(doc['title'][:70])}"
        )
        click.echo(f"{'':12}{printable(doc['issuer'] or '-')} · {printable(doc['source'])}")
        click.echo(f"{'':12}{doc['doc_id'][:10]} · {_status_line(doc, versions)}")
    click.echo(f"{len(docs)} documents, {store.chunk_count()} chunks, model {settings.embed_model}")
    return 0


def _status_line(doc: dict, docs: dict[str, dict]) -> str:
    def name(doc_id: str) -> str:
        other = docs.get(doc_id, {})
        return other.get("number") or Path(other.get("source", doc_id)).name

    status = {
        "in_force": "in force",
        "amended": "in force, amended",
        "replaced": "replaced",
        "repealed": "repealed",
    }[doc["version_status"]]
    parts = [status]
    if doc["superseded_by"]:
        parts.append(f"newer version: {Path(docs[doc['superseded_by']]['source']).name}")
    for field, verb in (
        ("replaced_by", "replaced by"),
        ("repealed_by", "repealed by"),
        ("amended_by", "amended by"),
        ("replaces", "replaces"),
        ("repeals", "repeals"),
        ("amends", "amends"),
    ):
        if doc[field]:
            parts.append(f"{verb} {', '.join(name(i) for i in doc[field])}")
    return "; ".join(parts)


def find_documents(records: list[dict], ref: str) -> list[dict]:
    """Documents named by id (or a 6+ character prefix), file name, path or số hiệu (every
    version of that number)."""
    from ingest.relations import number_key

    ref = ref.strip()
    by_id = [
        r for r in records if r["doc_id"] == ref or (len(ref) >= 6 and r["doc_id"].startswith(ref))
    ]
    if by_id:
        return by_id
    by_file = [
        r
        for r in records
        if r["source"] == ref
        or Path(r["source"]).name == ref
        or r["source"] == str(Path(ref).resolve())
    ]
    if by_file:
        return by_file
    return [r for r in records if r.get("number") and number_key(r["number"]) == number_key(ref)]


@cli.command(
    "remove",
    short_help="delete documents everywhere (files go to the trash)",
    help="Delete documents everywhere: out of the store, their files moved into <store>/trash/ "
    "so no later ingest brings them back (undo with `restore`). DOCS: document id (or 6+ "
    "leading characters), file name or số hiệu (every version of it).",
)
@click.argument("docs", nargs=-1, required=True)
@store_option
@json_option()
@verbose_option
def remove_command(docs, store, as_json) -> int:
    return remove_documents(load_settings(store=store), list(docs), as_json)


def remove_documents(settings, refs: list[str], as_json: bool) -> int:
    from assistant.core.errors import AmbiguousDocument, DocumentNotFound
    from ingest.pipeline import delete_documents

    store = _open_store(settings)
    records = store.documents()
    doc_ids: list[str] = []
    for ref in refs:
        found = find_documents(records, ref)
        if not found:
            raise DocumentNotFound(repr(ref))
        numbers = {r.get("number") for r in found}
        if len(found) > 1 and not (len(numbers) == 1 and None not in numbers and "" not in numbers):
            labels = [f"{r['doc_id'][:10]} {Path(r['source']).name}" for r in found]
            raise AmbiguousDocument(repr(ref), labels)
        doc_ids.extend(r["doc_id"] for r in found)  # a số hiệu: all its versions
    entries = delete_documents(store, doc_ids)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    for entry in entries:
        where = (
            f"file moved to {entry.trashed_path}"
            if entry.moved
            else "file left in place (its folder is read-only); folder ingests will skip it"
        )
        name = Path(entry.source).name
        click.echo(f"removed {entry.label or name} ({name}): {where}")
        click.echo(f"  undo: python -m ingest restore {entry.id}")
    return 0


@cli.command(
    "trash",
    short_help="the deleted documents",
    help="List the deleted documents in the trash, numbered for `restore`.",
)
@store_option
@json_option()
@verbose_option
def trash_command(store, as_json) -> int:
    return list_trash(load_settings(store=store), as_json)


def list_trash(settings, as_json: bool) -> int:
    from datetime import datetime

    from assistant.store.trash import Trash

    entries = Trash(Path(settings.store)).entries()
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    if not entries:
        click.echo("The trash is empty.")
        return 0
    for entry in entries:
        when = datetime.fromtimestamp(entry.deleted_at).strftime("%d/%m/%Y %H:%M")
        click.echo(f"{entry.id:5}  {when}  {entry.label or '-'}  {Path(entry.source).name}")
        click.echo(f"{'':7}{entry.title[:90]}")
    click.echo(f"{len(entries)} deleted; bring one back with `python -m ingest restore N`")
    return 0


@cli.command(
    "restore",
    short_help="bring deleted documents back and ingest them",
    help="Bring deleted documents back from the trash and ingest them again. ENTRIES: trash "
    "entry number (see `trash`), doc id or file name.",
)
@click.argument("entries", nargs=-1, required=True)
@store_option
@json_option()
@verbose_option
def restore_command(entries, store, as_json) -> int:
    return restore_documents(load_settings(store=store), list(entries), as_json)


def restore_documents(settings, refs: list[str], as_json: bool) -> int:
    from assistant.core.errors import AmbiguousDocument, TrashError
    from assistant.store.trash import Trash

    trash = Trash(Path(settings.store))
    entries = []
    for ref in refs:
        found = trash.find(ref)
        if not found:
            raise TrashError(
                f"Nothing in the trash matches {ref!r}. List it with `python -m ingest trash`."
            )
        if len(found) > 1:
            raise AmbiguousDocument(repr(ref), [f"{e.id} {Path(e.source).name}" for e in found])
        entries.append(found[0])
    ingestor = _ingestor(settings)
    paths = []
    for entry in entries:
        paths.append(trash.take_back(entry))
        trash.mark_restored(entry.content_sha, entry.doc_id)
    summary = ingestor.run(paths, prune=False)
    if as_json:
        click.echo(
            json.dumps(
                {**summary.counts(), "restored": [str(p) for p in paths]}, ensure_ascii=False
            )
        )
    else:
        for path in paths:
            click.echo(f"restored {path}")
        click.echo(summary.format())
    return 0 if summary.ok else 1


# --- ask and chat --------------------------------------------------------------------------


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
    from assistant.engine import Engine, check_date
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


# --- the assignment ledger -----------------------------------------------------------------


@cli.group(
    "assignments",
    short_help="the assignment ledger: list, export, set status/notes",
    cls=_Group,
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
    rows = ledger.select(ledger.ledger_rows(records), view)
    for path, export in (
        (args.csv, ledger.export_csv),
        (args.xlsx, ledger.export_xlsx),
        (args.docx, ledger.export_docx),
    ):
        if path:
            export(rows, path, lang, today)
            click.echo(f"Wrote {len(rows)} rows to {path}", err=True)
    if args.as_json:
        public = [{k: v for k, v in row.items() if k != "section_path"} for row in rows]
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
    row = ledger.ledger_rows(state.attach(records))[position]
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


# --- evaluation ----------------------------------------------------------------------------


@cli.command(
    "eval",
    short_help="answer quality on a labelled set, 'alqac' or --feedback",
    help="Retrieval and answer quality on a labelled set: FILE (.jsonl questions: the seed set, "
    "or the dev set with its tune/test halves) or 'alqac'; or --feedback.",
)
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--feedback",
    is_flag=True,
    help="print the answers users marked 👎 as a review list in the dev-set format (JSONL)",
)
@store_option
@click.option("--notices", type=click.Path(path_type=Path), help="folder the questions are about")
@click.option("--no-baseline", is_flag=True, help="skip the naive baseline")
@json_option("the report as JSON")
@click.option("--limit", type=int, help="only the first N questions")
@click.option(
    "--followups",
    type=click.Path(path_type=Path),
    help="dev set: follow-up chains (default: dev_followups.jsonl)",
)
@click.option(
    "--corpora",
    type=click.Path(path_type=Path),
    help="dev set: folder the congbao/ paths are relative to",
)
@click.option(
    "--half",
    type=click.Choice(["tune", "test", "both"]),
    default="both",
    help="dev set: which half",
)
@click.option(
    "--check-floors",
    is_flag=True,
    help="dev set: exit 1 when the test half is below the issue's floors",
)
@verbose_option
def eval_command(**options) -> int:
    from assistant.eval.evaluation import main as eval_main

    if options["file"] is None and not options["feedback"]:
        raise click.UsageError("give a questions file, 'alqac', or --feedback")
    return eval_main(eval_args(options))


def eval_args(options: dict) -> SimpleNamespace:
    """The eval command's options as the attributes `assistant.evaluation.main` reads."""
    return SimpleNamespace(**{("json" if k == "as_json" else k): v for k, v in options.items()})


@cli.command(
    "eval-assignments",
    short_help="the ledger against hand-labelled notices",
    help="Recall, precision and deadline accuracy of the ledger on hand-labelled notices: the "
    "seed notices, and the tune and test halves of the gazette (congbao) label set. Exits 1 "
    "when the test half is below the floors (recall, precision, deadline ISO accuracy >= "
    "0.90) or the seeds below 1.00.",
)
@click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=Path("tests/fixtures/seed_assignments.json"),
    show_default=True,
    help="seed labels",
)
@click.option(
    "--seed-notices",
    type=click.Path(path_type=Path),
    default=Path("data/notices"),
    show_default=True,
    help="folder of the seed notices",
)
@click.option(
    "--labels",
    type=click.Path(path_type=Path),
    default=Path("tests/fixtures/assignments/congbao.json"),
    show_default=True,
    help="corpus labels split into tune/test halves",
)
@click.option(
    "--corpora",
    type=click.Path(path_type=Path),
    default=Path("../shared/corpora"),
    show_default=True,
    help="folder the corpus label paths are relative to",
)
@click.option("--seeds-only", is_flag=True, help="only the seeds (no corpora on this machine)")
@click.option(
    "--show",
    multiple=True,
    type=click.Choice(["seeds", "tune", "test"]),
    help="list misses, unexpected records and wrong dates of this set (repeatable)",
)
@json_option("the figures as one JSON object")
@verbose_option
def eval_assignments_command(
    seeds, seed_notices, labels, corpora, seeds_only, show, as_json
) -> int:
    from assistant.eval import ledger as ledger_eval

    results = {"seeds": ledger_eval.run_seed_eval(seed_notices, seeds)}
    if not seeds_only:
        results.update(ledger_eval.run_split_eval(corpora, labels))
    failures = ledger_eval.floor_failures(results)
    if as_json:
        details = ("missed", "unexpected", "wrong_deadlines")
        figures = {
            name: {k: v for k, v in result.items() if name in show or k not in details}
            for name, result in results.items()
        }
        click.echo(json.dumps({"results": figures, "failures": failures}, ensure_ascii=False))
    else:
        click.echo(ledger_eval.format_summary(results))
        for name in show:
            if name in results:
                click.echo(f"\n[{name}]\n" + ledger_eval.format_report(results[name]))
        for failure in failures:
            click.echo(f"below the floor: {failure}")
    return 1 if failures else 0


# --- the chat page -------------------------------------------------------------------------


DEFAULT_PORT = 8501  # Streamlit's own default


def streamlit_argv(address: str, port: int) -> list[str]:
    """The page as `make run` starts it: Streamlit on ui/app.py, no usage statistics."""
    app = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]


@cli.command(
    "serve",
    short_help="run the chat page (Streamlit)",
    help="Run the chat page (Streamlit) on ADDRESS:PORT, as `make run` does after ingesting. "
    "Stop it with Ctrl-C.",
)
@click.option("--address", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", DEFAULT_PORT)),
    show_default=f"$PORT or {DEFAULT_PORT}",
    help="port to listen on",
)
@verbose_option
def serve_command(address: str, port: int) -> int:
    argv = streamlit_argv(address, port)
    log.info("starting the page: %s", " ".join(argv))
    sys.stdout.flush()
    sys.stderr.flush()
    # The server replaces this process: Ctrl-C and a supervisor's SIGTERM reach it directly,
    # with no child left behind.
    os.execv(sys.executable, argv)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
