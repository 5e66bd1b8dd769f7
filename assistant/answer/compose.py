"""Extractive answers shaped by intent: the sentences that answer, quoted verbatim, each with its
[n] citation; the assignee for "who", one line per notice for "which documents", the figure's
clause for "how much". Answer types live in `answer_types`, statements in `statements`, the
choice of sentences in `selection`; the names the engine and the conversation read are
re-exported here (`__all__`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from assistant.answer.answer_types import (
    DAY,
    SHORTCOMING_TERMS,
    answer_kind,
    answers_intent,
    asks_for_notice,
    asks_kinds,
    asks_which_notice,
    holds_answer_type,
)
from assistant.answer.bands import band_fit, question_quantities
from assistant.answer.found import FOUND_COVERAGE
from assistant.answer.selection import (
    QUOTE_CHARS,
    best_sentences,
    figure_clause,
    named_items,
    quote_sentences,
)
from assistant.answer.statements import folded, label_style, split_sentences, statements
from assistant.answer.table_groups import GroupLabel, with_group
from assistant.core.text import query_tokens
from assistant.retrieval.query import analyze, asks_when
from assistant.vocab.bodies import find_bodies

__all__ = [
    "NOT_FOUND",
    "SHORTCOMING_TERMS",
    "Evidence",
    "answer_kind",
    "answers_intent",
    "asks_which_notice",
    "compose",
    "folded",
    "related_deadlines",
]

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
    start: int = 0  # the passage's offset in its document's normalized text
    # The group labels of its document's group-row tables (answer/table_groups.py).
    groups: tuple[GroupLabel, ...] = ()
    # Its innermost heading written out whole when that introduces a list (ends with ":"):
    # the path cuts a long heading with "…" (statements.heading_lead).
    lead: str = ""
    # The passages after it in its document that hold the items of the list its last line
    # opens ("…, không bao gồm các trường hợp sau:"), when the chunker cut the list there
    # (reads.list_continuation): its items are quoted with it.
    following: str = ""

    def with_following(self) -> str:
        return f"{self.text}\n{self.following}" if self.following else self.text


# A sentence whose first this many accent-folded characters the answer already holds is not
# quoted again as a related deadline. Chosen by hand on the seed set.
QUOTED_PREFIX_CHARS = 60


def related_deadlines(language: str, bodies: list[str], passages: list, answer: str) -> list[str]:
    """Lines quoting the sentences of the cited passages that name one of the bodies and a
    day ("gửi về Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 08/7/2020"), for a
    question that asks what a body must do *and by when*: the date often sits in the sentence
    next to the task rather than in it. passages: (n, text) pairs."""
    wanted = set(bodies)
    already = folded(answer)
    lines = []
    for n, text in passages:
        for sentence in split_sentences(text) or [text]:
            if not DAY.search(sentence) or folded(sentence)[:QUOTED_PREFIX_CHARS] in already:
                continue
            if not wanted & {c for _, _, c in find_bodies(sentence)}:
                continue
            label = "Related deadline" if language == "en" else "Thời hạn liên quan"
            lines.append(f"{label}: {quote_sentences([sentence])} [{n}]")
            already += " " + folded(sentence)
    return lines


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
    sentence_bonus=None,
) -> str:
    """The answer text. `gloss` turns a Vietnamese body name into "English (Vietnamese)";
    `question` (as asked) tells a "when" question that wants a day or a length of time;
    `weigh` gives a query term's weight (its idf) for choosing the sentences to quote;
    `sentence_bonus(sentences)`, when given, a score to add to each of a passage's sentences
    (an English question's cross-lingual similarity, Lookup.sentence_bonus)."""
    if not evidence:
        return NOT_FOUND[language]
    if intent == "which_documents":
        return _which_documents(question_terms, language, evidence, weigh=weigh)
    if intent in ("who", "tasks_of"):
        return _who(
            question_terms, intent, language, evidence, gloss, weigh, question, sentence_bonus
        )
    first = evidence[0]

    def quote(ev: Evidence, limit: int = 2) -> str:
        sentences = best_sentences(
            question_terms, ev.text, intent, limit, question, weigh, ev.context, sentence_bonus
        )
        chosen = list(sentences)  # before any is cut to its clause: an intro ends with ":"
        if limit > 1:
            sentences = with_parts(sentences, ev, intent, question, weigh)
        sentences = with_group(sentences, ev.text, ev.start, list(ev.groups))
        if intent == "when" or asks_when(question, language):
            # The date (or length of time: "... và trong bao lâu") the question asks for, when
            # the sentences that hold its words do not.
            dated = partial(holds_answer_type, intent="when", question=question)
            sentences = with_nearest(sentences, ev.text, dated, DATE_SENTENCE_REACH)
        terms = set(query_tokens(question_terms))
        if intent == "how_much":
            items = named_items(question)
            sentences = [
                figure_clause(s, terms, items=items, quantities=quantities) for s in sentences
            ]
        elif intent == "when":
            dated = partial(holds_answer_type, intent="when", question=question)
            # A date the question states ("... trước 20/10/2021 đúng không?") pins the clause
            # that confirms it, as a figure's does.
            sentences = [figure_clause(s, terms, holds=dated) for s in sentences]
        sentences, listed_items = with_list_items(sentences, chosen, ev.with_following())
        limit_chars = LIST_QUOTE_CHARS if listed_items else QUOTE_CHARS
        figure = partial(holds_answer_type, intent="how_much", question=question)
        wanted = figure if intent == "how_much" else None
        return quote_sentences(with_intro(sentences, ev, wanted), limit_chars)

    quantities = question_quantities(question) if intent == "how_much" else []
    if quantities:
        # The case asked about: of the passages cited (CASE_PASSAGES), the one whose band
        # holds the question's quantity leads ("8 năm": "từ đủ 84 tháng đến dưới 108 tháng"),
        # one of another case goes after those that write none.
        head = sorted(evidence[:CASE_PASSAGES], key=lambda ev: -band_fit(ev.text, quantities))
        evidence = [*head, *evidence[CASE_PASSAGES:]]
        first = evidence[0]
    # "How many groups ...?" is answered by the list of them: its items are quoted (up to
    # LISTED_KINDS_QUOTED), not the two sentences that share most words with the question.
    listed = intent == "how_much" and asks_kinds(question)
    lead = _lead(language, first.n)
    if asks_for_notice(question) and first.label:
        # "Which circular sets ...?": the quote says what the notice does, the lead which it is.
        lead = f"{lead[:-2]} ({first.label}): "
    lines = [lead + quote(first, LISTED_KINDS_QUOTED if listed else 2)]
    for extra in evidence[1:3]:
        if extra.coverage >= max(EXTRA_QUOTE_COVERAGE, first.coverage * EXTRA_QUOTE_RELATIVE):
            lines.append(f"{quote(extra, limit=1)} [{extra.n}]")
    return "\n".join(lines)


# Passages among which the one holding the question's case is looked for: all five the engine
# cites (tune d454: the case's passage ranked fifth, behind the payment procedure's).
CASE_PASSAGES = 5


# Items of a list quoted to answer "how many kinds": 6, the longest classification list of the
# tune half's notices (the financial-autonomy groups with their sub-levels) fits.
LISTED_KINDS_QUOTED = 6


# A long question asks several things, one per comma-separated part ("Với gói thầu ... chưa phát
# hành hồ sơ mời thầu, thì từ đầu năm 2023 phải tổ chức thế nào, người có thẩm quyền có phải
# điều chỉnh lại kế hoạch lựa chọn nhà thầu không?"): the sentence that best answers each part
# of at least QUESTION_PART_WORDS words is quoted too. 6: a part with its own verb and object;
# the shorter pieces between commas are lists ("phòng, chống hạn hán") or a place.
QUESTION_PART_WORDS = 6


def with_parts(sentences: list[str], ev: Evidence, intent: str, question: str, weigh) -> list[str]:
    """The quoted sentences plus the passage's best sentence for each part of the question,
    in the passage's order."""
    parts = [p for p in question.split(",") if len(p.split()) >= QUESTION_PART_WORDS]
    if len(parts) < 2:
        return sentences
    every = statements(split_sentences(ev.text))
    chosen = list(sentences)
    for part in parts:
        terms = analyze(part).search_text
        for sentence in best_sentences(terms, ev.text, intent, 1, part, weigh, ev.context):
            if sentence not in chosen:
                chosen.append(sentence)
    if len(chosen) == len(sentences):
        return sentences
    order = {s: i for i, s in enumerate(every)}
    return sorted(chosen, key=lambda s: order.get(s, len(every)))


# A list item: "a)", "-", "+", "•", "2.", "2.3)". Its meaning is in the line that introduces the
# list ("3. Đơn vị sự nghiệp công lập tự bảo đảm một phần chi thường xuyên, gồm:"), which is the
# passage's last heading when the passage is the item alone.
_LIST_ITEM = re.compile(r"^(?:[a-zđ]\)|[-–+•]|\d{1,2}(?:\.\d{1,2})*[.)])\s")


def with_intro(sentences: list[str], ev: Evidence, wanted=None) -> list[str]:
    """The quoted sentences led by the line that introduces their list ("…, gồm:"), when they
    open with a list item and the passage does not hold that line itself: "b) … từ 30% đến
    dưới 70% …" answers "which kind" only under "3. Đơn vị … tự bảo đảm một phần …, gồm:".
    `wanted` (what the answer must hold: a figure for how much): the intro leads them too when
    it holds that and they do not, whatever they open with ("a) Phạt tiền từ 8.000.000 đồng
    đến 12.000.000 đồng đối với một trong các hành vi vi phạm sau đây: …" over an item that
    names the act)."""
    if not sentences or not ev.section:
        return sentences
    lacking = (
        wanted is not None
        and ev.lead
        and ev.lead not in ev.text
        and not any(wanted(s) for s in sentences)
        and wanted(ev.lead)
    )
    if lacking:
        return [f"{ev.lead} …", *sentences]
    # Otherwise the heading as the path shows it: a long one cut with "…" is not repeated (a
    # whole one would push the item's own figure past QUOTE_CHARS: tune d187, d448).
    intro = ev.section[-1].strip()
    if not intro.endswith(":") or intro in ev.text or not _LIST_ITEM.match(sentences[0]):
        return sentences
    return [f"{intro} …", *sentences]


# A quoted sentence that ends with a colon introduces a list ("… gồm:", "… như sau:", "… các
# trường hợp sau:"): the answer is its items, which the sentence alone leaves out. Up to
# LIST_ITEMS_QUOTED items of the same kind ("a)", "1.", "-") that follow it in the cited passage
# are quoted with it (under the same [n]), each cut to LIST_ITEM_CHARS, the whole quote to
# LIST_QUOTE_CHARS. Chosen by hand, not swept: 8 items hold the five- and six-item lists of the
# followups round's blind chains (161/2026/NĐ-CP's funding sources and bonus-rule contents)
# whole and keep a twelve-item list (01/2026/TT-BTC's spending items) readable; 180 characters
# keep an item's first clause; 1200 fits the intro and eight such items.
LIST_ITEMS_QUOTED = 8
LIST_ITEM_CHARS = 180
LIST_QUOTE_CHARS = 1200


def list_items(intro: str, text: str) -> list[str]:
    """The items of the list `intro` (a statement ending with ":") opens in `text`, whole: the
    lines right after the line it ends, while they are items of the first item's kind (a
    numbered clause after lettered items is the next clause, not an item)."""
    intro = intro.strip()
    if not intro.endswith(":"):
        return []
    lines = [line.strip() for line in text.split("\n")]
    at = next((i for i, line in enumerate(lines) if line.endswith(intro)), None)
    if at is None:
        return []
    items: list[str] = []
    style = ""
    for line in lines[at + 1 :]:
        if not line:
            continue
        match = _LIST_ITEM.match(line)
        if match is None or (style and label_style(match.group()) != style):
            break
        style = style or label_style(match.group())
        items.append(line)
    return items


def _cut_item(item: str) -> str:
    if len(item) <= LIST_ITEM_CHARS:
        return item
    return item[:LIST_ITEM_CHARS].rsplit(" ", 1)[0] + " …"


def with_list_items(sentences: list[str], chosen: list[str], text: str) -> tuple[list[str], bool]:
    """The quoted sentences with, after each that introduces a list (`chosen`: the same
    sentences before any was cut to its clause), the first LIST_ITEMS_QUOTED items of that
    list from the passage `text`; a piece of an item already quoted gives way to the whole
    item in its place. A list one of whose later items was chosen (the question asks about
    that item, not the list) is left as quoted. Also whether any items were added."""
    out = [s for s in sentences if s.strip()]
    added = False
    for intro in chosen:
        items = list_items(intro, text)
        later = [s for s in chosen if s != intro and any(s.strip() in i for i in items[1:])]
        if not items or later:
            continue
        items = items[:LIST_ITEMS_QUOTED]
        out = [s for s in out if not any(s.strip() in item for item in items)]
        where = next((i for i, s in enumerate(out) if s.strip() in intro), len(out) - 1)
        out[where + 1 : where + 1] = [_cut_item(item) for item in items]
        added = True
    return out, added


def _lead(language: str, n: int) -> str:
    return f"According to [{n}]: " if language == "en" else f"Theo [{n}]: "


# A "who" answer names the bodies of up to three passages; the second and third when they hold
# at least this share of what the first holds. Chosen by hand on the seed set.
WHO_QUOTE_RELATIVE = 0.8


def _who(
    question_terms, intent, language, evidence, gloss, weigh=None, question="", bonus=None
) -> str:
    lines = []
    for ev in evidence[:3]:
        if lines and ev.coverage < evidence[0].coverage * WHO_QUOTE_RELATIVE:
            break
        sentences = best_sentences(
            question_terms,
            ev.text,
            "who",
            1,
            question,
            weigh=weigh,
            context=ev.context,
            bonus=bonus,
        )
        sentences = with_nearest(sentences, ev.text)
        if asks_when(question, language):
            # "Ai chủ trì ..., hạn khi nào?": the deadline too, from the task's row or list.
            dated = partial(holds_answer_type, intent="when", question=question)
            sentences = with_nearest(sentences, ev.text, dated, DATE_SENTENCE_REACH)
        sentences, listed_items = with_list_items(sentences, sentences, ev.with_following())
        quote = quote_sentences(sentences, LIST_QUOTE_CHARS if listed_items else QUOTE_CHARS)
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


# A "who" quote must name a body. When the sentence that holds the question's words does not
# ("1. Tên nhiệm vụ: Xây dựng Đề án ..." of a task list, a task cell of a table row), the
# nearest sentence of the passage that names one does ("2. Cơ quan chủ trì: Bộ Tư pháp.", the
# row's next cells "Bộ Y tế Bộ Tài chính, ... Quý IV/2028"): looked for among this many
# sentences after the quoted one, then before it. 3 reaches past a task list's name and
# result lines to its lead; chosen on the tune half's task lists and annex tables (NQ 97, QĐ
# 844, whose lead is the next sentence or the one after).
BODY_SENTENCE_REACH = 3
# The same for a date asked of a task written as labelled fields ("1. Tên nhiệm vụ: ..." to
# "5. Thời gian hoàn thành: Quý IV/2026."): the deadline is the fourth field after the name
# (NQ 97/NQ-CP Điều 2, the tune half's one such list; the seed notices' deadlines sit in the
# task's sentence or the next).
DATE_SENTENCE_REACH = 4


# A body as a sentence names it: the provincial bodies of the vocabulary (find_bodies) or a
# central one by its capitalised kind ("Bộ Tư pháp", "Kiểm toán nhà nước", "Bảo hiểm xã hội
# Việt Nam", "Thủ tướng Chính phủ"), which the vocabulary does not list. Not "Ban hành", "Bộ
# luật".
_CENTRAL_BODY = re.compile(
    r"(?<!\w)(?:Bộ(?! luật)|Ủy ban|Uỷ ban|Sở|Ban(?! hành)|Văn phòng|Ngân hàng|Thanh tra"
    r"|Kiểm toán|Tòa án|Toà án|Viện|Bảo hiểm xã hội|Tổng cục|Cục|Hội đồng|Chính phủ|Thủ tướng"
    r"|Các bộ)\s+\w"
)


_LETTER = re.compile(r"[^\W\d_]")


def names_body(text: str) -> bool:
    return bool(_CENTRAL_BODY.search(text) or find_bodies(text))


def with_nearest(
    sentences: list[str], text: str, wanted=names_body, reach: int = BODY_SENTENCE_REACH
) -> list[str]:
    """The quoted sentences plus, when none is `wanted` (names a body; holds a date), the
    nearest one of the passage that is, in text order, within `reach` sentences (a bare item
    number "2." is not one)."""
    if not sentences or wanted(" ".join(sentences)):
        return sentences
    bare = [s.removeprefix("… ").removesuffix(" …") for s in sentences]
    every = [s for s in statements(split_sentences(text)) if _LETTER.search(s) or s in bare]
    if bare[-1] not in every:
        return sentences
    last = every.index(bare[-1])
    first = every.index(bare[0]) if bare[0] in every else last
    after = every[last + 1 : last + 1 + reach]
    before = every[max(0, first - reach) : first][::-1]
    for i, candidate in enumerate(after):
        if wanted(candidate):
            # "…" marks the sentences left out between the quote and the one added.
            return [*sentences, f"… {candidate}" if i else candidate]
    for i, candidate in enumerate(before):
        if wanted(candidate):
            return [f"{candidate} …" if i else candidate, *sentences]
    return sentences


def _named_in(bodies: list[str], quote: str, section: list[str]) -> list[str]:
    """The bodies (canonical names) that the quoted sentence or its heading names: the
    opening sentence of a "who" answer names no body its quote does not show (a passage's
    ledger records may belong to other sentences of it)."""
    context = " ".join([quote, *section[-1:]])
    named = {canonical for _, _, canonical in find_bodies(context)}
    return [b for b in bodies if b in named]


# A heading that is only a body's name ("7. Bộ Công an", "Trách nhiệm của Sở Y tế"): the bullets
# under it are that body's duties. Capitalised body words, at most HEADING_BODY_CHARS characters,
# no sentence punctuation; "Ban hành ..." is a verb.
_BODY_HEADING = re.compile(
    r"^(?:(?:Trách nhiệm|Nhiệm vụ) của\s+)?((?!Ban hành)(?:Bộ|Ủy ban|Uỷ ban|Sở|Ban|Văn phòng"
    r"|Ngân hàng|Thanh tra|Kiểm toán|Tòa án|Toà án|Viện|Bảo hiểm xã hội|Tổng cục|Cục|Đài"
    r"|Thông tấn xã|Các bộ)\s[^.;:]*)$"
)
HEADING_BODY_CHARS = 60  # body names in the tune half's headings run to ~45 characters
_HEADING_NUMBER = re.compile(r"^[\dIVXivx]+[.)\-]+(\d+[.)])*\s*")


def _heading_subject(section: list[str]) -> list[str]:
    """A heading that introduces bullets ("2.3. Ban cán sự đảng ... lãnh đạo ...:") names who
    acts; return it without its number when it ends with a colon, or when it is only a body's
    name ("7. Bộ Công an")."""
    for heading in reversed(section):
        text = _HEADING_NUMBER.sub("", heading.strip())
        if heading.rstrip().endswith(":") and find_bodies(text):
            # A heading that names no body ("Bãi bỏ khoản 1 Điều 6 và sửa đổi Điều này như
            # sau:") introduces an amendment, not who acts.
            return [text.rstrip(": ")]
        named = _BODY_HEADING.match(text)
        if named and len(text) <= HEADING_BODY_CHARS:
            return [named.group(1)]
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
