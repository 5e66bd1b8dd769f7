"""Context lines (embedded and indexed, never cited): the full lines of shortened headings above an
item, the task an attribute line belongs to, each fitted into its share of the budget."""

from __future__ import annotations

from collections.abc import Callable

from ingest.chunking.items import _ATTRIBUTE_MAX_CHARS, _ATTRIBUTE_RE, _Item, _Piece
from ingest.structure import _shorten as shorten_heading

_MIN_TEXT_SHARE = 0.25
# Context lines may take at most this share of max_tokens, and only what the chunk's own text
# leaves. A list intro or a task is one or two sentences (30-80 e5 tokens) and a labelled table
# row repeats its cells; half the budget keeps them whole in all but run-on cases.
_CONTEXT_SHARE = 0.5
_MIN_CONTEXT_SHARE = 0.1  # context a block keeps even when its text fills the budget


def _add_heading_context(items: list[_Item]) -> None:
    """Every shortened title in an item's path gets its full line as context, innermost first
    (outermost first; _fit_context keeps the innermost when the share runs out: the intro just
    above a bullet says most about it)."""
    full: dict[str, str] = {}
    for item in items:
        for title in item.section:
            rest = full.get(title) if title.endswith("…") else None
            if rest and rest not in item.context:
                item.context.append(rest)
        short = shorten_heading(item.text)
        if short != item.text:
            # The path shows the title up to "…"; the context line goes on from there, so
            # the words are indexed once and read on as one sentence.
            full[short] = "…" + item.text[len(short) - 1 :].lstrip()


def _fit_context(context: list[str], allowed: int, count_tokens: Callable[[str], int]) -> list[str]:
    """Innermost lines first (they come last), each whole while it fits in `allowed` tokens;
    the line that does not fit is cut at a word boundary; outer lines after it are left out."""
    if not context:
        return context
    kept: list[str] = []
    for line in reversed(context):
        cost = count_tokens(line)
        if cost <= allowed:
            kept.append(line)
            allowed -= cost
            continue
        cut = _cut_to(line, allowed, count_tokens)
        if cut:
            kept.append(cut)
        break
    return list(reversed(kept))


def _cut_to(line: str, allowed: int, count_tokens: Callable[[str], int]) -> str:
    words = line.split()
    low, high = 0, len(words)
    while low < high:  # the most leading words whose cost (with "…") fits
        middle = (low + high + 1) // 2
        if count_tokens(" ".join(words[:middle]) + "…") <= allowed:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low]) + "…" if low else ""


def _context_room(
    room: int, item: _Item, max_tokens: int, count_tokens: Callable[[str], int]
) -> int:
    """Tokens the context may take: what the text leaves of the budget, within the share; at
    least a small floor, so that a block that fills its budget still has its intro (it is
    then split to make room)."""
    share = int(max_tokens * _CONTEXT_SHARE)
    if not item.context:
        return share
    left = room - count_tokens(item.text)
    return max(min(share, left), int(max_tokens * _MIN_CONTEXT_SHARE))


def _context_budget(
    budget: int, context: list[str], max_tokens: int, count_tokens: Callable[[str], int]
) -> int:
    if not context:
        return budget
    cost = sum(count_tokens(line) for line in context)
    return max(budget - cost, int(max_tokens * _MIN_TEXT_SHARE), 1)


def _own_context(
    piece: _Piece, room: int, max_tokens: int, count_tokens: Callable[[str], int]
) -> list[str]:
    """The piece's context without lines its own text holds (a heading merged with its
    children), plus the task for attribute lines that had to start a chunk of their own."""
    context = [
        line
        for line in piece.context
        if line.strip("…") not in piece.text and line.replace(" | ", "\n") not in piece.text
    ]
    if piece.task:
        allowed = min(int(max_tokens * _CONTEXT_SHARE), max(room - piece.cost, 0))
        context = _fit_context([*context, piece.task], allowed, count_tokens)
    return context


def _has_attributes(items: list[_Item], index: int) -> bool:
    after = index + 1
    return after < len(items) and items[after].glue and bool(_ATTRIBUTE_RE.match(items[after].text))


def _mark_attributes(items: list[_Item]) -> None:
    """Lines that only qualify the task before them stay in its chunk where they fit."""
    for previous, item in zip(items, items[1:], strict=False):
        if (
            _ATTRIBUTE_RE.match(item.text)
            and len(item.text) <= _ATTRIBUTE_MAX_CHARS
            and item.section == previous.section
            and not item.row
            and not previous.row
        ):
            item.glue = True
