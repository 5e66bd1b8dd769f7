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
    assert "Văn phòng Tỉnh ủy" in first.text or "Văn phòng Tỉnh ủy" in first.section


def test_english_question_names_the_body_in_english(seed_engine_fake):
    answer = seed_engine_fake.ask("What is the provincial police assigned to?")
    assert answer.found and answer.mode == "ledger"
    assert "Công an tỉnh" in answer.answer and "police" in answer.answer.lower()


def test_a_body_with_no_tasks_falls_back_to_search(seed_engine_fake):
    answer = seed_engine_fake.ask("Sở Ngoại vụ được giao những việc gì?")
    assert answer.mode != "ledger"
