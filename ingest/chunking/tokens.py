"""Token counts and the chunk budget: ``chunk_budget`` per model window, ``approx_token_count`` (a
fast estimate) and ``WordTokenCounter`` (an embedder's exact count, word by word)."""

from __future__ import annotations

import re
from collections.abc import Callable

# The chunk budget (heading path + context + text, in the embedder's own tokens) when none is
# configured, for a model that reads 512 tokens (multilingual-e5-small). Calibrated on the sizes
# of leaf blocks (clauses, points, list items, paragraphs) in e5 tokens, heading path included
# (320k blocks of the 402 congbao documents, and the seed notices): at 256, 99.7% of gazette
# blocks and 91% of seed-notice blocks fit whole, and 96.8% of the gazette text lies in blocks
# that are never cut; at 192 a tenth of the text is cut mid-block (90.5%), while 320 gains under
# 2 points (98.7%) for a unit a quarter larger. It is half the model's window, so the whole
# chunk is always read. (benchmarks/chunk_sizes.py prints the table.)
DEFAULT_CHUNK_TOKENS = 256
# Models with a 256-token window (MiniLM: 256 word pieces, about half as much Vietnamese text):
# the budget measured for them before, leaving room for the tokens the count can miss.
SHORT_WINDOW_CHUNK_TOKENS = 200
_WINDOW_HEADROOM = 40  # a configured budget stays this far under the model's window


def chunk_budget(model_max_tokens: int, configured: int | None = None) -> int:
    """Tokens per chunk for a model that reads at most `model_max_tokens`."""
    if configured is None:
        wide = model_max_tokens >= 2 * DEFAULT_CHUNK_TOKENS
        configured = DEFAULT_CHUNK_TOKENS if wide else SHORT_WINDOW_CHUNK_TOKENS
    return max(1, min(configured, model_max_tokens - _WINDOW_HEADROOM))


_WORD_RE = re.compile(r"\w+")
_MARK_RE = re.compile(r"[^\w\s]")


def approx_token_count(text: str) -> int:
    """A fast, slightly high estimate of MiniLM word pieces: the model strips diacritics and cuts
    a Vietnamese syllable into ~1.5-2 pieces; punctuation marks are one piece each."""
    return 2 * len(_WORD_RE.findall(text)) + len(_MARK_RE.findall(text)) + 2  # + [CLS], [SEP]


class WordTokenCounter:
    """An embedder's exact token count, computed word by word with a cache.

    BERT word pieces (MiniLM) and SentencePiece with whitespace splitting (XLM-R, so e5) never
    make a token across a space, so a text's count is a fixed overhead (special tokens, the
    "passage: " prefix) plus the sum of its words' counts. Vietnamese has few distinct
    syllables, so after the first document nearly every word is a cache hit: counting a whole
    gazette corpus takes seconds instead of minutes. Checked equal to the tokenizer on every
    line of a congbao sample (tests/ingest/test_chunking_corpus.py).
    """

    def __init__(self, count_tokens: Callable[[str], int]):
        self.count_tokens = count_tokens
        # The overhead: "w w" costs overhead + 2 * pieces(w), "w" costs overhead + pieces(w).
        self.overhead = 2 * count_tokens("và") - count_tokens("và và")
        self._words: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        words = text.split()
        if not words:
            return self.count_tokens(text)
        cache = self._words
        total = self.overhead
        for word in words:
            cost = cache.get(word)
            if cost is None:
                cost = cache[word] = self.count_tokens(word) - self.overhead
            total += cost
        return total
