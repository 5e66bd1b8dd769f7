"""Extractive answers: the sentences that answer, quoted verbatim, each with its [n] citation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import lexical_tokens, query_tokens

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZĐÀ-Ỹ0-9“\"(-])|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|tỷ|triệu|nghìn|ha|km|người|hộ|đồng)?")
_DATE = re.compile(
    r"(?:ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{2,4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?))"
    r"|(?:\d{1,2}/\d{1,2}/\d{4})|(?:tháng\s+\d{1,2}(?:/\d{4})?)|(?:quý\s+[IV]+)|(?:năm\s+\d{4})",
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
        if intent == "how_much" and _NUMBER.search(sentence):
            score += 0.3
        if intent == "when" and _DATE.search(sentence):
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
