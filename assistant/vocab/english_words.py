"""Real English words, so typo correction leaves them alone.

The English speller corrects an unknown word to a glossary word one edit away; not knowing
which words are real, it "corrected" ordinary words the glossary lacks: "overnight" ->
"oversight", "phrase" -> "phase", "setting" -> "settling", "around" -> "ground" (7 of the 14
corrections in the dev set's tune-half and seed English questions; the other 7, all typos, are
in no dictionary). data/english_words.txt: the whole lowercase words of four letters or more in
the WordPiece vocabulary of bert-base-uncased (as shipped with all-MiniLM-L6-v2, Apache-2.0),
20,362 words (18,346 of five letters or more, 2,016 of four). A frequency-built vocabulary holds
common words and few misspellings: a web word list (Tesseract's) also held "recieve",
"goverment", "seperate", which then stayed uncorrected.
Shorter words are never corrected (spelling.MIN_ENGLISH_LENGTH is 4)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WORD_LIST = Path(__file__).resolve().parent / "data" / "english_words.txt"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    return frozenset(WORD_LIST.read_text(encoding="utf-8").split())


def is_transposition(typed: str, corrected: str) -> bool:
    """Two adjacent letters swapped ("handel" / "handle"): the commonest slip of the keyboard,
    and rarely two real words of one topic, so it is corrected even when the typed form is a
    word (a name, here) of its own."""
    if len(typed) != len(corrected) or typed == corrected:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, corrected, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == corrected[diff[1]]
        and typed[diff[1]] == corrected[diff[0]]
    )
