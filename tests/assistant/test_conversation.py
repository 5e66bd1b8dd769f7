"""Follow-up resolution: which slots a question fills against the previous turn's."""

from __future__ import annotations

import pytest

from assistant.answer.conversation import Conversation, Turn, named_documents, resolve, segment

GROWTH_VI = "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"
GROWTH_EN = "What was the economic growth of Dak Lak in the first half of 2020?"


def turn(question: str, language: str = "vi", **extra) -> Turn:
    return Turn(question=question, resolved=question, language=language, **extra)


def kinds(question: str, language: str = "vi") -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segment(question, language).segments]


def test_segments_of_a_vietnamese_question():
    assert kinds(GROWTH_VI) == [
        ("topic", "Tăng trưởng kinh tế"),
        ("period", "6 tháng đầu năm 2020"),
        ("glue", "của"),
        ("place", "Đắk Lắk"),
        ("ask", "đạt bao nhiêu"),
    ]


def test_segments_without_accents_and_of_an_english_question():
    assert ("period", "6 thang dau nam 2020") in kinds("tang truong 6 thang dau nam 2020?")
    assert kinds(GROWTH_EN, "en") == [
        ("ask", "What was"),
        ("glue", "the"),
        ("topic", "economic growth"),
        ("glue", "of"),
        ("place", "Dak Lak"),
        ("period", "in the first half of 2020"),
    ]


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        # a new topic: same place, period and question phrase
        (
            "còn thu ngân sách thì sao?",
            "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
        ),
        ("Vậy còn thu ngân sách?", "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"),
        # a new place, a new period: the rest carried
        (
            "còn Lâm Đồng thì sao?",
            "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Lâm Đồng đạt bao nhiêu?",
        ),
        ("thế còn quý II/2020?", "Tăng trưởng kinh tế quý II/2020 của Đắk Lắk đạt bao nhiêu?"),
        # typed without accents
        (
            "con thu ngan sach thi sao?",
            "Thu ngan sach 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
        ),
    ],
)
def test_vietnamese_follow_ups_replace_what_they_supply(follow_up, expected):
    resolution = resolve(follow_up, "vi", turn(GROWTH_VI))
    assert resolution.shape == "follow-up"
    assert resolution.question == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (
            "what about budget revenue?",
            "What was the budget revenue of Dak Lak in the first half of 2020?",
        ),
        ("And Lam Dong?", "What was the economic growth of Lam Dong in the first half of 2020?"),
        ("and in 2021?", "What was the economic growth of Dak Lak in 2021?"),
        (
            "How about the second quarter of 2020 then?",
            "What was the economic growth of Dak Lak the second quarter of 2020?",
        ),
    ],
)
def test_english_follow_ups_replace_what_they_supply(follow_up, expected):
    resolution = resolve(follow_up, "en", turn(GROWTH_EN, "en"))
    assert resolution.question == expected


def test_a_question_naming_its_own_subject_starts_fresh():
    fresh = "Tăng trưởng kinh tế quý I/2024 của Lâm Đồng đạt bao nhiêu?"
    resolution = resolve(fresh, "vi", turn(GROWTH_VI))
    assert resolution.shape == "fresh" and resolution.candidates == [fresh]
    english = "How much did the economy of Lam Dong grow in 2024?"
    assert resolve(english, "en", turn(GROWTH_EN, "en")).shape == "fresh"


def test_a_complete_question_without_place_or_period_carries_them_with_a_fallback():
    resolution = resolve("Thu ngân sách đạt bao nhiêu?", "vi", turn(GROWTH_VI))
    assert resolution.shape == "implicit"
    assert resolution.candidates == [
        "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
        "Thu ngân sách đạt bao nhiêu?",
    ]


def test_a_topic_without_question_phrase_also_tries_without_the_inherited_one():
    resolution = resolve("còn thu ngân sách thì sao?", "vi", turn(GROWTH_VI))
    assert resolution.candidates == [
        "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
        "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk?",
    ]
    # A topic that is a kind of answer of its own (shortcomings) keeps its own question.
    resolution = resolve("còn hạn chế thì sao?", "vi", turn(GROWTH_VI))
    assert resolution.candidates == [
        "Những hạn chế 6 tháng đầu năm 2020 của Đắk Lắk là gì?",
        "Hạn chế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
    ]


@pytest.mark.parametrize(
    ("previous", "language", "follow_up", "expected"),
    [
        (
            "Which body must handle drought response?",
            "en",
            "and by when?",
            "Which body must handle drought response, and by when?",
        ),
        (
            "What must the Provincial Party Committee Office do?",
            "en",
            "What's the deadline?",
            "What must the Provincial Party Committee Office do, and by when?",
        ),
        (
            "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?",
            "vi",
            "hạn khi nào?",
            "Cơ quan nào phải chỉ đạo phòng, chống hạn hán, hạn khi nào?",
        ),
        (
            "Văn phòng Tỉnh ủy được giao những việc gì?",
            "vi",
            "Còn thời hạn thì sao?",
            "Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?",
        ),
    ],
)
def test_by_when_asks_the_deadline_of_the_previous_answer(previous, language, follow_up, expected):
    before = turn(previous, language)
    resolution = resolve(follow_up, language, before)
    assert resolution.shape == "deadline"
    assert resolution.question == expected
    assert resolution.deadline_of is before


def test_a_reference_to_the_document_points_at_the_cited_notice():
    before = turn(
        "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?",
        found=True,
        cited=[{"doc_id": "abc123", "number": "", "start": 0, "end": 10, "chunk_id": "abc123:1"}],
    )
    resolution = resolve("Văn bản này còn giao những việc gì khác?", "vi", before)
    assert resolution.doc_ids == ["abc123"]


def test_first_question_and_unrelated_chatter_are_left_alone():
    assert resolve(GROWTH_VI, "vi", None).shape == "first"
    assert resolve("Cảm ơn", "vi", turn(GROWTH_VI)).candidates == ["Cảm ơn"]


def test_conversation_round_trips_through_a_dict():
    conversation = Conversation()
    conversation.record(turn(GROWTH_VI, found=True, answer="Theo [1]: 4,62%"))
    again = Conversation.from_dict(conversation.to_dict())
    assert again == conversation
    assert again.resolve("còn Lâm Đồng thì sao?", "vi").question.endswith("Lâm Đồng đạt bao nhiêu?")


# --- through the engine, over the seed notices --------------------------------------------


def test_engine_carries_place_and_period_into_a_follow_up(seed_engine_fake):
    conversation = Conversation()
    first = seed_engine_fake.ask(GROWTH_VI, conversation=conversation)
    assert first.found and first.understood_as is None
    follow = seed_engine_fake.ask("còn thu ngân sách thì sao?", conversation=conversation)
    assert follow.understood_as == "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"
    assert follow.question == "còn thu ngân sách thì sao?"
    assert follow.found and "36,81%" in follow.answer
    assert "1097-KL/TU" in follow.citations[0].number
    assert [t.question for t in conversation.turns] == [GROWTH_VI, "còn thu ngân sách thì sao?"]
    # Without the conversation the same words are not about Đắk Lắk 2020.
    alone = seed_engine_fake.ask("còn thu ngân sách thì sao?")
    assert alone.understood_as is None


def test_engine_english_follow_up_and_new_subject(seed_engine_real):
    # The real model: whether the fresh question is answered rests on its dense similarity.
    conversation = Conversation()
    seed_engine_real.ask(
        "What was the economic growth of Dak Lak in the first six months of 2020?",
        conversation=conversation,
    )
    follow = seed_engine_real.ask("what about budget revenue?", conversation=conversation)
    # The reading carries the place and the period of the first question (its wording is the
    # first candidate reading the notices answer: "What was ..." or "The ... of ...").
    assert "budget revenue of Dak Lak in the first six months of 2020" in follow.understood_as
    assert follow.found and "36,81%" in follow.answer
    fresh = seed_engine_real.ask(
        "Tăng trưởng kinh tế quý I/2024 của Lâm Đồng đạt bao nhiêu?", conversation=conversation
    )
    assert fresh.understood_as is None and "3%" in fresh.answer


def test_engine_by_when_reads_the_deadline_of_the_task_just_answered(seed_engine_fake):
    conversation = Conversation()
    first = seed_engine_fake.ask(
        "Ai phải góp ý trực tiếp vào dự thảo Báo cáo kiểm điểm, gửi về Thường trực Tỉnh ủy?",
        conversation=conversation,
    )
    assert first.found
    deadline = seed_engine_fake.ask("hạn khi nào?", conversation=conversation)
    assert deadline.found
    assert "08/7/2020" in deadline.answer
    assert ", hạn khi nào?" in deadline.understood_as  # read inside the notice just cited
    assert deadline.citations[0].doc_id == first.citations[0].doc_id


def test_a_new_topic_that_shares_a_word_replaces_only_that_part():
    before = turn("Chuyên gia tư vấn mức 2 được trả tối đa bao nhiêu một tháng?")
    assert resolve("còn mức 4?", "vi", before).question == (
        "Chuyên gia tư vấn mức 4 được trả tối đa bao nhiêu một tháng?"
    )
    before = turn("Hỗ trợ cho người hưởng lương ngân sách tham gia lấy mẫu là bao nhiêu?")
    assert resolve("còn người không hưởng lương ngân sách thì sao?", "vi", before).question == (
        "Hỗ trợ cho người không hưởng lương ngân sách tham gia lấy mẫu là bao nhiêu?"
    )


def test_a_complete_follow_up_is_read_inside_the_previous_notice_first():
    cited = [{"doc_id": "d1", "number": "10/2022/TT-BKHĐT", "start": 0, "end": 9, "chunk_id": "x"}]
    before = turn(
        "Who proposed the correction of circular 10/2022 on the e-procurement system?",
        "en",
        found=True,
        cited=cited,
    )
    resolution = resolve("and who signed it?", "en", before)
    assert resolution.question == "Who signed circular 10/2022/TT-BKHĐT?"
    assert resolution.doc_ids == ["d1"]
    assert resolution.tries()[0] == ("Who signed circular 10/2022/TT-BKHĐT?", True)
    vi = turn("Mức chi bảo hiểm thất nghiệp tối đa bao nhiêu?", found=True, cited=cited)
    resolution = resolve("thông tư có hiệu lực từ khi nào?", "vi", vi)
    assert resolution.question == "Thông tư số 10/2022/TT-BKHĐT có hiệu lực từ khi nào?"
    assert resolution.tries()[-1] == (resolution.question, False)
    # A question naming its own place is not read inside the previous notice.
    fresh = resolve("Tăng trưởng kinh tế của Lâm Đồng quý I/2024 đạt bao nhiêu?", "vi", vi)
    assert fresh.shape == "fresh" and fresh.doc_ids == []


def test_short_pronouns_are_matched_with_their_accents_only():
    assert ("topic", "Hỗ trợ tiền bồi dưỡng") in kinds("Hỗ trợ tiền bồi dưỡng là bao nhiêu?")


def test_engine_answers_who_signed_it_and_when_from_the_notice_just_cited(seed_engine_fake):
    conversation = Conversation()
    first = seed_engine_fake.ask(GROWTH_VI, conversation=conversation)
    doc = next(d for d in seed_engine_fake.documents() if d.doc_id == first.citations[0].doc_id)
    issued = seed_engine_fake.ask("văn bản này ban hành ngày nào?", conversation=conversation)
    assert issued.found and "03/07/2020" in issued.answer
    assert issued.citations[0].doc_id == doc.doc_id
    assert "ngày 03 tháng 7 năm 2020" in issued.citations[0].text  # the passage dating it
    signed = seed_engine_fake.ask("and who signed it?", conversation=conversation)
    assert signed.found and doc.signer and doc.signer in signed.answer
    assert doc.signer in signed.citations[0].text


# --- facets, deadlines, named notices -----------------------------------------------------


def test_a_facet_of_the_previous_subject_is_also_asked_with_its_topic():
    before = turn(
        "Ai được giao chỉ đạo lập chuyên án điều tra các vụ phá rừng, ma túy ở Lâm Đồng?",
        found=True,
        cited=[{"doc_id": "d1", "number": "", "start": 0, "end": 9, "chunk_id": "d1:1"}],
    )
    tries = resolve("mục đích để làm gì?", "vi", before).tries()
    carried = "Mục đích để làm gì? (chỉ đạo lập chuyên án điều tra các vụ phá rừng, ma túy)"
    assert (carried, True) in tries
    # after the question's own words inside the notice, before the whole collection
    assert tries.index((carried, True)) < tries.index(("Mục đích để làm gì ở Lâm Đồng?", False))
    english = turn("Who chairs the steering committee on salary reform?", "en", found=True)
    english.cited = before.cited
    assert any(
        text.endswith("steering committee on salary reform)")
        for text, _ in resolve("where does its funding come from?", "en", english).tries()
    )
    # A subject of its own (three words and more) is not a facet: nothing is appended.
    tries = resolve("Thu ngân sách đạt bao nhiêu?", "vi", turn(GROWTH_VI, found=True)).tries()
    assert not any("(" in text for text, _ in tries)


@pytest.mark.parametrize(
    ("follow_up", "language"),
    [
        ("and when is it due?", "en"),
        ("by when must it be done?", "en"),
        ("khi nào phải xong?", "vi"),
    ],
)
def test_when_is_it_due_asks_the_deadline_of_the_previous_answer(follow_up, language):
    before = turn("Who leads the decree on raising health insurance contributions?", "en")
    resolution = resolve(follow_up, language, before)
    assert resolution.shape == "deadline" and resolution.deadline_of is before


def test_the_year_of_a_date_is_not_a_period():
    segments = kinds("Ai sẽ trực tiếp quản lý Làng Văn hóa từ 1/7/2026?")
    assert not [text for kind, text in segments if kind == "period"]
    assert ("period", "năm 2026") in kinds("Kế hoạch năm 2026 giao việc gì?")


def test_named_documents_by_whole_or_leading_number():
    numbers = {"a": "113/NQ-CP", "b": "11/2024/TT-BKHĐT", "c": "07/2026/TT-BNV", "d": ""}
    assert named_documents("Nghi quyet 113/NQ-CP co hieu luc tu khi nao?", "vi", numbers) == ["a"]
    assert named_documents("Thông tư 11/2024 có hiệu lực từ ngày nào?", "vi", numbers) == ["b"]
    assert named_documents("When does circular 7/2026 take effect?", "en", numbers) == ["c"]
    assert named_documents("Nghị định 108 quy định gì?", "vi", numbers) == []
    assert named_documents("Thông tư 99/2024/TT-BTC quy định gì?", "vi", numbers) == []


def _circular(number: str, topic: str, day: str) -> str:
    return (
        f"BỘ KẾ HOẠCH VÀ ĐẦU TƯ\nSố: {number}\nHà Nội, ngày 24 tháng 6 năm 2024\n\nTHÔNG TƯ\n"
        f"Quy định {topic}\n\nĐiều 1. Phạm vi điều chỉnh\nThông tư này quy định {topic}.\n\n"
        f"Điều 2. Hiệu lực thi hành\nThông tư này có hiệu lực thi hành kể từ ngày {day}.\n"
    )


@pytest.fixture(scope="module")
def circulars_engine(tmp_path_factory):
    """Three circulars whose effective-date clauses differ only in the date."""
    from assistant.engine import Engine
    from ingest.pipeline import Ingestor
    from tests.conftest import FakeEmbedder, make_settings

    root = tmp_path_factory.mktemp("circulars")
    folder = root / "notices"
    folder.mkdir()
    for name, number, topic, day in [
        ("a.txt", "10/2024/TT-BKHĐT", "mẫu hồ sơ mời thầu", "01 tháng 8 năm 2024"),
        ("b.txt", "11/2024/TT-BKHĐT", "phân loại đơn vị sự nghiệp công lập", "10 tháng 8 năm 2024"),
        ("c.txt", "12/2024/TT-BKHĐT", "chuyển đổi vị trí công tác", "16 tháng 8 năm 2024"),
    ]:
        (folder / name).write_text(_circular(number, topic, day), encoding="utf-8")
    settings = make_settings(root / "store")
    embedder = FakeEmbedder()
    assert Ingestor(settings, embedder).run([folder]).ok
    return Engine(settings, embedder=embedder)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Thông tư 12/2024/TT-BKHĐT có hiệu lực từ ngày nào?", "16 tháng 8 năm 2024"),
        ("Thong tu 11/2024 co hieu luc tu ngay nao?", "10 tháng 8 năm 2024"),
        (
            "Thông tư số 10/2024/TT-BKHĐT có hiệu lực thi hành kể từ ngày nào?",
            "01 tháng 8 năm 2024",
        ),
    ],
)
def test_a_question_naming_a_notice_is_answered_inside_it(circulars_engine, question, expected):
    answer = circulars_engine.ask(question)
    assert answer.found and expected in answer.answer
    assert all(
        day not in answer.answer
        for day in ("01 tháng 8", "10 tháng 8", "16 tháng 8")
        if day not in expected
    )


def test_an_elliptical_follow_up_asks_for_what_the_previous_question_asked_for():
    before = turn("What was Lam Dong's economic growth in Q1 2024?", "en", intent="how_much")
    resolution = resolve("and tourism?", "en", before)
    assert resolution.question == "What was Lam Dong tourism in Q1 2024?"
    assert resolution.intents == {resolution.question: "how_much"}
    # A question phrase of its own says what it asks for.
    own = resolve("and who leads tourism?", "en", before)
    assert own.intents == {}


def test_engine_and_tourism_quotes_the_tourism_figure(seed_engine_real):
    conversation = Conversation()
    first = seed_engine_real.ask(
        "What was Lam Dong's economic growth in Q1 2024?", conversation=conversation
    )
    assert first.found and "3%" in first.answer
    follow = seed_engine_real.ask("and tourism?", conversation=conversation)
    assert follow.found and "11%" in follow.answer


def test_the_country_ending_a_name_is_no_place():
    """ "Việt Nam" after a noun ends an organisation's or a place's name: a follow-up does not
    carry it as the place it is about; typed after glue, it is one."""
    village = "Ai sẽ trực tiếp quản lý Làng Văn hóa - Du lịch các dân tộc Việt Nam từ 1/7/2026?"
    assert "place" not in {kind for kind, _ in kinds(village)}
    assert "place" not in {kind for kind, _ in kinds("Bảo hiểm xã hội Việt Nam phải làm gì?")}
    assert ("place", "Việt Nam") in kinds("Kinh tế của Việt Nam tăng bao nhiêu?")
    follow = resolve("còn bộ nào phải tổ chức bàn giao?", "vi", turn(village))
    assert "Việt Nam" not in follow.question


def test_a_facet_repeating_the_previous_words_is_asked_with_the_previous_topic_first():
    """ "sửa thành gì?" after "... sửa điểm nào của Điều 16 ...?": inside the notice its words
    alone meet every "Nay sửa thành"; with the previous topic they meet the one asked about.
    A facet of new words ("mục đích") is asked alone first."""
    previous = turn(
        "Quyết định 2416/QĐ-BKHĐT sửa điểm nào của Điều 16 Thông tư 15/2024?",
        found=True,
        cited=[{"doc_id": "d1", "number": "2416/QĐ-BKHĐT"}],
    )
    first, scoped = resolve("sửa thành gì?", "vi", previous).tries()[0]
    assert scoped and "Điều 16" in first and first.startswith("Sửa thành gì?")
    purpose = resolve("mục đích để làm gì?", "vi", previous).tries()
    assert "Điều 16" not in purpose[0][0]
    assert any("Điều 16" in text and "Mục đích" in text for text, _ in purpose)


def test_a_deadline_set_in_a_later_clause_is_found_for_the_body_the_task_assigns():
    """The cited task ("giao Bảo hiểm xã hội Việt Nam tổ chức thực hiện thanh toán") has no
    date; a later clause of the same notice sets it for the work of that body. Records of other
    bodies, or of other notices, are not its deadline."""
    from assistant.answer.deadline_followup import deadline_elsewhere
    from assistant.core.records import LedgerRecord

    task = LedgerRecord(
        doc_id="n1",
        assignees=["Bảo hiểm xã hội Việt Nam"],
        task="tổ chức thực hiện thanh toán cho cơ sở khám bệnh",
        start=0,
        end=50,
    )
    later = LedgerRecord(
        doc_id="n1",
        assignees=["Bộ Tài chính"],
        task="chỉ đạo Bảo hiểm xã hội Việt Nam tổ chức thực hiện theo Điều 1 xong trước ngày"
        " 01 tháng 5 năm 2026",
        deadline_text="trước ngày 01 tháng 5 năm 2026",
        start=900,
        end=990,
    )
    other_body = LedgerRecord(
        doc_id="n1", assignees=["Bộ Y tế"], task="tổng hợp số liệu", deadline_text="quý IV"
    )
    other_notice = LedgerRecord(
        doc_id="n2", assignees=["Bộ Tài chính"], task=later.task, deadline_text="quý IV"
    )
    records = [task, later, other_body, other_notice]
    named = "giao bao hiem xa hoi viet nam to chuc thuc hien thanh toan"
    assert deadline_elsewhere(records, [task], named, []) == [later]
    # A body the previous turn did not name sets no deadline of its.
    assert deadline_elsewhere(records, [task], "thanh toan", []) == []


def test_a_ministry_is_carried_whole_not_cut_at_its_first_lower_case_syllable():
    assert ("body", "Bộ Kế hoạch và Đầu tư") in kinds(
        "còn thông tư 10/2024 của Bộ Kế hoạch và Đầu tư thì sao?"
    )
    assert ("body", "Bộ Văn hóa, Thể thao và Du lịch") in kinds(
        "Bộ Văn hoá, Thể thao và Du lịch phải làm gì?"
    )
    assert ("body", "Bộ Y tế") in kinds("còn Bộ Y tế thì sao?")
    # What the body does is not part of its name.
    assert kinds("Bộ Tài chính chủ trì việc gì?")[:2] == [
        ("body", "Bộ Tài chính"),
        ("topic", "chủ trì việc"),
    ]
    assert ("topic", "Bộ trưởng") in kinds("Bộ trưởng Bộ Tài chính ký ngày nào?")


TITLE_19 = (
    "Thông tư ban hành bổ sung Danh mục nghề, công việc nặng nhọc, độc hại, nguy hiểm và nghề,"
    " công việc đặc biệt nặng nhọc, độc hại, nguy hiểm"
)


def test_another_notice_named_leaves_the_words_that_described_the_previous_one():
    cited = [{"doc_id": "d19", "number": "19/2023/TT-BLĐTBXH", "start": 0, "end": 9}]
    before = turn(
        "Thông tư 19/2023 bổ sung danh mục nghề nặng nhọc, độc hại có hiệu lực từ ngày nào?",
        found=True,
        cited=[{**cited[0], "title": TITLE_19}],
    )
    resolution = resolve("còn thông tư 10/2024 của Bộ Kế hoạch và Đầu tư thì sao?", "vi", before)
    assert resolution.question == (
        "Thông tư 10/2024 của Bộ Kế hoạch và Đầu tư có hiệu lực từ ngày nào?"
    )
    assert resolution.doc_ids == []  # not read inside 19/2023


def test_it_is_the_notice_the_previous_question_named_when_the_notices_did_not_answer():
    # The nearest passages of a refused answer belong to some other notice: not what "it" is.
    nearest = [{"doc_id": "d8", "number": "08/2024/TT-BLĐTBXH", "start": 0, "end": 9}]
    before = turn(
        "How often must investment-sector officials be rotated under circular 18/2022?",
        "en",
        found=False,
        cited=nearest,
    )
    resolution = resolve("and when does it take effect?", "en", before)
    assert resolution.question == "When does circular 18/2022 take effect?"
    # Every reading asked of the whole collection keeps the number.
    assert resolution.tries() == [("When does circular 18/2022 take effect?", False)]
    # Answered, "it" is the notice the answer cited.
    answered = turn(before.question, "en", found=True, cited=nearest)
    assert resolve("who signed it?", "en", answered).question == (
        "Who signed circular 08/2024/TT-BLĐTBXH?"
    )


def test_another_plan_named_by_its_subject_is_not_read_inside_the_previous_notice():
    cited = [{"doc_id": "d893", "number": "893/QĐ-TTg", "start": 0, "end": 9}]
    before = turn(
        "Đề án nhân lực năng lượng nguyên tử do bộ nào chủ trì thực hiện?", found=True, cited=cited
    )
    other = resolve("còn đề án bồi dưỡng cán bộ đối ngoại thì sao?", "vi", before)
    assert other.question == "Đề án bồi dưỡng cán bộ đối ngoại do bộ nào chủ trì thực hiện?"
    assert other.doc_ids == [] and not any(scoped for _, scoped in other.tries())
    # A facet of the same plan still is.
    assert resolve("còn mục tiêu thì sao?", "vi", before).doc_ids == ["d893"]


def test_a_new_topic_replaces_the_part_of_a_split_old_topic_that_holds_its_first_word():
    before = turn(
        "What share of foreign-affairs officials who do that work full time should be trained"
        " in phase 1 of the 2026 scheme?",
        "en",
    )
    assert resolve("and in phase 2?", "en", before).question == (
        "What share of foreign-affairs officials who do work full time should be trained in"
        " phase 2 of the 2026 scheme?"
    )


def test_where_from_is_a_question_phrase():
    assert ("ask", "lấy từ đâu") in kinds("còn nguồn kinh phí thực hiện lấy từ đâu?")


def test_a_numbered_series_resolution_is_one_number():
    numbers = {"d66": "66.17/2026/NQ-CP", "d17": "17/2025/NQ-CP"}
    question = "Nghị quyết 66.17/2026/NQ-CP về ngành nghề kinh doanh có điều kiện do ai ký?"
    assert ("document", "Nghị quyết 66.17/2026/NQ-CP") in kinds(question)
    assert named_documents(question, "vi", numbers) == ["d66"]
    english = "When do the cut business lines stop being conditional under Resolution 66.17/2026?"
    assert named_documents(english, "en", numbers) == ["d66"]


def test_a_yes_no_follow_up_is_a_question_of_its_own():
    assert ("ask", "được không") in kinds("hết hạn nộp thì còn rút hồ sơ được không?")
    cited = [{"doc_id": "d66", "number": "66.17/2026/NQ-CP", "start": 0, "end": 9}]
    before = turn(
        "From when do the cut conditional business lines stop being conditional under"
        " Resolution 66.17/2026?",
        "en",
        found=True,
        cited=cited,
    )
    resolution = resolve("and can old licences still be used?", "en", before)
    assert resolution.shape == "follow-up"
    assert resolution.tries()[0] == ("Can old licences still be used Resolution 66.17/2026?", True)


CITED = [{"doc_id": "nq126", "number": "126/NQ-CP", "start": 0, "end": 10, "chunk_id": "c"}]


def test_a_refused_turn_naming_no_notice_leaves_the_conversation_in_the_last_cited_notice():
    conversation = Conversation()
    conversation.record(
        turn("Việc bàn giao Làng Văn hóa phải hoàn thành trước ngày nào?", found=True, cited=CITED)
    )
    conversation.record(turn("Ngân sách nào chi?", found=False))
    resolution = conversation.resolve("nghị quyết có hiệu lực khi nào?", "vi")
    assert resolution.doc_ids == ["nq126"]
    assert resolution.question == "Nghị quyết số 126/NQ-CP có hiệu lực khi nào?"
    # A refused turn that named a notice of its own ends the old one's scope.
    conversation.record(turn("Thông tư 27/2026/TT-BTC có mấy điều?", found=False))
    assert conversation.resolve("ai ký?", "vi").doc_ids == []


def test_a_follow_up_with_a_long_topic_is_also_asked_with_the_previous_subject():
    previous = turn(
        "Việc bàn giao Làng Văn hóa - Du lịch các dân tộc Việt Nam phải hoàn thành trước ngày nào?",
        found=True,
        cited=CITED,
    )
    tries = resolve(
        "còn kinh phí hoạt động sau khi tiếp nhận thì lấy từ đâu?", "vi", previous
    ).tries()
    with_subject = [text for text, scoped in tries if scoped and "Làng Văn hóa" in text]
    assert with_subject and tries.index((with_subject[0], True)) < tries.index(
        ("Kinh phí hoạt động sau khi tiếp nhận thì lấy từ đâu?", False)
    )


def test_the_kind_of_a_place_is_part_of_the_place():
    assert ("place", "tỉnh Đắk Lắk") in kinds("còn tỉnh Đắk Lắk 6 tháng đầu năm 2020 thì sao?")
    previous = turn(
        "Quý I năm 2024 thu ngân sách Lâm Đồng tăng bao nhiêu?", found=True, cited=CITED
    )
    resolved = resolve("còn tỉnh Đắk Lắk 6 tháng đầu năm 2020 thì sao?", "vi", previous).question
    assert resolved == "6 tháng đầu năm 2020 thu ngân sách tỉnh Đắk Lắk tăng bao nhiêu?"


def test_an_english_topic_replaces_the_words_ending_at_its_head_noun():
    previous = turn("What's the cap on social insurance admin spending for 2026 alone?", "en")
    resolved = resolve("and for unemployment insurance?", "en", previous).question
    assert resolved == "What's the cap on unemployment insurance admin spending for 2026 alone?"


@pytest.mark.parametrize(
    ("follow_up", "language", "expected"),
    [
        ("còn Hà Nội phải làm gì?", "vi", "Hà Nội phải làm gì về Làng Văn hóa?"),
        (
            "còn Bộ Tài chính được giao nhiệm vụ gì?",
            "vi",
            "Bộ Tài chính được giao nhiệm vụ gì về Làng Văn hóa?",
        ),
    ],
)
def test_what_another_party_must_do_keeps_the_previous_subject(follow_up, language, expected):
    previous = turn(
        "Bộ Văn hóa, Thể thao và Du lịch phải trình Thủ tướng ban hành quyết định gì"
        " về Làng Văn hóa?",
        found=True,
        cited=CITED,
    )
    resolution = resolve(follow_up, language, previous)
    assert resolution.question == expected
    assert resolution.tries()[0] == (expected, True)


def test_a_notice_is_named_by_the_kind_its_code_gives():
    from assistant.answer.resolution import _notice_label

    assert _notice_label("18/2022/TT-BKHĐT", "en") == "circular 18/2022/TT-BKHĐT"
    assert _notice_label("126/NQ-CP", "vi") == "Nghị quyết số 126/NQ-CP"
    assert _notice_label("01/2022/TTLT-BLĐTBXH-BTC", "en").startswith("joint circular")
    assert _notice_label("1097-KL/TU", "vi") == "Kết luận số 1097-KL/TU"
    # No code: the words the previous question named it with.
    old = segment("How often ... under circular 18/2022?", "en")
    assert _notice_label("18/2022", "en", old) == "circular 18/2022"
    assert _notice_label("18/2022", "en") == "notice 18/2022"


def test_after_a_refusal_naming_no_notice_its_nearest_notice_is_the_last_resort():
    nearest = [{"doc_id": "d8", "number": "08/2024/TT-BLĐTBXH", "start": 0, "end": 9}]
    before = turn("Who must compile the cost data?", "en", found=False, cited=nearest)
    resolution = resolve("and when is it due?", "en", before)
    tries = resolution.tries()
    assert resolution.doc_ids == ["d8"]
    # The whole collection first, the nearest passage's notice after.
    assert [scoped for _, scoped in tries] == sorted(scoped for _, scoped in tries)
    assert tries[0][1] is False and tries[-1][1] is True
    # A question of its own is left alone.
    fresh = resolve("Tăng trưởng kinh tế của Lâm Đồng quý I/2024 đạt bao nhiêu?", "vi", before)
    assert fresh.doc_ids == []


def test_english_question_phrases_and_people_are_read_as_such():
    # "when" inside a clause is a conjunction, not the question phrase.
    meal = kinds("How much extra meal money do state-paid staff get when taking samples?", "en")
    assert ("ask", "when") not in meal
    # People named by one lower-case word are part of the topic, not a body to carry.
    assert not [k for k, _ in meal if k == "body"]
    assert kinds("which older circular's provisions does it end?", "en")[0] == ("ask", "which")
    assert ("ask", "from when do") in kinds("and from when do its rules apply?", "en")
    assert ("ask", "how much is added") in kinds(
        "For those under 2.7 million, how much is added?", "en"
    )
    assert kinds("and by when?", "en") == [("marker", "and"), ("ask", "by when")]


def test_a_new_topic_replaces_the_occurrence_its_following_words_agree_with():
    before = turn("Mức lương tối đa của chuyên gia tư vấn trong nước mức 2 là bao nhiêu một tháng?")
    assert resolve("còn mức 3 thì sao?", "vi", before).question == (
        "Mức lương tối đa của chuyên gia tư vấn trong nước mức 3 là bao nhiêu một tháng?"
    )


CIRCULAR = [{"doc_id": "tt07", "number": "07/2026/TT-BNV", "start": 0, "end": 9, "chunk_id": "x"}]


@pytest.mark.parametrize(
    ("follow_up", "language", "expected"),
    [
        ("thông tư này có hiệu lực từ ngày nào?", "vi", "Thông tư số 07/2026/TT-BNV có hiệu lực"),
        ("nghị định đó do ai ký?", "vi", "Nghị định số 07/2026/TT-BNV do ai ký"),
        ("when does this circular take effect?", "en", "When does circular 07/2026/TT-BNV take"),
        ("which decision does this one replace?", "en", "does circular 07/2026/TT-BNV replace"),
    ],
)
def test_every_kind_of_notice_with_this_points_at_the_cited_notice(follow_up, language, expected):
    before = turn("Mức lương của chuyên gia tư vấn mức 2 là bao nhiêu?", language, found=True)
    before.cited = CIRCULAR
    resolution = resolve(follow_up, language, before)
    assert resolution.question.startswith(expected) or expected in resolution.question
    assert resolution.doc_ids == ["tt07"]


def test_it_is_the_previous_subject_unless_the_question_is_about_the_notice_itself():
    before = turn(
        "What is the central steering committee on wage reform tasked to draft?",
        "en",
        found=True,
        cited=[{"doc_id": "qd798", "number": "798/QĐ-TTg", "start": 0, "end": 9}],
    )
    assert resolve("and who heads it?", "en", before).question == (
        "Who heads central steering committee?"
    )
    assert resolve("and who signed it?", "en", before).question == (
        "Who signed decision 798/QĐ-TTg?"
    )
    assert resolve("when does it take effect?", "en", before).question == (
        "When does decision 798/QĐ-TTg take effect?"
    )


def test_who_else_asks_the_previous_question_again():
    before = turn(
        "Which ministry must hand over the Vietnam Ethnic Culture and Tourism Village to Hanoi?",
        "en",
        found=True,
        intent="who",
        cited=[{"doc_id": "nq126", "number": "126/NQ-CP", "start": 0, "end": 9}],
    )
    resolution = resolve("who else?", "en", before)
    assert resolution.question.startswith("Who ")
    assert "Village to Hanoi" in resolution.question
    assert resolution.doc_ids == ["nq126"]


# --- the followups round (tune chains c105-c124): one test per class --------------------------

D892 = [{"doc_id": "d892", "number": "892/QĐ-TTg", "start": 0, "end": 9, "chunk_id": "d892:1"}]


def test_a_new_range_replaces_the_whole_old_range():
    before = turn(
        "Người lao động đóng bảo hiểm thất nghiệp từ đủ 60 tháng đến dưới 84 tháng được hỗ trợ"
        " bao nhiêu?",
        found=True,
        cited=D892,
    )
    assert resolve("còn từ 108 đến dưới 132 tháng?", "vi", before).question == (
        "Người lao động đóng bảo hiểm thất nghiệp từ 108 đến dưới 132 tháng được hỗ trợ bao nhiêu?"
    )


def test_a_bound_before_a_year_is_part_of_the_period():
    assert ("period", "đến 2035") in kinds("đến 2035 thì sao?")
    assert ("period", "đến năm 2030") in kinds("Bao nhiêu phần trăm được đào tạo đến năm 2030?")
    before = turn("Bao nhiêu phần trăm được đào tạo đến năm 2030?", found=True, cited=D892)
    assert resolve("đến 2035 thì sao?", "vi", before).question == (
        "Bao nhiêu phần trăm được đào tạo đến 2035?"
    )


@pytest.mark.parametrize(
    ("previous", "follow_up", "language", "expected"),
    [
        (
            "Which ministry proposed the nuclear energy human resources scheme?",
            "and the scheme on foreign-affairs officials?",
            "en",
            "Which ministry proposed the scheme on foreign-affairs officials?",
        ),
        (
            "Bộ nào đề xuất đề án nhân lực năng lượng nguyên tử?",
            "còn đề án bồi dưỡng cán bộ đối ngoại thì sao?",
            "vi",
            "Bộ nào đề xuất đề án bồi dưỡng cán bộ đối ngoại?",
        ),
    ],
)
def test_another_plan_takes_the_place_of_the_words_naming_the_previous_one(
    previous, follow_up, language, expected
):
    resolution = resolve(follow_up, language, turn(previous, language, found=True, cited=D892))
    assert resolution.question == expected
    assert resolution.doc_ids == []  # another notice: not read inside the previous one


@pytest.mark.parametrize(
    ("previous", "follow_up", "language", "expected"),
    [
        (
            "Which ministry coordinates the scheme on foreign-affairs officials?",
            "what about the Ministry of Home Affairs?",
            "en",
            "What must the Ministry of Home Affairs do? (coordinates the scheme on"
            " foreign-affairs officials)",
        ),
        (
            "Bộ nào chủ trì Đề án bồi dưỡng cán bộ đối ngoại?",
            "còn Bộ Tài chính thì sao?",
            "vi",
            "Bộ Tài chính phải làm gì? (Đề án bồi dưỡng cán bộ đối ngoại)",
        ),
    ],
)
def test_a_body_named_after_a_who_answer_is_asked_what_it_must_do(
    previous, follow_up, language, expected
):
    before = turn(previous, language, found=True, cited=D892, intent="who")
    resolution = resolve(follow_up, language, before)
    assert resolution.tries()[0] == (expected, True)
    # After a question that asked something else, a body is substituted as before.
    other = turn(previous, language, found=True, cited=D892, intent="what")
    assert resolve(follow_up, language, other).tries()[0][0] != expected


def test_a_facet_after_an_item_is_asked_with_that_item_first():
    before = turn(
        "Ai chủ trì xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài?",
        found=True,
        cited=D892,
        intent="who",
    )
    tries = resolve("kết quả là gì?", "vi", before).tries()
    item = "(xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài)"
    assert tries[0] == (f"Kết quả là gì? {item}", True)
    # A question about the notice itself is not the item's, nor a clause of its own.
    assert "(" not in resolve("ai ký?", "vi", before).tries()[0][0]
    assert "(" not in resolve("and which law is to be revised?", "en", before).tries()[0][0]


def test_a_facet_after_a_who_answer_asks_of_the_subject_not_for_a_party():
    before = turn(
        "Who chairs the central steering committee on salary reform?",
        "en",
        found=True,
        cited=D892,
        intent="who",
    )
    first = resolve("what about the funding?", "en", before).tries()[0]
    assert first == ("The funding? (chairs the central steering committee on salary reform)", True)
    # After a figure, a sibling figure keeps the question phrase ("and tourism?").
    growth = turn(GROWTH_VI, found=True, cited=D892, intent="how_much")
    assert resolve("còn thu ngân sách thì sao?", "vi", growth).tries()[0][0] == (
        "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"
    )


def test_duration_and_which_question_phrases():
    assert kinds("for how long?", "en") == [("ask", "for how long")]
    assert ("ask", "what are") in kinds(
        "Under Decision 28/2021, what are contributions cut to?", "en"
    )
    assert kinds("đã tổ chức đại hội cấp huyện nào?")[-1] == ("ask", "nào")
    before = turn(
        "Under Decision 28/2021/QD-TTg, what are employers' contributions cut to?",
        "en",
        found=True,
        cited=D892,
    )
    assert resolve("for how long?", "en", before).question == (
        "Under Decision 28/2021/QD-TTg, for how long employers' contributions cut?"
    )


def test_the_facet_words_not_the_carried_subject_choose_the_quoted_sentence():
    from assistant.answer.selection import best_sentences, carried_subject_tokens

    tokens = carried_subject_tokens("Kết quả là gì? (xây dựng Đề án mạng lưới chuyên gia)")
    assert tokens and not tokens & carried_subject_tokens("Kết quả là gì?")
    assert carried_subject_tokens("Thu ngân sách đạt bao nhiêu?") == frozenset()
    passage = (
        "1. Tên nhiệm vụ: Xây dựng Đề án hình thành mạng lưới chuyên gia pháp lý nước ngoài. "
        "2. Cơ quan chủ trì: Bộ Tư pháp. "
        "3. Kết quả: Quyết định của Thủ tướng Chính phủ phê duyệt Đề án."
    )
    question = "Kết quả là gì? (xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài)"
    chosen = best_sentences(question, passage, "what", limit=1, question=question)
    assert chosen and "Kết quả: Quyết định" in chosen[0]


def test_an_it_question_after_an_item_keeps_its_own_reading_first():
    before = turn(
        "What is the central steering committee on wage reform tasked to draft?",
        "en",
        found=True,
        cited=D892,
        intent="who",
    )
    assert "(" not in resolve("and who heads it?", "en", before).tries()[0][0]


# --- a new subject after a question whose topic holds its predicate -----------------------------

CIRCULAR_CITED = [
    {"doc_id": "d1", "number": "01/2026/TT-BTC", "start": 0, "end": 9, "chunk_id": "c1"}
]


def answered(question: str, language: str, intent: str) -> Turn:
    return turn(question, language, found=True, cited=CIRCULAR_CITED, intent=intent)


def test_a_new_subject_keeps_the_previous_question_word_and_verb():
    before = answered(
        "Who decides the spending rate for a traffic safety expense that has no official rate?",
        "en",
        "who",
    )
    resolution = resolve("what about the base salary from July 2026?", "en", before)
    asked = "Who decides the base salary from July 2026?"
    assert resolution.shape == "new-subject"
    # It starts fresh: the whole collection first, then the notice the conversation was in.
    assert resolution.tries() == [(asked, False), (asked, True)]
    assert resolution.intents == {asked: "who"}


def test_a_new_subject_is_asked_in_the_previous_intents_form_with_the_carried_slots():
    before = answered(
        "Which conference must Lam Dong prepare for at the end of April 2024?", "en", "what"
    )
    resolution = resolve("what about drought?", "en", before)
    assert resolution.question == "What about drought in Lam Dong in 2024?"  # not "Which drought"
    vi = answered("Ai ban hành quy chế tiền thưởng?", "vi", "who")
    assert resolve("còn kinh phí thực hiện thì sao?", "vi", vi).question == (
        "Ai chịu trách nhiệm về kinh phí thực hiện?"
    )


def test_a_variant_of_the_previous_topic_is_not_a_new_subject():
    before = answered(GROWTH_EN, "en", "how_much")
    assert resolve("and budget revenue?", "en", before).shape == "follow-up"
    who = answered("Who chairs the central steering committee on salary reform?", "en", "who")
    assert resolve("what about the funding?", "en", who).shape == "follow-up"  # a facet
    vi = answered("Ai ban hành quy chế tiền thưởng?", "vi", "who")
    # "quy chế tiền lương" shares a word with "quy chế tiền thưởng": a variant of it.
    assert resolve("còn quy chế tiền lương thì sao?", "vi", vi).shape == "follow-up"
    repeal = answered("Which provision of Article 31 does the circular repeal?", "en", "what")
    assert resolve("and what about point e of clause 2?", "en", repeal).shape == "follow-up"


def test_a_name_takes_the_place_of_the_one_name_of_the_previous_topic():
    before = answered(
        "Up to what date must someone have been sent to Laos as an expert to get the allowance?",
        "en",
        "when",
    )
    assert kinds(before.question, "en")[0] == ("ask", "Up to what date must")
    resolution = resolve("and for Cambodia?", "en", before)
    assert resolution.question == (
        "Up to what date must someone have been sent to Cambodia as an expert to get the allowance?"
    )
    assert resolution.intents[resolution.question] == "when"
    # Two names in the old topic: which one is meant is unknown, nothing is swapped.
    two = answered("What must Laos and Cambodia experts file?", "en", "what")
    assert "Laos" not in resolve("and for Thailand?", "en", two).question


# --- a new topic after a who-question: the body and verb kept, the object swapped ----------

DROUGHT_EN = "Which body must handle drought response?"
DROUGHT_VI = "Cơ quan nào phải chỉ đạo ứng phó hạn hán ở Lâm Đồng năm 2024?"


@pytest.mark.parametrize(
    ("previous", "language", "follow_up", "expected"),
    [
        (DROUGHT_EN, "en", "and floods?", "Which body must handle floods?"),
        (DROUGHT_EN, "en", "what about forest fires?", "Which body must handle forest fires?"),
        (DROUGHT_EN, "en", "and storms in Lam Dong?", "Which body must handle storms in Lam Dong?"),
        ("Who must handle drought response?", "en", "and floods?", "Who must handle floods?"),
        (
            "Which ministry has to draft the scheme on health insurance communication?",
            "en",
            "and the vaccination campaign?",
            "Which ministry has to draft the vaccination campaign?",
        ),
        (
            "Which body is responsible for supervising the spending resolution?",
            "en",
            "and the pension increase?",
            "Which body is responsible for supervising the pension increase?",
        ),
        (
            DROUGHT_VI,
            "vi",
            "còn lũ lụt thì sao?",
            "Cơ quan nào phải chỉ đạo ứng phó lũ lụt ở Lâm Đồng năm 2024?",
        ),
        (
            "Co quan nao phai chi dao ung pho han han?",
            "vi",
            "con lu lut thi sao?",
            "Co quan nao phai chi dao ung pho lu lut?",
        ),
        (
            "Bộ nào phải theo dõi, đôn đốc việc triển khai Kế hoạch hành động?",
            "vi",
            "còn tiêm chủng mở rộng?",
            "Bộ nào phải theo dõi, đôn đốc tiêm chủng mở rộng?",
        ),
    ],
)
def test_a_new_topic_after_a_who_question_keeps_its_body_and_verb(
    previous, language, follow_up, expected
):
    before = answered(previous, language, "who")
    resolution = resolve(follow_up, language, before)
    assert resolution.question == expected
    assert resolution.shape == "new-subject"  # "Understood as" says so
    # Read in the notice the task list came from first, then everywhere (a place of its own
    # starts afresh: everywhere); still a who-question.
    if "Lam Dong" in follow_up:
        assert resolution.tries() == [(expected, False)]
    else:
        assert resolution.tries() == [(expected, True), (expected, False)]
    assert resolution.intents == {expected: "who"}


@pytest.mark.parametrize(
    ("language", "follow_up"),
    [
        ("en", "and the budget for it?"),  # points back: a facet
        ("en", "what about the funding?"),
        ("en", "and the deadline?"),
        ("en", "and the drought budget?"),  # closes with a facet word
        ("vi", "còn kinh phí?"),
        ("vi", "còn kinh phi thi sao?"),
        ("vi", "còn hạn báo cáo kết quả?"),
    ],
)
def test_a_facet_after_a_who_question_is_not_a_new_topic(language, follow_up):
    previous = DROUGHT_EN if language == "en" else DROUGHT_VI
    resolution = resolve(follow_up, language, answered(previous, language, "who"))
    # Asked of the previous task ("Kinh phí? (chỉ đạo ứng phó hạn hán)"), as before this rule.
    assert resolution.shape in ("follow-up", "deadline")


def test_drought_is_no_deadline_and_a_repeated_word_is_no_new_topic():
    before = answered(DROUGHT_VI, "vi", "who")
    # "hạn hán" opens with the facet syllable "hạn" but names a subject.
    other = answered("Cơ quan nào phải chỉ đạo ứng phó lũ lụt?", "vi", "who")
    assert resolve("còn hạn hán thì sao?", "vi", other).question == (
        "Cơ quan nào phải chỉ đạo ứng phó hạn hán?"
    )
    # A word of the previous question: a variant of its object, put in its place as before.
    assert resolve("còn hạn hán kéo dài?", "vi", before).shape == "follow-up"
    # Not after a question that asked no body, nor when no verb opens the object.
    assert resolve("and floods?", "en", answered(DROUGHT_EN, "en", "what")).shape != "new-subject"
    deputy = answered("Which deputy PM steering the commerce bill?", "en", "who")
    assert resolve("and floods?", "en", deputy).shape != "new-subject"


def test_a_second_new_topic_keeps_the_verb_of_the_first_question():
    first = answered("Cơ quan nào phải chỉ đạo phòng, chống hạn hán ở Lâm Đồng?", "vi", "who")
    second = resolve("còn lập chuyên án điều tra thì sao?", "vi", first)
    assert second.question == "Cơ quan nào phải chỉ đạo lập chuyên án điều tra ở Lâm Đồng?"
    before = turn("còn lập chuyên án điều tra thì sao?", found=True, cited=CIRCULAR_CITED)
    before.resolved, before.intent = second.question, "who"
    # "chỉ đạo", the first question's verb; not "chỉ đạo lập" ("lập" was the topic's).
    assert resolve("còn rà soát đội ngũ cán bộ?", "vi", before).question == (
        "Cơ quan nào phải chỉ đạo rà soát đội ngũ cán bộ ở Lâm Đồng?"
    )


def test_a_second_new_topic_in_english_does_not_double_the_article():
    before = turn("and the key projects?", "en", found=True, cited=CIRCULAR_CITED)
    before.resolved, before.intent = "Which body must direct the key projects in Lam Dong?", "who"
    assert resolve("what about the crime cases?", "en", before).question == (
        "Which body must direct the crime cases in Lam Dong?"
    )


def _cited(doc_id: str, chunk_id: str) -> dict:
    return {"doc_id": doc_id, "number": "", "start": 0, "end": 1, "chunk_id": chunk_id, "title": ""}


def test_a_follow_up_read_inside_the_notice_is_near_the_passages_its_answer_quoted():
    # The passages the answer quoted ("[1]", "[3]"), of the notice the follow-up is read in;
    # not those it only listed, nor another notice's.
    first = turn(
        "Thời gian bồi dưỡng là bao nhiêu giờ?",
        found=True,
        answer="Theo [1]: “…” Theo [3]: “…”",
        intent="how_much",
        cited=[_cited("d1", "a"), _cited("d1", "b"), _cited("d1", "c"), _cited("d2", "x")],
    )
    conversation = Conversation(turns=[first])
    resolution = conversation.resolve("còn mỗi khóa tối đa bao nhiêu người?", "vi")
    assert resolution.doc_ids == ["d1"] and resolution.near == ["a", "c"]
    # A refusal quotes nothing: its nearest passage in the notice.
    first.answer = "Các văn bản đã nạp không nói."
    assert conversation.resolve("còn mỗi khóa tối đa bao nhiêu người?", "vi").near == ["a"]


def test_a_new_subject_is_not_looked_for_near_the_previous_passage():
    before = turn("and the key projects?", "en", found=True, cited=CIRCULAR_CITED)
    before.resolved, before.intent = "Which body must direct the key projects in Lam Dong?", "who"
    before.answer = "According to [1]: …"
    resolution = Conversation(turns=[before]).resolve("what about the crime cases?", "en")
    assert resolution.shape == "new-subject" and resolution.near == []


@pytest.mark.parametrize(
    ("follow_up", "narrows"),
    [
        ("còn với tiếng ồn, rung thì sao?", True),
        ("còn đối với doanh nghiệp nhỏ?", True),
        ("còn trường hợp học viên vắng mặt?", True),
        ("còn mức phạt thì sao?", False),  # a facet: _substitute / _with_topic as before
        ("and for Cambodia?", False),  # English "for" is glue: a name swapped
    ],
)
def test_a_topic_opening_with_a_preposition_of_relation_is_a_case_of_the_previous_one(
    follow_up, narrows
):
    language = "en" if follow_up.startswith("and") else "vi"
    before = turn(
        "nếu thời gian tiếp xúc dưới 50% ca làm việc thì sao?",
        found=True,
        intent="what",
        answer="Theo [1]: …",
        cited=[_cited("d1", "a")],
    )
    resolution = resolve(follow_up, language, before)
    first = resolution.tries()[0]
    assert first[1] is True  # inside the previous notice
    assert ("thời gian tiếp xúc dưới 50% ca làm việc" in first[0]) is narrows


def test_a_case_swapped_for_another_case_takes_its_place():
    before = turn(
        "Mức phạt đối với doanh nghiệp lớn là bao nhiêu?",
        found=True,
        intent="how_much",
        answer="Theo [1]: …",
        cited=[_cited("d1", "a")],
    )
    asked = resolve("còn đối với doanh nghiệp nhỏ?", "vi", before).tries()[0][0]
    assert "lớn" not in asked and "doanh nghiệp nhỏ" in asked
