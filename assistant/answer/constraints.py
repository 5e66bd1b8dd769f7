"""What evidence must mention to be about a question at all: the years it names, and the proper
names (Vietnamese runs of capitalized syllables; in an English question, the places the
glossary knows)."""

from __future__ import annotations

import re

from assistant.core.text import strip_diacritics
from assistant.vocab.bodies import find_bodies
from assistant.vocab.glossary import Glossary

_WORD = re.compile(r"[^\W\d_]+")
# Whether a body a Vietnamese question names must be named by the passage or its notice ("Bộ
# Công Thương phải trình Quốc hội ... tại kỳ họp nào?" is not answered by a resolution that
# never names the National Assembly). Tune half: unanswerable refused 29 -> 31 of 40, no
# answerable question lost once local-level bodies are left out (below).
BODIES_MUST_BE_NAMED = True
# Bodies of a province, district or commune are written in many forms ("UBND tỉnh", "Ủy ban
# nhân dân cấp tỉnh", "Trưởng Ban: Tổ chức, Nội chính ... Tỉnh ủy"): a notice that answers may
# spell them otherwise, so they are not required (tune d285 lost its answer to "UBND tỉnh"
# against "Ủy ban nhân dân cấp tỉnh").
_LOCAL_LEVEL = re.compile(r"\b(?:tinh|huyen|xa|thanh pho|cap|quan|phuong|thi xa)\b")
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


# An article a question names ("Điều 45", "Article 10"): evidence that never mentions it speaks
# of another article.
_ARTICLE = re.compile(r"(?<!\w)(?:dieu|article)\s+(\d{1,3})(?![\w/.-])", re.I)


def named_parts(question: str, language: str) -> list[list[str]]:
    """Further things a question names that evidence must mention (in the passage or its
    notice), each as the spellings that count: the articles it names ("Điều 45" /
    "Article 45" -> "Điều 45") and, in a Vietnamese question, the bodies it names ("Quốc hội",
    "BHXH Việt Nam" as written or as its full name)."""
    parts = [[f"Điều {n}"] for n in dict.fromkeys(_ARTICLE.findall(strip_diacritics(question)))]
    if language == "vi" and BODIES_MUST_BE_NAMED:
        for start, end, canonical in find_bodies(question, accent_insensitive=True):
            if not _LOCAL_LEVEL.search(strip_diacritics(canonical).lower()):
                parts.append(list(dict.fromkeys([canonical, question[start:end]])))
    return parts


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
