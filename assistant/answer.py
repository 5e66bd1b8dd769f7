"""Extractive answers: the sentences that answer, quoted verbatim, each with its [n] citation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import lexical_tokens, query_tokens, strip_diacritics

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZĐÀ-Ỹ0-9“\"(-])|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|tỷ|triệu|nghìn|ha|km|người|hộ|đồng)?")
_DATE = re.compile(
    r"(?:ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{2,4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?))"
    r"|(?:\d{1,2}/\d{1,2}/\d{4})|(?:tháng\s+\d{1,2}(?:/\d{4})?)|(?:quý\s+[IV]+)|(?:năm\s+\d{4})"
    r"|(?:\b\d{1,2}/\d{1,2}\b(?![/-]))|(?:\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b)",
    re.IGNORECASE,
)
# A date that names a day: "08/7/2020", "15/6", "ngày 25 tháng 3".
_DAY = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\bngày\s+\d{1,2}\b", re.IGNORECASE)
# Numbers that are not figures: years, dates, ordinals, document numbers, list markers.
_NOT_FIGURE = re.compile(
    r"(?:lần thứ|thứ|số|khóa|khoá|kỳ|quý|điều|khoản|mục|nghị quyết|quyết định|kế hoạch)\s+$",
    re.IGNORECASE,
)
_NUMBER_TOKEN = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?:[/-]\w+)*%?")
# Question words that ask for a day rather than a year or a period.
_ASKS_DAY = re.compile(
    r"\b(?:ngày nào|hôm nào|ngày bao nhiêu|what date|which day|what day|which date)\b",
    re.IGNORECASE,
)

NOT_FOUND = {
    "vi": "Các thông báo đã nạp không nói về điều này. Dưới đây là những đoạn gần nhất:",
    "en": "The loaded notices do not say. These are the nearest passages:",
}


@dataclass
class Evidence:
    """One citable passage handed to the answerer."""

    n: int
    text: str
    section: list[str]
    label: str  # document label for "which documents" answers, e.g. "Số 1097-KL/TU, 3/7/2020"
    assignees: list[str]  # lead bodies the ledger records for this passage
    coverage: float


def has_figure(sentence: str) -> bool:
    """A number that can answer "how much / how many": not a year, a date, an ordinal
    ("lần thứ 31"), a document number ("178-KH/TU") or a list marker ("2-")."""
    for match in _NUMBER_TOKEN.finditer(sentence):
        token = match.group()
        year = re.fullmatch(r"(?:19|20)\d{2}(?:-(?:19|20)\d{2})?", token)
        if year or "/" in token or re.search(r"-\D", token):
            continue
        if re.fullmatch(r"\d+-", token + sentence[match.end() : match.end() + 1]):
            continue  # "2- Tiếp tục ..." (a list marker)
        if _NOT_FIGURE.search(sentence[max(0, match.start() - 20) : match.start()]):
            continue
        return True
    return False


def holds_answer_type(sentence: str, intent: str, question: str = "") -> bool:
    """Whether a sentence holds what the intent asks for: a figure for how_much, a date for
    when (a day when the question asks "ngày nào" / "what date"). Other intents: always."""
    if intent == "how_much":
        return has_figure(sentence)
    if intent == "when":
        pattern = _DAY if _ASKS_DAY.search(question) else _DATE
        return bool(pattern.search(sentence))
    return True


_PERIOD = re.compile(
    r"\bcả năm\b|\b(?:6|sáu) tháng (?:đầu|cuối) năm\b|\bquý\s+[IV]+\b|\btháng\s+\d{1,2}\b",
    re.IGNORECASE,
)


def periods(text: str) -> set[str]:
    """Reporting periods named in a text ("cả năm", "6 tháng đầu năm", "quý I", "tháng 3")."""
    found = {" ".join(m.group().lower().split()) for m in _PERIOD.finditer(text)}
    return {p.replace("sáu tháng", "6 tháng") for p in found}


def answers_intent(query: str, text: str, intent: str, question: str = "") -> bool:
    """A sentence of the passage that is about the question (at least half as much of the
    query as the passage's best sentence, and some of it) holds the asked-for answer type.
    A figure also has to be for the period asked about: a first-half figure does not answer
    a question about the whole year."""
    if intent not in ("how_much", "when"):
        return True
    terms = set(query_tokens(query))
    asked_periods = periods(question) if intent == "how_much" else set()
    sentences = split_sentences(text) or [text]
    overlaps = [len(terms & set(lexical_tokens(s))) for s in sentences]
    best = max(overlaps, default=0)
    for sentence, overlap in zip(sentences, overlaps, strict=True):
        if overlap == 0 or overlap < best * 0.5:
            continue
        if not holds_answer_type(sentence, intent, question):
            continue
        named = periods(sentence)
        if asked_periods and named and not asked_periods & named:
            continue
        return True
    return False


_WORD = re.compile(r"[^\W\d_]+")
# Capitalized by convention in governance text (titles, plural markers, parts of body names),
# so they do not start or extend a proper name: "Các Ủy viên", "Phó Bí thư".
_TITLE_WORDS = frozenset(
    "các những phó quyền bí chủ ủy ban thường đảng hội nhân đại văn sở tỉnh".split()
)
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/])")


def constraints(question: str, language: str) -> tuple[list[str], list[str]]:
    """What evidence must mention to be about the question at all: (years, names). The years
    it names must be in the passage or its document's context (title, date); the proper names
    (Vietnamese runs of capitalized syllables: "Gia Lai", "Trần Đức Quận") somewhere in the
    document. A notice about another province or year does not answer, however similar."""
    names = _proper_names(question) if language == "vi" else []
    return _YEAR.findall(question), names


def _proper_names(text: str) -> list[str]:
    """Runs of two or more capitalized words ("Gia Lai", "Buôn Ma Thuột"), after body names
    ("Ban Chấp hành Đảng bộ tỉnh") are blanked out; acronyms (UBND) end a run."""
    from assistant.bodies import find_bodies

    for start, end, _ in find_bodies(text):
        text = text[:start] + " " * (end - start) + text[end:]
    names, run, previous_end = [], [], -1
    for match in _WORD.finditer(text):
        word = match.group()
        capitalized = word[0].isupper() and not word.isupper() and word.lower() not in _TITLE_WORDS
        adjacent = text[previous_end : match.start()] == " "
        if capitalized and (not run or adjacent):
            run.append(word)
        else:
            if len(run) >= 2:
                names.append(" ".join(run))
            run = [word] if capitalized else []
        previous_end = match.end()
    if len(run) >= 2:
        names.append(" ".join(run))
    return names


def folded(text: str) -> str:
    return strip_diacritics(" ".join(text.split())).lower()


def mentions_all(required: list[str], folded_text: str) -> bool:
    """Whether every required term occurs in a text already passed through `folded`."""
    return all(folded(term) in folded_text for term in required)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and len(s.strip()) > 1]


def best_sentences(query: str, text: str, intent: str, limit: int = 2) -> list[str]:
    """Sentences of a passage in their original order, chosen by how much of the query they
    hold, with a bonus for what the intent asks for (figures, dates)."""
    sentences = split_sentences(text)
    if len(sentences) <= 1:
        return sentences
    terms = set(query_tokens(query))
    scored = []
    for i, sentence in enumerate(sentences):
        tokens = set(lexical_tokens(sentence))
        score = len(terms & tokens) / (len(terms) or 1)
        if intent in ("how_much", "when") and holds_answer_type(sentence, intent):
            score += 0.3
        scored.append((score, i))
    top = sorted(scored, reverse=True)[:limit]
    best = top[0][0]
    keep = sorted(i for score, i in top if score >= best * 0.6 and score > 0)
    return [sentences[i] for i in keep] or [sentences[top[0][1]]]


def _quote(sentences: list[str]) -> str:
    text = " ".join(sentences).strip()
    if len(text) > 600:
        text = text[:600].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


def compose(
    question_terms: str,
    intent: str,
    language: str,
    evidence: list[Evidence],
    gloss=lambda body: body,
) -> str:
    """The answer text. `gloss` turns a Vietnamese body name into "English (Vietnamese)"."""
    if not evidence:
        return NOT_FOUND[language]
    if intent == "which_documents":
        return _which_documents(question_terms, language, evidence)
    if intent in ("who", "tasks_of"):
        return _who(question_terms, intent, language, evidence, gloss)
    first = evidence[0]
    lines = [_lead(language, first.n) + _quote(best_sentences(question_terms, first.text, intent))]
    for extra in evidence[1:3]:
        if extra.coverage >= max(0.6, first.coverage * 0.9):
            quoted = _quote(best_sentences(question_terms, extra.text, intent, limit=1))
            lines.append(f"{quoted} [{extra.n}]")
    return "\n".join(lines)


def _lead(language: str, n: int) -> str:
    return f"According to [{n}]: " if language == "en" else f"Theo [{n}]: "


def _who(question_terms, intent, language, evidence, gloss) -> str:
    lines = []
    for ev in evidence[:3]:
        if lines and ev.coverage < evidence[0].coverage * 0.8:
            break
        quote = _quote(best_sentences(question_terms, ev.text, "who", limit=1))
        bodies = ev.assignees or _heading_subject(ev.section)
        if bodies and language == "en":
            named = ", ".join(gloss(b) for b in bodies)
            lines.append(f"According to [{ev.n}], {named} is assigned: {quote}")
        elif bodies:
            lines.append(f"Theo [{ev.n}], {', '.join(bodies)} được giao: {quote}")
        else:
            lines.append(_lead(language, ev.n) + quote)
    return "\n".join(lines)


def _heading_subject(section: list[str]) -> list[str]:
    """A heading that introduces bullets ("2.3. Ban cán sự đảng ... lãnh đạo ...:") names who
    acts; return it without its number when it ends with a colon."""
    for heading in reversed(section):
        if heading.rstrip().endswith(":"):
            return [re.sub(r"^[\dIVXivx]+[.)\-]+(\d+[.)])*\s*", "", heading).rstrip(": ")]
    return []


def _which_documents(question_terms, language, evidence) -> str:
    head = "Các văn bản có nội dung này:" if language == "vi" else "Notices that mention this:"
    lines = [head]
    seen: set[str] = set()
    for ev in evidence:
        if ev.label in seen:
            continue
        seen.add(ev.label)
        quote = _quote(best_sentences(question_terms, ev.text, "what", limit=1))
        lines.append(f"- [{ev.n}] {ev.label}: {quote}")
    return "\n".join(lines)
