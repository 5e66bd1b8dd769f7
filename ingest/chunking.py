"""Leaf blocks -> retrieval chunks sized for the embedding model, that keep meaning together and
lose nothing.

- One chunk per leaf block. Consecutive small blocks under the same section path are merged
  (front-matter lines, short bullets, recipients are poor retrieval units alone); a merged chunk
  is still the verbatim slice text[start:end] of the notice, newlines included.
- A block over budget is split at sentence ends, then at ";" / ",", then at spaces, into
  verbatim pieces each within budget. A trailing deadline sentence ("Thời gian hoàn thành trước
  01 tháng 3 năm 2027.") is never cut from the sentence before it.
- Nothing is lost: a heading that has children is not a block, and the section path holds it
  shortened to ~80 characters. When the document text is given, every heading line whose words
  the path does not hold in full becomes a piece of its own, merged with its first children.
- Context (Chunk.context: embedded and indexed, never cited) carries what a chunk means only
  with: the full line of every shortened heading above it (the intro of a list, the body named
  in a heading), the task that trailing "Đơn vị chủ trì: ..." / "Thời gian hoàn thành: ..."
  lines belong to when they could not share its chunk, and the header cells of a table row.
- Tables: a pipe table (Word and HTML rows, "a | b | c") or a gazette PDF table ("TT" or "STT",
  header cells one per line, then rows each opened by its number) becomes one chunk per row
  whose context labels the cells with their headers ("Cơ quan chủ trì: Bộ Tài chính | ...")
  when the cells line up, else lists the header cells.
- Budget: Chunk.embed_text() prepends the section path and the context, so a chunk's own text
  gets max_tokens minus their tokens (at least a quarter of max_tokens, so a long path cannot
  starve the text; the path is the part the model may then truncate).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.records import Block, Chunk
from assistant.core.text import SENTENCE_END
from ingest import markers
from ingest.structure import _shorten as shorten_heading

# Pieces too small to stand alone (in tokens, as a share of the budget) are merged.
_SMALL_SHARE = 0.25
_MIN_TEXT_SHARE = 0.25
# Context lines may take at most this share of max_tokens, and only what the chunk's own text
# leaves. A list intro or a task is one or two sentences (30-80 e5 tokens) and a labelled table
# row repeats its cells; half the budget keeps them whole in all but run-on cases.
_CONTEXT_SHARE = 0.5
_MIN_CONTEXT_SHARE = 0.1  # context a block keeps even when its text fills the budget
_TABLE_HEADER_MAX_CELLS = 12  # a gazette table header has 3-10 cells; more means it is no header
_TABLE_CELL_MAX_CHARS = 80  # header cells are short labels
# A gazette table's body runs while lines stay cell-sized: the longest cells seen in congbao
# tables are ~300 characters; a longer line is a paragraph after the table.
_TABLE_LINE_MAX_CHARS = 350
_TABLE_MAX_LINES = 2000  # bounds the scan; real tables in the corpus have < 1000 lines

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


_CLAUSE_END_RE = re.compile(r"(?<=;)\s+")
_COMMA_RE = re.compile(r"(?<=,)\s+")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_MARK_RE = re.compile(r"[^\w\s]")

# A line (or sentence) that only qualifies the task before it: who leads it, by when, what it
# yields. "- Đơn vị chủ trì: Bộ Công an.", "Thời gian hoàn thành: Quý IV/2026",
# "Thời gian hoàn thành trước 01 tháng 3 năm 2027."
_ATTRIBUTE_RE = re.compile(
    r"^(?:[-–+•*]\s*)?(?:"
    r"(?:Cơ quan|Đơn vị|Bộ, ngành)\s+(?:chủ trì|phối hợp|thực hiện|thẩm định|trình)"
    r"|Thời gian\s+(?:hoàn thành|thực hiện|trình|ban hành)|Thời hạn(?:\s+hoàn thành)?"
    r"|Tiến độ(?:\s+thực hiện)?|Sản phẩm|Kết quả(?:\s*/\s*sản phẩm)?|Hình thức(?:\s+văn bản)?"
    r"|Cấp trình|Kinh phí(?:\s+thực hiện)?|Nguồn\s+(?:kinh phí|vốn)"
    r")\b",
    re.IGNORECASE,
)
# An attribute line is one short line; a longer "Kết quả: ..." paragraph is content of its own.
_ATTRIBUTE_MAX_CHARS = 300
# Gazette PDF tables: the first header cell, and a row's opening number on its own line
# ("1", "12.", "II", "3.2").
_TABLE_START_RE = re.compile(r"^(?:S[ốố]\s+)?S?TT\.?$|^Số thứ tự$", re.IGNORECASE)
_ROW_NUMBER_RE = re.compile(r"^(?:\d{1,4}|[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2})+)\.?$")
_PIPE_RE = re.compile(r"\s*\|\s*")


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


@dataclass
class _Item:
    """A leaf block or a recovered heading line, before splitting."""

    section: list[str]
    start: int
    end: int
    text: str
    kind: str  # paragraph | bullet | heading (a block) | title (a recovered heading line)
    context: list[str] = field(default_factory=list)
    glue: bool = False  # belongs in the previous item's chunk: a deadline after its task, ...
    row: bool = False  # a table row: a chunk of its own
    owner: str = ""  # title: the section title its children carry for it


@dataclass
class _Piece:
    section: list[str]
    start: int
    end: int
    text: str
    context: list[str]
    cost: int
    glue: bool = False
    row: bool = False
    owner: str = ""
    kind: str = ""
    task: str = ""  # the text an attribute line qualifies, for context if it must stand alone
    item_text: str = ""  # the whole block this piece is (part of)
    last_task: str = ""  # in a chunk: the task its attribute lines would qualify


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


# --- items: blocks and the heading lines no block holds ---------------------------------------


def _items(blocks: list[Block], text: str | None) -> list[_Item]:
    items: list[_Item] = []
    previous_end = 0
    for block in blocks:
        if text is not None and block.start > previous_end:
            items.extend(_heading_lines(text, previous_end, block.start, block.section))
        items.append(_Item(list(block.section), block.start, block.end, block.text, block.kind))
        previous_end = max(previous_end, block.end)
    if text is not None and previous_end < len(text):
        items.extend(_heading_lines(text, previous_end, len(text), []))
    return items


def _heading_lines(text: str, start: int, end: int, next_section: list[str]) -> list[_Item]:
    """Lines between two blocks are headings of the next block (structure emits every other
    line). One whose words its section title holds in full needs nothing more; the others (a
    title shortened with "…", the second line of a long chapter name) become items."""
    visible = [title[:-1] if title.endswith("…") else title for title in next_section]
    found: list[_Item] = []
    position = start
    for raw in text[start:end].split("\n"):
        line_start = position + len(raw) - len(raw.lstrip())
        position += len(raw) + 1
        line = raw.strip()
        if not line or any(line in title for title in visible):
            continue
        depth = next(
            (
                j
                for j in range(len(next_section) - 1, -1, -1)
                if next_section[j].endswith("…") and line.startswith(visible[j])
            ),
            None,
        )
        if depth is None:  # the rest of a chapter's name: it goes with the line before it
            section = found[-1].section if found else list(next_section)
            owner = ""
        else:
            section, owner = list(next_section[:depth]), next_section[depth]
        found.append(_Item(section, line_start, line_start + len(line), line, "title", owner=owner))
    return found


# --- context ---------------------------------------------------------------------------------


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


# --- tables ----------------------------------------------------------------------------------


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


# --- splitting -------------------------------------------------------------------------------


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


# --- merging ---------------------------------------------------------------------------------


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
