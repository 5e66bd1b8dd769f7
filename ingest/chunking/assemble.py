"""``chunk_blocks``: items, their context and splits, then pieces merged into chunks (a heading with
its children, a glued deadline with its task, small neighbours under one path)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.records import Block, Chunk
from ingest.chunking.context import (
    _MIN_CONTEXT_SHARE,
    _add_heading_context,
    _context_budget,
    _context_room,
    _fit_context,
    _has_attributes,
    _mark_attributes,
    _own_context,
)
from ingest.chunking.items import _ATTRIBUTE_RE, _Item, _items, _Piece
from ingest.chunking.split import _budget_cache, _split
from ingest.chunking.tables import _mark_tables
from ingest.chunking.tokens import approx_token_count

# Pieces too small to stand alone (in tokens, as a share of the budget) are merged.
_SMALL_SHARE = 0.25


def chunk_blocks(
    doc_id: str,
    blocks: list[Block],
    max_tokens: int,
    count_tokens: Callable[[str], int] = approx_token_count,
    text: str | None = None,
) -> list[Chunk]:
    """Chunks in document order, chunk_id f"{doc_id}:{position:04d}". Give the document `text`
    (blocks index into it) so heading lines that no block holds are kept too."""
    items = _items(blocks, text)
    _add_heading_context(items)
    _mark_tables(items)
    _mark_attributes(items)
    budget_for = _budget_cache(max_tokens, count_tokens)
    slice_of = _slicer(items, text)
    line_cost = _memo(count_tokens)  # context lines repeat for every bullet under an intro
    pieces: list[_Piece] = []
    for index, item in enumerate(items):
        room = budget_for(item.section)
        context = _fit_context(
            item.context, _context_room(room, item, max_tokens, count_tokens), line_cost
        )
        budget = _context_budget(room, context, max_tokens, line_cost)
        spans = _split(item.text, item.start, budget, count_tokens)
        task_context = context
        if len(spans) > 1 and _has_attributes(items, index):
            # The last part of a split task takes its deadline lines, so it carries the task's
            # beginning as context; the split leaves room for it.
            floor = int(max_tokens * _MIN_CONTEXT_SHARE)
            spans = _split(item.text, item.start, max(budget - floor, 1), count_tokens)
            task_context = [*context, *_fit_context([item.text], floor, line_cost)]
        for n, (start, end) in enumerate(spans):
            local = item.text[start - item.start : end - item.start]
            last_part = n > 0 and n == len(spans) - 1
            pieces.append(
                _Piece(
                    item.section,
                    start,
                    end,
                    local,
                    task_context if last_part else context,
                    count_tokens(local),
                    glue=item.glue and n == 0,
                    row=item.row,
                    owner=item.owner,
                    kind=item.kind,
                    item_text=item.text,
                )
            )
    merged = _merge(pieces, max_tokens, line_cost, budget_for, slice_of)
    return [
        Chunk(
            f"{doc_id}:{i:04d}",
            doc_id,
            i,
            list(p.section),
            p.text,
            p.start,
            p.end,
            context=_own_context(p, budget_for(p.section), max_tokens, line_cost),
        )
        for i, p in enumerate(merged)
    ]


def _memo(count_tokens: Callable[[str], int]) -> Callable[[str], int]:
    costs: dict[str, int] = {}

    def cost(line: str) -> int:
        value = costs.get(line)
        if value is None:
            value = costs[line] = count_tokens(line)
        return value

    return cost


def _slicer(items: list[_Item], text: str | None) -> Callable[[int, int], str | None]:
    """The exact text between two offsets: from the document when given, else rebuilt from the
    items and the newline that separates adjacent ones (None where that is unknown)."""
    if text is not None:
        return lambda start, end: text[start:end]
    by_start = {item.start: item for item in items}

    def slice_between(start: int, end: int) -> str | None:
        parts = []
        position = start
        while position < end:
            item = by_start.get(position)
            if item is None:
                return None
            parts.append(item.text)
            position = item.end
            if position < end:
                parts.append("\n")
                position += 1
        return "".join(parts) if position == end else None

    return slice_between


def _merge(
    pieces: list[_Piece],
    max_tokens: int,
    count_tokens: Callable[[str], int],
    budget_for: Callable[[list[str]], int],
    slice_between: Callable[[int, int], str | None],
) -> list[_Piece]:
    """Join a piece to the chunk before it when they belong together and fit:
    - a heading line and its direct children (the chunk keeps the heading's own path);
    - a glued piece (a deadline after its task, a table row's lines, a header and its first row);
    - small neighbours under the same path with the same context (never table rows).
    An attribute line that cannot join its task keeps the task as context."""
    small = max_tokens * _SMALL_SHARE
    # A task and the glued lines after it are one unit: a task joins a chunk only if its
    # deadline can follow it there.
    tail = [0] * (len(pieces) + 1)
    for i in range(len(pieces) - 1, 0, -1):
        tail[i - 1] = pieces[i].cost + tail[i] if pieces[i].glue else 0
    merged: list[_Piece] = []
    for index, piece in enumerate(pieces):
        if merged:
            last = merged[-1]
            child = last.owner and piece.section == [*last.section, last.owner]
            same = piece.section == last.section and piece.context == last.context
            smalls = last.cost < small or piece.cost < small
            belongs = (
                (child and (last.kind == "title" or smalls))
                or (piece.glue and piece.section == last.section)
                or (same and smalls and not piece.row and not last.row and piece.kind != "title")
            )
            gap = slice_between(last.end, piece.start) if piece.start > last.end + 1 else ""
            adjacent = piece.start >= last.end and gap is not None and not gap.strip()
            # A glued row or header keeps both contexts (the header has none, its row has one).
            context = last.context + [line for line in piece.context if line not in last.context]
            budget = _context_budget(budget_for(last.section), context, max_tokens, count_tokens)
            unit = piece.cost if piece.glue or child else piece.cost + tail[index]
            if belongs and adjacent and last.cost + unit <= budget:
                joined = slice_between(last.start, piece.end)
                if joined is not None:
                    last.end = piece.end
                    last.text = joined
                    last.cost += piece.cost
                    last.context = context
                    last.row = last.row or piece.row
                    if not _ATTRIBUTE_RE.match(piece.item_text):
                        last.last_task = piece.item_text
                    # A heading takes its first child whatever its size, more only while small.
                    last.kind = "merged"
                    last.owner = last.owner if child else ""
                    continue
            if piece.glue and not piece.row and _ATTRIBUTE_RE.match(piece.text):
                piece.task = last.last_task
        piece.last_task = piece.task or (
            "" if _ATTRIBUTE_RE.match(piece.item_text) else piece.item_text
        )
        merged.append(piece)
    return merged
