"""Answer types: what a sentence must hold to answer a question (a figure for "how much", a
date, a length of time or an event time for "when", a shortcoming), and whether a passage holds
it in a sentence about the question."""

from __future__ import annotations

import re

from assistant.answer.statements import folded, split_sentences, statements
from assistant.core.text import lexical_tokens, query_tokens

_DATE = re.compile(
    r"(?:ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{2,4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?))"
    r"|(?:\d{1,2}/\d{1,2}/\d{4})|(?:tháng\s+\d{1,2}(?:/\d{4})?)|(?:quý\s+[IV]+)|(?:năm\s+\d{4})"
    r"|(?:\b\d{1,2}/\d{1,2}\b(?![/-]))|(?:\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b)",
    re.IGNORECASE,
)
# A date that names a day: "08/7/2020", "15/6", "ngày 25 tháng 3".
DAY = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\bngày\s+\d{1,2}\b", re.IGNORECASE)
# Numbers that are not figures: years, dates, ordinals, document numbers, list markers.
_NOT_FIGURE = re.compile(
    r"(?:lần thứ|thứ|số|khóa|khoá|kỳ|quý|điều|khoản|mục|nghị quyết|quyết định|kế hoạch|ngày"
    r"|tháng)\s+$",
    re.IGNORECASE,
)
_PERIOD_LENGTH = re.compile(r"\s+tháng\s+(?:đầu|cuối|\d)", re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?:[/-]\w+)*%?")
# Question words that ask for a day rather than a year or a period; matched on the
# accent-folded question, so "han chot ngay nao" asks for a day too.
_ASKS_DAY = re.compile(
    r"\b(?:ngay nao|hom nao|ngay bao nhieu|what date|which day|what day|which date)\b",
    re.IGNORECASE,
)
# Question words that ask how long ("bao lâu", "mấy năm", "how long"): a length of time
# ("từ đủ 03 năm đến 05 năm", "trong thời hạn 15 ngày") answers as well as a date. Folded.
_ASKS_DURATION = re.compile(
    r"\b(?:bao lau|may (?:nam|thang|ngay|tuan)|bao nhieu (?:nam|thang|ngay|tuan)"
    r"|how long|how many (?:years|months|days|weeks))\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b\d+\s*(?:năm|tháng|ngày|tuần|giờ)\b|\b(?:một|hai|ba|bốn|năm|sáu|mười)\s+(?:năm|tháng)\b",
    re.IGNORECASE,
)
# The date that identifies a cited notice ("Quyết định số 1480/QĐ-TTg ngày 03 tháng 7 năm 2025",
# "Thông tư 10/2022/TT-BKHĐT ngày 15/6/2022"): part of its name, not a deadline or a date the
# question asks for.
_REFERENCE_DATE = re.compile(
    r"\b\d+(?:/\d{4})?(?:[-/][\wĐđ.]*[^\W\d_][\wĐđ.]*)+\s*,?\s+ngày\s+\d{1,2}"
    r"(?:\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    re.IGNORECASE,
)
# A question that asks which notice ("theo Nghị quyết nào"): folded.
_ASKS_CITED = re.compile(
    r"\b(?:nghi quyet|quyet dinh|thong tu|nghi dinh|ke hoach|chi thi|ket luan|van ban|luat"
    r"|thong bao)\s+(?:so\s+)?nao\b"
)


def asks_which_notice(question: str) -> bool:
    """Whether the question asks which notice ("thực hiện theo Nghị quyết nào, ban hành ngày
    nào?"): then its dates are those of the notice a passage cites."""
    return bool(_ASKS_CITED.search(folded(question)))


def _without_cited_dates(sentence: str, folded_question: str) -> str:
    """The sentence without the dates that name cited notices, except a notice the question
    itself names ("Kế hoạch số 178-KH/TU ban hành ngày nào?")."""

    if _ASKS_CITED.search(folded_question):
        return sentence  # "theo Nghị quyết nào, ban hành ngày nào?": the cited notice's day

    def blank(match: re.Match) -> str:
        code = folded(match.group()).split()[0].rstrip(",")
        return match.group() if code in folded_question else " "

    return _REFERENCE_DATE.sub(blank, sentence)


# A notice's statement of when it takes effect ("có hiệu lực thi hành kể từ ngày ký"): folded.
_EFFECT = re.compile(r"\bhieu luc\b|\bin (?:force|effect)\b|\btake effect\b", re.IGNORECASE)
# A time named by an event rather than a calendar day: "kể từ ngày ký ban hành", "kể từ ngày
# đủ điều kiện hưởng", "ngay sau khi ...": what notices answer "từ khi nào / from when" with.
_RELATIVE_TIME = re.compile(
    r"\bkể\s+từ\s+(?:ngày|khi)\s+(?!\d)[^\W\d_]|\btừ\s+ngày\s+ký\b|\bngay sau khi\b",
    re.IGNORECASE,
)


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
        if _PERIOD_LENGTH.match(sentence, match.end()):
            continue  # "6 tháng đầu năm" is a period, "03 tháng 7" a date: not amounts
        return True
    return False


# "Những hạn chế nào", "nêu những tồn tại gì", "what shortcomings": the answer is a passage
# that names shortcomings. Only the question forms count: "hạn chế" is also a verb (to limit).
_ASKS_SHORTCOMINGS = re.compile(
    r"\b(?:những|các|nêu|chỉ ra)\s+(?:tồn tại|hạn chế|yếu kém|bất cập|khuyết điểm)"
    r"|\b(?:tồn tại|hạn chế|yếu kém|bất cập|khuyết điểm)(?:,\s*\w+(?:\s\w+)?)*\s+(?:gì|nào)\b"
    r"|\b(?:shortcomings?|limitations?|weakness(?:es)?|drawbacks?|deficienc(?:y|ies))\b",
    re.IGNORECASE,
)
# How notices word a shortcoming: "tồn tại, hạn chế", "còn chậm", "chưa đạt", "đạt thấp".
_SHORTCOMING = re.compile(
    r"\b(?:tồn tại|hạn chế|yếu kém|bất cập|chậm|chưa|thấp|phức tạp|tiềm ẩn|đáng quan tâm)\b",
    re.IGNORECASE,
)


# Searched for beside the question when it asks for shortcomings, so the passages that list
# them are among the candidates even when they share few other words with the question.
SHORTCOMING_TERMS = ["tồn tại, hạn chế", "còn chậm", "chưa đạt", "đạt thấp", "yếu kém"]


def answer_kind(intent: str, question: str) -> str:
    """What a passage must hold to answer: the intent for how_much / when, "shortcoming" for
    a question about shortcomings, "" when any passage on the topic can answer."""
    if intent in ("how_much", "when"):
        return intent
    if intent == "what" and _ASKS_SHORTCOMINGS.search(question):
        return "shortcoming"
    return ""


def holds_answer_type(sentence: str, intent: str, question: str = "") -> bool:
    """Whether a sentence holds what the intent asks for: a figure for how_much, a date for
    when (a day when the question asks "ngày nào" / "what date"), a shortcoming ("còn chậm",
    "chưa nghiêm") for "shortcoming". Other intents: always."""
    if intent == "how_much":
        return has_figure(sentence)
    if intent == "when":
        asked = folded(question)
        if _RELATIVE_TIME.search(sentence) and (
            # "có hiệu lực kể từ ngày ký" answers when the notice takes effect, not a deadline
            _EFFECT.search(asked) or not _EFFECT.search(folded(sentence))
        ):
            return True
        if _ASKS_DURATION.search(asked) and _DURATION.search(sentence):
            return True
        pattern = DAY if _ASKS_DAY.search(asked) else _DATE
        return bool(pattern.search(_without_cited_dates(sentence, asked)))
    if intent == "shortcoming":
        return bool(_SHORTCOMING.search(sentence))
    return True


# A clause or sentence is about the question when it holds at least this share of the query
# terms that the best clause or sentence of the passage holds. Chosen by hand on the seed set.
ON_TOPIC_SHARE = 0.5


def _figure_on_topic(sentence: str, terms: set[str]) -> bool:
    """A figure in a clause of the sentence that is about the question: notices pack several
    results into one sentence ("thu ngân sách đạt 29,9%; du lịch tăng 11%; vi phạm Luật Lâm
    nghiệp giảm cả ba tiêu chí"), and a figure of another clause does not count the thing
    asked about."""
    clauses = [c for c in sentence.split(";") if c.strip()] or [sentence]
    overlaps = [len(terms & set(lexical_tokens(c))) for c in clauses]
    best = max(overlaps, default=0)
    return any(
        overlap and overlap >= best * ON_TOPIC_SHARE and has_figure(clause)
        for clause, overlap in zip(clauses, overlaps, strict=True)
    )


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
    Headings do not count as sentences. A figure also has to be for the period asked about:
    a first-half figure does not answer a question about the whole year."""
    if intent not in ("how_much", "when", "shortcoming"):
        return True
    terms = set(query_tokens(query))
    asked_periods = periods(question) if intent == "how_much" else set()
    sentences = statements(split_sentences(text)) or [text]
    overlaps = [len(terms & set(lexical_tokens(s))) for s in sentences]
    best = max(overlaps, default=0)
    for sentence, overlap in zip(sentences, overlaps, strict=True):
        if overlap == 0 or overlap < best * ON_TOPIC_SHARE:
            continue
        if intent == "how_much" and not _figure_on_topic(sentence, terms):
            continue
        if not holds_answer_type(sentence, intent, question):
            continue
        named = periods(sentence)
        if asked_periods and named and not asked_periods & named:
            continue
        return True
    return False
