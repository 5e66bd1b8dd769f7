"""Choosing the sentences of a passage to quote, and quoting them."""

from __future__ import annotations

import re

from assistant.answer.answer_types import CONTEXT_TERM_WEIGHT, has_figure, holds_answer_type
from assistant.answer.bands import band_fit, question_quantities
from assistant.answer.statements import split_sentences, statements
from assistant.core.text import fold, lexical_tokens, query_tokens


def _term_weights(
    terms: set[str], weigh, context: frozenset[str], carried: frozenset[str] = frozenset()
) -> dict[str, float]:
    def factor(t: str) -> float:
        if t in carried:
            return CARRIED_TERM_WEIGHT
        return CONTEXT_TERM_WEIGHT if t in context else 1.0

    return {t: (weigh(t) if weigh else 1.0) * factor(t) for t in terms}


# A facet follow-up is asked with the previous subject in brackets after its question mark
# ("Kết quả là gì? (xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài)",
# assistant/answer/resolution.py, _with_topic): the subject found the passage, the facet's own
# words choose the sentence to quote. The subject's words weigh CARRIED_TERM_WEIGHT, enough to
# break a tie between sentences, not to outweigh the facet: in a task's list of fields ("Tên
# nhiệm vụ: ...", "Kết quả: ...") the name holds every subject word. 0.1 set by hand on the
# followups round's tune chains (c109: at CONTEXT_TERM_WEIGHT, 0.3, the name still won).
CARRIED_TERM_WEIGHT = 0.1
_CARRIED = re.compile(r"\?\s*\(([^()]+)\)\s*$")


def carried_subject_tokens(question: str) -> frozenset[str]:
    """The query tokens of the previous subject a follow-up carries in brackets after its
    question mark that its own words do not hold; empty for any other question."""
    match = _CARRIED.search(question or "")
    if not match:
        return frozenset()
    own = set(query_tokens(question[: match.start()]))
    return frozenset(t for t in query_tokens(match.group(1)) if t not in own)


# Choosing the sentences to quote, all chosen by hand on the seed set. A sentence scores the
# (weighted) share of the query terms it holds, plus ANSWER_TYPE_SENTENCE_BONUS when it holds
# what the intent asks for (a figure, a date, a shortcoming); of the best `limit`, those within
# SENTENCE_KEEP_SHARE of the best score are quoted, in their order in the passage. A quote is
# cut at a word boundary after QUOTE_CHARS characters, so an answer stays readable.
ANSWER_TYPE_SENTENCE_BONUS = 0.3
SENTENCE_KEEP_SHARE = 0.6
QUOTE_CHARS = 600


# Anchors: what a question pins the answer to, beyond its words. A phrase it quotes ("what
# replaces 'nhà đầu tư'") is matched verbatim (accent-folded) and a part of a notice it names
# ("Article 31", "khoản 3", "điểm b") as the notice writes it ("Điều 31"); each anchor a
# sentence holds adds ANCHOR_BONUS to its score, the weight of the answer-type bonus: an anchor
# says where the answer is as surely as a figure says what it is. Chosen by hand on the tune
# half (the errata notices: "cụm từ ... thay bằng ...").
ANCHOR_BONUS = ANSWER_TYPE_SENTENCE_BONUS
# A sentence whose band ("từ đủ 84 tháng đến dưới 108 tháng", "từ 5 đến dưới 8 năm kinh
# nghiệm") holds the quantity the question states as its case ("đóng được 8 năm") gains
# BAND_BONUS; one whose bands hold it not (another case, sharing all the same words) loses it.
# The anchor's weight: the band says which case as surely as an article number says where.
# Tune half: the case-by-length questions (d185, d447, d454, d652, d818) and the pension bands.
BAND_BONUS = ANCHOR_BONUS
_QUOTED = re.compile(r"(?<!\w)[\"“‘']([^\"”’']{3,80})[\"”’'](?!\w)")
_PART_WORDS = {
    "dieu": "dieu",
    "article": "dieu",
    "khoan": "khoan",
    "clause": "khoan",
    "diem": "diem",
    "point": "diem",
    "chuong": "chuong",
    "chapter": "chuong",
    "phu luc": "phu luc",
    "appendix": "phu luc",
    "annex": "phu luc",
}
_PART = re.compile(
    r"\b(" + "|".join(_PART_WORDS) + r")\s+(\d{1,3}[a-z]?|[a-z]|[ivx]+)\b", re.IGNORECASE
)


# A question that asks where money comes from ("kinh phí lấy từ đâu", "từ nguồn nào", "where
# does the money come from", "funded from what"): the sentence naming a source ("từ nguồn dự
# phòng của Quỹ", "từ ngân sách nhà nước") is where the answer is. Both accent-folded.
_ASKS_SOURCE = re.compile(
    r"\b(?:tu dau|nguon nao|tu nguon|lay tu|where does .{0,40}come from|what source"
    r"|source of (?:the )?(?:money|funds?|funding)|funded (?:by|from|with)|paid (?:for )?from)\b"
)
_SOURCE = re.compile(r"\bnguon\b|\btu (?:ngan sach|quy|kinh phi)\b")


# A question that asks on whose proposal a notice was issued ("ban hành theo đề nghị của ai?",
# "do bộ nào đề xuất?", "theo tờ trình của bộ nào?", "on whose proposal", "who put forward"):
# the preamble line "Theo đề nghị của Bộ trưởng Bộ Y tế tại Tờ trình số ..." is where the answer
# is, not the "Căn cứ ..." lines around it, which share the question's words about the notice.
# Both accent-folded.
_ASKS_PROPOSAL = re.compile(
    r"\b(?:(?:de nghi|de xuat|to trinh|kien nghi) cua (?:ai|[^?.!,]{0,30}\bnao)"
    r"|(?:ai|[^?.!,]{0,30}\bnao) (?:da )?(?:de nghi|de xuat)\b"
    r"|(?:on|at) whose (?:proposal|recommendation|request|submission|initiative)"
    r"|who (?:prop\w*s\w*d|put forward|recommended|requested|submitted)"
    r"|(?:proposal|recommendation|submission) (?:of|from|by) (?:which|what|whom)"
    r"|(?:proposed|put forward|recommended|submitted) by (?:which|what|whom))"
)
_PROPOSAL = re.compile(r"\b(?:theo |tren co so )?(?:de nghi|de xuat) cua\b|\bto trinh so\b")


# A question that asks what a text was changed to ("sửa thành gì?", "thay bằng gì?", "changed
# to what?", "what was it corrected to?"): the sentence that states the new wording ("Nay sửa
# thành: ...", "... được thay bằng ...", "Chỉnh sửa cụm từ X thành cụm từ Y") is where the
# answer is, not the one quoting the old wording under the same article. Both accent-folded.
_ASKS_NEW_WORDING = re.compile(
    r"\b(?:(?:sua|doi|thay|chinh sua|dinh chinh|sua doi)(?: lai)? thanh (?:gi|cum tu nao|the nao"
    r"|nhu the nao|ra sao)|thay (?:the )?bang (?:gi|cum tu nao)"
    r"|(?:changed?|amended|corrected|replaced|revised|reworded) (?:to|into|with|by) what"
    r"|what .{0,60}(?:changed|amended|corrected|replaced|revised|reworded) (?:to|into|with|by)"
    r"|now reads?|(?:read|say)s? now)\b"
)
_NEW_WORDING = re.compile(
    r"\b(?:nay )?(?:sua|doi|chinh sua)(?: doi)?(?: lai)? thanh\b|\bthay (?:the )?bang\b"
    r"|\bthanh cum tu\b"
)


# An item a question names by its label and number ("mức 1", "level 1", "loại II", "nhóm A",
# "category IV"): the passage that is that item ("a) Mức 1, không quá 70.000.000 đồng/tháng
# ...") answers, not a sibling that only refers to it ("... mức lương theo khoản 1 Điều này").
# English words to the Vietnamese label; matched at the start of an item, accent-folded.
_ITEM_WORDS = {
    "muc": "muc",
    "level": "muc",
    "loai": "loai",
    "category": "loai",
    "nhom": "nhom",
    "group": "nhom",
    "hang": "hang",
    "grade": "hang",
    "class": "hang",
    "tier": "muc",
}
_ITEM = re.compile(
    r"\b(" + "|".join(_ITEM_WORDS) + r")\s+(\d{1,2}|[ivx]{1,4}|[a-d])\b", re.IGNORECASE
)
# The same labels where a question may join them with a hyphen ("a level-3 consultant").
_ITEM_LABEL = re.compile(
    r"\b(" + "|".join(_ITEM_WORDS) + r")[\s-]+(\d{1,2}|[ivx]{1,4})\b(?![/.,]\d)"
    # not a figure at that level ("mức 5 triệu đồng", "mức 3 lần")
    r"(?!\s*(?:%|trieu|ty|nghin|ngan|dong|phan|lan|nam|thang|ngay|gio|tuan|million|billion"
    r"|thousand|percent|times|years?|months?|days?)\b)",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}


def item_labels(question: str) -> list[list[str]]:
    """The numbered items a question names ("mức 5", "level 5", "loại IV"), each as the
    accent-folded spellings a notice may give it: "muc 5" / "muc v" ("loại 4" is "loại IV"
    in a notice that numbers its classes in Roman numerals)."""
    labels = []
    for match in _ITEM_LABEL.finditer(fold(question)):
        word, number = _ITEM_WORDS[match.group(1).lower()], match.group(2).lower()
        value = int(number) if number.isdigit() else _ROMAN.get(number)
        if not value:
            continue
        roman = next((r for r, v in _ROMAN.items() if v == value), "")
        spellings = [f"{word} {value}", f"{word} {value:02d}"] + (
            [f"{word} {roman}"] if roman else []
        )
        labels.append(list(dict.fromkeys(spellings)))
    return labels


def named_items(question: str) -> list[re.Pattern]:
    """Patterns over an accent-folded, lower-case passage (line breaks kept) that hold the
    start of an item the question names ("mức 1" -> "a) Mức 1, ..." or "Mức 1:")."""
    found = []
    for match in _ITEM.finditer(fold(question)):
        word = _ITEM_WORDS[match.group(1).lower()]
        found.append(
            re.compile(
                rf"(?:^|\n)\s*(?:[a-z]\)\s*|\d{{1,2}}[.)]\s*)?{word}\s+{re.escape(match.group(2))}\b"
            )
        )
    return found


def holds_named_item(text: str, items: list[re.Pattern]) -> bool:
    folded = "\n".join(fold(line) for line in text.splitlines())
    return any(p.search(folded) for p in items)


def anchors(question: str) -> list[re.Pattern]:
    """Patterns over an accent-folded sentence, one per anchor of the question: the phrases it
    quotes, the parts of a notice it names ("Điều 31", "Article 31" -> "dieu 31"), a source of
    money when it asks where money comes from, the new wording when it asks what a text was
    changed to, the proposal line when it asks on whose proposal the notice was issued."""
    found = [_SOURCE] if _ASKS_SOURCE.search(fold(question)) else []
    if _ASKS_PROPOSAL.search(fold(question)):
        found.append(_PROPOSAL)
    if _ASKS_NEW_WORDING.search(fold(question)):
        found.append(_NEW_WORDING)
    for match in _QUOTED.finditer(question):
        phrase = " ".join(fold(match.group(1)).split())
        if len(phrase.split()) >= 2 or len(phrase) >= 4:
            found.append(re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"))
    for match in _PART.finditer(fold(question)):
        word = _PART_WORDS[" ".join(match.group(1).lower().split())]
        found.append(re.compile(rf"\b{word}\s+(?:so\s+)?{re.escape(match.group(2))}\b"))
    return found


def best_sentences(
    query: str,
    text: str,
    intent: str,
    limit: int = 2,
    question: str = "",
    weigh=None,
    context: frozenset[str] = frozenset(),
    bonus=None,
) -> list[str]:
    """Sentences of a passage in their original order, chosen by how much of the query they
    hold (each term by `weigh`, its idf in the collection, when given; terms of the
    document's own `context` at CONTEXT_TERM_WEIGHT), with a bonus for what the intent asks
    for (figures, dates) and for each anchor of the question (a phrase it quotes, an article
    it names), and `bonus(sentences)`'s score for each when given (an English question's
    cross-lingual similarity). Headings are not quoted on their own."""
    sentences = statements(split_sentences(text))
    if len(sentences) <= 1:
        return sentences
    terms = set(query_tokens(query))
    weights = _term_weights(terms, weigh, context, carried_subject_tokens(question))
    total = sum(weights.values()) or 1.0
    pinned = anchors(question)
    quantities = question_quantities(question) if intent == "how_much" else []
    extra = bonus(sentences) if bonus is not None else [0.0] * len(sentences)
    scored = []
    for i, sentence in enumerate(sentences):
        tokens = set(lexical_tokens(sentence))
        score = sum(w for t, w in weights.items() if t in tokens) / total + extra[i]
        if pinned:
            key = " ".join(fold(sentence).split())
            score += ANCHOR_BONUS * sum(bool(p.search(key)) for p in pinned)
        if quantities:
            score += BAND_BONUS * band_fit(sentence, quantities)
        if intent in ("how_much", "when", "shortcoming") and holds_answer_type(
            sentence, intent, question
        ):
            score += ANSWER_TYPE_SENTENCE_BONUS
        scored.append((score, i))
    top = sorted(scored, reverse=True)[:limit]
    best = top[0][0]
    keep = sorted(i for score, i in top if score >= best * SENTENCE_KEEP_SHARE and score > 0)
    keep = keep or [top[0][1]]
    # A sentence that ends with a colon introduces what follows ("b) Đối với dự án thuộc thẩm
    # quyền ... của Ủy ban nhân dân cấp tỉnh:" + "Sở Kế hoạch và Đầu tư ... là cơ quan tổ chức
    # đấu thầu ..."): the answer is in the sentence after it.
    follow = [i + 1 for i in keep if sentences[i].rstrip().endswith(":") and i + 1 < len(sentences)]
    return [sentences[i] for i in sorted({*keep, *follow})]


def quote_sentences(sentences: list[str], limit: int = QUOTE_CHARS) -> str:
    text = " ".join(sentences).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


# A second and third passage are quoted after the first when they hold at least
# EXTRA_QUOTE_COVERAGE of the question and EXTRA_QUOTE_RELATIVE of what the first holds: a

_CLAUSE_END = re.compile(r"(?<=[;:])\s+")
_LONG_SENTENCE = 200  # characters; shorter sentences are quoted whole


def figure_clause(
    sentence: str,
    terms: set[str],
    holds=has_figure,
    pin_dates: bool = True,
    items: list[re.Pattern] | None = None,
    quantities: list | None = None,
) -> str:
    """For a long sentence packed with results, the clause that holds the asked-for figure
    ("… Tăng trưởng kinh tế đạt 3%;"), so a quick lookup reads the number, not the paragraph.
    `holds`: what the clause must hold (a figure; a date for "when": "…; rà soát các chương
    trình … hoàn thành trong quý IV năm 2026", whose date a whole quote would cut off).
    Verbatim; "…" marks what was left out. `items` (named_items of the question): a clause
    that opens the item the question names ("c) Mức 3, không quá 40.000.000 đồng/tháng ...")
    comes first, before one sharing more of its words ("... có từ 3 đến dưới 5 năm kinh
    nghiệm ...": tune d651, f217). `quantities` (question_quantities): the clause whose band
    holds the question's case comes first too, led by the intro that states its figure ("b)
    Mức 2, không quá 55.000.000 đồng/tháng ... sau đây:" … "hoặc ... từ 5 đến dưới 8 năm
    kinh nghiệm")."""
    if len(sentence) <= _LONG_SENTENCE:
        return sentence
    clauses = [c for c in _CLAUSE_END.split(sentence) if c.strip()]
    pins = {t for t in terms if _PIN.search(t) and (pin_dates or "@" not in t)}
    quantities = quantities or []
    scored = [
        (
            bool(items) and holds_named_item(c, items),
            band_fit(c, quantities),
            len(pins & tokens),
            len(terms & tokens),
            i,
        )
        for i, c in enumerate(clauses)
        if holds(c)
        for tokens in [set(lexical_tokens(c))]
    ]
    if not scored:
        return sentence
    *_, fit, _, _, best = max(scored, key=lambda row: (*row[:4], -row[4]))
    first = best
    if best > 0 and clauses[best - 1].rstrip().endswith(":") and holds(clauses[best - 1]):
        # The clause is a case of an intro that holds the figure itself ("Mức 2, không quá
        # 55.000.000 đồng/tháng đối với ... sau đây:" + "chuyên gia ... từ 10 đến dưới 15 năm
        # kinh nghiệm"); an intro without one ("... đạt một số kết quả tích cực:") is left out.
        first = best - 1
    elif fit > 0:
        # The case of the question's band, further down the intro's list of cases: the intro
        # states the figure, "…" marks the cases left out.
        intro = next(
            (j for j in range(best - 1, -1, -1) if clauses[j].rstrip().endswith(":")), None
        )
        if intro is not None and holds(clauses[intro]):
            head = "… " if intro > 0 else ""
            tail = " …" if best < len(clauses) - 1 else ""
            return f"{head}{clauses[intro].strip()} … {clauses[best].strip()}{tail}"
    clause = " ".join(c.strip() for c in clauses[first : best + 1])
    before = "… " if first > 0 else ""
    after = " …" if best < len(clauses) - 1 else ""
    return f"{before}{clause}{after}"


# What a question pins its figure to beyond its words: a number of two digits or more and the
# word pairs holding it ("năm 2026" -> "2026", "năm_2026"), or a date in any form ("@2025-07-01",
# a lexical token of "1/7/2025" and "01 tháng 7 năm 2025" alike). The clause holding the most
# of them is the clause that answers, whatever else it shares with the question: "năm 2025 tối
# đa 1,36%, năm 2026 tối đa 1,26% ..." for "năm 2026 ... mấy phần trăm", not the averaged
# clause before it ("giai đoạn 2025 - 2027 tối đa 1,28% ..."), which shares more of the
# question's words. One-digit numbers pin nothing: "1" is in every "khoản 1", "1,26%".
_PIN = re.compile(r"\d{2,}|^~?@")
