"""Văn bản: the notices in the store, the full text of one (opened at a cited span when the
chat links here), upload of new files and deletion."""

from __future__ import annotations

import hashlib
import html
import unicodedata
from pathlib import Path

import streamlit as st

from assistant.core.errors import AssistantError, FileTooLarge, StoreMissing, UnsupportedFormat
from assistant.core.i18n import error_message
from assistant.core.labels import document_label, format_date
from assistant.core.records import DocumentRecord
from ingest import uploads
from ingest.loaders import SUPPORTED_SUFFIXES
from ui import session
from ui.render import contents_html, document_html, label, section_anchors
from ui.safe import distinct_labels, one_line, plain

lang = session.lang()
settings = session.settings()
st.title(label("documents", lang))
# Set before a rerun by a delete or a restore: said once, at the top of the page.
_notice = st.session_state.pop("lifecycle_notice", None)
if _notice:
    st.success(_notice)


def check_upload(name: str, size: int) -> str:
    """ "" when the file may be ingested, else the reason it is refused."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return str(UnsupportedFormat(suffix))
    if size > settings.max_file_mb * 1e6:
        return str(FileTooLarge(size / 1e6, settings.max_file_mb))
    if size == 0:
        return "the file is empty"
    return ""


# Linux refuses names over 255 bytes (ENAMETOOLONG); keep room for the "-<digest>" suffix a
# same-named different file gets. 200 bytes is ~70 Vietnamese characters, more than any notice name.
MAX_NAME_BYTES = 200


def safe_upload_name(name: str) -> str:
    """The last component of an uploaded name, without control characters, cut (on a character
    boundary, keeping the extension) to fit MAX_NAME_BYTES."""
    base = Path(name.replace("\\", "/")).name
    base = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in base).strip()
    if not base or base in {".", ".."} or base.startswith("."):
        base = f"upload{Path(base).suffix.lower() or '.txt'}"
    stem, suffix = Path(base).stem, Path(base).suffix
    if len(suffix.encode()) > 16:  # not an extension we accept anyway
        stem, suffix = base, ""
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem.rstrip() or "upload") + suffix


def save_upload(name: str, data: bytes) -> Path:
    """Into <notices>/uploads/, so a later full re-ingest of the notices folder keeps it. The
    name is reduced to a safe last component; a different file with the same name gets a suffix."""
    folder = Path(settings.notices) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_upload_name(name)
    if target.exists() and target.read_bytes() != data:
        digest = hashlib.sha1(data).hexdigest()[:8]
        target = folder / f"{target.stem}-{digest}{target.suffix}"
    target.write_bytes(data)
    return target


def show_document(engine, doc: DocumentRecord) -> None:
    with st.expander(label("metadata", lang), expanded=False):
        st.table(
            {
                # st.table renders Markdown: every value comes from the file or its name.
                label("col_number", lang): [plain(doc.number or "—")],
                label("col_type", lang): [plain(doc.doc_type or "—")],
                label("col_date", lang): [plain(format_date(doc.date) or "—")],
                label("col_issuer", lang): [plain(doc.issuer or "—")],
                label("place", lang): [plain(doc.place or "—")],
                label("signer", lang): [plain(doc.signer or "—")],
                label("col_file", lang): [plain(Path(doc.source).name)],
            }
        )
    show_status(doc, {d.doc_id: d for d in engine.documents()})
    text = engine.document_text(doc.doc_id) or ""
    anchors = section_anchors(text, session.document_sections(engine, doc.doc_id))
    cited = _cited_span(len(text))
    if cited:
        st.markdown(f'<a href="#cited">{label("jump_to_cited", lang)}</a>', unsafe_allow_html=True)
    if anchors:
        with st.expander(label("contents", lang), expanded=False):
            st.markdown(contents_html(anchors), unsafe_allow_html=True)
    st.subheader(label("full_text", lang))
    st.markdown(document_html(text, anchors, cited), unsafe_allow_html=True)


def status_label(doc: DocumentRecord) -> str:
    """In force / amended / replaced / repealed, or an earlier version of its number."""
    if not doc.current:
        return label("status_old_version", lang)
    return label(f"status_{doc.version_status or 'in_force'}", lang)


# (field of the version record, its label): assistant/store/versions.py.
RELATIONS = [
    ("superseded_by", "rel_superseded_by"),
    ("older_versions", "rel_older_versions"),
    ("replaced_by", "rel_replaced_by"),
    ("repealed_by", "rel_repealed_by"),
    ("amended_by", "rel_amended_by"),
    ("replaces", "rel_replaces"),
    ("repeals", "rel_repeals"),
    ("amends", "rel_amends"),
]


def document_link(doc: DocumentRecord) -> str:
    """An HTML link that opens another document on this page (labels come from files: escaped)."""
    text = html.escape(f"{document_label(doc)} — {Path(doc.source).name}")
    return f'<a href="documents?doc={html.escape(doc.doc_id)}" target="_self">{text}</a>'


def show_status(doc: DocumentRecord, docs: dict[str, DocumentRecord]) -> None:
    """The notice's status and its relations to other notices, each a link to that notice."""
    kind = "status-ok" if doc.in_force and doc.current else "status-old"
    rows = [f'<p class="doc-status {kind}"><b>{html.escape(status_label(doc))}</b></p>']
    for field, key in RELATIONS:
        ids = getattr(doc, field) or []
        ids = [ids] if isinstance(ids, str) else ids
        links = [document_link(docs[i]) for i in ids if i in docs]
        if links:
            rows.append(f"<p>{html.escape(label(key, lang))}: {'; '.join(links)}</p>")
    for relation in doc.unresolved:
        key = {"replaces": "rel_replaces", "repeals": "rel_repeals"}.get(
            relation["kind"], "rel_amends"
        )
        rows.append(
            f"<p>{html.escape(label(key, lang))}: {html.escape(relation['number'])} "
            f"{html.escape(label('rel_not_in_store', lang))}</p>"
        )
    st.markdown(f'<div class="doc-relations">{"".join(rows)}</div>', unsafe_allow_html=True)


def show_changes(summary) -> None:
    """The upload's confirmation of what a new version changed: which version is in force,
    title, date, passages and tasks added and removed."""
    for change in summary.versions:
        names = {
            "name": plain(Path(change.source).name),
            "other": plain(Path(change.other).name),
            "number": plain(change.number),
        }
        key = "version_replaces" if change.in_force else "version_older"
        lines = [label(key, lang).format(**names)]
        if change.title[0] != change.title[1]:
            lines.append(
                label("version_title", lang).format(
                    old=plain(change.title[0]), new=plain(change.title[1])
                )
            )
        if change.date[0] != change.date[1]:
            lines.append(
                label("version_date", lang).format(
                    old=format_date(change.date[0]), new=format_date(change.date[1])
                )
            )
        box = st.warning if change.in_force else st.info
        box("  \n".join(lines))
        parts = [
            ("passages_added", change.passages_added),
            ("passages_removed", change.passages_removed),
            ("tasks_added", change.tasks_added),
            ("tasks_removed", change.tasks_removed),
        ]
        if not any(items for _, items in parts):
            st.caption(label("version_same_text", lang))
        for key, items in parts:
            if items:
                with st.expander(label(key, lang).format(n=len(items)), expanded=True):
                    for item in items:
                        st.markdown(f"- {plain(item)}")
    for path, holder in summary.duplicates:
        st.info(
            label("duplicate_upload", lang).format(name=plain(Path(path).name), other=plain(holder))
        )


def trash_section(engine) -> None:
    entries = engine.trash()
    with st.expander(f"{label('trash', lang)} ({len(entries)})"):
        if not entries:
            st.caption(label("trash_empty", lang))
        for entry in entries:
            left, right = st.columns([5, 1])
            left.markdown(
                f"{plain(entry.label or '—')} · {plain(Path(entry.source).name)}  \n"
                f"{plain(entry.title[:120])}"
            )
            if right.button(label("restore", lang), key=f"restore-{entry.id}"):
                try:
                    summary = uploads.restore_document(engine, entry.id)
                except AssistantError as exc:
                    st.error(plain(exc))
                else:
                    st.session_state["lifecycle_notice"] = label("restored", lang).format(
                        name=plain(Path(entry.source).name)
                    )
                    st.session_state["last_ingest_report"] = summary.format()
                    st.rerun()


def _cited_span(length: int) -> tuple[int, int] | None:
    try:
        start, end = int(st.query_params.get("start", "")), int(st.query_params.get("end", ""))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None


def upload_section(engine) -> None:
    st.subheader(label("upload", lang))
    types = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)
    st.caption(label("upload_help", lang).format(types=", ".join(types), mb=settings.max_file_mb))
    files = st.file_uploader(
        label("upload", lang),
        # No `type=`: Streamlit would refuse other files with its own English-only error;
        # check_upload gives the same clear reason as the CLI, in the app's flow.
        accept_multiple_files=True,
        label_visibility="collapsed",
        max_upload_size=max(1, int(settings.max_file_mb)),
    )
    if not files or not st.button(label("ingest_button", lang), type="primary"):
        return
    paths = []
    for upload in files:
        reason = check_upload(upload.name, upload.size)
        if not reason:
            try:
                paths.append(save_upload(upload.name, upload.getvalue()))
            except OSError as exc:  # full disk, read-only folder: this file only
                reason = f"cannot save it ({exc.strerror or exc})"
        if reason:
            st.error(label("rejected", lang).format(name=plain(upload.name), reason=plain(reason)))
    if not paths:
        return
    try:
        engine = engine or session.create_store_and_engine()
        bar = st.progress(0.0)

        def progress(path, done: int, total: int) -> None:
            name = plain(Path(str(path)).name)
            bar.progress(
                done / max(total, 1),
                label("ingesting", lang).format(name=name, done=done, total=total),
            )

        summary = uploads.add_files(engine, paths, progress=progress)
    except AssistantError as exc:
        st.error(plain(exc))
        return
    bar.progress(1.0, label("ingest_done", lang))
    if summary.failed:
        st.error(label("ingest_failed", lang))
    show_changes(summary)
    st.code(summary.format(), language=None)
    st.session_state["last_ingest_report"] = summary.format()


engine = None
try:
    engine = session.engine()
except StoreMissing as exc:
    st.info(plain(error_message(exc, lang)))
except AssistantError as exc:
    st.error(plain(error_message(exc, lang)))
    st.stop()

documents: list[DocumentRecord] = []
if engine is not None:
    try:
        documents = engine.documents()
    except AssistantError as exc:  # the Chroma server went away after the engine was built
        st.error(plain(error_message(exc, lang)))
        st.button(label("retry", lang), icon=":material/refresh:")  # a click reruns the page
        st.stop()
    if not documents:
        st.info(label("no_documents", lang))
    else:
        st.dataframe(
            [
                {
                    label("col_number", lang): d.number,
                    label("col_type", lang): d.doc_type,
                    label("col_date", lang): d.date,
                    # Next to the date, where it is seen without scrolling the table.
                    label("col_status", lang): status_label(d),
                    label("col_issuer", lang): d.issuer,
                    label("col_title", lang): d.title,
                    label("col_chunks", lang): d.chunk_count or 0,
                    label("col_assignment_count", lang): d.assignment_count or 0,
                    label("col_file", lang): one_line(Path(d.source).name),
                }
                for d in documents
            ],
            hide_index=True,
            width="stretch",
        )
        by_id = {d.doc_id: d for d in documents}
        # Unique labels: the selectbox answers with the label, not the id (see ui/safe.py).
        labels = distinct_labels(documents, document_label)
        wanted = st.query_params.get("doc", "")
        ids = list(by_id)
        chosen = st.selectbox(
            label("pick_document", lang),
            ids,
            index=ids.index(wanted) if wanted in by_id else 0,
            format_func=labels.__getitem__,
        )
        if wanted and wanted not in by_id:
            st.warning(label("not_in_store", lang))
        if chosen != wanted:
            # Picking another document drops the cited span that belonged to the old one.
            st.query_params.clear()
            st.query_params["doc"] = chosen
        show_document(engine, by_id[chosen])
        with st.expander(label("delete", lang)):
            confirm = st.checkbox(label("delete_confirm", lang), key=f"confirm-{chosen}")
            # Keyed by the id, so a click can only ever delete the document it was shown with.
            if st.button(
                label("delete", lang),
                disabled=not confirm,
                type="secondary",
                key=f"delete-{chosen}",
            ):
                try:
                    entry = uploads.delete_document(engine, chosen)
                except AssistantError as exc:  # server gone, store locked, disk full
                    st.error(plain(error_message(exc, lang)))
                else:
                    st.query_params.clear()
                    st.session_state["lifecycle_notice"] = label("deleted_to_trash", lang).format(
                        id=entry.id
                    )
                    st.rerun()

if engine is not None:
    trash_section(engine)
upload_section(engine)
