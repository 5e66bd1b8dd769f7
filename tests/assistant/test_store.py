"""The Chroma store (assistant/store/chroma.py) on a temporary folder with the fake embedding:
what is written reads back the same, pending documents stay invisible until committed, a killed
writer's remnant is recovered, and a store of another model or a missing one is refused."""

from __future__ import annotations

import pytest

from assistant.core.errors import StoreMissing, StoreModelMismatch
from assistant.core.records import Assignment, Chunk, ChunkRecord, Notice, date_number
from assistant.store import chroma
from assistant.store.chroma import Store
from tests.conftest import FakeEmbedder

TEXT = (
    "THÔNG BÁO KẾT LUẬN\n"
    "1. Giao Sở Nông nghiệp chủ trì phòng, chống hạn hán trước ngày 30/6/2024.\n"
    "2. Văn phòng Tỉnh ủy tổng hợp ý kiến góp ý, báo cáo Thường trực Tỉnh ủy."
)


def notice(doc_id: str = "doc-a", source: str = "/notices/a.txt", text: str = TEXT) -> Notice:
    return Notice(
        doc_id=doc_id,
        source=source,
        text=text,
        title="Thông báo kết luận",
        doc_type="Thông báo",
        number="12-TB/TU",
        issuer="TỈNH ỦY LÂM ĐỒNG",
        place="Lâm Đồng",
        date="2024-06-15",
        signer="Nguyễn Văn A",
        recipients=["Sở Nông nghiệp", "Văn phòng Tỉnh ủy"],
    )


def chunks_of(n: Notice) -> list[Chunk]:
    lines = n.text.split("\n")
    out, start = [], 0
    for position, line in enumerate(lines):
        section = [] if position == 0 else ["Nhiệm vụ"]
        context = ["Giao nhiệm vụ:"] if position == 2 else []
        out.append(
            Chunk(
                chunk_id=f"{n.doc_id}:{position:04d}",
                doc_id=n.doc_id,
                position=position,
                section=section,
                text=line,
                start=start,
                end=start + len(line),
                context=context,
            )
        )
        start += len(line) + 1
    return out


def task_of(n: Notice) -> Assignment:
    task = "phòng, chống hạn hán"
    start = n.text.index(task)
    return Assignment(
        ["Sở Nông nghiệp"],
        task,
        n.doc_id,
        ["Nhiệm vụ"],
        start,
        start + len(task),
        deadline_text="trước ngày 30/6/2024",
        deadline="2024-06-30",
    )


def write(store: Store, n: Notice, *, commit: bool = True) -> None:
    embedder = FakeEmbedder()
    chunks = chunks_of(n)
    with store.writer_lock():
        store.begin([n], {n.doc_id: {"content_sha": "sha-" + n.doc_id}})
        store.write_chunks(n, chunks, embedder.embed_documents([c.embed_text() for c in chunks]))
        tasks = [task_of(n)] if "hạn hán" in n.text else []
        store.write_assignments(n, tasks)
        if commit:
            counts = {"chunks": len(chunks), "assignments": len(tasks)}
            store.commit([n.doc_id], {n.doc_id: counts})


@pytest.fixture
def store(settings) -> Store:
    return Store(settings, FakeEmbedder.name, create=True)


def test_a_committed_document_reads_back_as_written(settings, store):
    write(store, notice())
    reopened = Store(settings, FakeEmbedder.name)  # another handle on the same folder
    [doc] = reopened.documents()
    assert doc.doc_id == "doc-a" and doc.source == "/notices/a.txt"
    assert (doc.number, doc.issuer, doc.date, doc.signer) == (
        "12-TB/TU",
        "TỈNH ỦY LÂM ĐỒNG",
        "2024-06-15",
        "Nguyễn Văn A",
    )
    assert doc.recipients == ["Sở Nông nghiệp", "Văn phòng Tỉnh ủy"]  # a list again
    assert (doc.chunk_count, doc.assignment_count, doc.status) == (3, 1, "committed")
    assert doc.content_sha == "sha-doc-a"  # the writer's extra fields are kept
    assert reopened.document_text("doc-a") == TEXT
    assert reopened.chunk_texts("doc-a") == TEXT.split("\n")  # in reading order
    assert reopened.chunk_count() == 3

    stored = sorted(reopened.iter_chunks({"doc-a"}), key=lambda c: c.start)
    expected = chunks_of(notice())
    assert all(isinstance(c, ChunkRecord) for c in stored)
    assert [(c.chunk_id, c.position, c.section, c.context, c.start, c.end) for c in stored] == [
        (c.chunk_id, c.position, c.section, c.context, c.start, c.end) for c in expected
    ]
    assert all(TEXT[c.start : c.end] == c.text for c in stored)

    [task] = reopened.assignments()
    assert task.assignees == ["Sở Nông nghiệp"] and task.deadline == "2024-06-30"
    assert task.text == "phòng, chống hạn hán"  # the verbatim span of the notice
    assert reopened.assignments({"other"}) == []


def test_dense_query_ranks_by_cosine_and_filters_by_metadata(store):
    write(store, notice())
    other = notice("doc-b", "/notices/b.txt", "Thu ngân sách 6 tháng đầu năm đạt 3.500 tỷ đồng.")
    write(store, other)
    embedder = FakeEmbedder()
    question = "Sở Nông nghiệp chủ trì phòng, chống hạn hán"
    hits = store.dense_query(embedder.embed_query(question), k=4)
    assert hits[0][0].doc_id == "doc-a" and "hạn hán" in hits[0][0].text
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert all(-1.0 <= s <= 1.0 + 1e-6 for _, s in hits)
    vector = embedder.embed_query(question)
    only_b = store.dense_query(vector, k=4, where={"doc_id": "doc-b"})
    assert {c.doc_id for c, _ in only_b} == {"doc-b"}
    # A date filter compares the numeric date: both documents are of 2024-06-15.
    assert store.dense_query(vector, 4, {"date_num": {"$gt": 20240615}}) == []
    assert len(store.dense_query(vector, 4, {"date_num": {"$gte": 20240615}})) == 4


def test_an_empty_store_answers_a_dense_query_with_nothing(store):
    assert store.dense_query(FakeEmbedder().embed_query("hạn hán"), k=3) == []
    assert store.documents() == [] and store.chunk_count() == 0


def test_a_pending_document_is_invisible_until_committed(store):
    write(store, notice(), commit=False)
    assert store.documents() == []
    [record] = store.all_document_records()
    assert record.status == "pending"
    store.commit(["doc-a"], {"doc-a": {"chunks": 3, "assignments": 1}})
    assert [d.doc_id for d in store.documents()] == ["doc-a"]


def test_the_next_writer_recovers_what_a_killed_one_left_pending(settings, store):
    write(store, notice(), commit=False)  # this lock session "died" before its commit
    later = Store(settings, FakeEmbedder.name)
    with later.writer_lock():
        assert later.recover() == 1
    assert later.all_document_records() == [] and later.chunk_count() == 0
    assert later.assignments() == []


def test_the_newest_committed_version_of_a_file_is_the_one_shown(store, monkeypatch):
    clock = iter([1000.0, 2000.0])
    monkeypatch.setattr(chroma.time, "time", lambda: next(clock))
    write(store, notice("old"))
    write(store, notice("new", text=TEXT + "\n3. Đính chính."))
    assert [d.doc_id for d in store.documents()] == ["new"]
    assert len(store.all_document_records()) == 2  # the old one until the writer removes it


def test_remove_deletes_the_record_its_chunks_and_its_tasks(store):
    write(store, notice())
    write(store, notice("doc-b", "/notices/b.txt"))
    with store.writer_lock():
        store.remove(["doc-a"])
    assert [d.doc_id for d in store.all_document_records()] == ["doc-b"]
    assert list(store.iter_chunks({"doc-a"})) == [] and store.chunk_count() == 3
    assert {t.doc_id for t in store.assignments()} == {"doc-b"}


def test_the_fingerprint_changes_with_the_set_of_documents(store):
    empty = store.fingerprint()
    write(store, notice())
    one = store.fingerprint()
    write(store, notice("doc-b", "/notices/b.txt"))
    assert len({empty, one, store.fingerprint()}) == 3
    assert store.fingerprint() == store.fingerprint(store.documents())


def test_a_missing_store_is_not_created_by_a_reader(settings, tmp_path):
    with pytest.raises(StoreMissing):
        Store(settings, FakeEmbedder.name)
    assert not (tmp_path / "store" / "chroma").exists()


def test_a_store_built_with_another_model_is_refused(settings, store):
    with pytest.raises(StoreModelMismatch) as error:
        Store(settings, "another-model")
    assert "fake-hash-64" in str(error.value) and "another-model" in str(error.value)


@pytest.mark.parametrize(
    ("iso", "number"),
    [("2020-07-03", 20200703), ("2021-06", 20210600), ("2024", 20240000), ("", 0), ("x", 0)],
)
def test_dates_are_stored_as_numbers_chroma_can_compare(iso, number):
    assert date_number(iso) == number


def test_the_change_marker_moves_with_every_write_and_not_with_reads(settings, store):
    before = store.change_marker()
    store.documents()
    store.dense_query(FakeEmbedder().embed_query("hạn hán"), k=3)
    assert store.change_marker() == before
    write(store, notice())
    assert store.change_marker() != before
    served = Store.__new__(Store)
    served.settings = settings.model_copy(update={"chroma_host": "127.0.0.1"})
    assert served.change_marker() is None  # a server's writes are not seen in local files
