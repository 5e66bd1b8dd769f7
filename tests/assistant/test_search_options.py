from dataclasses import FrozenInstanceError

import pytest

from assistant.retrieval import search
from assistant.retrieval.search import SearchOptions


def test_defaults_are_a_vietnamese_questions_weights():
    options = SearchOptions()
    assert options.dense_weight == search.DENSE_WEIGHTS["vi"]
    assert options.per_article == search.PER_ARTICLE and options.per_doc is None
    assert options.pool == search.POOL and options.residual_weight == 0.0


def test_for_language_reads_the_calibrated_tables_when_called(monkeypatch):
    english = SearchOptions.for_language("en", per_doc=2)
    assert english.dense_weight == search.DENSE_WEIGHTS["en"]
    assert english.lexical_weight == search.LEXICAL_WEIGHTS["en"]
    assert english.residual_weight == search.RESIDUAL_WEIGHTS["en"]
    assert english.per_doc == 2
    monkeypatch.setitem(search.DENSE_WEIGHTS, "en", 0.9)
    assert SearchOptions.for_language("en").dense_weight == 0.9


def test_options_cannot_be_changed_under_a_search():
    with pytest.raises(FrozenInstanceError):
        SearchOptions().pool = 1
