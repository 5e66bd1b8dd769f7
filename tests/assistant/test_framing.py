"""A long question written like a letter is reduced to the sentences that ask."""

from __future__ import annotations

from assistant.retrieval.framing import MIN_FRAMED_LENGTH, question_content
from assistant.retrieval.query import analyze

ASKED = "Ai được giao tham mưu dự thảo Chỉ thị về chương trình sách giáo khoa mới ở Đắk Lắk?"
LETTER_VI = (
    "Kính gửi quý cơ quan, tôi là cán bộ văn phòng đang tổng hợp tài liệu phục vụ cuộc họp giao"
    f" ban sắp tới, vì vậy tôi xin phép hỏi một câu như sau: {ASKED} Rất mong nhận được câu trả"
    " lời sớm, xin trân trọng cảm ơn."
)


def test_greeting_and_thanks_are_dropped():
    assert question_content(LETTER_VI) == ASKED
    assert analyze(LETTER_VI).text == ASKED
    assert analyze(LETTER_VI).intent == "who"


def test_without_a_question_mark_what_follows_the_colon_is_asked():
    letter = (
        "Hello, I work in a provincial office and I am preparing a briefing for our next weekly"
        " meeting, so I need to understand exactly what the notices say; my question is the"
        " following one: which notices talk about state budget revenue in the first half of the"
        " year I would be grateful for a quick answer, thank you very much."
    )
    assert question_content(letter) == (
        "which notices talk about state budget revenue in the first half of the year"
    )


def test_a_sentence_naming_the_subject_is_kept():
    letter = (
        "Về Kết luận 1097-KL/TU của Tỉnh ủy Đắk Lắk ngày 3/7/2020. Tôi muốn hỏi thêm, vì đang làm"
        " báo cáo tổng hợp cho lãnh đạo: tăng trưởng kinh tế 6 tháng đầu năm đạt bao nhiêu?"
    )
    assert question_content(letter) == (
        "Về Kết luận 1097-KL/TU của Tỉnh ủy Đắk Lắk ngày 3/7/2020."
        " tăng trưởng kinh tế 6 tháng đầu năm đạt bao nhiêu?"
    )


def test_short_questions_and_one_long_sentence_are_left_as_typed():
    assert question_content(ASKED) == ASKED
    one_sentence = (
        "Tăng trưởng kinh tế của TP. Hồ Chí Minh và tỉnh Lâm Đồng trong 6 tháng đầu năm 2021 so"
        " với cùng kỳ năm trước, theo các thông báo kết luận đã ban hành, đạt bao nhiêu phần trăm?"
    )
    assert len(one_sentence) > MIN_FRAMED_LENGTH
    assert question_content(one_sentence) == one_sentence
    # Nothing asks: as typed.
    statement = "Cảm ơn. " * 30
    assert question_content(statement.strip()) == statement.strip()
