"""One grammar for the markers that open a line of a Vietnamese notice.

Re-flowing (``ingest.normalize``), the heading tree (``ingest.structure``) and the assignment
ledger (``ingest.assignments``) all ask the same question of a line: does it open a part,
chapter, article, roman section, numbered item ("2.", "2.3.", "1-", "1)"), point ("a)") or
bullet ("-", "+", "•")? They share these patterns so that a list the heading tree nests is the
list the ledger hands out tasks from.

``marker(line)`` classifies a line; ``BLOCK_START_RE`` is the re-flow view of the same grammar:
stricter about a bare number (a wrapped line may begin "15 ngày ..."), and it also knows the
preamble lines of legal texts ("Căn cứ ...", "Theo đề nghị của ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Pieces, each anchored at the line start and including the whitespace after the marker.
_ROMAN = r"[IVXLC]{1,7}\s*[.\-–)]\s"  # I- II. IV)
_NUMBERED = r"(\d{1,2}(?:\.\d{1,2})*)(?:\s*[.\-–)]|(?<=\d)(?=\s))\s"  # 1.  2.3.  1-  1)  2.1
_POINT = r"[a-zđ]\)\s"  # a) đ)
_DASH = r"[-–•]\s"
_PLUS = r"[+*]\s"
_ARTICLE = r"Điều\s+\d+[a-zđ]?\s*[.:]"
_CLAUSE = r"(?:Khoản|Điểm)\s+\d+[a-zđ]?\s*[.:]"

PART_RE = re.compile(r"^Phần\s+(?:thứ\s+\w+|[IVXLC]+|\d+)\b", re.IGNORECASE)
# Appendices and forms after the articles start a new top-level part.
APPENDIX_RE = re.compile(r"^(?:PHỤ LỤC|Phụ lục|Mẫu số)(?:\s|$)")
CHAPTER_RE = re.compile(r"^Chương\s+(?:[IVXLC]+|\d+)\b")
SECTION_RE = re.compile(r"^Mục\s+(?:[IVXLC]+|\d+)\b")
ARTICLE_RE = re.compile("^" + _ARTICLE)
CLAUSE_RE = re.compile("^" + _CLAUSE)
ROMAN_RE = re.compile("^" + _ROMAN)
NUMBERED_RE = re.compile("^" + _NUMBERED)
POINT_RE = re.compile("^" + _POINT)
DASH_RE = re.compile("^" + _DASH)
PLUS_RE = re.compile("^" + _PLUS)

# Line starts that open a new block when re-flowing hard-wrapped text.
BLOCK_START_RE = re.compile(
    r"""^(?:
        [IVXLC]{1,7}\s*[.\-–)]\s          # I- II. IV)
      | \d{1,2}(?:\.\d{1,2})*\s*[.\-–)]\s # 1.  2.3.  1-  1)
      | \d{1,2}(?:\.\d{1,2})+\s           # 2.1 without the final dot
      | [a-zđ]\)\s                        # a) đ)
      | [-+•–*]\s                         # bullets
      | (?:Điều|Điểm)\s+\d+[a-zđ]?\s*[.:]
      | (?:Căn\ cứ|Theo\ đề\ nghị\ của)\s      # preamble lines of legal texts
      | (?:Chương|Phần|Mục)\s+(?:[IVXLC]+|\d+|thứ\s+\w+)\s*(?:$|[.:\-–]|\s+\S*[A-ZĐ])
    )""",
    re.VERBOSE,
)

# The label of an article line: "Điều 5" of "Điều 5. Text of a one-sentence article.".
ARTICLE_LABEL_RE = re.compile(r"^Điều\s+\d+[a-zđ]?")
# A marker standing alone as a sentence ("9.", "IV.", "a)"): chunking keeps it with the next one.
MARKER_ONLY_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7}|[a-zđ])[.)]$")
# A hyphen bullet and the first character of its text: re-flowing tells a bullet ("- Sở Y tế")
# from a hyphen that continues a wrapped line ("xanh" + "- sạch - đẹp") by that character.
HYPHEN_BULLET_RE = re.compile(r"^[-–]\s+(\S)")

# Kinds of item markers, outermost first.
ITEM_KINDS = ("article", "clause", "roman", "numbered", "point", "dash", "plus")


@dataclass(frozen=True)
class Marker:
    kind: str  # part | appendix | chapter | section | one of ITEM_KINDS
    depth: int  # numbered items: 1 for "2.", 2 for "2.3.", ...; 1 otherwise
    end: int  # offset just after the marker and the spaces after it


_KINDS = (
    ("part", PART_RE),
    ("appendix", APPENDIX_RE),
    ("chapter", CHAPTER_RE),
    ("section", SECTION_RE),
    ("article", ARTICLE_RE),
    ("clause", CLAUSE_RE),
    ("roman", ROMAN_RE),
    ("numbered", NUMBERED_RE),
    ("point", POINT_RE),
    ("dash", DASH_RE),
    ("plus", PLUS_RE),
)
# Every marker opens with one of these characters: most lines are rejected by one test.
_FIRST_CHARS = frozenset("PpMCĐKIVXL" + "abcdefghijklmnopqrstuvwxyzđ" + "0123456789-–•+*")


def marker(line: str) -> Marker | None:
    """The marker that opens ``line`` (already stripped), or None."""
    if not line or line[0] not in _FIRST_CHARS:
        return None
    for kind, pattern in _KINDS:
        found = pattern.match(line)
        if not found:
            continue
        if kind in ITEM_KINDS:
            depth = found.group(1).count(".") + 1 if kind == "numbered" else 1
            end = found.end()
            while end < len(line) and line[end] == " ":
                end += 1
            return Marker(kind, depth, end)
        return Marker(kind, 1, 0)
    return None


def item_marker_end(line: str) -> int:
    """Offset where the text of a list item starts: after its item marker, 0 without one."""
    found = marker(line)
    return found.end if found and found.kind in ITEM_KINDS else 0


# List levels from the outermost in: an item of a later level nests in one of an earlier level.
LEVEL_ORDER = (
    "roman",
    "numbered1",
    "numbered2",
    "numbered3",
    "numbered4",
    "point",
    "dash",
    "plus",
)


def item_level(line: str) -> str:
    """A list level for comparing items: "numbered2" for "2.3.", "point" for "a)", "" for a line
    that is not a list item."""
    found = marker(line)
    if not found or found.kind not in ITEM_KINDS:
        return ""
    return f"numbered{found.depth}" if found.kind == "numbered" else found.kind
