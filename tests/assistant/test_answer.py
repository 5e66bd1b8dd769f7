"""Answer-side rules: what counts as a figure, a shortcoming, a person's name, and how the
"which documents" and "by when" answers are put together."""

import pytest

from assistant.answer import (
    Evidence,
    answer_kind,
    answers_intent,
    compose,
    constraints,
    has_figure,
    person_cues,
    person_names,
    person_sentence,
    related_deadlines,
)
from assistant.engine import _lexical_query
from assistant.query import analyze


def _evidence(n, text, label="doc", coverage=0.8):
    return Evidence(n=n, text=text, section=[], label=label, assignees=[], coverage=coverage)


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Tăng trưởng kinh tế đạt 3%", True),
        ("có thêm 13 xã đạt chuẩn nông thôn mới", True),
        ("báo cáo tình hình công tác 6 tháng đầu năm 2020", False),  # a period
        ("Đắk Lắk, ngày 03 tháng 7 năm 2020", False),  # a date
        ("Hội nghị lần thứ 31", False),
    ],
)
def test_periods_and_dates_are_not_figures(sentence, figure):
    assert has_figure(sentence) is figure


def test_a_figure_must_be_in_the_clause_about_the_question():
    passage = (
        "thu ngân sách nhà nước đạt 29,9% dự toán địa phương; du lịch tăng 11% so cùng kỳ; "
        "công tác quản lý bảo vệ rừng có nhiều chuyển biến, vi phạm Luật Lâm nghiệp giảm cả "
        "ba tiêu chí."
    )
    violations = "vi phạm Luật Lâm nghiệp quản lý bảo vệ rừng"
    assert not answers_intent(violations, passage, "how_much", "bao nhiêu vụ vi phạm?")
    assert answers_intent("du lịch tăng", passage, "how_much", "du lịch tăng bao nhiêu?")


@pytest.mark.parametrize(
    ("question", "intent", "kind"),
    [
        ("Hội nghị chỉ ra những hạn chế nào?", "what", "shortcoming"),
        ("Thông báo nêu những tồn tại gì về quốc phòng?", "what", "shortcoming"),
        ("What shortcomings did the notice point out?", "what", "shortcoming"),
        ("Biện pháp hạn chế cháy rừng là gì?", "what", ""),  # hạn chế as a verb
        ("Tăng trưởng đạt bao nhiêu?", "how_much", "how_much"),
    ],
)
def test_answer_kind(question, intent, kind):
    assert answer_kind(intent, question) == kind


def test_a_shortcoming_answer_needs_a_passage_that_names_one():
    question = "Hội nghị chỉ ra những hạn chế nào về đầu tư công?"
    slow = "Giải ngân vốn đầu tư công còn chậm; phát triển đảng viên đạt thấp."
    plan = "Xây dựng, bảo vệ kế hoạch đầu tư công trung hạn với Trung ương."
    assert answers_intent("hạn chế đầu tư công", slow, "shortcoming", question)
    assert not answers_intent("hạn chế đầu tư công", plan, "shortcoming", question)


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("đồng chí Bí thư Tỉnh ủy Lâm Đồng Trần Đức Quận đã thay mặt", ["Trần Đức Quận"]),
        ("các đồng chí: Trần Đình Văn – Phó Bí thư Thường trực Tỉnh ủy;", ["Trần Đình Văn"]),
        ("T/M TỈNH ỦY\nBÍ THƯ\nBùi Văn Cường", ["Bùi Văn Cường"]),
        ("quy hoạch thành phố Buôn Ma Thuột thành đô thị trung tâm vùng Tây Nguyên", []),
        ("Ban Cán sự Đảng UBND tỉnh Lâm Đồng", []),
    ],
)
def test_person_names(sentence, names):
    assert [name for _, name in person_names(sentence)] == names


def test_english_places_constrain_like_vietnamese_names():
    years, names = constraints("Who is the chairman of the Dak Lak People's Committee?", "en")
    assert names == ["Đắk Lắk"] and years == []
    assert constraints("ngày 25/3/2024", "vi")[0] == ["2024"]  # the year of a date counts


def test_person_sentence_needs_the_asked_title():
    question = "Who was the chairman of the People's Committee?"
    analysis = analyze(question)
    cues, strict = person_cues(question, "en", _lexical_query(analysis))
    assert strict
    chair_of_council = _evidence(
        1, "Buổi làm việc do đồng chí Trần Đức Quận - Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh chủ trì."
    )
    chair_of_committee = _evidence(
        2, "Trần Văn Hiệp – Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; các đồng chí khác."
    )
    picked = person_sentence("Chủ tịch UBND tỉnh", cues, [chair_of_council, chair_of_committee])
    assert picked is not None and picked[2] == "Trần Văn Hiệp"
    assert person_sentence("Chủ tịch UBND tỉnh", cues, [chair_of_council]) is None


def test_vietnamese_person_cues():
    cues, strict = person_cues("Ai là Phó Bí thư Thường trực Tỉnh ủy?", "vi", [])
    assert cues == [["Phó Bí thư Thường trực"]] and strict
    cues, strict = person_cues("Ai chủ trì buổi làm việc?", "vi", [])
    assert cues == [["chu tri"]] and not strict


def test_which_documents_lists_each_document_once_with_its_best_passage():
    evidence = [
        _evidence(1, "thu ngân sách đạt 29,9%; giải ngân vốn đầu tư công.", "A", 0.9),
        _evidence(2, "tỷ lệ giải ngân vốn đầu tư công thấp.", "A", 1.0),
        _evidence(3, "Thu ngân sách đạt 6.265 tỷ đồng.", "B", 0.1),  # off the topic
    ]
    text = compose("giải ngân vốn đầu tư công", "which_documents", "vi", evidence)
    assert text.count("- [") == 1
    assert "[2] A" in text and "B" not in text


def test_related_deadlines_quote_the_dated_sentence_that_names_the_body():
    passage = (
        "Các đồng chí gửi góp ý về Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày "
        "08/7/2020. Giao Văn phòng Tỉnh ủy tổng hợp ý kiến."
    )
    lines = related_deadlines("en", ["Văn phòng Tỉnh ủy"], [(1, passage)], "- “tổng hợp ý kiến”")
    assert len(lines) == 1 and "08/7/2020" in lines[0] and lines[0].endswith("[1]")
    assert related_deadlines("en", ["Công an tỉnh"], [(1, passage)], "") == []


def test_figure_clause_quotes_only_the_clause_with_the_asked_figure():
    from assistant.answer import figure_clause
    from assistant.text import query_tokens

    sentence = (
        "Quý I năm 2024, Ban cán sự đảng UBND tỉnh, UBND tỉnh đã chủ động, tích cực lãnh đạo, "
        "chỉ đạo thực hiện các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội và đạt một số kết "
        "quả tích cực: Tăng trưởng kinh tế đạt 3%; thu ngân sách nhà nước đạt 29,9% dự toán; "
        "du lịch tăng 11% so cùng kỳ."
    )
    terms = set(query_tokens("tăng trưởng kinh tế đạt bao nhiêu"))
    assert figure_clause(sentence, terms) == "… Tăng trưởng kinh tế đạt 3%; …"
    assert figure_clause(sentence, set(query_tokens("du lịch tăng"))) == (
        "… du lịch tăng 11% so cùng kỳ."
    )
    assert figure_clause("Tăng trưởng đạt 3%.", terms) == "Tăng trưởng đạt 3%."  # short: whole
