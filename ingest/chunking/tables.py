"""Tables: pipe tables and gazette PDF tables become one chunk per row whose context labels the
cells with the header's cells."""

from __future__ import annotations

import re

from ingest.chunking.items import _Item

_TABLE_HEADER_MAX_CELLS = 12  # a gazette table header has 3-10 cells; more means it is no header
_TABLE_CELL_MAX_CHARS = 80  # header cells are short labels
# A gazette table's body runs while lines stay cell-sized: the longest cells seen in congbao
# tables are ~300 characters; a longer line is a paragraph after the table.
_TABLE_LINE_MAX_CHARS = 350
_TABLE_MAX_LINES = 2000  # bounds the scan; real tables in the corpus have < 1000 lines
# Gazette PDF tables: the first header cell, and a row's opening number on its own line
# ("1", "12.", "II", "3.2").
_TABLE_START_RE = re.compile(r"^(?:S[ốố]\s+)?S?TT\.?$|^Số thứ tự$", re.IGNORECASE)
_ROW_NUMBER_RE = re.compile(r"^(?:\d{1,4}|[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2})+)\.?$")
_PIPE_RE = re.compile(r"\s*\|\s*")


def _mark_tables(items: list[_Item]) -> None:
    i = 0
    while i < len(items):
        if _is_pipe_row(items[i].text):
            i = _pipe_table(items, i)
        elif _TABLE_START_RE.match(items[i].text):
            i = _pdf_table(items, i)
        else:
            i += 1


def _is_pipe_row(line: str) -> bool:
    """A row of a Word table ("a | b"; cells joined by the loader) or of an HTML/Markdown one
    ("| a | b |"). Two-cell rows count only in a run of rows with as many cells (below)."""
    return " | " in line or (line.startswith("|") and line.endswith("|") and len(line) > 2)


def _cells(line: str) -> list[str]:
    return _PIPE_RE.split(line.strip().strip("|").strip())


def _adjacent(a: _Item, b: _Item) -> bool:
    return a.section == b.section and a.kind != "title" and b.kind != "title"


def _pipe_table(items: list[_Item], first: int) -> int:
    """Word and HTML tables: one row per line, cells between "|"; the first row is the header."""
    header = _cells(items[first].text)
    end = first + 1
    while (
        end < len(items)
        and _is_pipe_row(items[end].text)
        and _adjacent(items[end - 1], items[end])
        # A two-column table has exactly two cells a row; "a | b" in prose is no table.
        and (len(header) >= 3 or len(_cells(items[end].text)) == len(header))
    ):
        end += 1
    if end - first < 2 or len(header) < 2:
        return first + 1
    for item in items[first + 1 : end]:
        _label_row(item, header, _cells(item.text))
    return end


def _pdf_table(items: list[_Item], first: int) -> int:
    """Gazette PDF tables: "TT" or "STT", the other header cells one per line, then the body,
    whose cells come one per line (long ones re-flowed) with no mark where a cell or a row ends;
    merged cells and page breaks (the header again) make rows unreliable. So every chunk of the
    body carries the header cells; where rows are numbered 1, 2, 3, ... each row is a chunk of
    its own, its cells labelled with the header when they line up."""
    header_end = first + 1
    while (
        header_end < len(items)
        and header_end - first < _TABLE_HEADER_MAX_CELLS
        and _adjacent(items[header_end - 1], items[header_end])
        and not _ROW_NUMBER_RE.match(items[header_end].text)
        and len(items[header_end].text) <= _TABLE_CELL_MAX_CHARS
    ):
        header_end += 1
    end = header_end
    while (
        end < len(items)
        and end - header_end < _TABLE_MAX_LINES
        and _adjacent(items[end - 1], items[end])
        and len(items[end].text) <= _TABLE_LINE_MAX_CHARS
    ):
        end += 1
    if header_end - first < 2 or end == header_end:
        return first + 1
    header = [item.text for item in items[first:header_end]]
    header_line = " | ".join(header)
    for item in items[header_end:end]:
        item.context = [*item.context, header_line]
    items[first].row = True  # the table starts a chunk
    for item in items[first + 1 : header_end + 1]:
        item.glue = True  # the header goes with the first line of the body
    starts = _numbered_rows(items, header_end, end)
    for row_start, row_end in zip(starts, [*starts[1:], end], strict=False):
        row = items[row_start:row_end]  # the last one runs to the end of the table
        labeled = _row_context(header, [item.text for item in row])
        for n, item in enumerate(row):
            item.row = True
            item.glue = item.glue or n > 0
            item.context = [*item.context[:-1], *labeled]
    return end


def _numbered_rows(items: list[_Item], start: int, end: int) -> list[int]:
    """Positions of lines that are only the next row number (1, 2, 3, ...); page numbers and
    merged-cell numbers out of sequence are not rows. Fewer than two rows: none."""
    found: list[int] = []
    for i in range(start, end):
        if items[i].text.rstrip(".") == str(len(found) + 1):
            found.append(i)
    return found if len(found) >= 2 else []  # (an empty list: zip pairs nothing)


def _row_context(header: list[str], cells: list[str]) -> list[str]:
    """ "Cơ quan chủ trì: Bộ Tài chính | Thời gian hoàn thành: Quý IV/2026" when the cells line
    up with the header, else the header cells."""
    if len(cells) == len(header):
        labeled = [
            f"{name}: {cell}"
            for name, cell in zip(header, cells, strict=True)
            if cell and not _TABLE_START_RE.match(name)
        ]
        return [" | ".join(labeled)]
    return [" | ".join(header)]


def _label_row(item: _Item, header: list[str], cells: list[str]) -> None:
    item.row = True
    item.context = [*item.context, *_row_context(header, cells)]
