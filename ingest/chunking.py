"""Leaf blocks -> retrieval chunks sized for the embedding model.

- One chunk per leaf block. Consecutive small blocks under the same section path are merged
  (front-matter lines, short bullets, recipients are poor retrieval units alone); a merged chunk
  is still the verbatim slice text[start:end] of the notice, newlines included.
- A block over budget is split at sentence ends, then at ";" / ",", then at spaces, into
  verbatim pieces each within budget.
- Budget: Chunk.embed_text() prepends the section path ("A > B\\n"), so a chunk's own text gets
  max_tokens minus the tokens of that path (at least a quarter of max_tokens, so a long path
  cannot starve the text; the path is the part the model may then truncate).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.models import Block, Chunk

# Pieces too small to stand alone (in tokens, as a share of the budget) are merged.
_SMALL_SHARE = 0.25
_MIN_TEXT_SHARE = 0.25

_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[”\")]*\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9-])")
_CLAUSE_END_RE = re.compile(r"(?<=;)\s+")
_COMMA_RE = re.compile(r"(?<=,)\s+")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_MARK_RE = re.compile(r"[^\w\s]")


def approx_token_count(text: str) -> int:
    """A fast, slightly high estimate of MiniLM word pieces: the model strips diacritics and cuts
    a Vietnamese syllable into ~1.5-2 pieces; punctuation marks are one piece each."""
    return 2 * len(_WORD_RE.findall(text)) + len(_MARK_RE.findall(text)) + 2  # + [CLS], [SEP]


def chunk_blocks(
    doc_id: str,
    blocks: list[Block],
    max_tokens: int,
    count_tokens: Callable[[str], int] = approx_token_count,
) -> list[Chunk]:
    """Chunks in document order, chunk_id f"{doc_id}:{position:04d}"."""
    budget_for = _budget_cache(max_tokens, count_tokens)
    pieces: list[tuple[list[str], int, int, str]] = []  # (section, start, end, text)
    for block in blocks:
        budget = budget_for(block.section)
        for start, end in _split(block.text, block.start, budget, count_tokens):
            pieces.append(
                (block.section, start, end, block.text[start - block.start : end - block.start])
            )
    merged = _merge_small(pieces, max_tokens, count_tokens, budget_for, _document_text(blocks))
    return [
        Chunk(f"{doc_id}:{i:04d}", doc_id, i, list(section), text, start, end)
        for i, (section, start, end, text) in enumerate(merged)
    ]


def _text_budget(section: list[str], max_tokens: int, count_tokens: Callable[[str], int]) -> int:
    path_cost = count_tokens(" > ".join(section) + "\n") if section else 0
    return max(max_tokens - path_cost, int(max_tokens * _MIN_TEXT_SHARE), 1)


def _budget_cache(
    max_tokens: int, count_tokens: Callable[[str], int]
) -> Callable[[list[str]], int]:
    """Many blocks share a section path; count each path once."""
    cache: dict[tuple[str, ...], int] = {}

    def budget(section: list[str]) -> int:
        key = tuple(section)
        if key not in cache:
            cache[key] = _text_budget(section, max_tokens, count_tokens)
        return cache[key]

    return budget


def _split(
    text: str, offset: int, budget: int, count_tokens: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Verbatim (start, end) spans of `text` (which starts at `offset`), each within budget."""
    if count_tokens(text) <= budget:
        return [(offset, offset + len(text))]
    for boundary in (_SENTENCE_END_RE, _CLAUSE_END_RE, _COMMA_RE, _SPACE_RE):
        units = _cut(text, boundary)
        if len(units) > 1:
            break
    else:
        return _hard_cut(text, offset, budget, count_tokens)
    # Each unit is counted once; a span's cost is the sum of its units' costs, which over-counts
    # (every count includes the model's special tokens), so spans stay within budget, and
    # long blocks cost linear time instead of recounting a growing span for every unit.
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    current_cost = 0
    for unit_start, unit_end in units:
        cost = count_tokens(text[unit_start:unit_end])
        if current is not None and current_cost + cost <= budget:
            current = (current[0], unit_end)
            current_cost += cost
            continue
        if current is not None:
            spans.append(current)
        current, current_cost = (unit_start, unit_end), cost
    if current is not None:
        spans.append(current)
    result: list[tuple[int, int]] = []
    for start, end in spans:
        # A unit that alone is over budget is split again at the next finer boundary.
        result.extend(_split(text[start:end], offset + start, budget, count_tokens))
    return result


def _cut(text: str, boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    units = []
    start = 0
    for match in boundary.finditer(text):
        if match.start() > start:
            units.append((start, match.start()))
        start = match.end()
    if start < len(text):
        units.append((start, len(text)))
    return units


def _hard_cut(
    text: str, offset: int, budget: int, count_tokens: Callable[[str], int]
) -> list[tuple[int, int]]:
    """A single unbreakable run (a long code or URL): cut by characters."""
    spans = []
    start = 0
    while start < len(text):
        end = len(text)
        while end - start > 1 and count_tokens(text[start:end]) > budget:
            end = start + max(1, (end - start) // 2)
        spans.append((offset + start, offset + end))
        start = end
    return spans


def _document_text(blocks: list[Block]) -> Callable[[int, int], str | None]:
    """Text between two blocks is only known where blocks are adjacent lines; merging needs the
    exact slice, so it is rebuilt from the blocks and the newline that separates them."""
    by_start = {block.start: block for block in blocks}

    def slice_between(start: int, end: int) -> str | None:
        parts = []
        position = start
        while position < end:
            block = by_start.get(position)
            if block is None:
                return None
            parts.append(block.text)
            position = block.end
            if position < end:
                parts.append("\n")
                position += 1
        return "".join(parts) if position == end else None

    return slice_between


def _merge_small(
    pieces: list[tuple[list[str], int, int, str]],
    max_tokens: int,
    count_tokens: Callable[[str], int],
    budget_for: Callable[[list[str]], int],
    slice_between: Callable[[int, int], str | None],
) -> list[tuple[list[str], int, int, str]]:
    small = max_tokens * _SMALL_SHARE
    merged: list[tuple[list[str], int, int, str]] = []
    last_cost = 0  # tokens of merged[-1], summed over its parts (an over-count, as in _split)
    for section, start, end, text in pieces:
        cost = count_tokens(text)
        if merged:
            last_section, last_start, last_end, _ = merged[-1]
            if (
                last_section == section
                and last_end + 1 == start
                and (last_cost < small or cost < small)
                and last_cost + cost <= budget_for(section)
            ):
                joined = slice_between(last_start, end)
                if joined is not None:
                    merged[-1] = (section, last_start, end, joined)
                    last_cost += cost
                    continue
        merged.append((section, start, end, text))
        last_cost = cost
    return merged
