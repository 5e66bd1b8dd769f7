"""The found / not-found decision's signals, and the answer types it gates on: a figure of the
asked kind, for the asked period."""

from types import SimpleNamespace

import pytest

from assistant.answer import found
from assistant.answer.answer_types import (
    answers_intent,
    figure_kind,
    has_figure,
    opposite_bound,
    periods,
)
from assistant.retrieval.lexical import LexicalQuery


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tỷ lệ giải ngân vốn đầu tư công đạt bao nhiêu phần trăm?", "percent"),
        ("What interest rate applies to the loans?", "percent"),
        ("Tổng kinh phí của đề án là bao nhiêu tỷ đồng?", "money"),
        ("What fine does a procuring entity face?", "money"),
        ("Người lao động được nghỉ thêm bao nhiêu ngày?", "time"),
        ("Bao nhiêu viên chức được chuyển sang Hà Nội?", "count"),
        ("How many people were covered?", "count"),
        ("Tăng trưởng kinh tế quý I đạt bao nhiêu?", ""),
    ],
)
def test_figure_kind(question, kind):
    assert figure_kind(question) == kind


def test_a_figure_of_another_kind_does_not_answer():
    sentence = "Tỷ lệ bao phủ bảo hiểm y tế đạt 95,5% dân số, kinh phí 6.265 tỷ đồng, 13 xã."
    assert has_figure(sentence, "percent") and has_figure(sentence, "money")
    assert has_figure(sentence, "count")  # 13 xã
    assert not has_figure("Tỷ lệ bao phủ đạt 95,5% dân số.", "count")
    assert not has_figure("Tỷ lệ bao phủ đạt 95,5% dân số.", "money")
    assert has_figure("được nghỉ thêm 02 ngày", "time")
    question = "Bao nhiêu người tham gia bảo hiểm y tế?"
    passage = "Số người tham gia bảo hiểm y tế đạt 95,5% dân số."
    assert not answers_intent(question, passage, "how_much", question)
    assert answers_intent(
        question, "Số người tham gia bảo hiểm y tế đạt 93 triệu người.", "how_much", question
    )


def test_english_periods_read_as_the_notices_name_them():
    assert periods("What was GRDP growth for the whole of 2021?") == {"cả năm"}
    assert periods("How many tourists in H1 2021?") == {"6 tháng đầu năm"}
    assert periods("growth in Q2") == {"quý ii"}
    question = "What was Lam Dong's GRDP growth for the whole of 2021?"
    first_half = "6 tháng đầu năm 2021, tổng sản phẩm trong tỉnh (GRDP) tăng 5%."
    assert not answers_intent("GRDP tăng trưởng 2021", first_half, "how_much", question)


def _hit(doc, text, coverage, dense, answers=True):
    chunk = SimpleNamespace(doc_id=doc, text=text)
    return SimpleNamespace(chunk=chunk, coverage=coverage, dense=dense, answers=answers)


def test_signals_read_the_first_passages():
    hits = [
        _hit("a", "phụ cấp ưu đãi theo nghề", 0.6, 0.88),
        _hit("b", "mức phụ cấp", 0.7, 0.84, answers=False),
        _hit("a", "phụ cấp", 0.3, None),
    ]
    weights = {"độc": 9.0, "hại": 8.0, "phụ": 2.0, "cấp": 1.0}
    query = LexicalQuery.of("phụ cấp độc hại")
    sig = found.signals(hits, "vi", query, lambda t: weights.get(t, 0.0))
    assert sig.dense == pytest.approx(0.88)
    assert sig.dense_margin == pytest.approx(0.88 - 0.84)  # the lexical-only hit: the lowest
    assert sig.coverage == pytest.approx(0.6)  # the best passage that answers
    assert sig.answers == 1.0
    assert sig.agree == 0.0  # best by cosine in a, best by coverage in b
    # "độc", "hại" (the rarest of the three rarest terms) are in no passage
    assert sig.rare_missing == pytest.approx(17 / 19)
    assert found.signals([], "en").answers == 0.0


def test_an_english_concept_counts_by_any_of_its_spellings():
    weights = {"khoản": 3.0, "vốn": 6.0, "lãi": 7.0, "suất": 5.0, "lãi_suất": 8.0}
    query = LexicalQuery.concepts([["khoản vốn"], ["lãi suất", "lãi"]])
    present = found.rare_missing(query, ["lãi của khoản vốn"], lambda t: weights.get(t, 0.0))
    assert present == 0.0
    absent = found.rare_missing(query, ["khoản vốn"], lambda t: weights.get(t, 0.0))
    assert absent == pytest.approx(7.0 / 13.0)  # "lãi suất"/"lãi" (7) of 6 + 7


def test_the_decision_needs_a_passage_of_the_answer_type_and_the_model():
    on_topic = [_hit("a", "x", 0.9, 0.9)]
    assert found.is_found(on_topic, "vi")
    assert not found.is_found([_hit("a", "x", 0.9, 0.9, answers=False)], "vi")
    assert not found.is_found([_hit("a", "x", 0.05, 0.78)], "vi")


def test_a_what_question_asking_a_rate_or_a_fine_needs_that_figure():
    from assistant.answer.answer_types import answer_kind

    assert answer_kind("what", "What interest rate applied to the loans?") == "how_much"
    assert answer_kind("what", "What fine does a procuring entity face?") == "how_much"
    assert answer_kind("what", "What does the circular regulate?") == ""
    # a number glued to a letter names an article or a clause
    assert not has_figure("theo quy định tại Điều 9a và khoản 12b")
    assert has_figure("mức hỗ trợ 500.000đ")


def test_a_number_after_an_item_label_names_the_item_it_counts_nothing():
    assert not has_figure("a) Mức 1, không quá 70.000.000 đồng/tháng", "count")
    assert has_figure("a) Mức 1, không quá 70.000.000 đồng/tháng", "money")
    assert has_figure("tăng lên mức 3%", "percent")  # a figure at that level is a figure
    assert has_figure("nhóm 2 gồm 15 người", "count")


def test_a_range_takes_the_unit_of_its_end_and_a_multiple_counts_nothing():
    assert not has_figure("có từ 10 đến dưới 15 năm kinh nghiệm", "count")
    assert has_figure("có từ 10 đến dưới 15 năm kinh nghiệm", "time")
    assert not has_figure("tối đa không quá 1,5 lần so với mức lương theo tháng", "count")
    assert has_figure("từ 10 đến 15 người", "count")


def test_pay_asks_for_money():
    assert figure_kind("Mức lương tối đa của chuyên gia mức 4 là bao nhiêu một tháng?") == "money"
    assert figure_kind("Mức lương hưu tăng bao nhiêu phần trăm?") == "percent"
    assert figure_kind("Hệ số mức lương bao nhiêu?") == ""


def test_a_figure_of_the_opposite_bound_does_not_answer():
    ceiling = "d) Mức 4, không quá 30.000.000 đồng/tháng đối với chuyên gia tư vấn."
    asks_min = "Mức lương tối thiểu của chuyên gia tư vấn mức 4 là bao nhiêu một tháng?"
    asks_max = "Mức lương tối đa của chuyên gia tư vấn mức 4 là bao nhiêu một tháng?"
    query = "mức lương chuyên gia tư vấn mức 4 tháng"
    assert not answers_intent(query, ceiling, "how_much", asks_min)
    assert answers_intent(query, ceiling, "how_much", asks_max)
    assert opposite_bound(ceiling, asks_min) and not opposite_bound(ceiling, asks_max)
