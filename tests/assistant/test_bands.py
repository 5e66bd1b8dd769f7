"""Cases written as bands of a quantity, and the one a question's quantity falls in."""

from __future__ import annotations

import pytest

from assistant.answer.bands import band_fit, bands, question_quantities
from assistant.answer.compose import Evidence, compose
from assistant.answer.selection import figure_clause

PAYMENTS = [
    "a) Thời gian đóng bảo hiểm thất nghiệp dưới 12 tháng: Hỗ trợ 1.800.000 đồng/người.",
    "b) Thời gian đóng bảo hiểm thất nghiệp từ đủ 12 tháng đến dưới 60 tháng: Hỗ trợ "
    "2.100.000 đồng/người.",
    "c) Thời gian đóng bảo hiểm thất nghiệp từ đủ 60 tháng đến dưới 84 tháng: Hỗ trợ "
    "2.400.000 đồng/người.",
    "e) Thời gian đóng bảo hiểm thất nghiệp từ đủ 132 tháng trở lên: Hỗ trợ 3.300.000 đồng/người.",
]


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("Người lao động đóng bảo hiểm thất nghiệp được 8 năm thì được hỗ trợ bao nhiêu?", 96),
        ("paid unemployment insurance for about 6 years", 72),
        ("paid unemployment insurance for ten years", 120),
        ("dong bao hiem that nghiep 30 thang", 30),
    ],
)
def test_a_question_states_its_case_as_a_length_of_time(question, months):
    assert [q.value for q in question_quantities(question)] == [months]


def test_periods_years_and_dates_are_not_a_case():
    assert question_quantities("Thu ngân sách 6 tháng đầu năm 2021 đạt bao nhiêu?") == []
    assert question_quantities("hạn nộp là ngày 03 tháng 7 năm 2025") == []


def test_a_bound_in_the_question_is_just_inside_it():
    (under,) = question_quantities("luong huu duoi 2,7 trieu thi duoc tang bao nhieu")
    (short,) = question_quantities("dong bao hiem chua du 12 thang")
    assert band_fit("có mức lương hưu dưới 2.700.000 đồng/tháng", [under]) == 1
    assert band_fit("từ 2.700.000 đồng/tháng đến dưới 3.000.000 đồng/tháng", [under]) == -1
    assert band_fit(PAYMENTS[0], [short]) == 1 and band_fit(PAYMENTS[1], [short]) == -1


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (PAYMENTS[1], 12, 60),
        (PAYMENTS[0], 0, 12),
        ("có từ 5 đến dưới 8 năm kinh nghiệm trong chuyên ngành tư vấn", 60, 96),
        ("có từ 15 năm kinh nghiệm trở lên trong chuyên ngành tư vấn", 180, float("inf")),
    ],
)
def test_bands_as_notices_write_them(text, low, high):
    (band,) = bands(text)
    assert (band.low, band.high) == (low, high)


def test_the_case_of_the_question_leads_the_answer():
    question = "Đóng bảo hiểm thất nghiệp được 6 năm thì được hỗ trợ bao nhiêu tiền?"
    evidence = [Evidence(n, text, [], "", [], 0.8) for n, text in enumerate(PAYMENTS[1:], start=1)]
    answer = compose(
        "đóng bảo hiểm thất nghiệp hỗ trợ tiền", "how_much", "vi", evidence, question=question
    )
    assert answer.startswith("Theo [2]:") and "2.400.000" in answer.splitlines()[0]


def test_the_intro_that_states_the_figure_leads_its_case():
    level = (
        "b) Mức 2, không quá 55.000.000 đồng/tháng đối với một trong các trường hợp sau đây: "
        "chuyên gia tư vấn có bằng đại học và có từ 10 đến dưới 15 năm kinh nghiệm; hoặc "
        "chuyên gia tư vấn có bằng thạc sĩ trở lên và có từ 5 đến dưới 8 năm kinh nghiệm; "
        "hoặc chuyên gia có chứng chỉ khác."
    )
    quantities = question_quantities("thạc sĩ, 6 năm kinh nghiệm thì lương tối đa bao nhiêu")
    quoted = figure_clause(level, {"thạc", "sĩ"}, quantities=quantities)
    assert quoted.startswith("b) Mức 2, không quá 55.000.000 đồng/tháng")
    assert "từ 5 đến dưới 8 năm" in quoted and "từ 10 đến dưới 15 năm" not in quoted
