"""Follow-up resolution: which slots a question fills against the previous turn's."""

from __future__ import annotations

import pytest

from assistant.conversation import Conversation, Turn, resolve, segment

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
    assert follow.understood_as.startswith("What was the budget revenue of Dak Lak")
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
    assert deadline.understood_as.endswith(", hạn khi nào?")
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
    assert resolution.question == "Who signed notice 10/2022/TT-BKHĐT?"
    assert resolution.doc_ids == ["d1"]
    assert resolution.tries()[0] == ("Who signed notice 10/2022/TT-BKHĐT?", True)
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
    doc = next(d for d in seed_engine_fake.documents() if d["doc_id"] == first.citations[0].doc_id)
    issued = seed_engine_fake.ask("văn bản này ban hành ngày nào?", conversation=conversation)
    assert issued.found and "03/07/2020" in issued.answer
    assert issued.citations[0].doc_id == doc["doc_id"]
    assert "03/7/2020" in issued.citations[0].text or "tháng 7 năm 2020" in issued.citations[0].text
    signed = seed_engine_fake.ask("and who signed it?", conversation=conversation)
    assert signed.found and doc["signer"] and doc["signer"] in signed.answer
    assert doc["signer"] in signed.citations[0].text
