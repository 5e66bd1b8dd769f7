"""Splitting a block over budget at sentence ends, then ";" / ",", then spaces, into verbatim spans;
the text budget a section path leaves."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.core.text import SENTENCE_END
from ingest import markers
from ingest.chunking.context import _MIN_TEXT_SHARE
from ingest.chunking.items import _ATTRIBUTE_RE

_CLAUSE_END_RE = re.compile(r"(?<=;)\s+")
_COMMA_RE = re.compile(r"(?<=,)\s+")
_SPACE_RE = re.compile(r"\s+")


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
    for boundary in (SENTENCE_END, _CLAUSE_END_RE, _COMMA_RE, _SPACE_RE):
        units = _cut(text, boundary)
        if boundary is SENTENCE_END:
            units = _keep_attributes(text, units)
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


def _keep_attributes(text: str, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A deadline or lead sentence is one unit with the sentence before it, and a list marker
    ("9.", "IV.") that looks like a sentence of its own with the sentence after it."""
    kept: list[tuple[int, int]] = []
    for start, end in units:
        if kept and (
            _ATTRIBUTE_RE.match(text[start:end])
            or markers.MARKER_ONLY_RE.match(text[kept[-1][0] : kept[-1][1]])
        ):
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
    return kept


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
