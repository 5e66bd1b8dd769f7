"""Văn bản page faults: documents that share a display label, file names carrying Markdown,
and upload names the file system refuses. Driven headlessly by AppTest (the real browser case
is in test_browser.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.session
from assistant.core.records import DocumentRecord
from assistant.store.chroma import Store
from ingest.pipeline import Ingestor
from tests.conftest import SEEDS, FakeEmbedder, make_settings
from tests.helpers import APP_TIMEOUT_S
from ui.safe import distinct_labels, plain

pytestmark = pytest.mark.faults

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
ORIGINAL = "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md"
# Bold, an image that would be fetched by every viewer's browser, a link, a Streamlit directive.
# (A file name cannot hold "/": the image URL is relative, which a browser fetches all the same.)
HOSTILE_NAME = "**đậm** ![i](x.png) [l](y.html) :red[đỏ] <b>.md"


@pytest.fixture
def twin_store(tmp_path, monkeypatch, fake_embedder):
    """The seeds plus a corrected copy of one under a hostile name: two documents with the
    same number, date and issuer."""
    notices = tmp_path / "notices"
    shutil.copytree(SEEDS, notices)
    # Not byte-identical: two files with one content are one document (issue 13). A corrected
    # copy keeps the number, date and issuer, so the labels still collide.
    (notices / HOSTILE_NAME).write_bytes(
        (notices / ORIGINAL).read_bytes() + "\n\nĐính chính.\n".encode()
    )
    settings = make_settings(tmp_path / "store")
    summary = Ingestor(settings, fake_embedder).run([notices])
    assert summary.ok and len(summary.added) == 4, summary.format()

    def load(name: str, batch_size: int = 32):
        return fake_embedder

    monkeypatch.setattr(ui.session, "load_embedder", load)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", fake_embedder.name)
    monkeypatch.setenv("ASSISTANT_STORE", str(settings.store))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(notices))
    ui.session._engine.clear()
    docs = Store(settings, FakeEmbedder.name).documents()
    by_name = {Path(d.source).name: d for d in docs}
    return settings, by_name[ORIGINAL], by_name[HOSTILE_NAME]


def _open(doc_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT_S)
    at.query_params["doc"] = doc_id
    at.run()
    at.switch_page("views/documents.py").run()
    assert not at.exception, at.exception
    return at


def test_deleting_the_copy_deletes_the_copy_not_the_original(twin_store):
    settings, original, copy = twin_store
    assert (original.number, original.date, original.issuer) == (
        copy.number,
        copy.date,
        copy.issuer,
    )
    at = _open(copy.doc_id)
    picker = at.selectbox[0]
    assert picker.value == copy.doc_id
    # The widget answers with the label: pick the copy the way a browser does, by its label.
    picker.select(copy.doc_id).run()
    assert at.selectbox[0].value == copy.doc_id
    next(c for c in at.checkbox if c.key == f"confirm-{copy.doc_id}").check().run()
    next(b for b in at.button if b.key == f"delete-{copy.doc_id}").click().run()
    assert not at.exception, at.exception

    left = {d.doc_id for d in Store(settings, FakeEmbedder.name).documents()}
    assert original.doc_id in left, "the original was deleted instead of the copy"
    assert copy.doc_id not in left


def test_labels_of_lookalike_documents_are_distinct():
    docs = [
        DocumentRecord("a" * 20, source="/n/x.txt", number="1"),
        DocumentRecord("b" * 20, source="/n/y.txt", number="1"),
        DocumentRecord("c" * 20, source="/m/y.txt", number="1"),
        DocumentRecord("d" * 20, source="/n/z.txt", number="2"),
    ]
    labels = distinct_labels(docs, lambda d: f"Số {d.number}")
    assert len(set(labels.values())) == 4
    assert labels["d" * 20] == "Số 2"  # a label nobody shares stays as it was


def test_a_file_name_with_markdown_shows_as_text(twin_store):
    _, _, copy = twin_store
    at = _open(copy.doc_id)
    cells = [str(v) for t in at.table for v in t.value.to_numpy().ravel()]
    shown = next(c for c in cells if "đậm" in c)
    assert shown == plain(HOSTILE_NAME)
    _assert_no_markdown(shown)


def _assert_no_markdown(source: str) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(source)
    for tag in ("<strong", "<em", "<img", "<a ", "<h1", "<ul", "<ol", "<blockquote", "<code"):
        assert tag not in html, (source, html)
    assert "<del" not in html and "<table" not in html and "<b>" not in html
    # Streamlit's own directives (:red[...], :material/x:, emoji) need an unescaped colon.
    assert not re.search(r"(?<!\\):[A-Za-z/]", source)


@pytest.mark.parametrize(
    "text",
    [
        "**b** ![i](http://h/p.png) [l](http://h/)",
        "<img src=x onerror=alert(1)> &amp; `code` ~~s~~ $x$ | a |",
        "# heading",
        "- item",
        "1. item",
        "> quote",
        ":material/home: :red[x] :smile:",
        "a\nb\r\n# c",
    ],
)
def test_plain_leaves_no_markdown(text):
    _assert_no_markdown(plain(text))


def test_an_upload_name_too_long_for_the_disk_is_saved_and_ingested(
    monkeypatch, tmp_path, fake_embedder
):
    monkeypatch.setattr(ui.session, "load_embedder", lambda name, batch_size=32: fake_embedder)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", fake_embedder.name)
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(tmp_path / "notices"))
    ui.session._engine.clear()
    long_name = "thông-báo-kết-luận-" * 12 + ".md"  # 229 characters, ~330 bytes
    assert len(long_name) >= 229 and len(long_name.encode()) > 255
    text = (SEEDS / ORIGINAL).read_bytes()
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT_S)
    at.run()
    at.switch_page("views/documents.py").run()
    at.file_uploader[0].set_value(
        [
            (long_name, text, "text/plain"),
            ("ok.md", text + "\n\nPhụ lục.\n".encode(), "text/plain"),
        ]
    ).run()
    next(b for b in at.button if b.label == "Nạp vào kho").click().run()
    assert not at.exception, at.exception
    assert "added 2" in at.code[0].value, at.code[0].value
    saved = sorted(p.name for p in (tmp_path / "notices" / "uploads").iterdir())
    assert "ok.md" in saved and any(n.startswith("thông-báo-kết-luận-") for n in saved)


def test_the_page_shows_a_banner_and_a_retry_while_the_server_is_down(twin_store, monkeypatch):
    """The Chroma server went away after the engine was built: a message and a retry button,
    not a traceback; once it is back, the retry shows the documents."""
    from assistant.core.errors import ServerUnavailable
    from assistant.engine import Engine

    _, _, copy = twin_store
    real = Engine.documents
    down = {"now": True}

    def documents(self):
        if down["now"]:
            raise ServerUnavailable("127.0.0.1", 8000, "Connection refused")
        return real(self)

    monkeypatch.setattr(Engine, "documents", documents)
    at = _open(copy.doc_id)
    assert any("Không kết nối được máy chủ Chroma" in e.value for e in at.error), at.error
    retry = next(b for b in at.button if b.label == "Thử lại")
    down["now"] = False
    retry.click().run()
    assert not at.exception, at.exception
    assert at.selectbox and at.selectbox[0].value == copy.doc_id
