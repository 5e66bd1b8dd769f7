"""The words lexical search and the coverage measure look for, from a question's analysis.

Vietnamese questions search their own (expanded) text. English words never occur in the
notices, so an English question becomes groups of Vietnamese alternatives: one per glossary
concept, plus its numbers, dates and amounts in canonical form."""

from __future__ import annotations

import re

from assistant.core.text import figure_surfaces, figure_terms
from assistant.retrieval.lexical import LexicalQuery
from assistant.retrieval.query import NOTICE_CODE, QueryAnalysis, english_topic_text
from assistant.vocab.glossary import Glossary

# Whether an English word the glossary lacks is an optional concept (LexicalQuery.optional):
# searched, and counted in a passage's coverage when the passage holds it, but not against a
# passage that does not. Its terms are the multilingual model's nearest guesses (or, when none
# reaches the bar, the English word itself, which no notice holds), so their absence says
# little, while counted against every passage it pulled an answerable question's coverage under
# the found bar. Dev tune half, English questions (126 answerable, 14 unanswerable), with a
# seeded 60% of the glossary left out (benchmarks/english_unseen.py's stand-in for unseen
# wording; seed 1): hit@5 / accuracy / false refusals / unanswerable refused 0.770 / 0.548 /
# 0.127 / 12 of 14 with neither optional; translated words optional 0.778 / 0.571 / 0.079 /
# 12; untranslated too 0.778 / 0.579 / 0.071 / 12. Whole glossary: 0.897 / 0.754 / 0.040 / 10
# -> 0.897 / 0.754 / 0.032 / 10 (either setting).
SOFT_TRANSLATED = True
SOFT_UNTRANSLATED = True


def lexical_query(analysis: QueryAnalysis) -> LexicalQuery:
    """Vietnamese terms only: English words never occur in the notices and would only dilute
    BM25 and the coverage measure. An English question becomes one concept per glossary entry
    (its Vietnamese spellings are alternatives) plus its numbers."""
    if analysis.language != "en":
        return LexicalQuery.of(analysis.search_text)
    expanded = set(analysis.expansions)
    topic = english_topic_text(analysis.text)
    groups = [
        list(
            dict.fromkeys(
                term for entry in entries for term in entry.vietnamese if term in expanded
            )
        )
        for entries in Glossary.load().match_english_groups(topic)
    ]
    groups = [g for g in groups if g]
    # Topic words the glossary does not know are searched as the collection's terms nearest
    # them (analysis.translations), else stay in the query as typed; either way as optional
    # concepts (SOFT_TRANSLATED, SOFT_UNTRANSLATED): guesses that a passage may lack.
    optional = [False] * len(groups)
    for word in Glossary.load().unmatched_english(topic):
        translated = list(analysis.translations.get(word, ()))
        groups.append(translated or [word])
        optional.append(SOFT_TRANSLATED if translated else SOFT_UNTRANSLATED)
    # Vietnamese typed into the question is searched as written, each run one phrase.
    known = {term.lower() for group in groups for term in group}
    groups.extend(
        [run] for run in Glossary.load().vietnamese_runs(topic) if run.lower() not in known
    )
    # A notice named by its code is searched by the whole code, one token of the index; an
    # optional concept, since a code typed otherwise ("TT-BKHDT", "52/CT-TW") is one token
    # no passage holds, while its number below still counts.
    optional.extend([False] * (len(groups) - len(optional)))
    for code in dict.fromkeys(NOTICE_CODE.findall(analysis.text)):
        groups.append([code])
        optional.append(True)
    # Dates and amounts in their canonical form: "June 10" meets "ngày 10 tháng 6". A figure
    # is one concept, whichever way it is written: the number as typed ("2.7" of "2.7 million
    # VND") is a spelling of its meaning ("#2700000"), not a concept of its own that a notice
    # writing "2.700.000 đồng" lacks; and the words that scale it or name its currency
    # ("million VND" -> "triệu đồng") are optional (_FIGURE_WORDS).
    figures = figure_surfaces(analysis.text) if FIGURE_AS_ONE_CONCEPT else []
    first = len(groups)
    groups.extend([term] for term in figure_terms(analysis.text))
    canonical = {group[0]: first + i for i, group in enumerate(groups[first:])}
    if figures:
        scaled = [i for i, g in enumerate(groups) if all(_is_figure_word(t) for t in g)]
        optional.extend([False] * (len(groups) - len(optional)))
        for i in scaled:
            optional[i] = True
    for match in re.finditer(r"(\d[\d/.,-]*\d|\d)(st|nd|rd|th)?\b", analysis.text):
        number, ordinal = match.groups()
        owners = {
            canonical[min(terms)]
            for surface, terms in figures
            if number.lower() in surface and min(terms) in canonical
        }
        if owners:
            # written as part of a figure: searched by its meaning, and by its writing
            for i in owners:
                if number not in groups[i]:
                    groups[i].append(number)
            continue
        # "11th congress": notices number congresses and terms in Roman numerals (khóa XI).
        roman = roman_numeral(int(number)) if ordinal and number.isdigit() else ""
        groups.append([number, roman] if roman else [number])
    optional.extend([False] * (len(groups) - len(optional)))
    if not groups:
        return LexicalQuery.of(analysis.search_text)
    return LexicalQuery.concepts(groups, optional)


# Whether an English question's figure is one concept (its canonical meaning, its number as
# typed an alternative spelling) and the glossary concepts made only of scale and currency
# words ("triệu đồng" of "million VND") are optional. Tune d760 ("under 2.7 million VND a
# month") counted "2.7", "triệu đồng" and "#2700000" as three concepts against a notice that
# writes "2.700.000 đồng/tháng" and was refused with its answer ranked.
FIGURE_AS_ONE_CONCEPT = True
_FIGURE_WORDS = frozenset("nghìn ngàn triệu tỷ đồng vnd usd tỉ".split())


def _is_figure_word(term: str) -> bool:
    words = term.lower().split()
    return bool(words) and all(w in _FIGURE_WORDS for w in words)


def roman_numeral(number: int) -> str:
    if not 0 < number < 100:
        return ""
    tens = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return tens[number // 10] + ones[number % 10]
