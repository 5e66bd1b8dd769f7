"""The Văn bản page and the document lifecycle, driven headlessly by AppTest: status and
relation links, the upload's confirmation of what a corrected notice changed, delete to the
trash (and a later ingest does not bring it back) and restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.store.chroma import Store
from ingest.pipeline import Ingestor
from tests.conftest import FakeEmbedder, make_settings
from tests.helpers import VERSIONS, ask, copy_pairs, start

ORIGINAL = VERSIONS / "a-thong-bao-45-TB-VPTU.txt"
CORRECTED = VERSIONS / "a-thong-bao-45-TB-VPTU-ban-sua.txt"


def page_html(at) -> str:
    return "".join(m.value for m in at.markdown)


def names(store: Path) -> set[str]:
    docs = Store(make_settings(store), FakeEmbedder.name).documents()
    return {Path(d.source).name for d in docs}


@pytest.mark.slow
def test_status_and_relations_are_shown_as_links(monkeypatch, use_fake_model, tmp_path):
    notices = copy_pairs(tmp_path / "notices")
    Ingestor(make_settings(tmp_path / "store"), FakeEmbedder()).run([notices])
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    docs = {
        Path(d.source).name: d
        for d in Store(make_settings(tmp_path / "store"), FakeEmbedder.name).documents()
    }
    old, new = docs["b-ke-hoach-120-KH-TU-2023.txt"], docs["b-ke-hoach-210-KH-TU-2024.txt"]

    at = start("views/documents.py", doc=old.doc_id)
    html = page_html(at)
    assert "Đã được thay thế" in html and "Được thay thế bởi" in html
    assert f'href="documents?doc={new.doc_id}"' in html
    table = at.dataframe[0].value
    statuses = dict(zip(table["Tệp"], table["Hiệu lực"], strict=True))
    assert statuses["b-ke-hoach-120-KH-TU-2023.txt"] == "Đã được thay thế"
    assert statuses["c-quyet-dinh-15-2022-QD-UBND.txt"].startswith("Có hiệu lực, đã được sửa đổi")
    assert statuses["d-chi-thi-05-CT-TU-2020.txt"] == "Đã bị bãi bỏ"
    assert statuses["a-thong-bao-45-TB-VPTU.txt"].startswith("Bản cũ")

    at = start("views/documents.py", doc=new.doc_id)
    assert f'href="documents?doc={old.doc_id}"' in page_html(at)
    assert "Thay thế" in page_html(at)


@pytest.mark.slow
def test_reupload_of_a_corrected_notice_confirms_the_changes_and_replaces_it(
    monkeypatch,
    use_fake_model,
    tmp_path,
):
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(tmp_path / "notices"))
    name = "thong-bao-45.txt"  # the same file name both times, as the user did
    at = start("views/documents.py")
    at.file_uploader[0].set_value((name, ORIGINAL.read_bytes(), "text/plain")).run()
    next(b for b in at.button if b.label == "Nạp vào kho").click().run()
    assert "added 1" in at.code[0].value

    at = start("views/documents.py")
    at.file_uploader[0].set_value((name, CORRECTED.read_bytes(), "text/plain")).run()
    next(b for b in at.button if b.label == "Nạp vào kho").click().run()
    assert not at.exception, at.exception
    (confirmation,) = [w.value for w in at.warning]
    assert "thay thế bản cũ thong" in confirmation and "(số 45" in confirmation
    expanders = {e.label.split(" (")[0]: e for e in at.expander}
    added = "".join(m.value for m in expanders["Đoạn mới"].markdown)
    removed = "".join(m.value for m in expanders["Đoạn bị bỏ"].markdown)
    assert "31/3/2025" in added and "31/12/2024" in removed
    assert "Ủy ban Kiểm tra" in "".join(m.value for m in expanders["Nhiệm vụ mới"].markdown)

    at = start()
    ask(at, "Ban Tổ chức Tỉnh ủy phải trình đề án nhân sự trước ngày nào?")
    html = page_html(at)
    assert "31/3/2025" in html and "31/12/2024" not in html


@pytest.mark.slow
def test_delete_moves_to_trash_survives_the_run_ingest_and_restores(
    monkeypatch,
    use_fake_model,
    tmp_path,
):
    notices = copy_pairs(tmp_path / "notices")
    settings = make_settings(tmp_path / "store")
    Ingestor(settings, FakeEmbedder()).run([notices])
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(notices))
    victim = next(
        d
        for d in Store(settings, FakeEmbedder.name).documents()
        if d.number == "88-TB/TU" and "09-12" in d.source
    )

    at = start("views/documents.py", doc=victim.doc_id)
    next(c for c in at.checkbox if c.label == "Tôi chắc chắn muốn xóa").check().run()
    next(b for b in at.button if b.label == "Xóa văn bản này khỏi kho").click().run()
    assert not at.exception, at.exception
    assert "thùng rác (mục 1)" in at.success[0].value
    assert not Path(victim.source).exists()

    # What `make run` does on its next start: ingest the notices folder.
    again = Ingestor(settings, FakeEmbedder()).run([notices])
    assert again.added == [] and "e-thong-bao-88-TB-TU-2024-09-12.txt" not in names(settings.store)
    at = start()
    ask(at, "Bí thư Tỉnh ủy tiếp công dân định kỳ vào ngày nào hằng tháng?")
    # The earlier version of 88-TB/TU is the one in force again.
    assert "ngày 15 hằng tháng" in page_html(at) and "ngày 20 hằng tháng" not in page_html(at)

    at = start("views/documents.py")
    trash = next(e for e in at.expander if e.label.startswith("Thùng rác"))
    next(b for b in trash.button if b.label == "Khôi phục").click().run()
    assert not at.exception, at.exception
    assert "Đã khôi phục" in at.success[0].value
    assert Path(victim.source).exists()
    assert "e-thong-bao-88-TB-TU-2024-09-12.txt" in names(settings.store)
