"""The heading tree of a normalized notice, flattened into leaf blocks with their heading path.

Input is normalize_text output: one block per line. Each line is a heading, a leaf (paragraph
or bullet) or both:
- "Phần" (and "PHỤ LỤC", "Mẫu số"), "Chương", "Mục", roman ("I-", "II."), "Điều N." and
  numbered ("1.", "2.3.", "1-") lines, and "a)" points, are headings when they are short
  titles ("1. Về kết quả đạt được", "Điều 5. Phạm vi điều chỉnh") or introduce what follows
  (end with ":"); a numbered line that is a whole sentence ("2. Người thụ hưởng ... xã hội.")
  is a leaf at that level.
- A Chương/Mục/Phần heading takes the all-caps line after it as its name ("Chương I NHỮNG QUY
  ĐỊNH CHUNG").
- A paragraph or bullet ending with ":" is a leaf and also the heading of the bullets under it.
- A heading that never gets a leaf under it is emitted as a block of kind "heading", so no text
  is lost.
- Front matter (letterhead, number, date, title lines before the first heading) and the
  signature/recipient block have an empty section path; the recipients sit under "Nơi nhận".
`Block.section` holds the ancestor headings, outermost first, each shortened to ~80 characters;
`text[block.start:block.end] == block.text` always.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.records import Block
from ingest import markers

_SECTION_CHARS = 80
_TITLE_MAX_CHARS = 200  # a heading line longer than this that ends a sentence is body text

# Marker kind -> rank: lower rank = outer level. Numbered depth adds to its rank ("2.3." inside
# "2."). The markers themselves are the grammar shared with re-flowing and the ledger.
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\b", re.IGNORECASE)

_RANK_PART, _RANK_CHAPTER, _RANK_SECTION, _RANK_ROMAN, _RANK_ARTICLE = 0, 1, 2, 3, 4
_RANK_NUMBERED = 5  # + depth - 1
_RANK_POINT = 9
_RANK_INTRO = 10  # a paragraph ending with ":"
_RANK_DASH = 11
_RANK_PLUS = 12
_RANKS = {
    "part": _RANK_PART,
    "appendix": _RANK_PART,
    "chapter": _RANK_CHAPTER,
    "section": _RANK_SECTION,
    "article": _RANK_ARTICLE,
    "roman": _RANK_ROMAN,
    "point": _RANK_POINT,
    "dash": _RANK_DASH,
    "plus": _RANK_PLUS,
}


@dataclass
class _Heading:
    rank: float
    title: str
    start: int
    end: int
    line: str  # the heading's own line, verbatim: text[start:end]
    has_children: bool = False
    line_is_leaf: bool = False  # already emitted as a leaf (intro paragraphs)
    intro: bool = False  # a paragraph ending with ":"


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    stack: list[_Heading] = []
    lines = _lines_with_offsets(text)
    in_body = False
    i = 0
    while i < len(lines):
        line, start, end = lines[i]
        i += 1
        if not line:
            continue
        if _RECIPIENTS_RE.match(line):
            _pop_to(stack, -1, blocks)
            stack.append(_Heading(_RANK_PART, "Nơi nhận", start, end, line, line_is_leaf=True))
            blocks.append(Block([], line, start, end, "paragraph"))
            in_body = False
            continue
        rank = _marker_rank(line)
        if rank is None:
            back_matter = bool(stack) and stack[0].title == "Nơi nhận"
            if _is_caps(line) and (not in_body or not stack or back_matter):
                _pop_to(stack, -1, blocks)  # letterhead or signature: front/back matter
                blocks.append(Block([], line, start, end, "paragraph"))
                continue
            # A plain paragraph closes open lists and the intros above them.
            while stack and (stack[-1].intro or stack[-1].rank >= _RANK_INTRO):
                _pop_to(stack, stack[-1].rank, blocks)
            blocks.append(Block(_section(stack), line, start, end, "paragraph"))
            if line.endswith(":"):
                stack.append(
                    _Heading(_RANK_INTRO, line, start, end, line, line_is_leaf=True, intro=True)
                )
            in_body = True
            continue
        in_body = True
        if rank > _RANK_SECTION and not _is_title(line):
            _adopt_intro(stack, rank)
        _pop_to(stack, rank, blocks)
        if rank <= _RANK_SECTION:
            title = line
            # "Chương I" + "NHỮNG QUY ĐỊNH CHUNG": the name is on the next line(s).
            while i < len(lines) and _is_caps(lines[i][0]) and _marker_rank(lines[i][0]) is None:
                title += " " + lines[i][0]
                i += 1
            stack.append(_Heading(rank, title, start, end, line))
            continue
        if rank >= _RANK_DASH:
            blocks.append(Block(_section(stack), line, start, end, "bullet"))
            if line.endswith(":"):
                stack.append(_Heading(rank, line, start, end, line, line_is_leaf=True))
            continue
        if _is_title(line):
            stack.append(_Heading(rank, line, start, end, line))
            continue
        kind = "bullet" if rank == _RANK_POINT else "paragraph"
        blocks.append(Block(_section(stack), line, start, end, kind))
        if rank == _RANK_ARTICLE:
            # "Điều 5. Text of a one-sentence article.": its clauses still belong to it.
            label = markers.ARTICLE_LABEL_RE.match(line).group(0)
            stack.append(_Heading(rank, label, start, end, line, line_is_leaf=True))
    _pop_to(stack, -1, blocks)
    return blocks


def _adopt_intro(stack: list[_Heading], rank: int) -> None:
    """ "... một số nhiệm vụ trọng tâm sau:" then "1- <sentence>": the intro sits just above the
    list of items it introduces, whatever their marker, so they keep it in their path."""
    top = stack[-1] if stack else None
    if top is None or not top.intro or top.has_children:
        return
    parent_rank = stack[-2].rank if len(stack) > 1 else -1
    if parent_rank < rank:
        top.rank = rank - 0.5


def _lines_with_offsets(text: str) -> list[tuple[str, int, int]]:
    result = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            result.append((stripped, start + lead, start + lead + len(stripped)))
        start = end + 1
    return result


def _marker_rank(line: str) -> int | None:
    found = markers.marker(line)
    if found is None or found.kind == "clause":
        return None
    if found.kind == "numbered":
        return _RANK_NUMBERED + min(found.depth, 4) - 1
    return _RANKS[found.kind]


def _is_title(line: str) -> bool:
    """A heading line: it introduces what follows, or it is a short title, not a sentence."""
    if line.endswith(":"):
        return True
    return len(line) <= _TITLE_MAX_CHARS and line[-1] not in '.;!?…”"'


def _pop_to(stack: list[_Heading], rank: float, blocks: list[Block]) -> None:
    """Close every open heading at `rank` or deeper; a heading that got no leaf becomes one."""
    while stack and stack[-1].rank >= rank:
        heading = stack.pop()
        if not heading.has_children and not heading.line_is_leaf:
            blocks.append(
                Block(_section(stack), heading.line, heading.start, heading.end, "heading")
            )
            _mark_children(stack)


def _section(stack: list[_Heading]) -> list[str]:
    _mark_children(stack)
    return [_shorten(h.title) for h in stack]


def _mark_children(stack: list[_Heading]) -> None:
    for heading in stack:
        heading.has_children = True


def _shorten(title: str) -> str:
    if len(title) <= _SECTION_CHARS:
        return title
    cut = title[:_SECTION_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _is_caps(line: str) -> bool:
    return line == line.upper() and line != line.lower()
