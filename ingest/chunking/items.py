"""The units before splitting: leaf blocks and the heading lines no block holds (``_Item``), the
verbatim pieces they are split into (``_Piece``), and the attribute lines that qualify a task."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.records import Block

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
