"""One-edit typo correction against a vocabulary the product knows: the collection's own
Vietnamese syllables, and the English words of the glossary. A word is only changed when it is
unknown and exactly one edit (insert, delete, substitute, swap) away from a known word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from assistant.core.text import has_diacritics, strip_diacritics

# Shortest unknown word worth correcting. English: below six letters a one-edit neighbour is too
# often another real word the glossary lacks ("rice" -> "price"); the typos users make in topic
# words ("resposible", "investigatng", "disbursment") are longer. Vietnamese syllables are short
# and dense: a typo of one usually is another real syllable (then it is left alone); an unknown
# one of three letters or more ("đạoo", "nhiemm") is corrected.
MIN_ENGLISH_LENGTH = 6
MIN_VIETNAMESE_LENGTH = 3
MAX_EDITS = 1

_WORD_RE = re.compile(r"[^\W\d_]+")
# A word glued to digits or to another word by "/" or "-" is part of a code ("07/2026/TT-BNV",
# "1097-KL/TU"), and a word in capitals an abbreviation ("BNV", "HĐND"): neither is a syllable
# mistyped, and "correcting" one ("BNV" -> "bnn") loses the document the question names.
_CODE_JOINERS = "/-"


def _is_code(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    word = text[start:end]
    return before in _CODE_JOINERS or after in _CODE_JOINERS or (len(word) > 1 and word.isupper())


class Speller:
    """Corrects unknown words to the most frequent known word one edit away."""

    def __init__(self, frequencies: Mapping[str, int], min_length: int):
        self.known = frozenset(frequencies)
        # Most frequent first: extractOne keeps the first of equally close candidates.
        self.choices = sorted(frequencies, key=lambda w: (-frequencies[w], w))
        self.min_length = min_length

    def correct_word(self, word: str) -> str:
        lowered = word.lower()
        if lowered in self.known or len(lowered) < self.min_length:
            return word
        best = process.extractOne(
            lowered, self.choices, scorer=DamerauLevenshtein.distance, score_cutoff=MAX_EDITS
        )
        return best[0] if best else word

    def correct(self, text: str) -> str:
        return _WORD_RE.sub(
            lambda m: m.group() if _is_code(text, *m.span()) else self.correct_word(m.group()),
            text,
        )


def vietnamese_spellers(syllable_counts: Mapping[str, int]) -> tuple[Speller, Speller]:
    """(accented, accent-free) spellers over a collection's syllables and their counts."""
    folded: dict[str, int] = {}
    for syllable, count in syllable_counts.items():
        key = strip_diacritics(syllable)
        folded[key] = folded.get(key, 0) + count
    return (
        Speller(syllable_counts, MIN_VIETNAMESE_LENGTH),
        Speller(folded, MIN_VIETNAMESE_LENGTH),
    )


def correct_vietnamese(text: str, accented: Speller, folded: Speller) -> str:
    """Each unknown syllable corrected against the spelling it was typed in: an accented one
    against the accented syllables, an accent-free one against their folded forms."""

    def fix(match: re.Match) -> str:
        word = match.group()
        if _is_code(text, *match.span()):
            return word
        return (accented if has_diacritics(word) else folded).correct_word(word)

    return _WORD_RE.sub(fix, text)


def english_speller(words: Iterable[str]) -> Speller:
    """Over the given words and their regular inflections ("investigate" -> "investigating"),
    so a typo in an inflected form is corrected to that form, not to its stem."""
    counts: dict[str, int] = {}
    for word in words:
        for token in _WORD_RE.findall(word.lower()):
            if token.isascii():
                for form in _inflections(token):
                    counts[form] = counts.get(form, 0) + (2 if form == token else 1)
    return Speller(counts, MIN_ENGLISH_LENGTH)


def _inflections(word: str) -> set[str]:
    stem = word[:-1] if word.endswith("e") else word
    forms = {word, word + "s", stem + "ed", stem + "ing", stem + "ion"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms
