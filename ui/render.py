"""Rendering helpers for the Streamlit pages: interface labels (vi/en) and HTML built only from
escaped text.

Notice text and uploads are untrusted. Every function here that returns HTML escapes each slice
of such text with html.escape before adding its own markup, so a notice containing "<script>" is
shown as text and never runs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assistant.core.dates import has_passed, within
from assistant.core.i18n import LANGUAGES, STRINGS, format_date  # noqa: F401 (re-exported)
from assistant.core.i18n import text as _text
from assistant.core.records import Citation
from assistant.core.text import fold, has_diacritics, normalize_unicode

# The strings table lives in assistant/core/i18n.py (pages, CLI and exports share it).
LABELS = STRINGS
SUGGESTED_QUESTIONS = {
    "vi": [
        "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?",
        "Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?",
        "Tăng trưởng kinh tế quý I/2024 đạt bao nhiêu?",
        "Những văn bản nào nhắc đến giải ngân vốn đầu tư công?",
    ],
    "en": [
        "Which body must handle drought response?",
        "What must the Provincial Party Committee Office do, and by when?",
        "How much did the economy grow in the first quarter of 2024?",
        "Which documents mention public investment disbursement?",
    ],
}

# Highlighting every occurrence of "các" or "the" would drown the words that matter: single
# syllables are marked only when they are not function words; two-syllable words always are.
_FUNCTION_WORDS = set(
    "các của và là có được cho với trong theo về những này đó để từ khi nào gì ai bao nhiêu "
    "phải đã đang sẽ thì mà như một hay hoặc tại trên dưới đến ra vào lại cũng không còn việc "
    "the a an of to in on for and or is are was were be by with which what who when how must "
    "did does do much many".split()
)
_WORD = re.compile(r"\w+(?:[./-]\w+)*")


def label(key: str, lang: str, **values) -> str:
    return _text(key, lang, **values)


@dataclass
class _Matcher:
    """The words of a query, ready to find in passages (accent-free if the query was typed
    without accents)."""

    words: set[str]
    bigrams: set[tuple[str, str]]
    folded: bool

    @classmethod
    def of(cls, query: str) -> _Matcher:
        words = [w.lower() for w in _WORD.findall(normalize_unicode(query))]
        folded = not any(has_diacritics(w) for w in words)
        if folded:
            words = [fold(w) for w in words]
        return cls(set(words), set(zip(words, words[1:], strict=False)), folded)

    def key(self, word: str) -> str:
        return fold(word) if self.folded else word.lower()


# Highlighting by weight: with the collection's idf (idf / the largest idf, 0..1), a single
# syllable is marked only when it is rare in the collection, a two-syllable word of the
# question when it is not a stock phrase. Calibrated on the seed store: "tỉnh" 0.05, "ủy" 0.11,
# "đồng" 0.22, "lâm" 0.43 stay unmarked alone; "rừng" 0.55, "hán" 0.63, "ngân" 0.52 are marked;
# bigrams "tỉnh ủy" 0.20, "chỉ đạo" 0.21 stay unmarked, "kinh tế" 0.36, "lâm đồng" 0.49 and
# "hạn hán" 0.63 are marked.
SINGLE_WEIGHT = 0.45
BIGRAM_WEIGHT = 0.3


def highlight(text: str, query: str, weight=None) -> str:
    """Escaped text with the query's words wrapped in <mark>; adjacent marks merge.

    weight(token) -> 0..1 says how much a term of the collection carries (see SINGLE_WEIGHT;
    tokens are lowercase syllables, "a_b" bigrams, "~"-prefixed accent-free forms). Without it,
    two-syllable words of the query, numbers and codes and non-function words are marked."""
    matcher = _Matcher.of(query)
    tokens = [(m.start(), m.end(), matcher.key(m.group())) for m in _WORD.finditer(text)]
    marked = [False] * len(tokens)
    prefix = "~" if matcher.folded else ""
    for i, (_, _, word) in enumerate(tokens):
        if word not in matcher.words:
            continue
        digit = any(ch.isdigit() for ch in word)
        if weight is None:
            if word not in _FUNCTION_WORDS or digit:
                marked[i] = True
        elif digit or (word not in _FUNCTION_WORDS and weight(prefix + word) >= SINGLE_WEIGHT):
            marked[i] = True
        if i + 1 < len(tokens) and (word, tokens[i + 1][2]) in matcher.bigrams:
            pair = f"{prefix}{word}_{tokens[i + 1][2]}"
            if weight is None or weight(pair) >= BIGRAM_WEIGHT:
                marked[i] = marked[i + 1] = True
    pieces: list[str] = []
    position = 0
    i = 0
    while i < len(tokens):
        if not marked[i]:
            i += 1
            continue
        run_end = i
        while run_end + 1 < len(tokens) and marked[run_end + 1]:
            # Merge only across plain spaces so a mark never swallows punctuation runs.
            gap = text[tokens[run_end][1] : tokens[run_end + 1][0]]
            if gap.strip():
                break
            run_end += 1
        start, end = tokens[i][0], tokens[run_end][1]
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
        i = run_end + 1
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def _lines_html(escaped: str) -> str:
    # A single-line HTML block: markdown does not re-interpret its content ("- ", "1.", "$").
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


_MARKER = re.compile(r"\[(\d{1,3})\]")


def answer_html(answer_text: str, not_found: bool = False, anchor: str | None = None) -> str:
    """The answer, escaped, with its [n] markers as badges that match the source cards; with
    anchor, each marker links to its card (id f"cite-{anchor}-{n}")."""
    if anchor:
        badge = rf'<a class="cite-marker" href="#cite-{anchor}-\1" target="_self">[\1]</a>'
    else:
        badge = r'<sup class="cite-marker">[\1]</sup>'
    body = _MARKER.sub(badge, html.escape(normalize_unicode(answer_text)))
    css = "answer not-found" if not_found else "answer"
    return f'<div class="{css}">{_lines_html(body)}</div>'


def citation_meta(citation: Citation, lang: str) -> list[str]:
    """Number, type, date and issuer of a cited document, as plain (unescaped) strings."""
    number = citation.number
    if number:
        number = f"Số {number}" if lang == "vi" else f"No. {number}"
    parts = [
        number or label("no_number", lang),
        citation.doc_type,
        format_date(citation.date, lang),
        citation.issuer,
    ]
    return [p for p in parts if p]


def citation_card_html(
    citation: Citation, query: str, lang: str, anchor: str | None = None, weight=None
) -> str:
    """A source card: [n], document metadata, section path and the passage with the query's
    weighty words highlighted. Everything from the notice is escaped. anchor: the card's id is
    f"cite-{anchor}-{n}", the target of the answer's [n] link."""
    meta = " · ".join(html.escape(p) for p in citation_meta(citation, lang))
    section = ""
    if citation.section:
        section = (
            f'<div class="cite-section">{html.escape(label("section", lang))}: '
            f"{html.escape(citation.section)}</div>"
        )
    passage = _lines_html(highlight(citation.text, query, weight))
    card_id = f"cite-{anchor}-{citation.n}" if anchor else f"cite-{citation.n}"
    return (
        f'<div class="cite-card" id="{card_id}">'
        f'<div class="cite-head"><span class="cite-n">[{citation.n}]</span> {meta}</div>'
        f'{section}<div class="cite-passage">{passage}</div></div>'
    )


# Characters of the notice shown before and after a cited passage in the chat's
# "show in document" view: about a paragraph either side, enough to read the passage in
# its context without leaving the conversation.
CONTEXT_CHARS = 700


def context_html(text: str, start: int, end: int, anchor: str) -> str:
    """The cited span of a notice marked (id anchor) with about a paragraph either side,
    cut at line breaks, escaped; "…" marks that the notice goes on."""
    if not (0 <= start < end <= len(text)):
        return ""
    before = text.rfind("\n", 0, max(0, start - CONTEXT_CHARS))
    before = 0 if before < 0 else before + 1
    after = text.find("\n", min(len(text), end + CONTEXT_CHARS))
    after = len(text) if after < 0 else after
    head = "… " if before > 0 else ""
    tail = " …" if after < len(text) else ""
    body = (
        html.escape(text[before:start])
        + f'<mark class="cited" id="{html.escape(anchor)}">{html.escape(text[start:end])}</mark>'
        + html.escape(text[end:after])
    )
    return f'<div class="cite-context">{head}{_lines_html(body)}{tail}</div>'


def section_anchors(text: str, sections: list[tuple[list[str], int]]) -> list[tuple[int, str]]:
    """(offset, heading) for each heading path's first chunk: the anchor sits at the heading's
    own line when it occurs just before the chunk, else at the chunk."""
    anchors: dict[str, tuple[int, str]] = {}
    for path, start in sorted(sections, key=lambda item: item[1]):
        if not path:
            continue
        key = " > ".join(path)
        if key in anchors:
            continue
        heading = path[-1]
        found = text.rfind(heading, 0, start + 1)
        anchors[key] = (found if found >= 0 else start, key)
    return sorted(anchors.values())


def anchor_id(index: int) -> str:
    return f"section-{index}"


def document_html(
    text: str, anchors: list[tuple[int, str]], cited: tuple[int, int] | None = None
) -> str:
    """The full notice, escaped, with an anchor at each section and the cited span marked
    (id "cited") so a link can jump to it."""
    inserts: list[tuple[int, int, str]] = []  # (offset, order, markup): closing tags first
    for index, (offset, _) in enumerate(anchors):
        inserts.append((offset, 1, f'<span id="{anchor_id(index)}" class="anchor"></span>'))
    if cited and 0 <= cited[0] < cited[1] <= len(text):
        inserts.append((cited[0], 2, '<mark id="cited" class="cited">'))
        inserts.append((cited[1], 0, "</mark>"))
    inserts.sort(key=lambda item: (item[0], item[1]))
    pieces, position = [], 0
    for offset, _, markup in inserts:
        pieces.append(html.escape(text[position:offset]))
        pieces.append(markup)
        position = offset
    pieces.append(html.escape(text[position:]))
    # A cited span that crosses a line break stays one <mark>: <br> is allowed inside it.
    return f'<div class="document-text">{_lines_html("".join(pieces))}</div>'


def contents_html(anchors: list[tuple[int, str]]) -> str:
    items = "".join(
        f'<li><a href="#{anchor_id(i)}">{html.escape(heading)}</a></li>'
        for i, (_, heading) in enumerate(anchors)
    )
    return f'<ul class="contents">{items}</ul>'


def filter_deadlines(
    rows: list[dict], since: str = "", until: str = "", overdue_on: str = ""
) -> list[dict]:
    """Ledger rows whose ISO deadline lies in [since, until] and, with overdue_on (today's ISO
    date), has passed. A bound is cut to the deadline's precision, so a month-only deadline
    "2024-04" is inside the range 2024-04-15..2024-05-01. Any bound drops rows without a
    parseable deadline."""
    if not (since or until or overdue_on):
        return rows
    kept = []
    for row in rows:
        deadline = row.get("deadline") or ""
        if within(deadline, since, until) and (not overdue_on or has_passed(deadline, overdue_on)):
            kept.append(row)
    return kept


STYLE = """
<style>
.answer { line-height: 1.6; }
.answer.not-found { color: #7a4b00; }
.cite-marker { font-weight: 600; color: #1f5fbf; text-decoration: none; }
a.cite-marker { font-size: .8em; vertical-align: super; }
.cite-card { scroll-margin-top: 5rem; }
.cite-card:target { outline: 2px solid #1f5fbf; }
.cite-context { line-height: 1.6; max-height: 24rem; overflow-y: auto; font-size: .92rem; }
.understood { font-style: italic; opacity: .85; }
.cite-card { border: 1px solid rgba(128,128,128,.35); border-radius: .5rem; padding: .6rem .8rem;
  margin: .4rem 0; }
.cite-head { font-weight: 600; }
.cite-n { color: #1f5fbf; }
.cite-section { font-size: .85rem; opacity: .8; margin: .2rem 0; }
.cite-passage { font-size: .92rem; }
.document-text { line-height: 1.6; max-width: 60rem; }
mark.cited { background: #ffe58a; scroll-margin-top: 5rem; }
.anchor { scroll-margin-top: 5rem; }
</style>
"""
