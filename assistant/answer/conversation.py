"""Follow-up questions resolved against the conversation so far.

A question is cut into labelled segments: the place it is about, the period, the document, the
body, the question phrase ("đạt bao nhiêu", "by when"), follow-up markers ("còn ... thì sao?",
"what about ..."), references ("văn bản này", "it") and what is left, the topic. A follow-up is
then the previous turn's question with the segments the new question supplies put in place of
the old ones, in the previous question's own word order ("còn thu ngân sách thì sao?" after
"Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?" becomes "Thu ngân sách 6
tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"). The rules only ask which slots each question
fills, never which words a particular notice uses:

- a question that has a topic, a question phrase and its own place or document is complete: it
  starts a new subject and nothing is carried;
- a question with a follow-up marker or a reference, or one that lacks a topic or a question
  phrase, is an explicit follow-up: it takes the previous question and replaces what it supplies;
- a question with a topic and a question phrase but no place, period or document is an implicit
  follow-up: the previous place/period/document are added, and the engine falls back to the
  question as typed when the notices do not answer the carried version;
- "and by when?" after an answer about a task asks for that task's deadline (the engine reads it
  from the ledger records of the passages the previous answer cited).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from assistant.core.text import normalize_unicode, strip_diacritics

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
    rf"(?:năm\s+)?(?<![/.-]){_YEAR}(?:\s*[-–]\s*{_YEAR})?",  # not a date's year: 1/7/2026
]
_EN_PERIOD = [
    r"(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:(?:first|second|last|past)\s+(?:half|quarter"
    r"|six\s+months|nine\s+months|three\s+months)|(?:first|second|third|fourth)\s+quarter"
    rf"|q[1-4]|h[12])(?:\s+of)?(?:\s+(?:the\s+year\s+)?{_YEAR})?",
    rf"(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:term|period)\s+{_YEAR}\s*[-–]\s*{_YEAR}",
    rf"(?:(?:in|during|for|by)\s+)?(?<![/.-]){_YEAR}(?:\s*[-–]\s*{_YEAR})?",
]
# A document number as notices write it: 1097-KL/TU, 15/2024/NQ-HĐND.
_DOC_NUMBER = (
    r"(?:số\s+|no\.?\s+|number\s+)?\d{1,5}(?:/\d{4})?[-/][a-zđ]{1,8}(?:[-/][a-zđ0-9]{1,10})*"
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
    rf"{_DOC_TYPES_VI}\s+(?:số\s+)?\d{{1,5}}(?:/\d{{4}})?(?:[-/][\w-]+)*",
    rf"{_DOC_TYPES_EN}\s+(?:no\.?\s*)?\d{{1,5}}(?:/\d{{4}})?(?:[-/][\w-]+)*",
]
_VI_DOCREF = [
    # A document type alone opening the question ("thông tư có hiệu lực từ khi nào?").
    rf"^{_DOC_TYPES_VI}(?!\s+(?:số|nào|gì|này|đó|ấy|trên|nói trên|vừa rồi|\d))",
    r"(?:văn bản|thông báo|kết luận|nghị quyết|chỉ thị|kế hoạch|quyết định|công văn|buổi làm"
    r" việc|hội nghị|cuộc họp)\s+(?:này|đó|ấy|trên|nói trên|vừa rồi)",
]
_EN_DOCREF = [
    rf"the\s+{_DOC_TYPES_EN}(?!\s+(?:no\.?\s*)?\d)",
    r"(?:this|that|the\s+same|the\s+above)\s+(?:notice|document|conclusion|directive|resolution"
    r"|plan|decision|meeting|session|conference)",
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
]
# Words that point back at the previous answer without naming anything.
_VI_REF = [
    r"(?:trong\s+|vào\s+)?(?:thời gian|giai đoạn|năm|quý|kỳ|thời kỳ|tháng)\s+(?:đó|này|ấy|trên)",
    r"nó|họ|việc đó|việc này|nhiệm vụ đó|nhiệm vụ này|cơ quan đó|đơn vị đó",
]
_EN_REF = [
    r"(?:(?:in|during|for|over)\s+)?(?:that|this|the\s+same)\s+(?:period|time|year|quarter"
    r"|month|term)",
    r"it|its|they|them|their|that|this|those|these|there",
]

# The question phrase: what is asked of the topic.
_VI_ASK = [
    r"(?:(?:đạt|là|được|có|chiếm|tăng|giảm|bằng|ở mức)\s+)?(?:khoảng\s+)?(?:bao nhiêu"
    r"(?:\s+phần trăm|\s*%)?|mấy)",
    r"(?:,\s*)?(?:(?:thời\s+)?hạn(?:\s+(?:chót|hoàn thành))?\s+)?(?:(?:là|vào|đến|trước)\s+)?"
    r"(?:khi nào|bao giờ|lúc nào|ngày nào|thời gian nào)",
    r"thời hạn|hạn chót",
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
]
_EN_ASK = [
    r"^(?:how\s+(?:much|many|high|large|fast)(?:\s+(?:did|does|was|is|were|are|will|has"
    r"|have))?)",
    r"^(?:what\s+(?:was|is|were|are)\s+(?:the\s+)?(?:(?:percentage|rate|amount|number|level"
    r"|value|figure|share)\s+of\s+)?)",
    r"(?:,\s*)?(?:(?:and|but)\s+)?(?:by\s+)?when(?:\s+(?:must|should|will|is|was|are|were|did"
    r"|does|do|has|have))?",
    r"(?:,\s*)?(?:(?:and|but)\s+)?(?:what(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?deadline(?:\s+for)?",
    r"^(?:which|what)\s+(?:\w+\s+)?(?:documents?|notices?|conclusions)(?:\s+(?:mention|mentions"
    r"|refer\s+to|discuss|cover|talk\s+about))?",
    r"^(?:who|which\s+(?:\w+\s+)?(?:body|bodies|agency|agencies|department|unit|office"
    r"|authority|committee|person))(?:\s+(?:must|should|is|was|will|has|have|are|were|to))?"
    r"(?:\s+(?:responsible\s+for|in\s+charge\s+of|assigned\s+to|tasked\s+with))?",
    r"^what\s+(?:must|should|does|did|will|has|have|is|was|are|were)(?=\s)",
    r"^(?:where|why|how)\s+(?:does|do|did|is|are|was|were|will|must|should|can)(?=\s)",
    r"(?<=\s)(?:do|done|assigned|tasked)\s+(?:with\s+)?(?:to\s+do\s*)?$",
    r"^(?:what|how)(?:'s|\s+(?:is|was|are|were|about))?(?=\s)",
    r"^(?:tell\s+me|list|show\s+me|give\s+me)(?=\s)",
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
        return _render(self.segments, self.language)


@dataclass
class Turn:
    question: str  # as typed
    resolved: str  # what the engine answered
    language: str
    found: bool = False
    answer: str = ""
    intent: str = ""
    # The passages the answer cited: doc_id, number, start, end (for "văn bản này" and for the
    # deadline of a task the answer named).
    cited: list[dict] = field(default_factory=list)


@dataclass
class Resolution:
    """What the engine should ask. candidates: questions to try in order, the first the notices
    answer wins (an implicit follow-up ends with the question as typed). doc_ids: the notice a
    follow-up is read inside first (the previous answer's first notice). deadline_of: the
    previous turn, when the question only asks "by when?" of it."""

    question: str
    candidates: list[str]  # the distinct questions of attempts, in order
    shape: str  # "first" | "fresh" | "follow-up" | "implicit" | "deadline"
    doc_ids: list[str] = field(default_factory=list)
    deadline_of: Turn | None = None
    # (question, scoped): scoped attempts are read inside doc_ids only. Empty: each candidate,
    # unscoped.
    attempts: list[tuple[str, bool]] = field(default_factory=list)
    # What an attempt asks for when its words no longer say it: "and tourism?" after "What
    # was Lam Dong's economic growth ...?" asks for a figure, as the previous question did,
    # though "What was Lam Dong tourism ...?" reads as a plain "what".
    intents: dict[str, str] = field(default_factory=dict)

    def tries(self) -> list[tuple[str, bool]]:
        return self.attempts or [(c, False) for c in self.candidates]


@dataclass
class Conversation:
    """The turns of one conversation. Engine.ask(question, conversation=c) resolves the question
    against c and records the new turn in it."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    turns: list[Turn] = field(default_factory=list)

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def resolve(self, question: str, language: str) -> Resolution:
        return resolve(question, language, self.last)

    def record(self, turn: Turn) -> None:
        self.turns.append(turn)

    def to_dict(self) -> dict:
        return {"id": self.id, "turns": [asdict(t) for t in self.turns]}

    @classmethod
    def from_dict(cls, data: dict) -> Conversation:
        return cls(id=data["id"], turns=[Turn(**t) for t in data.get("turns", [])])


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
    from assistant.vocab.glossary import Glossary

    places: set[str] = set()
    bodies: set[str] = set()
    for entry in Glossary.load().entries:
        if entry.category == "place" and entry.vietnamese[0][:1].isupper():
            places.update(entry.vietnamese)
            places.update(e for e in entry.english if e[:1].isupper() or len(e) > 4)
        elif entry.category == "body" and language == "en":
            bodies.update(e for e in entry.english if len(e) > 3)

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
        from assistant.vocab.bodies import find_bodies

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
            claim(match.start(), match.end(), kind)
    if language != "en":
        for name in _proper_names(text):
            start = text.find(name)
            if start >= 0:
                claim(start, start + len(name), "place")
    spans.sort()
    segments: list[Segment] = []
    position = 0
    for start, end, kind in spans:
        segments.extend(_rest(text[position:start], language))
        segments.append(Segment(text[start:end], kind))
        position = end
    segments.extend(_rest(text[position:], language))
    return Frame(language, _merge_topics(segments))


def _proper_names(text: str) -> list[str]:
    from assistant.answer.constraints import constraints

    return constraints(text, "vi")[1]


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


def _render(segments: list[Segment], language: str) -> str:
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


# --- resolution ---------------------------------------------------------------------------


def resolve(question: str, language: str, previous: Turn | None) -> Resolution:
    typed = " ".join(normalize_unicode(question).split())
    if previous is None:
        return Resolution(typed, [typed], "first")
    new = segment(typed, language)
    old = segment(previous.resolved, previous.language)
    kinds = new.kinds()
    has_topic = bool(kinds & {"topic", "body"})
    has_ask = "ask" in kinds
    explicit = bool(kinds & {"marker", "ref", "docref"})
    # The notice the previous answer leaned on: a follow-up is first read inside it, unless it
    # names a place or document of its own.
    own_anchor = bool(kinds & set(ANCHOR_KINDS))
    scope = [previous.cited[0]["doc_id"]] if previous.cited and previous.found else []
    if own_anchor:
        scope = []

    if has_topic and has_ask and own_anchor and not explicit:
        return Resolution(typed, [typed], "fresh")
    if _asks_only_when(new):
        resolved = _with_when(old, previous.language)
        # Without a deadline in the ledger, asked as resolved: inside the previous notice first.
        deadline = _resolution(resolved, [(resolved, True), (resolved, False)], "deadline", scope)
        deadline.deadline_of = previous
        # The date is what is asked: it decides which sentence of the passage is quoted.
        deadline.intents = {resolved: "when"}
        return deadline
    if not (explicit or has_ask or typed.endswith("?")):
        return Resolution(typed, [typed], "fresh")  # not a question ("cảm ơn")
    plain = new.render() or typed  # the question without "còn ... thì sao", "and", "it"
    if has_topic and has_ask:
        # A question of its own: it keeps its words and borrows what it lacks (place,
        # period, document), read first inside the previous answer's notice.
        resolved = _insert_slots(new, old, previous, language)
        shape = "follow-up" if explicit else "implicit"
        attempts = [(resolved, True), (plain, True)]
        if not own_anchor and _is_facet(new):
            # A facet of what the previous answer was about ("mục đích để làm gì?", "where
            # does its funding come from?"): its words alone rarely meet the passage, the
            # previous topic with them does.
            attempts.append((_with_topic(new, old, language), True))
        attempts.append((resolved, False))
        if not explicit:
            attempts.append((typed, False))
        return _resolution(resolved, attempts, shape, scope)
    if not (kinds & {"topic", "body", *SLOT_KINDS, "docref", "ask"}):
        return Resolution(typed, [typed], "fresh")
    # Elliptical ("còn thu ngân sách thì sao?", "and Lam Dong?", "còn mức 4?"): the previous
    # question with what this one supplies put in place.
    resolved = _substitute(old, new, previous, language)
    if not resolved or same_question(resolved, typed):
        return Resolution(typed, [typed], "fresh")
    attempts = [(resolved, True), (resolved, False)]
    # The previous question phrase is carried: so is what it asked for.
    intents = {resolved: previous.intent} if previous.intent and not has_ask else {}
    if not has_ask and "topic" in kinds:
        # Also without the inherited question phrase; first when the topic names a kind of
        # answer of its own ("còn hạn chế thì sao?" after "... đạt bao nhiêu?" asks for the
        # shortcomings, not a figure).
        bare = _substitute(old, new, previous, language, keep_ask=False)
        if bare:
            bare_attempts = [(bare, True), (bare, False)]
            if _names_answer_kind(" ".join(s.text for s in new.of("topic")), language):
                # Asked as such: "Những hạn chế ... là gì?" / "What are the shortcomings ...?"
                body = bare.rstrip("?")
                body = body[:1].lower() + body[1:]
                asked = f"What are the {body}?" if language == "en" else f"Những {body} là gì?"
                bare_attempts = [(asked, True), (asked, False)]
                attempts, resolved = bare_attempts + attempts, asked
            else:
                attempts += bare_attempts
    resolution = _resolution(resolved, attempts, "follow-up", scope)
    resolution.intents = intents
    return resolution


def _names_answer_kind(topic: str, language: str) -> bool:
    """Whether a topic is itself a kind of answer the engine looks for (shortcomings), as
    assistant.answer.compose.answer_kind reads a question."""
    from assistant.answer.compose import answer_kind

    phrased = topic if language == "en" else f"những {topic}"
    return answer_kind("what", phrased) not in ("", "what")


def _resolution(question: str, attempts, shape: str, scope: list[str]) -> Resolution:
    """Attempts (text, read inside the previous notice?) without repeats; without a previous
    notice every attempt is unscoped."""
    seen, kept = set(), []
    for text, scoped in attempts:
        key = (text, scoped and bool(scope))
        if text and key not in seen:
            seen.add(key)
            kept.append(key)
    candidates = list(dict.fromkeys(text for text, _ in kept))
    return Resolution(question, candidates, shape, doc_ids=scope, attempts=kept)


_CODE = re.compile(r"\d{1,5}(?:[-/][^\W_]+)+")


def _code_key(code: str) -> str:
    """ "07/2026/TT-BNV" and "7/2026/tt-bnv" alike: folded, lowercase, no leading zeros."""
    return strip_diacritics(code).lower().lstrip("0")


def named_documents(question: str, language: str, numbers: dict[str, str]) -> list[str]:
    """The documents (doc_id -> số hiệu in `numbers`) a question names by their number, whole
    ("Nghị quyết 113/NQ-CP") or by its first parts ("Thông tư 11/2024", "circular 02/2023").
    A number the collection does not hold names nothing."""
    return list(
        dict.fromkeys(d for ids in _named_codes(question, language, numbers).values() for d in ids)
    )


def with_full_numbers(question: str, language: str, numbers: dict[str, str]) -> str:
    """The question with a number it gives in part ("Thông tư 11/2024") written in full when
    it names one notice ("Thông tư 11/2024/TT-BKHĐT"): the notice's own number is one term,
    and its first part alone would count as a word no passage holds."""
    for code, ids in _named_codes(question, language, numbers).items():
        if len(ids) == 1 and _code_key(numbers[ids[0]]) != _code_key(code):
            question = re.sub(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])", numbers[ids[0]], question)
    return question


def _named_codes(question: str, language: str, numbers: dict[str, str]) -> dict[str, list[str]]:
    """Each number the question gives -> the documents it names."""
    named: dict[str, list[str]] = {}
    for seg in segment(question, language).of("document"):
        for code in _CODE.findall(seg.text):
            wanted = _code_key(code)
            ids = [
                doc_id
                for doc_id, number in numbers.items()
                if (key := _code_key(number or ""))
                and (key == wanted or key.startswith((wanted + "/", wanted + "-")))
            ]
            if ids:
                named[code] = ids
    return named


def same_question(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(re.findall(r"\w+", strip_diacritics(s).lower()))

    return key(a) == key(b)


# Words that only say a task is to be finished ("when is it due?", "khi nào phải xong?"): with
# a "when" they ask the deadline of the task the previous answer named.
_COMPLETION = re.compile(
    r"(?:(?:must|should|will|to|be|is|are|it|they)\s+)*(?:due|done|finished|completed|complete"
    r"|met|delivered)|(?:phải|cần|được|sẽ)?\s*(?:xong|hoàn thành|thực hiện xong)",
    re.I,
)


def _asks_only_when(frame: Frame) -> bool:
    """ "And by when?", "hạn khi nào?", "thời hạn?", "when is it due?": a date asked of the
    previous answer."""
    content = [s for s in frame.segments if s.kind not in ("marker", "ref", "glue")]
    content = [
        s for s in content if not (s.kind == "topic" and _COMPLETION.fullmatch(s.text.strip()))
    ]
    if not content or any(s.kind != "ask" for s in content):
        return False
    asked = strip_diacritics(" ".join(s.text for s in content)).lower()
    return bool(re.search(r"\b(?:when|deadline|khi nao|bao gio|luc nao|ngay nao|han)\b", asked))


# A topic of at most this many words (function words aside) names a facet of the previous
# subject ("mục đích", "kinh phí", "funding") rather than a subject of its own ("thu ngân
# sách", "tổ chức bàn giao"): one- and two-word topics in the tune half's chains are facets.
FACET_WORDS = 2
_FUNCTION_WORDS = frozenset(
    "để làm phải được có của cho và the a an to be is are was were do does did has have from"
    " come comes of for".split()
)


def _is_facet(frame: Frame) -> bool:
    """Whether a question's topic is a facet of the previous one's: it points back at it
    ("its funding", "việc đó") or is one or two words."""
    if frame.of("ref"):
        return True
    words = [
        w
        for s in frame.of("topic")
        for w in re.findall(r"\w+", s.text.lower())
        if w not in _FUNCTION_WORDS
    ]
    return 0 < len(words) <= FACET_WORDS


def _with_topic(new: Frame, old: Frame, language: str) -> str:
    """The new question followed by what the previous one was about, its topic and body from
    the first to the last of them: "Mục đích để làm gì? (chỉ đạo lập chuyên án điều tra các
    vụ phá rừng, ma túy)"."""
    about = [i for i, s in enumerate(old.segments) if s.kind in ("topic", "body")]
    question = new.render()
    if not about or not question:
        return question
    span = old.segments[about[0] : about[-1] + 1]
    words = " ".join(s.text for s in span if s.kind not in ("ask", "marker", "ref"))
    return f"{question} ({' '.join(words.split())})"


def _with_when(old: Frame, language: str) -> str:
    """The previous question with "and by when?" added: the analyzer reads both asks."""
    base = old.render().rstrip("?")
    return f"{base}, and by when?" if language == "en" else f"{base}, hạn khi nào?"


def _substitute(
    old: Frame, new: Frame, previous: Turn, language: str, keep_ask: bool = True
) -> str:
    """The previous question with the new question's segments in place of the old ones."""
    segments = [Segment(s.text, s.kind) for s in old.segments]
    supplied: dict[str, list[Segment]] = {}
    for seg in new.segments:
        if seg.kind in ("topic", "ask", "body", *SLOT_KINDS):
            supplied.setdefault(seg.kind, []).append(seg)
    if new.of("docref"):
        number = next((c.get("number") for c in previous.cited if c.get("number")), "")
        if number:
            label = f"notice {number}" if language == "en" else f"văn bản số {number}"
            supplied.setdefault("document", []).append(Segment(label, "document"))
    if not keep_ask:
        segments = [s for s in segments if s.kind != "ask"]
    for kind, new_segments in supplied.items():
        text = " ".join(s.text for s in new_segments)
        positions = [i for i, s in enumerate(segments) if s.kind == kind]
        if kind == "topic" and positions:
            within = _replace_within(segments[positions[0]].text, text)
            if within:
                segments[positions[0]] = Segment(within, "topic")
                continue
        if positions:
            segments[positions[0]] = Segment(text, kind)
            for i in reversed(positions[1:]):
                del segments[i]
        elif kind == "ask":
            segments.append(Segment(text, kind))
        else:
            # A slot the old question did not have goes after its topic.
            topic = next((i for i, s in enumerate(segments) if s.kind == "topic"), None)
            where = len(segments) if topic is None else topic + 1
            glue = {"place": "of" if language == "en" else "của"}.get(kind, "")
            if language == "en" and kind == "period" and not re.match(r"(?i)in|during|for", text):
                glue = "in"
            segments[where:where] = [Segment(f"{glue} {text}".strip(), kind)]
    if language != old.language:
        # An English follow-up to a Vietnamese question (or the reverse): the carried parts
        # are names and numbers, which read the same; the question phrase is the new one's.
        return _render(segments, old.language)
    return _render(segments, language)


def _replace_within(old_topic: str, new_topic: str) -> str | None:
    """ "còn mức 4?" after "Chuyên gia tư vấn mức 2 được trả ...": when the new topic starts
    with a word of the old one, it replaces only that part ("mức 2" -> "mức 4"), up to the
    old topic's occurrence of its last word when there is one nearby."""
    old_words, new_words = old_topic.split(), new_topic.split()

    def key(word: str) -> str:
        return strip_diacritics(word).lower().strip(",;:")

    old_keys = [key(w) for w in old_words]
    first = key(new_words[0])
    if first not in old_keys or len(new_words) >= len(old_words):
        return None
    start = old_keys.index(first)
    end = start + len(new_words)
    last = key(new_words[-1])
    for j in range(start + 1, min(len(old_words), start + len(new_words) + 3)):
        if old_keys[j] == last:
            end = j + 1
            break
    end = min(end, len(old_words))
    return " ".join([*old_words[:start], *new_words, *old_words[end:]])


def _insert_slots(new: Frame, old: Frame, previous: Turn, language: str) -> str:
    """A question of its own plus the previous question's place, period and document that it
    lacks, joined as they were there, after its topic (at the end when it closes with a short
    question word: "mục đích để làm gì ở Lâm Đồng?"). A reference to the previous notice
    ("nghị quyết này", "the circular") becomes its number when the notice has one."""
    kinds = new.kinds()
    carried: list[Segment] = []
    segs = old.segments
    for i, seg in enumerate(segs):
        if seg.kind in ("place", "period", "document") and seg.kind not in kinds:
            glued = i > 0 and segs[i - 1].kind == "glue" and seg.kind != "document"
            if glued and (not carried or carried[-1] != segs[i - 1]):
                carried.append(segs[i - 1])
            carried.append(seg)
    number = next((c.get("number") for c in previous.cited[:1] if c.get("number")), "")
    pointing = [s for s in new.segments if s.kind == "docref" or _names_the_notice(s)]
    if pointing and number:
        # "this notice" / "it" is pinned to one notice: its number says it all, the place and
        # period of the previous question would only repeat it.
        carried = []
    out = []
    for seg in new.segments:
        if _names_the_notice(seg) and number:
            name = f"notice {number}" if language == "en" else f"văn bản số {number}"
            out.append(Segment(name, "document"))
            number = ""  # once
        elif seg.kind == "docref" and number:
            head = seg.text.split()[0] if language != "en" else "notice"
            if language == "en":
                out.append(Segment(f"{head} {number}", "document"))
            else:
                kind_word = re.sub(r"\s+(?:này|đó|ấy|nói trên|trên|vừa rồi)$", "", seg.text)
                out.append(Segment(f"{kind_word} số {number}", "document"))
            carried = [c for c in carried if c.kind != "document"]
        elif seg.kind not in ("marker", "ref"):
            out.append(seg)
    if out and out[-1].kind == "ask" and len(out[-1].text.split()) <= 2:
        where = len(out)
    else:
        where = max(
            (i + 1 for i, s in enumerate(out) if s.kind in ("topic", "body")), default=len(out)
        )
    out[where:where] = carried
    return _render(out, language)


def _names_the_notice(seg: Segment) -> bool:
    """ "it" / "this" / "that" / "nó" standing for the notice the previous answer cited."""
    return seg.kind == "ref" and seg.text.lower() in ("it", "this", "that", "nó")


# A question about the notice itself rather than its content: who signed it, its number, the
# day it was issued. Asked in a conversation, it is about the notice the previous answer cited.
_NOTICE_FIELDS = {
    "vi": [
        (
            "signer",
            r"(?:ai|người nào|đồng chí nào)\s+(?:đã\s+)?ký|người ký|do ai ký|ai là người ký",
        ),
        ("number", r"số hiệu|số ký hiệu|có số (?:là )?(?:gì|mấy|bao nhiêu)"),
        (
            "date",
            r"(?:ban hành|ký|được ký|ra đời)\s+(?:vào\s+)?(?:ngày nào|khi nào|lúc nào|bao giờ)"
            r"|ngày ban hành|ngày ký",
        ),
    ],
    "en": [
        ("signer", r"who\s+signed|signer|signatory"),
        ("number", r"(?:its|the|what is the|what's the)\s+(?:reference\s+|document\s+)?number"),
        (
            "date",
            r"when\s+was\s+(?:it|this|that|the\s+\w+)\s+(?:issued|signed|adopted|published"
            r"|released)|date\s+of\s+(?:issue|signing)|issued\s+on\s+what\s+date",
        ),
    ],
}


def notice_field(question: str, language: str) -> str:
    """ "signer" | "number" | "date" when the question asks that of a notice, else ""."""
    key = strip_diacritics(normalize_unicode(question)).lower()
    for name, pattern in _NOTICE_FIELDS["en" if language == "en" else "vi"]:
        if re.search(rf"(?<!\w)(?:{strip_diacritics(pattern)})(?!\w)", key):
            return name
    return ""


def cited_passages(answer) -> list[dict]:
    """What a turn keeps of its answer's citations."""
    return [
        {
            "doc_id": c.doc_id,
            "number": c.number,
            "start": c.start,
            "end": c.end,
            "chunk_id": c.chunk_id,
        }
        for c in answer.citations
    ]


def rewrite_agrees(rewrite: str, resolved: str, conversation: Conversation, analysis) -> bool:
    """Whether a model's rewrite of a follow-up keeps what the rules carried (every place,
    period and document of the rule-based resolution) and names no place or document that
    neither the typed question nor an earlier turn named."""
    language = analysis.language

    def slots(text: str, lang: str) -> set[str]:
        return {
            strip_diacritics(s.text).lower()
            for s in segment(text, lang).segments
            if s.kind in ("place", "document", "period")
        }

    wanted = slots(resolved, language)
    got = slots(rewrite, language)
    if not all(any(w in g or g in w for g in got) for w in wanted):
        return False
    known = strip_diacritics(
        " ".join([analysis.text, *(t.resolved for t in conversation.turns)])
    ).lower()
    named = {
        strip_diacritics(s.text).lower()
        for s in segment(rewrite, language).segments
        if s.kind in ("place", "document")
    }
    return all(n in known for n in named)
