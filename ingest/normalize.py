"""Turn extracted text (PDF text layers, Markdown, gazette dumps) into clean, re-flowed text.

Output contract: one block (paragraph, heading line, list item, header line) per line, blocks
separated by a single "\\n", no blank lines, no leading/trailing spaces, single spaces inside a
line. Every later stage indexes into this string, so the function is idempotent:
``normalize_text(normalize_text(x)) == normalize_text(x)``.

Re-flow works on cues, not on blank lines, because blank lines lie in real input: the Lâm Đồng
seed has one between every wrapped line, gazette dumps have them only at page breaks, and the
Markdown seed uses them for paragraphs but also across a page break inside a sentence.
"""

from __future__ import annotations

import re

from assistant.core.text import normalize_unicode
from ingest import markers

# Non-breaking and exotic spaces become one plain space; zero-width characters, soft hyphens and
# C0 controls (NUL bytes occur in real gazette dumps) disappear; a form feed is a page break.
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]+")
_LINE_BREAK_RE = re.compile(r"\r\n?|[\f\v\u2028\u2029\x85]")

# "CÔNG BÁO/Số 1257 + 1258/Ngày 25-12-2025", with the page number before or after it (sometimes
# glued to the year: "24-4-20233"), alone on its line or glued to the end of a table row.
_GAZETTE_HEADER_RE = re.compile(
    r"(?:^|\s)(?:\d{1,4}\s+)?CÔNG BÁO\s*/\s*Số\s+[\d\s+]+/\s*Ngày\s+\d{1,2}-\d{1,2}-\d{4}"
    r"(?:\s*\d{1,4})?$"
)
# Section labels the gazette prints above each document.
_GAZETTE_LABELS = {"VĂN BẢN QUY PHẠM PHÁP LUẬT", "VĂN BẢN PHÁP LUẬT KHÁC"}
# The e-signature stamp the gazette portal overlays on the first page.
_STAMP_START_RE = re.compile(r"^(?:Ký bởi|Người ký)\s*:", re.IGNORECASE)
_STAMP_LINE_RE = re.compile(r"^(?:Email|Cơ quan|Thời gian ký|Ngày ký)\s*:", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")
_DECORATED_PAGE_NUMBER_RE = re.compile(r"^(?:-\s*\d{1,4}\s*-|Trang\s+\d{1,4}(?:\s*/\s*\d{1,4})?)$")
# A line with no letter or digit: rules ("_____", "-----"), lone "*", table borders.
_NO_WORD_RE = re.compile(r"^[\W_]*$")

_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_MD_SIGNS_RE = re.compile(r"^#{1,6}\s|\*\*\S|\\[*_#\[\]]", re.MULTILINE)
_MD_BOLD_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_ITALIC_RE = re.compile(r"(?<![\w*\\])\*(?!\s)([^*\n]+?)(?<![\s\\])\*(?![\w*])")
_MD_LINK_RE = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")

# Line starts that open a new block: the marker grammar shared with the heading tree.
_BLOCK_START_RE = markers.BLOCK_START_RE
_TERMINAL_CHARS = ".:;!?”\"…)»'’"


def normalize_text(raw: str) -> str:
    """NFC + one tone convention, no page furniture or Markdown, one block per line."""
    text = _LINE_BREAK_RE.sub("\n", normalize_unicode(raw))
    text = _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", text))
    markdown = bool(_MD_SIGNS_RE.search(text))
    blocks = _reflow(_clean_lines(text.split("\n"), markdown))
    # Re-flowing the output again may still join a pair that the first pass's wrap-width
    # estimate kept apart (tables, very short texts); iterate to the fixed point so the result
    # is idempotent. Each pass that changes anything removes a line, so this ends (in practice
    # after one or two cheap passes).
    while True:
        again = _reflow([(block, False) for block in blocks])
        if again == blocks:
            return "\n".join(blocks)
        blocks = again


def _clean_lines(raw_lines: list[str], markdown: bool) -> list[tuple[str, bool]]:
    """(line, standalone) pairs without furniture. A dropped rule line leaves ("", True) so it
    still separates what stood before and after it; Markdown headings are standalone."""
    stripped = [line.strip() for line in raw_lines]
    headers = [False] * len(stripped)
    for i, line in enumerate(stripped):
        if "CÔNG BÁO" in line:
            cut = _GAZETTE_HEADER_RE.sub("", line)
            headers[i] = not cut
            stripped[i] = cut or line
    result: list[tuple[str, bool]] = []
    in_stamp = False
    for i, line in enumerate(stripped):
        if not line or headers[i]:
            continue
        if _STAMP_START_RE.match(line):
            in_stamp = True
            continue
        if in_stamp and _STAMP_LINE_RE.match(line):
            continue
        in_stamp = False
        if line in _GAZETTE_LABELS or _DECORATED_PAGE_NUMBER_RE.match(line):
            continue
        if _PAGE_NUMBER_RE.match(line) and _next_to_gazette_header(stripped, headers, i):
            continue
        standalone = False
        if markdown:
            if _MD_HEADING_RE.match(line):
                line = _MD_HEADING_RE.sub("", line)
                standalone = True
            line = _strip_markdown(line)
        if _NO_WORD_RE.match(line):
            result.append(("", True))
            continue
        result.append((line, standalone))
    return result


def _next_to_gazette_header(lines: list[str], headers: list[bool], i: int) -> bool:
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j]:
            j += step
        if 0 <= j < len(lines) and headers[j]:
            return True
    return False


def _strip_markdown(line: str) -> str:
    line = _MD_LINK_RE.sub(r"\1", line)
    line = _MD_BOLD_RE.sub(lambda m: m.group(1) or m.group(2), line)
    line = _MD_ITALIC_RE.sub(r"\1", line)
    line = _MD_ESCAPE_RE.sub(r"\1", line)
    return _SPACES_RE.sub(" ", line).strip()


def _reflow(lines: list[tuple[str, bool]]) -> list[str]:
    wrap_width = _wrap_width([line for line, _ in lines if line])
    blocks: list[str] = []
    current: list[str] = []
    previous_line = ""
    previous_standalone = True
    for line, standalone in lines:
        if not line:  # a dropped rule: hard break
            previous_standalone = True
            continue
        # A lowercase start continues even across a dropped rule or table border; checking it
        # in both passes is what makes the output stable.
        soft = not standalone and not previous_standalone
        if current and (soft or line[0].islower()) and _continues(previous_line, line, wrap_width):
            current.append(line)
        else:
            if current:
                blocks.append(" ".join(current))
            current = [line]
        previous_line, previous_standalone = line, standalone
    if current:
        blocks.append(" ".join(current))
    return blocks


def _wrap_width(lines: list[str]) -> int:
    """The width a hard-wrapping tool used, or 0 when the text is not hard-wrapped.

    Wrapped lines pile up just under the width, so the 75th and 90th percentiles of line
    lengths sit close together; in re-flowed text (our own output included) they are far
    apart. Returning 0 there is what keeps normalize_text idempotent."""
    lengths = sorted(len(line) for line in lines if len(line) >= 20)
    if len(lengths) < 5:
        return 0
    p75 = lengths[int(len(lengths) * 0.75)]
    p90 = lengths[int(len(lengths) * 0.9)]
    return p90 if p90 <= 1.3 * p75 else 0


def _is_all_caps(line: str) -> bool:
    return line == line.upper() and line != line.lower()


def _is_table_row(line: str) -> bool:
    """A row of a Word table ("a | b", cells joined by the loader) or an HTML one ("| a | b |")."""
    return " | " in line or (line.startswith("|") and line.endswith("|"))


def _continues(previous: str, line: str, wrap_width: int) -> bool:
    """Does `line` continue the sentence that `previous` (the last line of the block) began?"""
    if _is_all_caps(line) or _is_all_caps(previous):
        return False  # headers, titles and signature blocks stand alone
    if _is_table_row(line) or _is_table_row(previous):
        return False  # Word and HTML tables come one row per line: rows never wrap
    ends_open = previous[-1] not in _TERMINAL_CHARS
    dash = markers.HYPHEN_BULLET_RE.match(line)
    if dash:
        # "xanh\n- sạch - đẹp": a hyphen after an unfinished line, then lowercase, is no bullet.
        return ends_open and dash.group(1).islower()
    if _BLOCK_START_RE.match(line):
        return False
    first = line[0]
    if first.islower():
        return True
    if not ends_open:
        return False
    # Uppercase (a name, "Điều 2 của ...", a number) after an unfinished line: a wrap when the
    # previous line is long; a heading or header line ("1. Về kết quả đạt được") when short.
    return 0.6 * wrap_width <= len(previous) <= 1.1 * wrap_width
