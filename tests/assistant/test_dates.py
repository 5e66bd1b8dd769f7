import pytest

from assistant.core.dates import has_passed, typed_date, within


@pytest.mark.parametrize(
    "text, iso",
    [
        ("30/6/2026", "2026-06-30"),
        (" 05.07.2026 ", "2026-07-05"),
        ("5-7-2026", "2026-07-05"),
        ("2026-07-05", "2026-07-05"),
        ("2026-7-5", "2026-07-05"),
    ],
)
def test_a_typed_date_is_read_day_first_or_iso(text, iso):
    assert typed_date(text) == iso


def test_words_are_not_a_typed_date_and_an_impossible_day_is_an_error():
    assert typed_date("next week") is None
    assert typed_date("trước ngày 30/6/2026") is None
    assert typed_date("6/2026") is None
    with pytest.raises(ValueError):
        typed_date("31/02/2026")


def test_within_cuts_bounds_to_the_deadlines_precision():
    assert within("2024-04", "2024-04-15", "2024-05-01")
    assert within("2024-04-20", "2024-04-15", "")
    assert not within("2024-04-10", "2024-04-15", "")
    assert not within("2024-06", "", "2024-05-31")
    assert within("2024", "2024-06-01", "2024-06-30")
    assert not within("", "", "")


def test_a_month_deadline_passes_when_its_month_has():
    assert not has_passed("2024-04", "2024-04-30")
    assert has_passed("2024-04", "2024-05-01")
    assert has_passed("2024-04-29", "2024-04-30")
    assert not has_passed("", "2024-04-30")
