"""Staff state of ledger tasks in a real SQLite file, across re-ingests and corrected notices."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace

import pytest

from assistant.core.errors import LedgerInputError
from assistant.core.records import LedgerRecord
from assistant.ledger.state import (
    LedgerState,
    apply_edits,
    edits_from_table,
    find_task,
    parse_deadline,
    parse_status,
    task_keys,
)
from assistant.ledger.views import load_records, with_documents
from assistant.store.chroma import Store
from ingest.pipeline import Ingestor
from tests.conftest import FakeEmbedder, make_settings

DAK_LAK = "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md"
VPTU_TASK = "tổng hợp ý kiến tham gia góp ý"


@pytest.fixture
def ledger(tmp_path, notices_dir):
    """Ingest the seeds into a fresh store; returns (settings, ingest(), records())."""
    settings = make_settings(tmp_path / "store")
    embedder = FakeEmbedder()

    def ingest():
        summary = Ingestor(settings, embedder).run([notices_dir])
        assert summary.ok, summary.format()
        return summary

    def records():
        return load_records(Store(settings, embedder.name))

    ingest()
    return settings, ingest, records


def vptu(records: list[LedgerRecord]) -> LedgerRecord:
    [record] = [r for r in records if r.task.startswith(VPTU_TASK)]
    return record


def test_status_note_and_corrections_are_kept_in_the_user_db(ledger):
    settings, _, records = ledger
    state = LedgerState.for_store(settings.store)
    record = vptu(state.attach(records()))
    assert (record.status, record.note, record.assignee_correction) == ("todo", "", None)

    state.update(record, status="đang thực hiện", note="Đã giao chuyên viên")
    state.update(record, assignee="Ban Tuyên giáo Tỉnh ủy", deadline="15/07/2020")
    # A new object on the same file (another process, a restart) sees it all.
    again = vptu(LedgerState.for_store(settings.store).attach(records()))
    assert again.status == "doing" and again.note == "Đã giao chuyên viên"
    assert again.assignee_correction == "Ban Tuyên giáo Tỉnh ủy"
    assert again.deadline_correction == "2020-07-15"
    assert again.assignees == ["Văn phòng Tỉnh ủy"]  # the extracted value stays
    assert again.key == record.key

    state.update(again, clear_assignee=True)
    assert vptu(state.attach(records())).assignee_correction is None
    assert vptu(state.attach(records())).deadline_correction == "2020-07-15"

    path = settings.store / "user.db"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*) FROM ledger_task_state").fetchone()[0] == 1


def test_state_survives_rebuilding_the_store_from_the_same_notices(ledger):
    settings, ingest, records = ledger
    state = LedgerState.for_store(settings.store)
    state.update(vptu(state.attach(records())), status="done")
    assert len(ingest().unchanged) == 3
    assert vptu(state.attach(records())).status == "done"

    # The vector store thrown away and rebuilt: user.db beside it keeps the staff's work.
    shutil.rmtree(settings.store / "chroma")
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    assert len(ingest().added) == 3
    assert vptu(state.attach(records())).status == "done"


def test_state_follows_a_task_into_a_corrected_version(ledger, notices_dir):
    settings, ingest, records = ledger
    state = LedgerState.for_store(settings.store)
    before = state.attach(records())
    state.update(vptu(before), status="doing", note="chờ ý kiến")
    old_doc = vptu(before).doc_id

    # The corrected notice: another paragraph reworded, same number, a new content hash.
    path = notices_dir / DAK_LAK
    text = path.read_text(encoding="utf-8")
    assert "Lễ hội Cà phê" in text
    path.write_text(text.replace("Lễ hội Cà phê", "Lễ hội Cà phê Việt Nam"), encoding="utf-8")
    assert len(ingest().updated) == 1
    after = vptu(state.attach(records()))
    assert after.doc_id != old_doc
    assert (after.status, after.note) == ("doing", "chờ ý kiến")


def test_state_follows_a_renumbered_version_by_lead_and_task_then_moves_with_it(
    ledger, notices_dir
):
    settings, ingest, records = ledger
    state = LedgerState.for_store(settings.store)
    state.update(vptu(state.attach(records())), status="doing")
    path = notices_dir / DAK_LAK
    # A corrected version issued under a new number: the document key changes.
    path.write_text(path.read_text(encoding="utf-8").replace("1097-KL/TU", "1098-KL/TU"))
    ingest()
    after = vptu(state.attach(records()))
    assert after.number == "1098-KL/TU"
    assert after.status == "doing" and after.followed_from

    # Writing moves the row to the new key: no orphan stays behind.
    state.update(after, note="số mới")
    moved = vptu(state.attach(records()))
    assert moved.followed_from is None and moved.note == "số mới"
    with sqlite3.connect(settings.store / "user.db") as db:
        [(doc_key,)] = db.execute("SELECT doc_key FROM ledger_task_state").fetchall()
    assert "1098" in doc_key


def test_a_task_dropped_from_the_corrected_version_lends_its_state_to_nothing(ledger, notices_dir):
    settings, ingest, records = ledger
    state = LedgerState.for_store(settings.store)
    state.update(vptu(state.attach(records())), status="done", note="xong")
    path = notices_dir / DAK_LAK
    text = path.read_text(encoding="utf-8")
    start = text.index(VPTU_TASK)
    path.write_text(text[:start] + "nghiên cứu, đề xuất." + text[text.index("\n", start) :])
    ingest()
    attached = state.attach(records())
    assert not [r for r in attached if r.task.startswith(VPTU_TASK)]
    assert all(r.status == "todo" and r.note == "" for r in attached)


def test_a_task_repeated_word_for_word_gets_two_keys():
    record = LedgerRecord("d1", number="5-TB/TU", issuer="Tỉnh ủy", task="Báo cáo.")
    first, second = task_keys([record, replace(record, assignees=["Sở Y tế"])])
    assert first != second and first[0] == second[0]


def test_keys_ignore_paths_case_accents_and_spacing():
    a = LedgerRecord("x1", source="/srv/a/notice.txt", task="Rà soát  Quy hoạch.")
    b = LedgerRecord("x2", source="/home/b/notice.txt", task="rà soát quy hoạch")
    assert task_keys([a]) == task_keys([b])


def test_status_and_deadline_input_in_either_language():
    assert parse_status("Hoàn thành") == parse_status("done") == parse_status("hoan thanh")
    assert parse_status("in progress") == parse_status("đang thực hiện") == "doing"
    assert parse_deadline("5/7/2026") == parse_deadline("2026-07-05") == "2026-07-05"
    with pytest.raises(LedgerInputError, match="chưa thực hiện"):
        parse_status("finished?")
    with pytest.raises(LedgerInputError, match="DD/MM/YYYY"):
        parse_deadline("next week")
    with pytest.raises(LedgerInputError, match="not a real date"):
        parse_deadline("31/02/2026")


def test_find_task_by_code_prefix(ledger):
    settings, _, records = ledger
    attached = LedgerState.for_store(settings.store).attach(records())
    record = vptu(attached)
    assert find_task(attached, record.key[:6]) is record
    with pytest.raises(LedgerInputError, match="No task has the code"):
        find_task(attached, "zzzzzz")
    with pytest.raises(LedgerInputError, match="No task"):
        find_task(attached, "ab")  # too short to mean anything


def test_an_unwritable_database_gives_a_message(tmp_path):
    from assistant.core.errors import UserStateUnavailable

    blocker = tmp_path / "store"
    blocker.write_text("a file where the store folder should be")
    with pytest.raises(UserStateUnavailable, match="user.db"):
        LedgerState.for_store(blocker)


def test_table_edits_by_row_position_become_edits_by_task(ledger):
    settings, _, records = ledger
    state = LedgerState.for_store(settings.store)
    attached = state.attach(records())
    shown = [attached[3], vptu(attached)]  # a filtered table: positions are not list indexes
    columns = {
        "status": "status",
        "note": "note",
        "fix_lead": "assignee",
        "fix_deadline": "deadline",
    }
    edited = {
        "1": {"status": "in progress", "note": "gọi điện", "link": "ignored"},
        "0": {"fix_deadline": "2026-07-01T00:00:00", "fix_lead": "Sở Nội vụ"},
    }
    edits = edits_from_table(edited, [r.key for r in shown], columns)
    assert edits == {
        vptu(attached).key: {"status": "in progress", "note": "gọi điện"},
        attached[3].key: {"deadline": "2026-07-01T00:00:00", "assignee": "Sở Nội vụ"},
    }
    assert apply_edits(state, attached, edits) == 2
    after = state.attach(records())
    assert (vptu(after).status, vptu(after).note) == ("doing", "gọi điện")
    assert after[3].deadline_correction == "2026-07-01"
    assert after[3].assignee_correction == "Sở Nội vụ"

    # Cleared cells go back to the notice's values; one bad value writes nothing.
    apply_edits(state, after, {after[3].key: {"deadline": None, "assignee": ""}})
    assert state.attach(records())[3].deadline_correction is None
    with pytest.raises(LedgerInputError, match="not a task status"):
        apply_edits(
            state,
            after,
            {after[3].key: {"note": "lost?"}, vptu(after).key: {"status": "maybe"}},
        )
    assert state.attach(records())[3].note == ""


def test_state_follows_tasks_into_the_corrected_notice_kept_beside_the_original(tmp_path):
    """The lifecycle fixture pair a: the same số hiệu re-issued with moved deadlines and one
    task reworded. Both versions stay in the store; the ledger shows the one in force, and the
    staff's work follows each task into it."""
    import os
    import time

    from assistant.engine import Engine
    from tests.conftest import REPO

    versions = REPO / "tests" / "fixtures" / "versions"
    notices = tmp_path / "notices"
    notices.mkdir()
    original = notices / "a-thong-bao-45-TB-VPTU.txt"
    shutil.copy(versions / original.name, original)
    settings = make_settings(tmp_path / "store")
    embedder = FakeEmbedder()
    assert Ingestor(settings, embedder).run([notices]).ok
    engine = Engine(settings, embedder=embedder)
    state = LedgerState.for_store(settings.store)

    def ledger_now() -> dict[str, LedgerRecord]:
        """As the page builds it: the engine's in-force tasks with their staff state."""
        documents = {d.doc_id: d for d in engine.documents()}
        attached = state.attach(with_documents(engine.assignments(), documents))
        return {r.assignees[0]: r for r in attached}

    before = ledger_now()
    state.update(before["Ban Tổ chức Tỉnh ủy"], status="doing", note="đang trình")
    state.update(before["Văn phòng Tỉnh ủy"], status="done")
    state.update(before["Ban Tuyên giáo Tỉnh ủy"], note="từ 01/2025")

    corrected = notices / "a-thong-bao-45-TB-VPTU-ban-sua.txt"
    shutil.copy(versions / corrected.name, corrected)
    later = time.time() + 60  # the correction is the later file: it is the one in force
    os.utime(corrected, (later, later))
    assert Ingestor(settings, embedder).run([notices]).ok
    engine.retriever.snapshot(force=True)

    after = ledger_now()
    assert len(after) == 4  # the corrected notice's tasks only, not both versions'
    moved = after["Ban Tổ chức Tỉnh ủy"]  # only the deadline changed
    assert (moved.status, moved.note, moved.deadline) == (
        "doing",
        "đang trình",
        "2025-03-31",
    )
    reworded = after["Văn phòng Tỉnh ủy"]  # "chủ trì, phối hợp với Ban Tuyên giáo ..." added
    assert reworded.status == "done" and reworded.followed_from
    assert after["Ban Tuyên giáo Tỉnh ủy"].note == "từ 01/2025"
    assert after["Ủy ban Kiểm tra Tỉnh ủy"].status == "todo"  # new in the correction
