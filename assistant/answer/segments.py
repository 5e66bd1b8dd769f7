"""A question cut into labelled segments: the place it is about, the period, the document, the
body, the question phrase ("đạt bao nhiêu", "by when"), follow-up markers ("còn ... thì sao?",
"what about ..."), references ("văn bản này", "it") and what is left, the topic. Patterns are
matched accent-insensitively; they only ask which slots a question fills, never which words a
particular notice uses. assistant/answer/resolution.py puts a follow-up's segments in place of
the previous question's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.constraints import constraints
from assistant.core.text import normalize_unicode, strip_diacritics
from assistant.vocab.bodies import find_bodies
from assistant.vocab.glossary import Glossary

# Slot kinds carried from one turn to the next; "topic" and "ask" are the question itself.
SLOT_KINDS = ("place", "period", "document", "body")
ANCHOR_KINDS = ("place", "document")  # naming one of these names a (new) subject

_YEAR = r"(?:19|20)\d{2}"
_ROMAN_Q = r"(?:I{1,3}|IV|[1-4])"

# Patterns are written accented; questions are matched on their accent-free lowercase form
# (same length for NFC text), so "6 thang dau nam 2020" is a period too.
_VI_PERIOD = [
    rf"(?:\d{{1,2}}|sáu|chín|ba)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s*(?:/\s*)?{_YEAR})?",
    rf"(?:nửa|quý)\s+(?:đầu|cuối)\s+năm(?:\s+{_YEAR})?",
    rf"quý\s+{_ROMAN_Q}(?:\s*(?:/|năm|-)\s*{_YEAR})?",
    rf"tháng\s+\d{{1,2}}(?:\s*(?:/|năm)\s*{_YEAR})?",
    rf"(?:nhiệm kỳ|giai đoạn|thời kỳ)\s+{_YEAR}\s*[-–]\s*{_YEAR}",
    # A bound before the year is part of the period ("đến 2035", "đến năm 2030"): a
    # follow-up supplying "đến 2035" replaces the whole "đến năm 2030".
    rf"(?:(?:đến|tới|từ|trước|sau)\s+)?(?:năm\s+)?(?<![/.-]){_YEAR}(?:\s*[-–]\s*{_YEAR})?",
]
_EN_PERIOD = [
    r"(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:(?:first|second|last|past)\s+(?:half|quarter"
    r"|six\s+months|nine\s+months|three\s+months)|(?:first|second|third|fourth)\s+quarter"
    rf"|q[1-4]|h[12])(?:\s+of)?(?:\s+(?:the\s+year\s+)?{_YEAR})?",
    rf"(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:term|period)\s+{_YEAR}\s*[-–]\s*{_YEAR}",
    rf"(?:(?:in|during|for|by)\s+)?(?<![/.-]){_YEAR}(?:\s*[-–]\s*{_YEAR})?",
]
# A document number as notices write it: 1097-KL/TU, 15/2024/NQ-HĐND, 66.17/2026/NQ-CP (the
# Government's numbered series of resolutions).
_DOC_NUMBER = (
    r"(?:số\s+|no\.?\s+|number\s+)?\d{1,5}(?:\.\d{1,3})?(?:/\d{4})?[-/][a-zđ]{1,8}"
    r"(?:[-/][a-zđ0-9]{1,10})*"
)
_DOC_TYPES_VI = (
    r"(?:văn bản|thông báo|kết luận|nghị quyết|chỉ thị|kế hoạch|quyết định|công văn|thông tư"
    r"|nghị định|luật|tờ trình|báo cáo)"
)
_DOC_TYPES_EN = (
    r"(?:notice|document|conclusion|directive|resolution|plan|decision|circular|decree|law"
    r"|dispatch|report|letter)"
)
_TYPED_NUMBER = [
    rf"{_DOC_TYPES_VI}\s+(?:số\s+)?\d{{1,5}}(?:\.\d{{1,3}})?(?:/\d{{4}})?(?:[-/][\w-]+)*",
    rf"{_DOC_TYPES_EN}\s+(?:no\.?\s*)?\d{{1,5}}(?:\.\d{{1,3}})?(?:/\d{{4}})?(?:[-/][\w-]+)*",
]
_VI_DOCREF = [
    # A document type alone opening the question ("thông tư có hiệu lực từ khi nào?").
    rf"^{_DOC_TYPES_VI}(?!\s+(?:số|nào|gì|này|đó|ấy|trên|nói trên|vừa rồi|\d))",
    # Every kind of document ("thông tư này", "nghị định đó"), and the meetings a notice reports.
    rf"(?:{_DOC_TYPES_VI}|buổi làm việc|hội nghị|cuộc họp)\s+(?:này|đó|ấy|trên|nói trên|vừa rồi)",
]
_EN_DOCREF = [
    rf"the\s+{_DOC_TYPES_EN}(?!\s+(?:no\.?\s*)?\d)",
    rf"(?:this|that|the\s+same|the\s+above)\s+(?:{_DOC_TYPES_EN}|meeting|session|conference)",
]
_VI_MARKER = [
    r"^(?:thế|vậy|và|còn|ngoài ra|thêm nữa)(?:\s+(?:còn|thì))?(?=\s|$)",
    r"(?:thì|thế)\s+(?:sao|thế nào|như thế nào|ra sao)\s*$",
    r"(?<=\s)(?:nữa|thì sao)\s*$",
]
_EN_MARKER = [
    r"^(?:and|also|so|then|plus)(?:\s+(?:what|how)\s+about)?(?=\s|$)",
    r"^(?:what|how)\s+about(?=\s|$)",
    r"(?<=\s)(?:then|too|as\s+well|instead)\s*$",
    # "who else?": the previous question asked again.
    r"(?<=\s)else\s*$",
]
# Words that point back at the previous answer without naming anything.
_VI_REF = [
    r"(?:trong\s+|vào\s+)?(?:thời gian|giai đoạn|năm|quý|kỳ|thời kỳ|tháng)\s+(?:đó|này|ấy|trên)",
    r"nó|họ|việc đó|việc này|nhiệm vụ đó|nhiệm vụ này|cơ quan đó|đơn vị đó",
]
_EN_REF = [
    r"(?:(?:in|during|for|over)\s+)?(?:that|this|the\s+same)\s+(?:period|time|year|quarter"
    r"|month|term)",
    r"(?:this|that)\s+one|it|its|they|them|their|that|this|those|these|there",
]

# The question phrase: what is asked of the topic.
_VI_ASK = [
    r"(?:(?:đạt|là|được|có|chiếm|tăng|giảm|bằng|ở mức)\s+)?(?:khoảng\s+)?(?:bao nhiêu"
    r"(?:\s+phần trăm|\s*%)?|mấy)",
    r"(?:,\s*)?(?:(?:thời\s+)?hạn(?:\s+(?:chót|hoàn thành))?\s+)?(?:(?:là|vào|đến|trước)\s+)?"
    r"(?:khi nào|bao giờ|lúc nào|ngày nào|thời gian nào)",
    r"thời hạn|hạn chót",
    r"(?:(?:lấy|đến|đi)\s+)?(?:từ|ở|tại)\s+đâu|nguồn nào",  # "kinh phí lấy từ đâu"
    r"^(?:những|các)?\s*(?:văn bản|thông báo|kết luận|tài liệu)\s+nào(?:\s+(?:nhắc đến|nhắc tới"
    r"|đề cập đến|đề cập|nói về|nói đến|có))?",
    r"(?:cơ quan|đơn vị|ai|người|bộ phận|lực lượng|cấp|bộ|sở|ngành|địa phương|tổ chức|cá nhân)"
    r"(?:,\s*đơn vị)?\s+nào"
    r"(?:\s+(?:phải|được giao|chịu trách nhiệm|có trách nhiệm|chủ trì|cần))?",
    r"ai(?:\s+(?:phải|được giao|chịu trách nhiệm|chủ trì|sẽ))?",
    r"(?:(?:do|bởi|là)\s+)ai",
    r"(?:được giao|phải làm|cần làm|phải thực hiện|có nhiệm vụ)\s+(?:những\s+)?(?:việc|nhiệm vụ"
    r"|công việc)?\s*(?:gì|nào)",
    r"(?:(?:là|có)\s+)?(?:những\s+)?(?:gì|như thế nào|thế nào|ra sao)",
    r"^(?:cho (?:tôi )?biết|hãy cho biết|liệt kê|nêu)",
    r"(?<=\s)(?:(?:được|có)\s+)?(?:không|chưa)\s*$",  # a yes/no question: "... rút được không?"
    # "... đại hội đảng bộ cấp huyện nào?": a noun then "nào" closing the question asks which.
    r"(?<=\s)nào\s*$",
]
_EN_ASK = [
    r"^(?:how\s+(?:much|many|high|large|fast)(?:\s+(?:did|does|was|is|were|are|will|has"
    r"|have))?)",
    # The question phrase after a leading phrase ("Under Decision 28/2021, what are ...").
    r"(?<=,)\s*(?:what|who|which)\s+(?:was|is|were|are|must|should|does|do|did|will)(?=\s)",
    # "for how long?", "how often must ...", "until when?": a duration or a frequency.
    r"^(?:for\s+)?how\s+(?:long|often)(?:\s+(?:did|does|was|is|were|are|will|has|have|must"
    r"|should|do))?|^until\s+when",
    r"^(?:what\s+(?:was|is|were|are)\s+(?:the\s+)?(?:(?:percentage|rate|amount|number|level"
    r"|value|figure|share)\s+of\s+)?)",
    # "when" asks at the start ("from when ..."), after "by", before an auxiliary or at the end;
    # inside a clause it is a conjunction ("... staff get when taking samples ...").
    r"^(?:from\s+)?when(?:\s+(?:must|should|will|is|was|are|were|did|does|do|has|have))?(?=\s)",
    r"(?:,\s*)?(?:(?:and|but)\s+)?(?:from\s+|by\s+)?when\s+(?:must|should|will|is|was|are"
    r"|were|did|does|do|has|have)(?=\s)",
    r"(?:,\s*)?(?:(?:and|but)\s+)?by\s+when",
    r"(?:,\s*)?(?:(?:and|but)\s+)?when\s*$",
    r"(?:,\s*)?(?:(?:and|but)\s+)?(?:what(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?deadline(?:\s+for)?",
    r"^(?:which|what)\s+(?:\w+\s+)?(?:documents?|notices?|conclusions)(?:\s+(?:mention|mentions"
    r"|refer\s+to|discuss|cover|talk\s+about))?",
    r"^(?:who|which\s+(?:\w+\s+)?(?:body|bodies|agency|agencies|department|unit|office"
    r"|authority|committee|person|ministry|ministries|organi[sz]ation))(?:\s+(?:must|should|is|was|will|has|have|are|were|to))?"
    r"(?:\s+(?:responsible\s+for|in\s+charge\s+of|assigned\s+to|tasked\s+with))?",
    r"^what\s+(?:must|should|does|did|will|has|have|is|was|are|were)(?=\s)",
    r"^(?:where|why|how)\s+(?:does|do|did|is|are|was|were|will|must|should|can)(?=\s)",
    # "Up to what date must ...", "by what day ...", "from what date ...": a date asked.
    r"^(?:(?:up\s+)?(?:to|by|until|from|on|before|after)\s+)?what\s+(?:date|day|time|year|month)"
    r"(?:\s+(?:must|should|will|is|was|are|were|did|does|do|has|have))?(?=\s)",
    r"(?<=\s)(?:do|done|assigned|tasked)\s+(?:with\s+)?(?:to\s+do\s*)?$",
    r"^(?:what|how)(?:'s|\s+(?:is|was|are|were|about))?(?=\s)",
    r"^(?:which|whose)(?=\s)",  # "which older circular's provisions does it end?"
    # A trailing question clause after the description: "..., how much is added?"
    r"(?<=,)\s*how\s+(?:much|many)(?:\s+(?:is|are|was|were|will\s+be|does|do|did)"
    r"(?:\s+\w+)?)?\s*$",
    r"^(?:tell\s+me|list|show\s+me|give\s+me)(?=\s)",
    # A yes/no question ("can old licences still be used?") asks something of its own.
    r"^(?:can|could|is|are|was|were|does|do|did|will|would|must|should|may|has|have)(?=\s)",
]
# Small words that join a slot to the sentence ("của Đắk Lắk", "in the first half").
_VI_GLUE = {"của", "ở", "tại", "trong", "về", "cho", "theo", "đối với", "thuộc", "là", "thì"}
_EN_GLUE = {"of", "in", "at", "for", "on", "by", "the", "a", "an", "about", "to", "and"}


@dataclass
class Segment:
    text: str
    kind: str  # place | period | document | docref | body | ask | marker | ref | topic | glue


@dataclass
class Frame:
    """A question cut into labelled segments, in the question's order."""

    language: str
    segments: list[Segment]

    def kinds(self) -> set[str]:
        return {s.kind for s in self.segments}

    def of(self, kind: str) -> list[Segment]:
        return [s for s in self.segments if s.kind == kind]

    def render(self) -> str:
        return render_segments(self.segments, self.language)


# --- segmentation -------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _patterns(language: str) -> list[tuple[str, re.Pattern]]:
    def fold_all(patterns: list[str], fold: bool = True) -> re.Pattern:
        # Whole words only: folded "gì" is "gi", which "giao" must not match. "^" allows the
        # blanks left where a leading marker was.
        alternatives = "|".join(
            "(?:" + re.sub(r"^\^", r"^\\s*", strip_diacritics(p) if fold else p) + ")"
            for p in patterns
        )
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)

    if language == "en":
        table = [
            ("document", [*_TYPED_NUMBER, _DOC_NUMBER]),
            ("docref", _EN_DOCREF),
            ("period", _EN_PERIOD),
            ("marker", _EN_MARKER),
            ("ask", _EN_ASK),
            ("ref", _EN_REF),
        ]
    else:
        table = [
            ("document", [*_TYPED_NUMBER, _DOC_NUMBER]),
            ("docref", _VI_DOCREF),
            ("period", _VI_PERIOD),
            ("marker", _VI_MARKER),
            ("ask", _VI_ASK),
            ("ref", _VI_REF),
        ]
    return [(kind, fold_all(patterns, fold=kind != "ref")) for kind, patterns in table]


@lru_cache(maxsize=2)
def _names(language: str) -> list[tuple[str, re.Pattern]]:
    """Places and (for English) bodies the glossary knows, as accent-free regexes."""
    places: set[str] = set()
    bodies: set[str] = set()
    for entry in Glossary.load().entries:
        if entry.category == "place" and entry.vietnamese[0][:1].isupper():
            places.update(entry.vietnamese)
            places.update(e for e in entry.english if e[:1].isupper() or len(e) > 4)
        elif entry.category == "body" and language == "en":
            # A single lower-case word ("staff", "martyrs", "employers") names people a
            # question is about, part of its topic, not a body a follow-up carries or replaces.
            bodies.update(e for e in entry.english if len(e) > 3 and (" " in e or e[:1].isupper()))

    def regex(names: set[str]) -> re.Pattern | None:
        if not names:
            return None
        folded = sorted({strip_diacritics(n).lower() for n in names}, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in folded) + r")(?!\w)")

    found = [("place", regex(places))]
    if language == "en":
        found.append(("body", regex(bodies)))
    return [(kind, pattern) for kind, pattern in found if pattern is not None]


def segment(question: str, language: str) -> Frame:
    """Cut a question into labelled segments (see the module docstring)."""
    text = " ".join(normalize_unicode(question).split()).rstrip(" ?!.…")
    key = strip_diacritics(text).lower()
    if len(key) != len(text):  # not NFC-composable: match on the text itself
        key = text.lower()
    taken = [False] * len(text)
    spans: list[tuple[int, int, str]] = []

    def claim(start: int, end: int, kind: str) -> None:
        # A match that begins or ends inside an earlier segment keeps its own part ("and" is a
        # marker, "by when" the question phrase of "and by when").
        while start < end and (taken[start] or text[start].isspace()):
            start += 1
        while end > start and taken[end - 1]:
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " ,;:":
            end -= 1
        if start < end and not any(taken[start:end]):
            spans.append((start, end, kind))
            taken[start:end] = [True] * (end - start)

    if language != "en":
        for start, end, _ in find_bodies(text, accent_insensitive=True):
            claim(start, end, "body")
    ordered = dict(_patterns(language))
    # Markers first, then blanked: "and who signed it" is read as "who signed it" after them.
    for match in ordered["marker"].finditer(key):
        claim(match.start(), match.end(), "marker")
    key = "".join(" " if taken[i] else ch for i, ch in enumerate(key))
    sequence = [(k, ordered[k]) for k in ("document", "docref", "period")]
    sequence += _names(language) + [("ask", ordered["ask"]), ("ref", ordered["ref"])]
    for kind, pattern in sequence:
        # Short Vietnamese pronouns fold onto other words ("họ" -> "ho" as in "hỗ trợ"): they
        # are matched with their accents only.
        subject = text.lower() if kind == "ref" and language != "en" else key
        for match in pattern.finditer(subject):
            if not (kind == "place" and _ends_a_name(text, match.start(), match.end(), language)):
                claim(match.start(), match.end(), kind)
    if language != "en":
        for head in _BODY_HEAD.finditer(text):
            end = _whole_body_name(text, head.end())
            if end > head.end() and not taken[head.start()]:  # not inside a listed body
                claim(head.start(), end, "body")
        for name in _proper_names(text):
            start = text.find(name)
            if start >= 0 and not _ends_a_name(text, start, start + len(name), language):
                claim(start, start + len(name), "place")
    spans.sort()
    segments: list[Segment] = []
    position = 0
    for start, end, kind in spans:
        segments.extend(_rest(text[position:start], language))
        segments.append(Segment(text[start:end], kind))
        position = end
    segments.extend(_rest(text[position:], language))
    return Frame(language, _with_unit_words(_merge_topics(segments)))


# The kind of a place written before its name ("tỉnh Đắk Lắk", "thành phố Hà Nội"): part of the
# place, not a topic of its own ("còn tỉnh Đắk Lắk ... thì sao?" keeps the previous topic).
_UNIT_WORDS = re.compile(r"(?:tinh|thanh pho|huyen|xa|quan|thi xa|province|city|district)", re.I)


def _with_unit_words(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if (
            seg.kind == "place"
            and out
            and out[-1].kind == "topic"
            and _UNIT_WORDS.fullmatch(strip_diacritics(out[-1].text).lower())
        ):
            seg = Segment(f"{out.pop().text} {seg.text}", "place")
        out.append(seg)
    return out


# The country's own name anchors no subject in a collection of Vietnamese notices. Right after a
# word that is not glue it ends a name ("Bảo hiểm xã hội Việt Nam", "Làng Văn hóa - Du lịch các
# dân tộc Việt Nam", "Ngân hàng Nhà nước Việt Nam"): the name is the topic, not a place a
# follow-up should carry or that makes a question start afresh.
_COUNTRY = frozenset({"viet nam", "vietnam"})


def _ends_a_name(text: str, start: int, end: int, language: str) -> bool:
    if strip_diacritics(text[start:end]).lower() not in _COUNTRY:
        return False
    before = text[:start].split()
    if not before or before[-1][-1:] in ",;:-–(":
        return False
    glue = _EN_GLUE if language == "en" else _VI_GLUE
    return before[-1].lower() not in glue


# One of these heads before a capitalized word opens a body's name ("Bộ Kế hoạch và Đầu tư",
# "Bộ Văn hoá, Thể thao và Du lịch"). Only the first syllable of each of its words is
# capitalized, so a run of capitalized words stops at "Bộ Kế": the name is taken whole, not cut
# short (bodies.tsv lists provincial bodies; ministries and central agencies are found so).
_BODY_HEAD = re.compile(
    r"(?:Bộ|Tổng cục|Cục|Vụ|Ngân hàng|Kiểm toán|Bảo hiểm|Thanh tra|Học viện|Viện|Tòa án|Toà án"
    r"|Đài|Trung tâm)(?!\w)"
)
# Words that end a body's name even right after a capitalized word: what the question says
# the body does or is ("Bộ Tài chính chủ trì", "Bộ Y tế phải").
_NAME_STOP = frozenset(
    "và của thì về tại có là được phải đã sẽ do cho ở trong chủ phối thực ký nào gì giao cần"
    " ban hành làm".split()
)
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_JOINED_WORD = re.compile(r"(?:\s*,\s*|\s+[-–]\s+|\s+và\s+)([^\W\d_]+)")


def _whole_body_name(text: str, end: int) -> int:
    """Where a body's name whose head ends at `end` ends (`end` itself when no capitalized
    word follows the head): each capitalized word may take one lower-case syllable ("Kế
    hoạch", "Tài chính"), and "và", "," or "-" before another capitalized word goes on ("và
    Đầu tư", ", Thể thao")."""

    def capitalized(word: str) -> bool:  # "Y" of "Bộ Y tế" too; not an acronym
        return word[:1].isupper() and (len(word) == 1 or not word.isupper())

    took = True  # the last capitalized word has its lower-case syllable (the head takes none)
    while True:
        step = _NEXT_WORD.match(text, end)
        if step and capitalized(step.group(1)):
            end, took = step.end(), False
            continue
        if step and not took and step.group(1).islower() and step.group(1) not in _NAME_STOP:
            end, took = step.end(), True
            continue
        joined = _JOINED_WORD.match(text, end)
        if joined and capitalized(joined.group(1)):
            end, took = joined.end(), False
            continue
        return end


def _proper_names(text: str) -> list[str]:
    # Not the years constraints() checks as names ("trước 1995"): a year is no name segment.
    return [name for name in constraints(text, "vi")[1] if not name.isdigit()]


def _rest(text: str, language: str) -> list[Segment]:
    """Unlabelled text: glue words at its edges, the topic in between."""
    glue = _EN_GLUE if language == "en" else _VI_GLUE
    words = text.split()
    if not words:
        return []
    head: list[str] = []
    tail: list[str] = []

    def is_glue(word: str) -> bool:
        return word.strip(",;:").lower() in glue or not word.strip(",;:")

    while words and is_glue(words[0]):
        head.append(words.pop(0))
    while words and is_glue(words[-1]):
        tail.insert(0, words.pop())
    out = []
    if head:
        out.append(Segment(" ".join(head), "glue"))
    if words:
        out.append(Segment(" ".join(words), "topic"))
    if tail:
        out.append(Segment(" ".join(tail), "glue"))
    return out


def _merge_topics(segments: list[Segment]) -> list[Segment]:
    """A topic split only by glue ("phòng, chống hạn hán và cháy rừng") stays one topic."""
    merged: list[Segment] = []
    for seg in segments:
        if (
            seg.kind == "topic"
            and len(merged) >= 2
            and merged[-1].kind == "glue"
            and merged[-2].kind == "topic"
        ):
            glue = merged.pop()
            merged[-1] = Segment(f"{merged[-1].text} {glue.text} {seg.text}", "topic")
        else:
            merged.append(seg)
    return merged


def render_segments(segments: list[Segment], language: str) -> str:
    text = " ".join(s.text for s in segments if s.text and s.kind not in ("marker", "ref"))
    text = re.sub(r"\s+([,;:])", r"\1", " ".join(text.split()))
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text).strip(" ,;:")
    # Glue left dangling at either end by a removed segment ("của", "in").
    glue = _EN_GLUE if language == "en" else _VI_GLUE
    words = text.split()
    while words and words[-1].lower() in glue:
        words.pop()
    while words and words[0].lower() in glue - {"the", "a", "an"}:
        words.pop(0)
    text = " ".join(words)
    return (text[:1].upper() + text[1:] + "?") if text else ""


def same_question(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(re.findall(r"\w+", strip_diacritics(s).lower()))

    return key(a) == key(b)
