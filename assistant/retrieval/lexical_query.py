"""The words lexical search and the coverage measure look for, from a question's analysis.

Vietnamese questions search their own (expanded) text. English words never occur in the
notices, so an English question becomes groups of Vietnamese alternatives: one per glossary
concept, plus its numbers, dates and amounts in canonical form."""

from __future__ import annotations

import re

from assistant.core.text import figure_terms
from assistant.retrieval.lexical import LexicalQuery
from assistant.retrieval.query import QueryAnalysis
from assistant.vocab.glossary import Glossary


def lexical_query(analysis: QueryAnalysis) -> LexicalQuery:
    """Vietnamese terms only: English words never occur in the notices and would only dilute
    BM25 and the coverage measure. An English question becomes one concept per glossary entry
    (its Vietnamese spellings are alternatives) plus its numbers."""
    if analysis.language != "en":
        return LexicalQuery.of(analysis.search_text)
    expanded = set(analysis.expansions)
    groups = [
        list(
            dict.fromkeys(
                term for entry in entries for term in entry.vietnamese if term in expanded
            )
        )
        for entries in Glossary.load().match_english_groups(analysis.text)
    ]
    groups = [g for g in groups if g]
    # Topic words the glossary does not know are searched as the collection's terms nearest
    # them (analysis.translations), else stay in the query as typed: the evidence bar then
    # sees that no passage holds them, instead of answering from the few generic words it did
    # match.
    groups.extend(
        list(analysis.translations.get(word, ())) or [word]
        for word in Glossary.load().unmatched_english(analysis.text)
    )
    # Vietnamese typed into the question is searched as written, each run one phrase.
    known = {term.lower() for group in groups for term in group}
    groups.extend(
        [run] for run in Glossary.load().vietnamese_runs(analysis.text) if run.lower() not in known
    )
    # Dates and amounts in their canonical form: "June 10" meets "ngày 10 tháng 6".
    groups.extend([term] for term in figure_terms(analysis.text))
    for match in re.finditer(r"(\d[\d/.,-]*\d|\d)(st|nd|rd|th)?\b", analysis.text):
        number, ordinal = match.groups()
        # "11th congress": notices number congresses and terms in Roman numerals (khóa XI).
        roman = roman_numeral(int(number)) if ordinal and number.isdigit() else ""
        groups.append([number, roman] if roman else [number])
    return LexicalQuery.concepts(groups) if groups else LexicalQuery.of(analysis.search_text)


def roman_numeral(number: int) -> str:
    if not 0 < number < 100:
        return ""
    tens = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return tens[number // 10] + ones[number % 10]
