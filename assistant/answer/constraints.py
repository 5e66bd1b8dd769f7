"""What evidence must mention to be about a question at all: the years it names, and the proper
names (Vietnamese runs of capitalized syllables; in an English question, the places the
glossary knows)."""

from __future__ import annotations

import re

from assistant.vocab.bodies import find_bodies
from assistant.vocab.glossary import Glossary

_WORD = re.compile(r"[^\W\d_]+")
# Capitalized by convention in governance text (titles, plural markers, parts of body names),
# so they do not start or extend a proper name: "Các Ủy viên", "Phó Bí thư".
TITLE_WORDS = frozenset(
    "các những phó quyền bí chủ ủy ban thường đảng hội nhân đại văn sở tỉnh".split()
)
# A year on its own or ending a date ("25/3/2024"), not part of a number or a range start.
_YEAR = re.compile(r"(?<![\d.-])(?:19|20)\d{2}(?![\d/])")


def constraints(question: str, language: str) -> tuple[list[str], list[str]]:
    """What evidence must mention to be about the question at all: (years, names). The years
    it names must be in the passage or its document's context (title, date); the proper names
    (Vietnamese runs of capitalized syllables: "Gia Lai", "Trần Đức Quận"; in an English
    question the places the glossary knows: "Dak Lak" -> "Đắk Lắk") somewhere in the
    document. A notice about another province or year does not answer, however similar."""
    names = _proper_names(question) if language == "vi" else _english_places(question)
    return _YEAR.findall(question), names


def _english_places(question: str) -> list[str]:
    """Vietnamese names of the proper places an English question names ("Lam Dong")."""
    return [
        entry.vietnamese[0]
        for entry in Glossary.load().match_english(question)
        if entry.category == "place" and entry.vietnamese[0][:1].isupper()
    ]


def _proper_names(text: str) -> list[str]:
    """Runs of two or more capitalized words ("Gia Lai", "Buôn Ma Thuột"), after body names
    ("Ban Chấp hành Đảng bộ tỉnh") are blanked out; acronyms (UBND) end a run."""
    for start, end, _ in find_bodies(text):
        text = text[:start] + " " * (end - start) + text[end:]
    names, run, previous_end = [], [], -1
    for match in _WORD.finditer(text):
        word = match.group()
        capitalized = word[0].isupper() and not word.isupper() and word.lower() not in TITLE_WORDS
        adjacent = text[previous_end : match.start()] == " "
        if capitalized and (not run or adjacent):
            run.append(word)
        else:
            if len(run) >= 2:
                names.append(" ".join(run))
            run = [word] if capitalized else []
        previous_end = match.end()
    if len(run) >= 2:
        names.append(" ".join(run))
    return names


# Common Vietnamese family names (and the "Y" that starts Ê Đê men's names): a run of
# capitalized syllables that starts with one is a person's name, not a place or a body.
