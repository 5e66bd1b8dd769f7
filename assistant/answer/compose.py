"""Extractive answers: the sentences that answer, quoted verbatim, each with its [n] citation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.found import FOUND_COVERAGE
from assistant.core.text import fold, lexical_tokens, query_tokens
from assistant.core.text import split_sentences as sentences_of

# Notices chain tasks with semicolons ("...; Sở Tài chính ..."): a clause that ends in ";"
# before a new capitalised clause is a statement of its own.
_STATEMENT_END = re.compile(r"(?<=;)\s+(?=[A-ZĐÀ-Ỹ0-9“\"(-])")
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
    # Tokens of what the passage's document says of itself (title, number, issuer, date): a
    # question names its document with them and asks for something else.
    context: frozenset[str] = frozenset()


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
        pattern = _DAY if _ASKS_DAY.search(asked) else _DATE
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
    sentences = _statements(split_sentences(text)) or [text]
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


# A sentence whose first this many accent-folded characters the answer already holds is not
# quoted again as a related deadline. Chosen by hand on the seed set.
QUOTED_PREFIX_CHARS = 60


def related_deadlines(language: str, bodies: list[str], passages: list, answer: str) -> list[str]:
    """Lines quoting the sentences of the cited passages that name one of the bodies and a
    day ("gửi về Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 08/7/2020"), for a
    question that asks what a body must do *and by when*: the date often sits in the sentence
    next to the task rather than in it. passages: (n, text) pairs."""
    from assistant.vocab.bodies import find_bodies

    wanted = set(bodies)
    already = folded(answer)
    lines = []
    for n, text in passages:
        for sentence in split_sentences(text) or [text]:
            if not _DAY.search(sentence) or folded(sentence)[:QUOTED_PREFIX_CHARS] in already:
                continue
            if not wanted & {c for _, _, c in find_bodies(sentence)}:
                continue
            label = "Related deadline" if language == "en" else "Thời hạn liên quan"
            lines.append(f"{label}: {quote_sentences([sentence])} [{n}]")
            already += " " + folded(sentence)
    return lines


folded = fold  # the accent-folded key compose's callers match with (assistant.core.text)


def mentions_all(required: list[str], folded_text: str) -> bool:
    """Whether every required term occurs in a text already passed through `folded`."""
    return all(folded(term) in folded_text for term in required)


# A line that is only a row number ("7.", "12"): a table row of a plan's task list starts
# there and its cells (task, lead body, partners, product, deadline) follow one per line.
_ROW_NUMBER = re.compile(r"\d{1,3}\.?")


def split_sentences(text: str) -> list[str]:
    """Statements: lines, their sentences and semicolon clauses; each table row is one
    statement, its cells one answer (a task with its lead body and its deadline), though each
    sits on its own line."""
    statements = []
    for unit in _rows(text):
        for line in unit.split("\n"):
            for sentence in sentences_of(line):
                clauses = _STATEMENT_END.split(sentence)
                statements.extend(c.strip() for c in clauses if len(c.strip()) > 1)
    return statements


def _rows(text: str) -> list[str]:
    """The text cut before each row-number line; lines within a row joined by spaces. Text
    without row-number lines comes back whole."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _ROW_NUMBER.fullmatch(line.strip())]
    if not starts:
        return [text]
    units = ["\n".join(lines[: starts[0]])] if starts[0] else []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        units.append(" ".join(line.strip() for line in lines[start + 1 : end] if line.strip()))
    return units


def _is_heading(sentence: str) -> bool:
    """A heading line in capitals ("I- VỀ NỘI DUNG DỰ THẢO ..."): it names the topic of the
    sentences under it and answers nothing itself."""
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= _HEADING_LETTERS and not any(c.islower() for c in letters)


_HEADING_LETTERS = 8  # fewer capitals are an acronym or a body's short name ("UBND tỉnh")


def _statements(sentences: list[str]) -> list[str]:
    """The sentences that can answer: headings left out, unless there is nothing else."""
    return [s for s in sentences if not _is_heading(s)] or sentences


# Weight of a question term that the passage's document already says of itself (its title,
# number, issuer, date) when choosing the sentence to quote: every sentence of the document is
# about those; the sentence that answers holds what the question asks beyond them ("Ai đề
# nghị ban hành quyết định đính chính ...": "Theo đề nghị của ..."). Tune half: 0.3 quotes the
# answering sentence of 2 more questions than 1.0 (no discount), of 1 more than 0.5.
CONTEXT_TERM_WEIGHT = 0.3


def _term_weights(terms: set[str], weigh, context: frozenset[str]) -> dict[str, float]:
    return {
        t: (weigh(t) if weigh else 1.0) * (CONTEXT_TERM_WEIGHT if t in context else 1.0)
        for t in terms
    }


# Choosing the sentences to quote, all chosen by hand on the seed set. A sentence scores the
# (weighted) share of the query terms it holds, plus ANSWER_TYPE_SENTENCE_BONUS when it holds
# what the intent asks for (a figure, a date, a shortcoming); of the best `limit`, those within
# SENTENCE_KEEP_SHARE of the best score are quoted, in their order in the passage. A quote is
# cut at a word boundary after QUOTE_CHARS characters, so an answer stays readable.
ANSWER_TYPE_SENTENCE_BONUS = 0.3
SENTENCE_KEEP_SHARE = 0.6
QUOTE_CHARS = 600


def best_sentences(
    query: str,
    text: str,
    intent: str,
    limit: int = 2,
    question: str = "",
    weigh=None,
    context: frozenset[str] = frozenset(),
) -> list[str]:
    """Sentences of a passage in their original order, chosen by how much of the query they
    hold (each term by `weigh`, its idf in the collection, when given; terms of the
    document's own `context` at CONTEXT_TERM_WEIGHT), with a bonus for what the intent asks
    for (figures, dates). Headings are not quoted on their own."""
    sentences = _statements(split_sentences(text))
    if len(sentences) <= 1:
        return sentences
    terms = set(query_tokens(query))
    weights = _term_weights(terms, weigh, context)
    total = sum(weights.values()) or 1.0
    scored = []
    for i, sentence in enumerate(sentences):
        tokens = set(lexical_tokens(sentence))
        score = sum(w for t, w in weights.items() if t in tokens) / total
        if intent in ("how_much", "when", "shortcoming") and holds_answer_type(
            sentence, intent, question
        ):
            score += ANSWER_TYPE_SENTENCE_BONUS
        scored.append((score, i))
    top = sorted(scored, reverse=True)[:limit]
    best = top[0][0]
    keep = sorted(i for score, i in top if score >= best * SENTENCE_KEEP_SHARE and score > 0)
    return [sentences[i] for i in keep] or [sentences[top[0][1]]]


def quote_sentences(sentences: list[str]) -> str:
    text = " ".join(sentences).strip()
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


# A second and third passage are quoted after the first when they hold at least
# EXTRA_QUOTE_COVERAGE of the question and EXTRA_QUOTE_RELATIVE of what the first holds: a
# passage that repeats the answer, not one that shares a few words. Chosen by hand on the
# seed set.
EXTRA_QUOTE_COVERAGE = 0.6
EXTRA_QUOTE_RELATIVE = 0.9


def compose(
    question_terms: str,
    intent: str,
    language: str,
    evidence: list[Evidence],
    gloss=lambda body: body,
    question: str = "",
    weigh=None,
) -> str:
    """The answer text. `gloss` turns a Vietnamese body name into "English (Vietnamese)";
    `question` (as asked) tells a "when" question that wants a day or a length of time;
    `weigh` gives a query term's weight (its idf) for choosing the sentences to quote."""
    if not evidence:
        return NOT_FOUND[language]
    if intent == "which_documents":
        return _which_documents(question_terms, language, evidence, weigh=weigh)
    if intent in ("who", "tasks_of"):
        return _who(question_terms, intent, language, evidence, gloss, weigh)
    first = evidence[0]

    def quote(ev: Evidence, limit: int = 2) -> str:
        sentences = best_sentences(
            question_terms, ev.text, intent, limit, question, weigh, ev.context
        )
        if intent == "how_much":
            sentences = [figure_clause(s, set(query_tokens(question_terms))) for s in sentences]
        return quote_sentences(sentences)

    lines = [_lead(language, first.n) + quote(first)]
    for extra in evidence[1:3]:
        if extra.coverage >= max(EXTRA_QUOTE_COVERAGE, first.coverage * EXTRA_QUOTE_RELATIVE):
            lines.append(f"{quote(extra, limit=1)} [{extra.n}]")
    return "\n".join(lines)


_CLAUSE_END = re.compile(r"(?<=[;:])\s+")
_LONG_SENTENCE = 200  # characters; shorter sentences are quoted whole


def figure_clause(sentence: str, terms: set[str]) -> str:
    """For a long sentence packed with results, the clause that holds the asked-for figure
    ("… Tăng trưởng kinh tế đạt 3%;"), so a quick lookup reads the number, not the paragraph.
    Verbatim; "…" marks what was left out."""
    if len(sentence) <= _LONG_SENTENCE:
        return sentence
    clauses = [c for c in _CLAUSE_END.split(sentence) if c.strip()]
    scored = [
        (len(terms & set(lexical_tokens(c))), i) for i, c in enumerate(clauses) if has_figure(c)
    ]
    if not scored:
        return sentence
    _, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
    clause = clauses[best].strip()
    before = "… " if best > 0 else ""
    after = " …" if best < len(clauses) - 1 else ""
    return f"{before}{clause}{after}"


def _lead(language: str, n: int) -> str:
    return f"According to [{n}]: " if language == "en" else f"Theo [{n}]: "


# A "who" answer names the bodies of up to three passages; the second and third when they hold
# at least this share of what the first holds. Chosen by hand on the seed set.
WHO_QUOTE_RELATIVE = 0.8


def _who(question_terms, intent, language, evidence, gloss, weigh=None) -> str:
    lines = []
    for ev in evidence[:3]:
        if lines and ev.coverage < evidence[0].coverage * WHO_QUOTE_RELATIVE:
            break
        sentences = best_sentences(
            question_terms, ev.text, "who", limit=1, weigh=weigh, context=ev.context
        )
        quote = quote_sentences(sentences)
        bodies = _named_in(ev.assignees, " ".join(sentences), ev.section)
        bodies = bodies or _heading_subject(ev.section)
        if bodies and language == "en":
            named = ", ".join(gloss(b) for b in bodies)
            lines.append(f"According to [{ev.n}], {named} is assigned: {quote}")
        elif bodies:
            lines.append(f"Theo [{ev.n}], {', '.join(bodies)} được giao: {quote}")
        else:
            lines.append(_lead(language, ev.n) + quote)
    return "\n".join(lines)


def _named_in(bodies: list[str], quote: str, section: list[str]) -> list[str]:
    """The bodies (canonical names) that the quoted sentence or its heading names: the
    opening sentence of a "who" answer names no body its quote does not show (a passage's
    ledger records may belong to other sentences of it)."""
    from assistant.vocab.bodies import find_bodies

    context = " ".join([quote, *section[-1:]])
    named = {canonical for _, _, canonical in find_bodies(context)}
    return [b for b in bodies if b in named]


def _heading_subject(section: list[str]) -> list[str]:
    """A heading that introduces bullets ("2.3. Ban cán sự đảng ... lãnh đạo ...:") names who
    acts; return it without its number when it ends with a colon."""
    for heading in reversed(section):
        if heading.rstrip().endswith(":"):
            return [re.sub(r"^[\dIVXivx]+[.)\-]+(\d+[.)])*\s*", "", heading).rstrip(": ")]
    return []


# A document whose best passage holds this share of what the best document's passage holds
# is listed even under the evidence bar: a notice that only shares the question's generic
# words is not one that "mentions" the topic.
WHICH_DOCUMENTS_RELATIVE = 0.75


def _which_documents(
    question_terms, language, evidence, floor: float = FOUND_COVERAGE, weigh=None
) -> str:
    """One line per document, quoting the passage of that document that holds the most of
    the question (evidence may hold several passages per document). A document is listed when
    that passage reaches `floor` (the engine's evidence bar) or holds nearly as much as the
    best document's."""
    head = "Các văn bản có nội dung này:" if language == "vi" else "Notices that mention this:"
    best: dict[str, Evidence] = {}
    for ev in evidence:
        if ev.label not in best or ev.coverage > best[ev.label].coverage:
            best[ev.label] = ev
    top = max(ev.coverage for ev in best.values())
    lines = [head]
    for ev in best.values():
        if ev.coverage < min(top * WHICH_DOCUMENTS_RELATIVE, floor):
            continue
        quote = quote_sentences(
            best_sentences(question_terms, ev.text, "what", limit=1, weigh=weigh)
        )
        lines.append(f"- [{ev.n}] {ev.label}: {quote}")
    return "\n".join(lines)
