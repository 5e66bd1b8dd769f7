"""Dates and amounts meet across the forms Vietnamese notices and English questions use."""

from __future__ import annotations

import pytest

from assistant.core.text import figure_terms, lexical_tokens, query_tokens


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("3.5 million VND", "mức hỗ trợ 3.500.000 đồng/người"),
        ("3,5 trieu dong", "mức hỗ trợ 3.500.000 đồng/người"),
        ("2.7 million", "2,7 triệu đồng"),
        ("June 10, 2026", "trước ngày 10 tháng 6 năm 2026"),
        ("10 June 2026", "hạn 10/6/2026"),
        ("ngày 10/06/2026", "ngày 10 tháng 6 năm 2026"),
        ("June 2026", "trong tháng 6/2026"),
        ("4.62 percent", "tăng trưởng 4,62%"),
        ("by June 10", "trước ngày 10/6/2026"),
        # a range with its unit written once, after the second figure
        ("between 2.7 and 3 million a month", "từ 2.700.000 đồng/tháng"),
        ("từ 2,7 đến 3 triệu", "dưới 2.700.000 đồng"),
    ],
)
def test_a_figure_or_date_in_one_form_meets_the_other(question, passage):
    assert set(figure_terms(question)) & set(lexical_tokens(passage))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("3.500.000 đồng", "3.600.000 đồng"),
        ("10 tháng 6 năm 2026", "10 tháng 7 năm 2026"),
        ("June 10, 2026", "June 10, 2025"),
        ("4,62%", "4,6%"),
    ],
)
def test_different_figures_and_dates_do_not_meet(one, other):
    # "@06-10" (day and month without a year) is shared by design by June 10 of any year.
    def specific(text):
        return {t for t in figure_terms(text) if not (t.startswith("@") and len(t) == 6)}

    assert specific(one) and not specific(one) & specific(other)


def test_years_counts_and_document_numbers_are_not_amounts():
    assert figure_terms("Nghị định số 38/2022/NĐ-CP năm 2024, quý IV/2026") == []


def test_a_canonical_term_passes_through_query_tokens_whole():
    assert query_tokens("#3500000") == ["#3500000"]
    assert "#3500000" in query_tokens("mức 3,5 triệu đồng")
