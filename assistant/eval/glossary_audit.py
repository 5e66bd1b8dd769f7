"""Where a glossary's Vietnamese terms occur in a set of documents: used to keep the glossary
free of terms that only the dev set's held-out (test-half) documents hold, since a term mined
from those documents would tune the product on the very text it is tested on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from assistant.core.text import normalize_unicode
from assistant.vocab.glossary import GlossaryEntry, vietnamese_tokens


class TokenText:
    """Documents as lowercased NFC syllables joined by single spaces, so a glossary term is a
    plain substring search with word boundaries ("ban" does not occur in "bang")."""

    def __init__(self, texts: Iterable[str]):
        # A newline between documents: no term holds one, so no match spans two documents.
        self._text = " \n ".join(_joined(text) for text in texts)
        self._text = f" {self._text} "

    def holds(self, term: str) -> bool:
        key = _joined(term)
        return bool(key) and f" {key} " in self._text


def _joined(text: str) -> str:
    return " ".join(token for token, _, _ in vietnamese_tokens(normalize_unicode(text).lower()))


def held_out_only_entries(
    entries: Sequence[GlossaryEntry], test: TokenText, other: TokenText
) -> list[GlossaryEntry]:
    """Entries with a Vietnamese variant in the test documents and no variant in any other
    document: the ones only held-out text could have taught."""
    return [
        entry
        for entry in entries
        if any(test.holds(term) for term in entry.vietnamese)
        and not any(other.holds(term) for term in entry.vietnamese)
    ]


def half_documents(question_files: Iterable[Path], half: str) -> set[str]:
    """Gold file names (``congbao/...`` or a seed's name) of the questions of one half."""
    names: set[str] = set()
    for path in question_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item.get("half") == half:
                    names.update(g["file"] for g in item.get("gold") or [])
    return names
