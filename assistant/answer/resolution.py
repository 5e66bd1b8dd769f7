"""Follow-up questions resolved against the previous turn.

A follow-up is the previous turn's question with the segments the new question supplies
(assistant/answer/segments.py) put in place of the old ones, in the previous question's own word
order ("còn thu ngân sách thì sao?" after "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk
đạt bao nhiêu?" becomes "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"). The
rules only ask which slots each question fills, never which words a particular notice uses:

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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.answer.compose import answer_kind
from assistant.answer.segments import (
    ANCHOR_KINDS,
    SLOT_KINDS,
    Frame,
    Segment,
    render_segments,
    same_question,
    segment,
)
from assistant.core.text import normalize_unicode, strip_diacritics

if TYPE_CHECKING:
    from assistant.answer.conversation import Turn


@dataclass
class Resolution:
    """What the engine should ask. candidates: questions to try in order, the first the notices
    answer wins (an implicit follow-up ends with the question as typed). doc_ids: the notice a
    follow-up is read inside first (the previous answer's first notice). deadline_of: the
    previous turn, when the question only asks "by when?" of it."""

    question: str
    candidates: list[str]  # the distinct questions of attempts, in order
    shape: str  # "first" | "fresh" | "follow-up" | "implicit" | "deadline" | "new-subject"
    doc_ids: list[str] = field(default_factory=list)
    deadline_of: Turn | None = None
    # (question, scoped): scoped attempts are read inside doc_ids only. Empty: each candidate,
    # unscoped.
    attempts: list[tuple[str, bool]] = field(default_factory=list)
    # What an attempt asks for when its words no longer say it: "and tourism?" after "What
    # was Lam Dong's economic growth ...?" asks for a figure, as the previous question did,
    # though "What was Lam Dong tourism ...?" reads as a plain "what".
    intents: dict[str, str] = field(default_factory=dict)
    # Chunk ids of the passages in doc_ids the conversation was reading (what the answer the
    # follow-up leans on quoted): their section groups rank first inside doc_ids
    # (retrieval.search.Filters.near). Set by Conversation.resolve.
    near: list[str] = field(default_factory=list)

    def tries(self) -> list[tuple[str, bool]]:
        return self.attempts or [(c, False) for c in self.candidates]


def resolve(
    question: str, language: str, previous: Turn | None, anchor: Turn | None = None
) -> Resolution:
    """`anchor`: the latest turn the notices answered, when it is not `previous`: a refused
    turn that named no place or notice of its own leaves the conversation in that turn's
    notice ("ngân sách nào chi?" refused, then "nghị quyết có hiệu lực khi nào?" still asks of
    the resolution the conversation was reading). With no such turn, the notice of the
    refused turn's nearest passage is the last resort of a follow-up that leans on it
    ("and who signed it?"): its attempts are asked of the whole collection first, then inside
    that notice."""
    if previous is None or previous.found or not previous.cited or _answered(anchor):
        return _resolve(question, language, previous, anchor)
    if segment(previous.resolved, previous.language).kinds() & set(ANCHOR_KINDS):
        return _resolve(question, language, previous, anchor)
    resolution = _resolve(question, language, previous, anchor)
    if resolution.shape in ("first", "fresh") or resolution.doc_ids:
        return resolution
    nearest = replace(previous, found=True, cited=previous.cited[:1])
    inside = _resolve(question, language, nearest, None)
    if inside.shape in ("first", "fresh") or not inside.doc_ids:
        return resolution
    tries = [(text, False) for text, _ in resolution.tries()]
    tries += [(text, True) for text, scoped in inside.tries() if scoped]
    out = _resolution(resolution.question, tries, resolution.shape, inside.doc_ids)
    out.intents = {**inside.intents, **resolution.intents}
    out.deadline_of = resolution.deadline_of
    return out


def _resolve(
    question: str, language: str, previous: Turn | None, anchor: Turn | None = None
) -> Resolution:
    typed = " ".join(normalize_unicode(question).split())
    if previous is None:
        return Resolution(typed, [typed], "first")
    new = segment(typed, language)
    old = segment(previous.resolved, previous.language)
    if not previous.found and not (old.kinds() & set(ANCHOR_KINDS)) and _answered(anchor):
        previous = replace(previous, cited=anchor.cited, found=True)
    kinds = new.kinds()
    has_topic = bool(kinds & {"topic", "body"})
    has_ask = "ask" in kinds
    explicit = bool(kinds & {"marker", "ref", "docref"})
    # The notice the previous answer leaned on: a follow-up is first read inside it, unless it
    # names a place or document of its own.
    own_anchor = bool(kinds & set(ANCHOR_KINDS))
    scope = [previous.cited[0]["doc_id"]] if previous.cited and previous.found else []
    if own_anchor or _names_a_plan(new):
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
    actor = _actor_asked(new)
    if actor is not None and previous.found:
        # "còn Hà Nội phải làm gì?" after "Bộ Văn hóa, Thể thao và Du lịch phải trình Thủ tướng
        # ban hành quyết định gì về Làng Văn hóa ...?": what another party must do about the
        # same subject. The previous question's predicate goes, its subject stays; the party
        # is looked for inside the previous notice first (a place named as a party there is
        # not a new subject).
        asked = f"{plain.rstrip('?')} {_about(old, language)}".strip()
        asked = render_segments([Segment(asked, "topic")], language)
        scope = [previous.cited[0]["doc_id"]]
        return _resolution(
            asked, [(asked, True), (asked, False), (plain, False)], "follow-up", scope
        )
    party = _party_only(new)
    if party is not None and previous.found and previous.intent == "who" and not old.of("body"):
        # "what about the Ministry of Home Affairs?" / "còn Bộ Nội vụ thì sao?" after "Which
        # ministry coordinates the scheme ...?": the body named is not the answer's subject but
        # another party of it, asked what it must do about the same subject, inside the
        # previous notice first.
        name = party.text if re.match(r"(?i)the\s", party.text) else f"the {party.text}"
        ask = f"What must {name} do?" if language == "en" else f"{party.text} phải làm gì?"
        asked = f"{ask} ({_about(old, language).strip('()')})".replace(" ()", "")
        scope = [previous.cited[0]["doc_id"]]
        return _resolution(
            asked, [(asked, True), (asked, False), (plain, False)], "follow-up", scope
        )
    if has_topic and has_ask:
        # A question of its own: it keeps its words and borrows what it lacks (place,
        # period, document), read first inside the previous answer's notice.
        resolved = _insert_slots(new, old, previous, language)
        shape = "follow-up" if explicit else "implicit"
        attempts = [(resolved, True), (plain, True)]
        if not own_anchor and _is_facet(new):
            # A facet of what the previous answer was about ("mục đích để làm gì?", "where
            # does its funding come from?"): its words alone rarely meet the passage, the
            # previous topic with them does. When the facet repeats a word of the previous
            # question ("sửa thành gì?" after "... sửa điểm nào của Điều 16 ...?"), its words
            # alone meet the same facet of another subject inside the notice ("Nay sửa thành"
            # of another article): the previous topic with them is asked first.
            with_topic = (_with_topic(new, old, language), True)
            if _shares_a_word(new, old) or _about_an_item(previous, new):
                attempts.insert(0, with_topic)
            else:
                attempts.append(with_topic)
        elif explicit and not own_anchor and scope:
            # "còn kinh phí hoạt động sau khi tiếp nhận thì lấy từ đâu?" after a question about
            # the handover of a named village: a topic of several words that still leans on
            # the previous subject ("còn", "it"); its words alone may hold too little of the
            # passage to clear the found bar, so the previous subject is asked with them,
            # inside the previous notice, before the whole collection is asked.
            attempts.append((_with_topic(new, old, language), True))
        attempts.append((resolved, False))
        if not explicit:
            attempts.append((typed, False))
        number = _previous_notice(previous, old)
        if number and not scope and any(_points_at_notice(s) for s in new.segments):
            # "and when does it take effect?" after a question about circular 18/2022 that the
            # notices did not answer: "it" is that circular, and a reading without its number
            # ("When does take effect?") asks the whole collection something else.
            attempts = [(text, scoped) for text, scoped in attempts if number in text]
        return _resolution(resolved, attempts, shape, scope)
    if not (kinds & {"topic", "body", *SLOT_KINDS, "docref", "ask"}):
        return Resolution(typed, [typed], "fresh")
    # Elliptical ("còn thu ngân sách thì sao?", "and Lam Dong?", "còn mức 4?"): the previous
    # question with what this one supplies put in place.
    if not has_ask and _is_new_subject(new, old, previous):
        # "what about drought?" after "Which conference must Lam Dong prepare for ...?": the
        # previous question's topic is its predicate too, so the new subject put in its place
        # reads "Which drought Lam Dong prepare for ...". What was asked (the intent) is kept,
        # the subject replaced, in a question of the intent's own form.
        # A new subject starts fresh: the whole collection first, then the previous notice
        # (a near passage of that notice would otherwise pass for the answer).
        asked = _asked_of_new_subject(new, old, previous, language)
        out = _resolution(asked, [(asked, False), (asked, True)], "new-subject", scope)
        out.intents = {asked: previous.intent} if previous.intent else {}
        return out
    asked = None if has_ask else _new_object(new, old, previous, language)
    if asked:
        # "and floods?" after "Which body must handle drought response?": a new topic, not a
        # facet of the answer; the previous question word, body and verb are kept, the object
        # swapped ("Which body must handle floods?", "Cơ quan nào phải chỉ đạo lũ lụt?"). A
        # task list names its tasks side by side: the previous notice first.
        out = _resolution(asked, [(asked, True), (asked, False)], "new-subject", scope)
        out.intents = {asked: previous.intent}
        return out
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
        if previous.intent == "who" and _is_facet(new) and not _asks_of_a_notice(new):
            # "what about the funding?" after "Who chairs the steering committee ...?": a
            # facet of the subject the previous answer named a party for, not a party to
            # find; "Who funding steering committee?" asks nothing. Asked with the previous
            # subject first.
            with_topic = _with_topic(new, old, language)
            attempts = [(with_topic, True), *attempts]
            resolved = with_topic
    if scope and _narrows(new, old):
        # "còn với tiếng ồn, rung thì sao?" after "nếu thời gian tiếp xúc dưới 50% ca làm việc
        # thì sao?": a topic that opens with a preposition of relation names a case of the
        # previous subject, not a subject in its place ("Nếu với tiếng ồn, rung?" asks
        # nothing). Asked with the previous subject first, inside the previous notice.
        with_topic = _with_topic(new, old, language)
        attempts = [(with_topic, True), *attempts]
        resolved = with_topic
    resolution = _resolution(resolved, attempts, "follow-up", scope)
    resolution.intents = intents
    return resolution


# Prepositions of relation that open a case of a subject rather than a subject: "với", "đối
# với", "riêng với", "trường hợp", folded (an English "for" / "with" is glue: "and for
# Cambodia?" swaps a name). A closed grammatical class, not topic words.
_CASE_OPENERS = re.compile(r"(?:doi voi|rieng voi|voi|trong truong hop|truong hop)\s")


def _narrows(new: Frame, old: Frame) -> bool:
    """Whether an elliptical follow-up's topic opens with a preposition of relation that the
    previous question's topic does not hold (when it does, "còn đối với doanh nghiệp nhỏ?"
    after "... đối với doanh nghiệp lớn ...", the new case takes the old one's place)."""
    topics = new.of("topic")
    if not topics or new.of("ask"):
        return False
    if not _CASE_OPENERS.match(strip_diacritics(topics[0].text.strip()).lower() + " "):
        return False
    before = " " + strip_diacritics(" ".join(s.text for s in old.of("topic"))).lower() + " "
    return not re.search(r"\s" + _CASE_OPENERS.pattern, before)


# A question phrase that is only a question word ("Which", "Who", "What", "Ai"): the topic
# that follows it carries the question's predicate ("Which [conference must] Lam Dong [prepare
# for]", "Who [decides the spending rate for ...]"), so it cannot be swapped for a new subject.
_BARE_ASK = re.compile(r"(?i)which|who|what|whose|ai|cơ quan nào|đơn vị nào|bộ nào")

# A part of a notice named by its label: "point e", "clause 2", "điểm b", "khoản 3", "mức 4".
_ITEM_LABEL = re.compile(
    r"(?i)\b(?:point|clause|article|item|level|paragraph|annex|điểm|khoản|điều|mục|mức"
    r"|phụ lục)\s+(?:\d+|[a-zđ]|[ivx]+)\b"
)

# How a kept intent is asked of a new subject: "{}" is the subject with the carried place,
# period and notice.
_INTENT_FORMS = {
    "en": {
        "who": "Who is responsible for {}?",
        "when": "When is {} due?",
        "how_much": "How much is {}?",
        "": "What about {}?",
    },
    "vi": {
        "who": "Ai chịu trách nhiệm về {}?",
        "when": "{} khi nào?",
        "how_much": "{} là bao nhiêu?",
        "": "{} như thế nào?",
    },
}


def _content_words(segments: list[Segment]) -> set[str]:
    return {
        strip_diacritics(w)
        for s in segments
        for w in re.findall(r"\w+", s.text.lower())
        if w not in _FUNCTION_WORDS and not w.isdigit()
    }


def _is_new_subject(new: Frame, old: Frame, previous: Turn) -> bool:
    """Whether an elliptical follow-up names a new subject that cannot take the place of the
    previous question's topic: the previous question opens with a bare question word whose
    topic holds its predicate, and the new topic shares no word with it, is not a part of it
    ("còn mức 4?"), another plan or a name swapped for a name."""
    topics = new.of("topic")
    if not topics or not previous.intent or _names_a_plan(new):
        return False
    if previous.intent == "who" and _is_facet(new):
        return False  # "what about the funding?" after "Who chairs ...?": a facet (below)
    if _ITEM_LABEL.search(" ".join(s.text for s in topics)):
        return False  # "and point e of clause 2?": another part of the same notice
    content = [s for s in old.segments if s.kind != "glue"]
    if len(content) < 2 or content[0].kind != "ask" or content[1].kind != "topic":
        return False
    if not _BARE_ASK.fullmatch(content[0].text.strip()):
        return False
    text = " ".join(s.text for s in topics)
    if _content_words(topics) & _content_words(old.of("topic") + old.of("body")):
        return False
    if any(_replace_within(s.text, text, new.language) for s in old.of("topic")):
        return False
    return _swap_name(old.segments, text) is None


# The verb a bare question word's topic opens with, which the new subject follows: "must
# handle", "should report to", "decides" (after "Who").
_PREDICATE = re.compile(
    r"(?i)^((?:(?:must|should|will|shall|can|may|is|are|has\s+to|have\s+to|to)\s+)?"
    r"(?:\w+s|must\s+\w+|should\s+\w+|will\s+\w+|is\s+\w+|are\s+\w+)"
    r"(?:\s+(?:up|out|for|to|on|with|over|of))?)\s+\S"
)


def _subject_with_slots(new: Frame, old: Frame, language: str) -> str:
    """The new question's subject (its own words and slots, markers aside) and the previous
    question's place, period and notice it does not name, each with its glue."""
    words = render_segments(new.segments, language).rstrip("?")
    if words[1:2].islower():  # a capital that only opened the sentence
        words = words[:1].lower() + words[1:]
    glue = {
        "en": {"place": "in", "period": "in", "document": "under"},
        "vi": {"place": "của", "period": "", "document": "theo"},
    }["en" if language == "en" else "vi"]
    kinds = new.kinds()
    for seg in old.segments:
        if seg.kind in glue and seg.kind not in kinds:
            text = seg.text
            if not re.match(r"(?i)(?:in|of|for|during|under|by|của|theo|trong)\s", text):
                text = f"{glue[seg.kind]} {text}".strip()
            words = f"{words} {text}"
    return words


def _asked_of_new_subject(new: Frame, old: Frame, previous: Turn, language: str) -> str:
    """The previous intent asked of the new subject, with the previous place, period and notice
    it lacks: the previous question word and verb when its topic opens with one ("Who
    decides the base salary from July 2026?"), else a question of the intent's own form
    ("What about drought in Lam Dong in 2024?")."""
    subject = _subject_with_slots(new, old, language)
    content = [s for s in old.segments if s.kind != "glue"]
    predicate = _PREDICATE.match(content[1].text) if language == old.language else None
    if predicate and language == "en":
        ask = content[0].text
        return f"{ask[:1].upper()}{ask[1:]} {predicate.group(1)} {subject}?"
    forms = _INTENT_FORMS["en" if language == "en" else "vi"]
    form = forms.get(previous.intent, forms[""])
    if form.startswith("{}"):
        return form.format(subject[:1].upper() + subject[1:])
    return form.format(subject)


# Words that name a facet of the task a who-answer named, not a new task: "and the budget
# for it?", "còn kinh phí?", "còn hạn báo cáo kết quả?". A follow-up topic opening or closing
# with one asks about the previous task. Folded (no diacritics); taken from the facet
# follow-ups of the tune chains (c01-c195) and issue 12's list (deadline, budget, cost, hạn,
# kinh phí).
_FACET_HEADS = re.compile(
    r"^(?:deadlines?|due date|dates?|time(?:frame|line)?|schedule|budgets?|funding|funds?"
    r"|money|costs?|expenses?|spending|results?|outcomes?|purpose|aims?|goals?|targets?"
    r"|progress|basis|penalt(?:y|ies)|sanctions?|rates?|amounts?|levels?|fees?|sources?"
    r"|who|when|where|why|how"
    r"|han|thoi han|han chot|kinh phi|nguon kinh phi|ngan sach|chi phi|nguon von|von"
    r"|ket qua|muc dich|muc tieu|tien do|thoi gian|lo trinh|hieu luc|muc chi|can cu"
    r"|trach nhiem|ai|khi nao|bao gio)$"
)
# Compounds that open with a facet syllable but name a subject: "hạn hán" (drought), "hạn
# chế" (shortcomings), folded.
_NOT_FACET = re.compile(r"^han (?:han|che)\b")
_DETERMINERS_EN = frozenset({"the", "a", "an", "its", "their", "this", "that"})


def _names_facet(new: Frame) -> bool:
    """Whether an elliptical follow-up's topic is a facet of the previous task: it points back
    ("the budget for it") or opens or closes with a facet word."""
    if new.of("ref"):
        return True
    words = [
        strip_diacritics(w)
        for s in new.of("topic")
        for w in re.findall(r"\w+", s.text.lower())
        if w not in _DETERMINERS_EN
    ]
    text = " ".join(words)
    if not words or _NOT_FACET.match(text):
        return False
    for n in (1, 2, 3):
        if _FACET_HEADS.match(" ".join(words[:n])) or _FACET_HEADS.match(" ".join(words[-n:])):
            return True
    return False


# The question phrases that end with what is asked of the body, so that the topic after them
# is the object itself: "Which body is responsible for [floods]", "Ai chịu trách nhiệm [về ...]".
_ASK_WITH_PREDICATE = re.compile(
    r"(?i)(?:responsible\s+for|in\s+charge\s+of|tasked\s+with|assigned\s+to"
    r"|chiu trach nhiem|co trach nhiem|chu tri|duoc giao)$"
)
# A question phrase that ends in a modal: the topic after it opens with the bare verb ("Which
# body must [handle] ...", "Which ministry has [to draft] ...").
_ASK_MODAL = re.compile(r"(?i)\b(?:must|should|will|shall|can|may|has|have|is|are|to)$")
# Words that may follow an English verb as part of it ("take over", "advise on").
_PARTICLES = frozenset({"up", "out", "over", "on", "with", "into", "for", "of", "to"})
# Vietnamese verbs of a task a body is given, folded (a predicate is a run of them: "chủ trì
# xây dựng", "theo dõi, đôn đốc"): the verbs of the who-questions of the tune half.
_VI_VERBS = (
    "chi dao|chu tri|phoi hop|thuc hien|xay dung|to chuc|huong dan|theo doi|don doc|kiem tra"
    "|giam sat|bao dam|dam bao|ban hanh|trinh|bao cao|tham muu|quan ly|ra soat|trien khai"
    "|lap|ung pho|xu ly|quyet dinh|phe duyet|hoan thien|hoan chinh|soan thao|tong hop|de xuat"
    "|sua doi|bo tri|can doi|kiem toan|tiep nhan|tiep thu|lanh dao|dieu hanh|phu trach"
    "|danh gia|nghien cuu|bo sung|tuyen truyen|pho bien|chi tra|xac dinh|chuan bi|giai quyet"
)
_VI_PREDICATE = re.compile(rf"^(?:(?:{_VI_VERBS})(?:\s*,\s*|\s+va\s+|\s+)?)+(?=\s|$)")


def _predicate(ask: str, region: str, language: str) -> str | None:
    """The verb that opens the previous question's object region, in its own words: "handle"
    (after "Which body must"), "to draft", "chỉ đạo", "chủ trì xây dựng"; "" when the
    question phrase already says what the body does ("responsible for"); None when no verb
    is found (the rule does not apply)."""
    folded_ask = strip_diacritics(ask.strip()).lower()
    words = region.split()
    if language == "en":
        lowered = [w.lower() for w in words]
        n = 0
        if lowered[:1] == ["to"]:
            n = 1
        verb = lowered[n] if n < len(lowered) else ""
        if _ASK_WITH_PREDICATE.search(folded_ask):
            return " ".join(words[:1]) if verb.endswith("ing") else ""
        if not verb.isalpha() or verb in _DETERMINERS_EN or verb in _FUNCTION_WORDS:
            return None
        if not _ASK_MODAL.search(folded_ask) and not (n == 0 and verb.endswith("s")):
            return None  # "Which deputy PM is ...": no verb where one is looked for
        n += 1
        while n < len(lowered) - 1 and lowered[n] in _PARTICLES:
            n += 1
        return " ".join(words[:n])
    folded = strip_diacritics(region).lower()
    match = _VI_PREDICATE.match(folded)
    if not match:
        return "" if _ASK_WITH_PREDICATE.search(folded_ask) else None
    kept = len(match.group(0).split())
    return " ".join(words[:kept]).rstrip(",")


def _kept_predicate(previous: Turn, region: str) -> str | None:
    """When the previous turn was itself a new topic swapped in ("còn lập chuyên án điều tra
    thì sao?" read as "Cơ quan nào phải chỉ đạo lập chuyên án điều tra?"), the verb it kept:
    what precedes its typed topic in the object region, not a verb of that topic ("lập")."""
    if previous.question == previous.resolved:
        return None
    typed = " ".join(s.text for s in segment(previous.question, previous.language).of("topic"))
    folded, key = strip_diacritics(region).lower(), strip_diacritics(typed).lower().strip()
    at = folded.find(key) if key else -1
    if at <= 0:
        return None
    words = region[:at].strip(" ,").split()
    while words and words[-1].lower() in _DETERMINERS_EN | {"các", "những", "việc"}:
        words.pop()  # the new topic brings its own ("the crime cases")
    return " ".join(words) or None


def _new_object(new: Frame, old: Frame, previous: Turn, language: str) -> str | None:
    """ "and floods?" / "còn lũ lụt thì sao?" after "Which body must handle drought
    response?": the previous who-question with its object swapped for the new topic, its
    question phrase (body, modal) and verb kept, with the previous place, period and notice
    (the new ones in their place). None when the rule does not apply: the previous question
    asked no body, the new topic is a facet of the task, repeats a word of the previous
    question, is a part of it, another plan, a name for a name or no verb is found."""
    topics = new.of("topic")
    if previous.intent != "who" or not topics or language != old.language:
        return None
    if _names_a_plan(new) or _names_facet(new):
        return None
    text = " ".join(s.text for s in topics)
    if _ITEM_LABEL.search(text) or _swap_name(old.segments, text) is not None:
        return None
    if _content_words(topics) & _content_words(old.of("topic") + old.of("body")):
        return None  # a variant of the previous object: put in its place (_substitute)
    first = next((i for i, s in enumerate(old.segments) if s.kind != "glue"), None)
    if first is None or old.segments[first].kind != "ask":
        return None
    # The object region: what follows the question phrase up to the first slot.
    end = first + 1
    while end < len(old.segments) and old.segments[end].kind in ("topic", "glue", "docref", "ref"):
        end += 1
    while end > first + 1 and old.segments[end - 1].kind == "glue":
        end -= 1  # the glue of the slot that follows ("ở Lâm Đồng") stays with it
    region = " ".join(s.text for s in old.segments[first + 1 : end])
    if not region.strip():
        return None
    ask = old.segments[first].text
    predicate = _kept_predicate(previous, region) or _predicate(ask, region, language)
    if predicate is None:
        return None
    supplied = {s.kind: s for s in new.segments if s.kind in SLOT_KINDS}
    object_words = render_segments(
        [s for s in new.segments if s.kind not in SLOT_KINDS], language
    ).rstrip("?")
    if object_words[1:2].islower():  # a capital that only opened the sentence
        object_words = object_words[:1].lower() + object_words[1:]
    segments = [Segment(ask, "ask"), Segment(f"{predicate} {object_words}".strip(), "topic")]
    for seg in old.segments[end:]:
        if seg.kind in supplied:
            segments.append(supplied.pop(seg.kind))
        else:
            segments.append(seg)
    glue = {
        "place": "in" if language == "en" else "ở",
        "document": "under" if language == "en" else "theo",
    }
    for kind, seg in supplied.items():
        segments.append(Segment(f"{glue.get(kind, '')} {seg.text}".strip(), kind))
    return render_segments(segments, language)


# A name: capitalised words ("Cambodia", "Da Nang", "Hà Nội").
_NAME = re.compile(r"(?:[A-ZĐÀ-Ỹ][\w'-]*)(?:\s+[A-ZĐÀ-Ỹ][\w'-]*){0,3}")


def _swap_name(segments: list[Segment], new_topic: str) -> tuple[int, str] | None:
    """ "and for Cambodia?" after "... sent to Laos as an expert ...?": a new topic that is
    only a name stands for the one name in the previous question's topic segments (the
    question's opening word aside). (index of the topic segment, its text with the name
    swapped), or None when the new topic is no name or the old topics hold none or several."""
    name = new_topic.strip()
    if not _NAME.fullmatch(name):
        return None
    first = next((i for i, s in enumerate(segments) if s.kind != "glue"), -1)
    found = [
        (i, match)
        for i, seg in enumerate(segments)
        if seg.kind == "topic"
        for match in _NAME.finditer(seg.text)
        if not (i == first and match.start() == 0)
    ]
    if len(found) != 1:
        return None
    i, match = found[0]
    return i, segments[i].text[: match.start()] + name + segments[i].text[match.end() :]


# What a party is asked to do: "phải làm gì", "được giao những nhiệm vụ gì", "what must ... do".
_ACTOR_ASK = re.compile(
    r"(?:(?:phai|can|se|duoc giao|co nhiem vu)\s+)?(?:lam|thuc hien|lam nhung viec)\s+(?:nhung\s+)?"
    r"(?:viec|nhiem vu|cong viec)?\s*gi|duoc giao\s+(?:nhung\s+)?(?:viec|nhiem vu|cong viec)?\s*gi"
    r"|what\s+(?:must|should|does|do|will|is|are|has|have)",
    re.I,
)


def _actor_asked(frame: Frame) -> Segment | None:
    """The party of a follow-up that asks only what a party must do ("còn Hà Nội phải làm
    gì?", "and what must Hanoi do?"): one place or body, a doing question phrase, nothing
    else but markers, glue and "do"."""
    parties = [s for s in frame.segments if s.kind in ("place", "body")]
    rest = [s for s in frame.segments if s.kind not in ("place", "body", "marker", "glue")]
    asks = [s for s in rest if s.kind == "ask"]
    others = [s for s in rest if s.kind != "ask"]
    if len(parties) != 1 or len(asks) != 1 or frame.of("document"):
        return None
    if any(not re.fullmatch(r"(?i)do|done|to do", s.text.strip()) for s in others):
        return None
    if not _ACTOR_ASK.fullmatch(strip_diacritics(asks[0].text).lower().strip(" ,")):
        return None
    return parties[0]


def _party_only(frame: Frame) -> Segment | None:
    """The body of a follow-up that names one body and nothing else ("and the Ministry of
    Finance?", "còn Bộ Tài chính thì sao?")."""
    rest = [s for s in frame.segments if s.kind not in ("marker", "glue", "ref")]
    if len(rest) == 1 and rest[0].kind == "body":
        return rest[0]
    return None


def _about(old: Frame, language: str) -> str:
    """What the previous question asked about, past its question phrase ("về Làng Văn hóa
    ..."), else its topics in brackets."""
    asks = [i for i, s in enumerate(old.segments) if s.kind == "ask"]
    tail = old.segments[asks[-1] + 1 :] if asks else []
    if any(s.kind == "topic" for s in tail):
        return " ".join(s.text for s in tail if s.kind not in ("marker", "ref"))
    topics = " ".join(s.text for s in old.of("topic"))
    return f"({topics})" if topics else ""


def _answered(turn: Turn | None) -> bool:
    return turn is not None and turn.found and bool(turn.cited)


# Kinds of document a question names by what they are about rather than by number ("đề án
# bồi dưỡng cán bộ đối ngoại", "the scheme on nuclear energy staff").
_PLAN_KINDS = re.compile(
    r"(?:đề án|kế hoạch|chương trình|chiến lược|quy hoạch|dự án luật|thông tư|nghị quyết"
    r"|quyết định|nghị định|chỉ thị|scheme|plan|programme|program|strategy|circular"
    r"|resolution|decision|decree|directive)\s+(?:\w+\s+){1,}\w+",
    re.IGNORECASE,
)


def _names_a_plan(frame: Frame) -> bool:
    """Whether a follow-up's topic opens with a kind of document and what it is about ("còn
    đề án bồi dưỡng cán bộ đối ngoại thì sao?"): it names another document, so it is not read
    inside the previous answer's notice first."""
    topics = frame.of("topic")
    if not topics:
        return False
    before = [s for s in frame.segments[: frame.segments.index(topics[0])] if s.kind != "glue"]
    return len(before) <= 1 and bool(_PLAN_KINDS.match(topics[0].text))


# Words that end a Vietnamese plan's description: what the question says is done with it.
_PLAN_END_VI = frozenset(
    "do được có phải đã sẽ cần là thì giao chủ phối thực ký nào gì bởi".split()
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
_PLAN_WORD = re.compile(
    r"(?i)^(?:đề án|kế hoạch|chương trình|chiến lược|quy hoạch|scheme|plan|programme|program"
    r"|strategy)$"
)


def _swap_plan(old_topic: str, plan: str, language: str) -> str | None:
    """The old topic with the words naming its plan replaced by `plan`, or None when it
    names none. Vietnamese: from the kind ("Đề án") to the end of the topic or the first word
    saying what is done with it ("do", "được"). English: the determiner before the kind to the
    kind ("the nuclear energy human resources scheme"), with what follows it when it goes on
    "on/for/of/about ..." ("the scheme on ...")."""
    words = old_topic.split()
    lowered = [w.lower().strip(",;:") for w in words]
    spans = [
        (i, 2) for i in range(len(words) - 1) if _PLAN_WORD.match(" ".join(lowered[i : i + 2]))
    ]
    spans += [(i, 1) for i in range(len(words)) if _PLAN_WORD.match(lowered[i])]
    if not spans:
        return None
    at, width = min(spans)
    if language == "en":
        start = max((i for i in range(at) if lowered[i] in _DETERMINERS), default=at)
        start = start + 1 if start < at and lowered[start] in _DETERMINERS else start
        end = at + width
        if end < len(words) and lowered[end] in ("on", "for", "of", "about", "to"):
            end = len(words)
        plan = re.sub(r"(?i)^(?:the|a|an)\s+", "", plan)
    else:
        start, end = at, at + width
        while end < len(words) and lowered[end] not in _PLAN_END_VI:
            end += 1
    return " ".join([*words[:start], plan, *words[end:]])


def _names_answer_kind(topic: str, language: str) -> bool:
    """Whether a topic is itself a kind of answer the engine looks for (shortcomings), as
    assistant.answer.compose.answer_kind reads a question."""
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


_PERIOD_REF = re.compile(
    r"(?i)\b(?:period|time|year|quarter|month|term|thời gian|giai đoạn|năm|quý|kỳ|thời kỳ|tháng)\b"
)


def _is_facet(frame: Frame) -> bool:
    """Whether a question's topic is a facet of the previous one's: it points back at it
    ("its funding", "việc đó") or is one or two words."""
    if any(not _PERIOD_REF.search(s.text) for s in frame.of("ref")):
        return True  # "its funding", "việc đó"; "in that period" points at a time, not a subject
    words = [
        w
        for s in frame.of("topic")
        for w in re.findall(r"\w+", s.text.lower())
        if w not in _FUNCTION_WORDS
    ]
    return 0 < len(words) <= FACET_WORDS


# What the previous question asked for when its answer is one item of a notice (a task, the
# body that leads it, its deadline): a facet asked next ("kết quả là gì?", "kinh phí lấy từ
# đâu?") is that item's, not any item's of the notice.
ITEM_INTENTS = frozenset({"who", "when"})


def _about_an_item(previous: Turn, new: Frame) -> bool:
    """Whether a facet follow-up is asked of the item the previous answer named: the previous
    question asked who or when, and the facet is not about the notice itself (who signed it,
    when it takes effect) nor one whose "it" points at something."""
    # "who heads it?", "which ministry leads it?": "it" already says what is asked of
    # (_insert_slots); the words of the previous question would only crowd it.
    return (
        previous.intent in ITEM_INTENTS
        and not new.of("ref")
        and not _asks_of_a_notice(new)
        and _bare_topic(new)
    )


def _bare_topic(frame: Frame) -> bool:
    """Whether a question's topic is content words only (function words at its edges aside),
    a noun phrase naming an attribute ("kết quả", "kinh phí", "mục đích để"), not a clause of
    its own ("which law is to be revised?": second blind batch, c129)."""
    words = [w for s in frame.of("topic") for w in re.findall(r"\w+", s.text.lower())]
    while words and words[-1] in _FUNCTION_WORDS:  # "mục đích để [làm gì]"
        words.pop()
    while words and words[0] in _FUNCTION_WORDS:
        words.pop(0)
    return bool(words) and not any(w in _FUNCTION_WORDS for w in words)


def _shares_a_word(new: Frame, old: Frame) -> bool:
    """Whether the new question's topic repeats a content word of the previous one's."""

    def words(frame: Frame) -> set[str]:
        return {
            strip_diacritics(w)
            for s in frame.of("topic")
            for w in re.findall(r"\w+", s.text.lower())
            if w not in _FUNCTION_WORDS
        }

    return bool(words(new) & words(old))


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
        number = _previous_notice(previous, old)
        if number:
            label = _notice_label(number, language, old)
            supplied.setdefault("document", []).append(Segment(label, "document"))
    if not keep_ask:
        segments = [s for s in segments if s.kind != "ask"]
    if new.of("document") and old.of("document") and previous.found and previous.cited:
        # Another notice named: the words that described the previous one go with it ("còn
        # thông tư 10/2024 thì sao?" after "Thông tư 19/2023 bổ sung danh mục nghề nặng nhọc
        # có hiệu lực từ ngày nào?" asks when 10/2024 takes effect).
        segments = _without_description(segments, previous.cited[0].get("title", ""))
    after = _follows(new)
    for kind, new_segments in supplied.items():
        text = " ".join(s.text for s in new_segments)
        positions = [i for i, s in enumerate(segments) if s.kind == kind]
        if kind == "topic" and _names_a_plan(new):
            # Another plan named by its subject ("and the scheme on foreign-affairs
            # officials?" after "Which ministry proposed the nuclear energy human resources
            # scheme?"): it takes the place of the words that named the previous plan; what
            # was asked of it (proposed, chủ trì) stays.
            swapped = [(i, _swap_plan(segments[i].text, text, language)) for i in positions]
            swapped = [(i, w) for i, w in swapped if w]
            if swapped:
                segments[swapped[0][0]] = Segment(swapped[0][1], "topic")
                continue
        if kind == "topic" and positions:
            swapped_name = _swap_name(segments, text)
            if swapped_name is not None:
                # One name for another ("and for Cambodia?" after "... sent to Laos ...").
                segments[swapped_name[0]] = Segment(swapped_name[1], "topic")
                continue
            # Within the old topic segment that holds the new topic's first word ("and in
            # phase 2?" after "... officials who do that work ... in phase 1 of the 2026
            # scheme?": a reference or a period cuts the old topic in several segments).
            within = [(i, _replace_within(segments[i].text, text, language)) for i in positions]
            within = [(i, w) for i, w in within if w]
            if within:
                segments[within[0][0]] = Segment(within[0][1], "topic")
                continue
        if positions:
            segments[positions[0]] = Segment(text, kind)
            for i in reversed(positions[1:]):
                del segments[i]
        elif kind == "ask":
            segments.append(Segment(text, kind))
        else:
            # A slot the old question did not have goes after what it followed in the new
            # question ("thông tư 10/2024 của Bộ Kế hoạch và Đầu tư"), else after its topic.
            anchor = after.get(kind)
            at = [i for i, s in enumerate(segments) if anchor and s.kind == anchor]
            topic = next((i for i, s in enumerate(segments) if s.kind == "topic"), None)
            where = len(segments) if topic is None else topic + 1
            where = at[0] + 1 if at else where
            if at and kind == "body":
                glue = "of" if language == "en" else "của"
                segments[where:where] = [Segment(f"{glue} {text}", kind)]
                continue
            glue = {"place": "of" if language == "en" else "của"}.get(kind, "")
            if language == "en" and kind == "period" and not re.match(r"(?i)in|during|for", text):
                glue = "in"
            segments[where:where] = [Segment(f"{glue} {text}".strip(), kind)]
    if language != old.language:
        # An English follow-up to a Vietnamese question (or the reverse): the carried parts
        # are names and numbers, which read the same; the question phrase is the new one's.
        return render_segments(segments, old.language)
    return render_segments(segments, language)


def _follows(frame: Frame) -> dict[str, str]:
    """For each slot kind of a question, the kind of the slot it follows (glue aside)."""
    follows, last = {}, ""
    for seg in frame.segments:
        if seg.kind == "glue":
            continue
        if seg.kind in SLOT_KINDS and last in SLOT_KINDS:
            follows.setdefault(seg.kind, last)
        last = seg.kind
    return follows


def _without_description(segments: list[Segment], title: str) -> list[Segment]:
    """The segments with the words that open the topic after a document and that the
    document's title holds left out: "Thông tư 19/2023 [bổ sung danh mục nghề nặng nhọc, độc
    hại] có hiệu lực từ ngày nào?"."""
    words = set(re.findall(r"\w+", strip_diacritics(title).lower()))
    out = []
    for i, seg in enumerate(segments):
        before = [s for s in segments[:i] if s.kind != "glue"]
        if seg.kind == "topic" and words and before and before[-1].kind == "document":
            kept = seg.text.split()
            while kept and set(re.findall(r"\w+", strip_diacritics(kept[0]).lower())) <= words:
                kept.pop(0)
            if not kept:
                continue
            seg = Segment(" ".join(kept), "topic")
        out.append(seg)
    return out


def _replace_within(old_topic: str, new_topic: str, language: str = "vi") -> str | None:
    """ "còn mức 4?" after "Chuyên gia tư vấn mức 2 được trả ...": when the new topic starts
    with a word of the old one, it replaces only that part ("mức 2" -> "mức 4"), up to the
    old topic's occurrence of its last word when there is one nearby."""
    old_words, new_words = old_topic.split(), new_topic.split()

    def key(word: str) -> str:
        return strip_diacritics(word).lower().strip(",;:")

    old_keys = [key(w) for w in old_words]
    first = key(new_words[0])
    if len(new_words) >= len(old_words):
        return None
    if first not in old_keys:
        # English puts the head noun last: "and for unemployment insurance?" after "... cap
        # on social insurance admin spending ...?" replaces "social insurance", the words
        # that end at the shared head, as many as the new topic has.
        last = key(new_words[-1])
        if language != "en" or len(new_words) < 2 or last not in old_keys:
            return None
        end = old_keys.index(last) + 1
        start = end - len(new_words)
        if start < 0:
            return None
        return " ".join([*old_words[:start], *new_words, *old_words[end:]])
    new_keys = [key(w) for w in new_words]
    start = _best_occurrence(old_keys, new_keys)
    end = start + len(new_words)
    last = new_keys[-1]
    ends = [
        j + 1
        for j in range(start + 1, min(len(old_words), start + len(new_words) + 3))
        if old_keys[j] == last
    ]
    if ends:
        # The occurrence of the last word whose preceding words agree most with the new
        # topic's ("còn từ 108 đến dưới 132 tháng?" after "... từ đủ 60 tháng đến dưới 84
        # tháng ...": the second "tháng", so the whole range is replaced); the first among
        # equals.
        end = max(ends, key=lambda e: (_suffix_agreement(old_keys[start:e], new_keys), -e))
    end = min(end, len(old_words))
    return " ".join([*old_words[:start], *new_words, *old_words[end:]])


def _agree(a: str, b: str) -> bool:
    """Two words agree when equal, or both numbers (a number stands for a number)."""
    return a == b or (a[:1].isdigit() and b[:1].isdigit())


def _suffix_agreement(old: list[str], new: list[str]) -> int:
    """How many words, counted from the end, two word lists agree on before they first
    differ."""
    count = 0
    for a, b in zip(reversed(old), reversed(new), strict=False):
        if not _agree(a, b):
            break
        count += 1
    return count


def _best_occurrence(old_keys: list[str], new_keys: list[str]) -> int:
    """Where in the old topic the new one starts, when its first word occurs there more than
    once: the occurrence the following words agree with most, a number standing for a number
    ("còn mức 3?" after "Mức lương tối đa ... mức 2 ...": the "mức" of "mức 2", not the "Mức" of
    "Mức lương"); the first among equals."""

    agree = _agree
    starts = [i for i, k in enumerate(old_keys) if k == new_keys[0]]
    return max(
        starts,
        key=lambda i: (
            sum(
                agree(old_keys[i + j], new_keys[j])
                for j in range(1, len(new_keys))
                if i + j < len(old_keys)
            ),
            -i,
        ),
    )


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
    number = _previous_notice(previous, old)
    # "who heads it?" after a question about a steering committee: "it" is the committee, not
    # the notice; only a question about the notice itself (who signed it, when it takes effect,
    # what it replaces) points at the notice.
    subject = "" if _asks_of_a_notice(new) else _subject(old)
    pointing = [
        s
        for s in new.segments
        if s.kind == "docref" or (_names_the_notice(s) and not (subject and _is_it(s)))
    ]
    if pointing and number:
        # "this notice" / "it" is pinned to one notice: its number says it all, the place and
        # period of the previous question would only repeat it.
        carried = []
    out = []
    for seg in new.segments:
        if _names_the_notice(seg) and subject and _is_it(seg):
            out.append(Segment(subject, "topic"))
        elif _names_the_notice(seg) and number:
            name = _notice_label(number, language, old)
            out.append(Segment(name, "document"))
            number = ""  # once
        elif seg.kind == "docref" and number:
            if language == "en":
                out.append(Segment(_notice_label(number, language, old), "document"))
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
    return render_segments(out, language)


# A notice's kind by the code of its number ("18/2022/TT-BKHĐT" is a circular), as a follow-up
# names it: "it" after an answer from circular 18/2022 is "circular 18/2022/TT-BKHĐT", not
# "notice ...", which reads as a Thông báo (the glossary's "notice") and is searched as one.
_KINDS_BY_CODE = {
    "ttlt": ("joint circular", "Thông tư liên tịch"),
    "tt": ("circular", "Thông tư"),
    "nd": ("decree", "Nghị định"),
    "nq": ("resolution", "Nghị quyết"),
    "qd": ("decision", "Quyết định"),
    "ct": ("directive", "Chỉ thị"),
    "kl": ("conclusion", "Kết luận"),
    "tb": ("notice", "Thông báo"),
    "kh": ("plan", "Kế hoạch"),
    "vbhn": ("consolidated text", "Văn bản hợp nhất"),
}
_CODE = re.compile(r"(?:^|[/-])([a-z]{2,4})(?=-|/|$)")
_KIND_WORD = re.compile(
    r"(?i)\b(circular|decree|resolution|decision|directive|conclusion|plan|thông tư|nghị định"
    r"|nghị quyết|quyết định|chỉ thị|kết luận|kế hoạch)\b"
)


def _notice_label(number: str, language: str, old: Frame | None = None) -> str:
    """ "circular 18/2022/TT-BKHĐT" / "Thông tư số 18/2022/TT-BKHĐT": the notice's kind read
    from its code, else from the words the previous question named it with, else "notice" /
    "văn bản"."""
    english, vietnamese = "notice", "văn bản"
    codes = _CODE.findall(strip_diacritics(number).lower().replace("đ", "d"))
    kind = next((_KINDS_BY_CODE[c] for c in codes if c in _KINDS_BY_CODE), None)
    if kind is None and old is not None:
        for seg in old.of("document"):
            match = _KIND_WORD.search(seg.text)
            if match:
                word = strip_diacritics(match.group(1)).lower()
                kind = next(
                    (
                        k
                        for k in _KINDS_BY_CODE.values()
                        if word in (k[0], strip_diacritics(k[1]).lower())
                    ),
                    None,
                )
                break
    if kind is not None:
        english, vietnamese = kind
    return f"{english} {number}" if language == "en" else f"{vietnamese} số {number}"


_NUMBER = re.compile(r"\d{1,5}(?:\.\d{1,3})?(?:[-/][^\W_]+)+")  # 66.17/2026/NQ-CP too


def _previous_notice(previous: Turn, old: Frame) -> str:
    """The number of the notice a reference ("it", "văn bản này", "the circular") points at:
    the one the previous answer leaned on when it answered; when the notices did not say (its
    passages are only the nearest ones, often of another notice), the one its question named
    ("... under circular 18/2022?" -> "18/2022"), else none."""
    if previous.found:
        return next((c.get("number") for c in previous.cited[:1] if c.get("number")), "")
    for seg in old.of("document"):
        match = _NUMBER.search(seg.text)
        if match:
            return match.group()
    return ""


def _points_at_notice(seg: Segment) -> bool:
    """ "it", "this notice", "nghị quyết này": a segment that stands for a notice."""
    return seg.kind == "docref" or _names_the_notice(seg)


# What is asked of a notice itself: "it" in such a question is the notice.
_NOTICE_PREDICATE = re.compile(
    r"\b(?:sign|issu|effect|force|replac|amend|repeal|correct|appl|expir|valid|number|dated?\b"
    r"|ky\b|ban hanh|hieu luc|thay the|sua doi|bai bo|dinh chinh|ap dung|so hieu|ngay)"
)


def _asks_of_a_notice(frame: Frame) -> bool:
    words = " ".join(s.text for s in frame.segments if s.kind not in ("ref", "marker"))
    return bool(_NOTICE_PREDICATE.search(strip_diacritics(words).lower()))


def _is_it(seg: Segment) -> bool:
    return seg.text.lower() in ("it", "nó")


def _subject(old: Frame) -> str:
    """What the previous question was about, for an "it" that stands for it: its first run of
    topic and body segments that holds a body ("central steering committee"); "" when none
    does ("it" is then the notice: "which ministry leads it?" after a question on a scheme's
    training targets; tune c52, c81)."""
    runs: list[list[Segment]] = [[]]
    for seg in old.segments:
        if seg.kind in ("topic", "body"):
            runs[-1].append(seg)
        elif runs[-1]:
            runs.append([])
    runs = [r for r in runs if r]
    if not runs:
        return ""
    chosen = next((r for r in runs if any(s.kind == "body" for s in r)), [])
    return " ".join(s.text for s in chosen)


def _names_the_notice(seg: Segment) -> bool:
    """ "it" / "this" / "that" / "nó" standing for the notice the previous answer cited."""
    return seg.kind == "ref" and seg.text.lower() in (
        "it",
        "this",
        "that",
        "this one",
        "that one",
        "nó",
    )


# A question about the notice itself rather than its content: who signed it, its number, the
