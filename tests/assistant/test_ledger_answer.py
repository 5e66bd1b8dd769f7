"""'What is X assigned to?' answered from the ledger, each task with its own citation."""


def test_office_tasks_are_listed_with_citations(seed_engine_fake):
    answer = seed_engine_fake.ask("Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?")
    assert answer.found and answer.mode == "ledger"
    assert answer.answer.startswith("Theo các thông báo, Văn phòng Tỉnh ủy được giao")
    assert "tổng hợp ý kiến" in answer.answer
    lines = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert lines and all(line.rstrip().endswith("]") for line in lines)
    cited = {c.n for c in answer.citations}
    assert cited == set(range(1, len(answer.citations) + 1))
    # Each cited passage really holds a task it is cited for.
    first = answer.citations[0]
    assert "Văn phòng Tỉnh ủy" in first.text


def test_english_question_names_the_body_in_english(seed_engine_fake):
    answer = seed_engine_fake.ask("What is the provincial police assigned to?")
    assert answer.found and answer.mode == "ledger"
    assert "Công an tỉnh" in answer.answer and "police" in answer.answer.lower()


def test_a_body_with_no_tasks_falls_back_to_search(seed_engine_fake):
    answer = seed_engine_fake.ask("Sở Ngoại vụ được giao những việc gì?")
    assert answer.mode != "ledger"


def test_staff_status_and_corrections_show_in_the_answer(tmp_path, notices_dir):
    """What staff entered on the ledger page joins the chat's ledger answer: the status and a
    corrected deadline after the quoted task, a task reassigned to the body it now belongs to
    with the notice's own lead named."""
    from assistant.engine import Engine
    from assistant.ledger.state import LedgerState
    from assistant.ledger.views import with_documents
    from ingest.pipeline import Ingestor
    from tests.conftest import FakeEmbedder, make_settings

    settings = make_settings(tmp_path / "store")
    embedder = FakeEmbedder()
    assert Ingestor(settings, embedder).run([notices_dir]).ok
    engine = Engine(settings, embedder=embedder)
    question = "Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?"
    plain = engine.ask(question).answer
    assert "cán bộ ghi" not in plain

    state = LedgerState.for_store(settings.store)
    documents = {d.doc_id: d for d in engine.documents()}
    attached = state.attach(with_documents(engine.assignments(), documents))
    [vptu] = [r for r in attached if r.task.startswith("tổng hợp ý kiến")]
    [school] = [r for r in attached if r.assignees == ["Trường Chính trị tỉnh"]]
    state.update(vptu, status="doing", deadline="15/07/2020")
    state.update(school, assignee="Văn phòng Tỉnh ủy")

    answer = engine.ask(question)
    assert answer.mode == "ledger"
    lines = answer.answer.splitlines()
    [line] = [x for x in lines if "tổng hợp ý kiến" in x]
    assert line.endswith("— cán bộ ghi: đang thực hiện; hạn đã sửa: 15/07/2020")
    [moved] = [x for x in lines if school.task[:30] in x]
    assert moved.endswith("— cán bộ ghi: văn bản giao: Trường Chính trị tỉnh")
    assert len(lines) == len(plain.splitlines()) + 1  # one more task for the office
    english = engine.ask("What is the Provincial Party Committee Office assigned to?")
    assert english.mode == "ledger"
    assert "staff: in progress; corrected deadline: 15 July 2020" in english.answer


def test_the_ledgers_selection_is_kept_per_snapshot_and_handed_out_as_a_copy(seed_engine_fake):
    first = seed_engine_fake.assignments()
    assert first and all(r.in_force and r.doc_status for r in first)
    first.clear()  # a caller's list is its own
    again = seed_engine_fake.assignments()
    assert again and again == seed_engine_fake.assignments()
    assert seed_engine_fake._chosen[(False, "")][0] is again[0]  # not copied again
    # Another day asked is another selection: before the notices were issued, none.
    assert seed_engine_fake.assignments(as_of="1990-01-01") == []
    assert len(seed_engine_fake.assignments(include_replaced=True)) >= len(again)
