"""Query understanding: language, intent, English -> Vietnamese expansion, and the text that
lexical and dense search should use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.core.text import normalize_unicode, strip_diacritics, typed_with_accents
from assistant.retrieval.framing import question_content
from assistant.vocab.bodies import find_bodies, known_body
from assistant.vocab.english_words import english_words, is_transposition
from assistant.vocab.glossary import Glossary
from assistant.vocab.spelling import QUESTION_WORDS, Speller, english_speller
from assistant.vocab.titles import title_pattern

INTENTS = ("who", "when", "how_much", "which_documents", "tasks_of", "what")


@dataclass
class QueryAnalysis:
    """What a question asks for.

    intent:
      - "which_documents": which notices mention something ("Những văn bản nào nhắc đến ...").
      - "how_much": a number, rate or amount ("... đạt bao nhiêu?", "how many ...").
      - "who": which body is responsible for a given task ("Cơ quan nào phải chỉ đạo ...?").
      - "tasks_of": what a named body is assigned ("Văn phòng Tỉnh ủy được giao những việc gì,
        hạn khi nào?", "What is the provincial police assigned to?"); the answer lists the
        body's tasks with their deadlines. Needs a body named in the question (see bodies).
      - "when": a date or deadline ("khi nào", "thời hạn", "by when").
      - "what": anything else.
    When several apply, the first in the order above wins, except that an explicit "who"
    question word (ai, cơ quan nào, which body) outranks "tasks_of".
    """

    text: str  # the question, NFC, one tone-mark convention, stripped
    language: str  # "vi" | "en"
    intent: str  # one of INTENTS
    expansions: list[str] = field(default_factory=list)  # Vietnamese terms (English questions)
    search_text: str = ""  # what lexical + dense retrieval should search with
    bodies: list[str] = field(default_factory=list)  # canonical bodies named in the question
    # What the question asks of a person or a document rather than of a passage's content:
    # "signer" (who signed it), "number" (its số hiệu), "date" (the day it was signed, in
    # Vietnamese questions), "person" (who holds a title or chaired
    # / concluded a meeting); "" for everything else. See _asks.
    asks: str = ""
    # The share of an English question's content words the glossary maps to Vietnamese (1.0
    # for Vietnamese questions): lexical search sees only that share of the question, while
    # the dense model reads all of it (see benchmarks/english_fallback.py).
    mapped_share: float = 1.0
    # Content words of an English question the glossary lacks (stemmed, as unmatched_english
    # gives them) -> Vietnamese terms of the collection the multilingual model places nearest
    # (retrieval/english_terms.py; set by the lookup, which knows the collection).
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _vietnamese(patterns: list[str], fold_unsafe: tuple[str, ...] = ()) -> tuple:
    """(accented regex, accent-free regex). Patterns whose folded form means something else
    ("mấy" -> "may", as in "bộ máy") stay out of the accent-free one."""
    folded = [strip_diacritics(p) for p in patterns if p not in fold_unsafe]
    return _compile(patterns), _compile(folded) if folded else None


_NOUN_NAO = (
    r"(?:cơ quan|đơn vị|bộ|sở|ban|ngành|bộ phận|tổ chức|lực lượng|cấp|người|địa phương|cá nhân)"
)
_DOC = r"(?:văn bản|thông báo|kết luận|nghị quyết|chỉ thị|kế hoạch|tài liệu|công văn|quyết định)"
# A bare "hạn" asks for a deadline ("hạn khi nào?", "..., hạn?"), unless it ends another word
# (trung hạn = medium-term, quyền hạn = authority, giới hạn = limit).
_DEADLINE_HAN = (
    r"(?:^|[\s,;:])(?<!trung )(?<!dài )(?<!ngắn )(?<!quyền )(?<!giới )(?<!kỳ )"
    r"hạn(?=\s+(?:khi nào|bao giờ|là|ngày|đến|hoàn thành|cuối)|\s*[?,;.]|\s*$)"
)
# "hạn" with a question word after it asks for a deadline typed without accents too ("han khi
# nao", "han quy may"): with the question word, "han" is not hạn hán (drought) nor a thang máy.
_DEADLINE_HAN_ASKED = (
    r"(?<!trung )(?<!dài )(?<!ngắn )(?<!quyền )(?<!giới )(?<!kỳ )"
    r"\bhạn\s+(?:khi nào|bao giờ|ngày nào|ngày mấy|tháng mấy|quý mấy|năm nào|chót)\b"
)

# Legal text types. "Những thông tư nào quy định ..." asks which notices of the collection say
# something; a bare "... thay thế thông tư nào?" asks for the one a notice cites, so only the
# plural form counts for these.
_LEGAL_DOC = r"(?:thông tư|nghị định|luật|pháp lệnh|quyết định|nghị quyết|chỉ thị|văn bản)"

# "mấy" counts ("mấy ngày", "bao nhiêu") except after a noun that it numbers rather than counts:
# "loại mấy" (which category), "thứ mấy" / "lần thứ mấy" (which one), "quý mấy", "tháng mấy",
# "ngày mấy", "năm mấy" (which period: a "when" question), "điều mấy", "khoản mấy", "mức mấy".
# Those ask for a label, and a figure-type check would refuse the category or the quarter that
# answers them ("thuộc điều kiện lao động loại mấy?", "hoàn thành vào quý mấy năm nào?").
_MAY_LABEL_NOUNS = (
    "loại",
    "thứ",
    "quý",
    "tháng",
    "ngày",
    "năm",
    "cấp",
    "hạng",
    "nhóm",
    "mức",
    "điều",
    "khoản",
    "mục",
    "điểm",
    "phụ lục",
    "chương",
)
_MAY_COUNT = "".join(f"(?<!{noun} )" for noun in _MAY_LABEL_NOUNS) + r"\bmấy\b"
_MAY_WHEN = r"\b(?:quý|tháng|ngày|năm)\s+mấy\b"

_VI = {
    "which_documents": _vietnamese(
        [
            rf"\b{_DOC}\s+(?:nào|gì)\b",
            rf"\b(?:những|các)\s+{_LEGAL_DOC}(?:\s+\w+)?\s+nào\b",
            r"\bliệt kê\b",
            r"\b(?:văn bản|thông báo)\s+(?:có\s+)?(?:nhắc|đề cập|nói)\b",
        ]
    ),
    # "Các văn bản ..." without a question word of its own: a list of notices, unless the
    # question asks something else of them ("Thông tư bãi bỏ các văn bản ... có hiệu lực từ
    # ngày nào?" asks a date: blind tune d1036 was answered with a list of notices).
    "which_documents_weak": _vietnamese([r"\b(?:những|các)\s+văn bản\b"]),
    "how_much": _vietnamese(
        [r"\bbao nhiêu\b", _MAY_COUNT, r"\bt[ỷỉ] lệ\b", r"\btổng số\b", r"\bsố lượng\b"],
        fold_unsafe=(_MAY_COUNT,),
    ),
    "who_explicit": _vietnamese([r"\bai\b", rf"\b{_NOUN_NAO}\s+nào\b", r"\b(?:do|bởi|cho)\s+ai\b"]),
    "tasks_of": _vietnamese(
        [
            r"\b(?:được giao|phải|cần|có nhiệm vụ|có trách nhiệm|chịu trách nhiệm|được yêu cầu"
            r"|nhiệm vụ của)\b[^?.!]{0,40}?\bgì\b",
            r"\b(?:việc|nhiệm vụ|công việc|nội dung)\s+nào\b",
        ]
    ),
    "when": _vietnamese(
        [
            r"\bkhi nào\b",
            r"\bbao giờ\b",
            r"\bthời hạn\b",
            r"\bhạn chót\b",
            r"\bđến hạn\b",
            r"\bbao lâu\b",
            r"\b(?:ngày|tháng|năm|lúc|thời điểm|thời gian|giai đoạn|nhiệm kỳ|thời kỳ)\s+nào\b",
            _MAY_WHEN,
            _DEADLINE_HAN,
            _DEADLINE_HAN_ASKED,
        ],
        # "han" is also hạn hán (drought); "thang may" is also thang máy (a lift)
        fold_unsafe=(_DEADLINE_HAN, _MAY_WHEN),
    ),
    "who_weak": _vietnamese([r"\bđược giao\b", r"\bphụ trách\b", r"\bchịu trách nhiệm\b"]),
}

_ORG = (
    r"(?:body|bodies|agency|agencies|department|departments|unit|units|organi[sz]ations?|office"
    r"|offices|authority|authorities|committee|committees|force|forces|officials?|boards?"
    r"|commissions?|ministry|ministries|person|people)"
)
_EN = {
    "which_documents": _compile(
        [
            r"\b(?:which|what)\s+(?:\w+\s+)?(?:documents?|notices?|conclusions|directives?"
            r"|resolutions?|texts?)\b",
            # A plural of another document type asks for a list ("Which decisions corrected
            # ..."); a singular one asks for one fact ("which earlier decision did it replace").
            r"\b(?:which|what)\s+(?:\w+\s+)?(?:decisions|circulars|decrees|laws|regulations"
            r"|instructions)\b",
            r"\blist\s+(?:all\s+|the\s+)?(?:\w+\s+)?(?:documents|notices)\b",
            r"\b(?:documents?|notices?)\s+(?:that\s+)?(?:mention|refer|discuss|cover|talk)",
        ]
    ),
    "how_much": _compile(
        [
            r"\bhow\s+(?:much|many|high|low|large|big|fast)\b",
            r"\bwhat\s+(?:percentage|percent|proportion|share|rate|amount|number|level|value"
            r"|figure)\b",
            r"\bwhat\s+(?:was|is|were|are)\s+(?:the\s+)?(?:[\w'’]+\s+){0,3}(?:rate|percentage|share"
            r"|amount|number|total|growth|revenue|figure|level|value)\b",
            # An amount asked by its limit or its kind of money: "what is the salary cap",
            # "what's the max monthly pay", "what is the ceiling for admin costs".
            r"\bwhat\s+(?:was|is|were|are|will\s+be)\s+(?:the\s+|their\s+|its\s+)?"
            r"(?:[\w'’-]+\s+){0,3}(?:caps?|ceilings?|max|maximum|minimum|limit|fees?|prices?"
            r"|costs?|salary|salaries|pay|wages?|allowances?|pensions?|rates?"
            r"|amounts?|sums?|fines?|penalt(?:y|ies))\b(?!\s+(?:of\s+)?(?:documents?|notices?))",
            # A fine asked by its size: "what fine applies to ...", "what penalty does ...
            # face", "could he be fined more than 10 million": an amount, whatever "when" or
            # "what" the rest of the question holds ("... when it isn't serious enough").
            r"\bwhat\s+(?:fines?|penalt(?:y|ies))\b",
            # "What corporate income tax rate goes on ...", "what monthly fee": the figure's noun
            # after a few words that say which one.
            r"\bwhat\s+(?:[a-z-]+\s+){1,3}(?:rates?|percentages?|fines?|fees?|penalt(?:y|ies))\b",
            # A measure asked by its noun: "what lifting capacity", "what working pressure puts
            # a boiler on the list", "what age": a threshold figure (check batch d1052, d1059).
            # Not "what age" nor "what height": "up to what age" is answered by "tuổi nghỉ hưu"
            # (tune d749), and a height asked as "what" quoted the right row of a table where
            # how-much's figure bonus chose another row's height (tune d772).
            r"\bwhat\s+(?:[a-z-]+\s+){0,2}(?:capacity|capacities|pressure|weight|load|threshold"
            r"|speed|temperature|voltage)\b",
            r"\bfined\s+(?:more|less|over|under|above|below|up\s+to|at\s+(?:most|least))\b",
        ]
    ),
    "who_explicit": _compile([r"\bwho(?:m|se)?\b", rf"\b(?:which|what)\s+(?:\w+\s+)?{_ORG}\b"]),
    "tasks_of": _compile(
        [
            r"\bwhat\b.*\b(?:assigned|tasked|required|asked|expected|instructed|directed)\b",
            r"\bwhat\s+(?:tasks?|duties|responsibilities|work|assignments|jobs?)\b",
            r"\bwhat\s+(?:must|should|does|do|did|will|has|have)\b.*\bdo\b",
        ]
    ),
    "when": _compile(
        [
            # "when" asks the time unless it joins a clause to a question that asks something
            # else: "... an objective factor when setting staff wages?", "... when it comes to
            # pay?", "... the flag when it is wrapped up?" (a gerund or a subject follows it; a
            # question's "when" is followed by its verb: "when can we", "by when must"). An
            # embedded question keeps it: "tell me when the decree takes effect".
            r"\bwhen\b(?!\s+(?:[a-z]+ing|it\s+comes\s+to)\b)"
            r"(?!\s+(?:the|a|an|it|they|we|he|she|this|that|these|those|its|their|our|you|i"
            r"|someone|somebody|people|staff)\b)",
            r"(?:^|\b(?:tell|know|say|ask|check|find\s+out|wondering|remind)\b[^?.!]*)\bwhen\b",
            r"\bdeadlines?\b",
            r"\b(?:what|which)\s+(?:date|day|month|year|time)\b",
            r"\bdue\b",
            r"\bhow\s+(?:soon|long)\b",
            r"\btime\s*(?:limit|frame|line)\b",
            # Deadline nouns of office English: "what's the cutoff", "the start date".
            r"\bcut-?\s?off\b",
            r"\b(?:start|starting|end|closing|target|effective|due)\s+date\b",
        ]
    ),
    "who_weak": _compile(
        [r"\bassigned\b", r"\btasked\b", r"\bresponsible\b", r"\bin charge\b", r"\bhandles?\b"]
    ),
}

# Words that mark a question as English / Vietnamese. Words that are also accent-free
# Vietnamese syllables ("to", "do", "an", "can", "on", "so") are left out of both lists.
_EN_WORDS = frozenset(
    """the is are was were what which who whom whose when where why how of and for in with by
    from does did must should has have had be been that this these those their its about any
    all list much many there it or not could would will shall need needs body bodies agency
    agencies department departments province provincial police documents document notices
    notice assigned assign tasks task deadline committee party people growth public investment
    responsible handle handles mention mentioned mentions what's who's when's please tell me
    show give get find summarize""".split()
)
_VI_WORDS = frozenset(
    """nao gi ai cua cac nhung duoc khi bao gio nhieu phai chi dao voi trong cho ve va la co
    khong nay tai sao thi de da se hay nhu tinh uy ban nganh huyen xa quan don vi viec nhiem vu
    giao chu tri phoi hop cao han nam thang ngay quy dat tang truong kinh te thu ngan sach dau
    tu cong van thong ket luan nghi quyet phong chong rung chay nuoc dan nhan hoi dong trung
    uong chinh phu dang bo thuong truc vung dia phuong thuc hien trien khai kiem tra hoan thanh
    truoc sau nhac den ho tro du lich ma tuy moi nong thon xay dung giai von muc tieu lam gom
    nguoi hoac sao""".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+")

# Question-function words that only add noise to a Vietnamese search (content words stay).
_VI_NOISE = [
    "cơ quan, đơn vị nào",
    "cơ quan nào",
    "đơn vị nào",
    "những văn bản nào",
    "các văn bản nào",
    "văn bản nào",
    "thông báo nào",
    "kết luận nào",
    "tài liệu nào",
    "những văn bản",
    "các văn bản",
    "nhắc đến",
    "nhắc tới",
    "đề cập đến",
    "đề cập tới",
    "đề cập",
    "nói về",
    "nói đến",
    "cho tôi biết",
    "cho biết",
    "vui lòng",
    "liệt kê",
    "khi nào",
    "bao giờ",
    "lúc nào",
    "ngày nào",
    "là bao lâu",
    "bao lâu",
    "là bao nhiêu",
    "bao nhiêu phần trăm",
    "bao nhiêu",
    "như thế nào",
    "thế nào",
    "ra sao",
    "là gì",
    "những việc gì",
    "những gì",
    "việc gì",
    "gì",
    "nào",
    "ai",
    "những",
    "các",
    "phải",
    "cần",
    "được",
    "đã",
    "sẽ",
    "có",
    "không",
    "là",
    "thì",
    "vậy",
    "hãy",
    "xin",
    "ạ",
    "nhỉ",
    "mấy",
]
# Accent-free forms that are other words too ("co" in "co quan", "vay" = loan, "thi" = exam).
_FOLD_AMBIGUOUS = {"có", "đã", "sẽ", "là", "cần", "thì", "vậy", "ạ", "nhỉ", "mấy"}


def _phrase_regex(phrases: list[str]) -> re.Pattern:
    ordered = sorted(set(phrases), key=len, reverse=True)
    alternatives = [re.escape(p).replace(r"\ ", r"\s+").replace(",", r",?") for p in ordered]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


_VI_NOISE_RE = _phrase_regex(_VI_NOISE)


def _phrase_key(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").split())


_VI_NOISE_FOLDED_RE = _phrase_regex(
    [strip_diacritics(p) for p in _VI_NOISE if p not in _FOLD_AMBIGUOUS]
)
# The question phrases of two or more syllables ("bao nhiêu", "khi nào", "như thế nào"), matched
# on accent-folded text: the speller mends a question word typed wrong ("bao nhiu") after the
# question words were stripped, and the accents the collection restores to it need not be the
# question word's ("nhiu" -> "nhiều", the commoner syllable). Left in, they count as topic words
# no passage holds (tune d251: "bao nhiều phần trăm" kept coverage 0.41 under the found bar).
# Only phrases of several syllables: folded, a one-syllable question word is often a content
# word too ("nao", "gi", "ai").
_QUESTION_PHRASES = {
    _phrase_key(strip_diacritics(p)): p
    for p in _VI_NOISE
    if " " in p and set(p.replace(",", "").split()) & QUESTION_WORDS
}
_MENDED_QUESTION_RE = _phrase_regex([strip_diacritics(p) for p in _QUESTION_PHRASES.values()])


def accent_question_phrases(text: str) -> str:
    """In a question typed with accents, its multi-syllable question phrases typed without them
    or with others ("bao nhieu", "bao nhiều", "khi nao") given their own: the intent and the
    answer kind are read from the accented phrases, and the question words are stripped from
    the search text only when spelled right."""
    folded = strip_diacritics(text)
    if len(folded) != len(text) or not typed_with_accents(text):
        return text
    out, last = [], 0
    for match in _MENDED_QUESTION_RE.finditer(folded):
        phrase = _QUESTION_PHRASES.get(_phrase_key(match.group()))
        typed = text[match.start() : match.end()]
        if phrase is None or _phrase_key(typed) == _phrase_key(phrase):
            continue
        out.append(text[last : match.start()])
        out.append(phrase[:1].upper() + phrase[1:] if typed[:1].isupper() else phrase)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def question_phrase_count(text: str) -> int:
    """How many multi-syllable question phrases ("bao nhiêu", "khi nào") `text` holds, however
    they are accented."""
    return len(_MENDED_QUESTION_RE.findall(strip_diacritics(text)))


def strip_mended_question_words(text: str) -> str:
    """`text` without the multi-syllable question phrases its accent-folded form holds, however
    they are accented ("tăng bao nhiều phần trăm" -> "tăng"): for a Vietnamese question's
    search text after spelling correction."""
    folded = strip_diacritics(text)
    if len(folded) != len(text):
        return text
    spans = [m.span() for m in _MENDED_QUESTION_RE.finditer(folded)]
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    kept = " ".join("".join(out).split()).strip(" ,;:.-")
    return kept if _WORD_RE.search(kept) else text


_QUESTION_TERMS = {normalize_unicode(p).lower() for p in _VI_NOISE} | {
    "ai",
    "cơ quan nào",
    "đơn vị nào",
    "khi nào",
    "bao giờ",
    "bao nhiêu",
    "văn bản nào",
    "những việc gì",
    "nhiệm vụ gì",
    "tại sao",
    "vì sao",
    "như thế nào",
    "ở đâu",
    # What an English question asks for rather than what about ("By what percent did ...",
    # "what percentage"): the answer-type check looks for the figure; as a topic concept no
    # passage would hold it, since the notices write "12,5%", never "phần trăm".
    "phần trăm",
    "%",
}


# Votes for a question's language: an English function word counts ENGLISH_WORD_WEIGHT, a common
# Vietnamese word 1, any other word with a diacritic ACCENTED_WORD_WEIGHT (a Vietnamese name in
# an English question carries accents too). Chosen by hand on the seed set's questions.
ENGLISH_WORD_WEIGHT = 1.5
ACCENTED_WORD_WEIGHT = 0.5


def detect_language(text: str) -> str:
    """ "en" when English function words outnumber Vietnamese evidence, else "vi" (the default
    for empty, emoji-only or code-only questions)."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    english = sum(ENGLISH_WORD_WEIGHT for w in words if w in _EN_WORDS)
    vietnamese = 0.0
    for word in words:
        folded = strip_diacritics(word)
        if folded in _VI_WORDS and word not in _EN_WORDS:
            vietnamese += 1
        elif folded != word:
            vietnamese += ACCENTED_WORD_WEIGHT  # a diacritic, but not a common word
    return "en" if english > vietnamese else "vi"


# English contractions spelled out, so "what's the cap" reads as "what is the cap".
# "whats" typed without its apostrophe too (blind tune d1009: "whats the fine for ...").
_EN_CONTRACTIONS = re.compile(
    r"\b(what|who|when|where|how|which|that|it)['’]s\b|\b(what)s\b", re.IGNORECASE
)


def _intent(text: str, language: str, has_bodies: bool) -> str:
    if language == "en":
        text = _EN_CONTRACTIONS.sub(lambda m: f"{m.group(1) or m.group(2)} is", text)
        regexes = _EN
    else:
        accented = typed_with_accents(text)
        text = text if accented else strip_diacritics(text)
        regexes = {name: pair[0] if accented else pair[1] for name, pair in _VI.items()}

    def hit(name: str) -> bool:
        regex = regexes.get(name)
        return bool(regex and regex.search(text))

    if hit("which_documents"):
        return "which_documents"
    if hit("how_much"):
        return "how_much"
    if hit("who_explicit"):
        return "who"
    if has_bodies and hit("tasks_of"):
        return "tasks_of"
    if hit("when"):
        return "when"
    if hit("which_documents_weak"):
        return "which_documents"
    if hit("who_weak"):
        return "who"
    return "what"


# Questions about a person or a document's own fields. A person question asks "who" with a
# title ("Ai là Chủ tịch ...", "who was the chairman") or a meeting act (chủ trì, kết luận,
# "who chaired"); a question about who is *assigned* something asks for a body instead.
_PERSON_TITLE_VI = title_pattern()  # "(?:phó\s+)?(?:chủ tịch|bí thư|...)" (vocab/titles)
# "Ai chủ trì buổi làm việc" asks for a person; "Ai chủ trì việc rà soát cán bộ" for the body
# that leads a task: only an act *of a meeting* makes a person question.
_MEETING_VI = r"(?:buổi làm việc|hội nghị|cuộc họp|phiên họp|buổi họp|kỳ họp|hội thảo|buổi gặp)"
_MEETING_EN = r"(?:meetings?|sessions?|conferences?|plenums?|gatherings?)"
# The offices that sign notices, as a question asks for the signer by office ("do thứ trưởng
# nào ký?", "phó thủ tướng nào ký?").
_SIGNER_OFFICE_VI = (
    r"(?:(?:phó\s+)?thủ tướng|(?:thứ|bộ) trưởng|(?:phó\s+)?chủ tịch|(?:phó\s+)?bí thư"
    r"|(?:phó\s+)?chánh văn phòng|lãnh đạo|vị)"
)
# "... hoàn chỉnh báo cáo trình Thường trực Tỉnh ủy ký ban hành?": the "ký" of something
# submitted for another's signature; the question asks who prepares it, not who signed (not
# the "trình" of "chương trình", "tờ trình").
_SUBMITTED_FOR_SIGNATURE = _vietnamese([r"(?<!chương )(?<!tờ )\btrình\b[^?.!]{0,80}\bký\b"])

_ASKS_VI = {
    "signer": _vietnamese(
        [
            r"\b(?:ai|người nào|đồng chí nào)\b[^?.!]*\bký\b",
            r"\bký\b[^?.!]*\b(?:ai|người nào)\b",
            r"\bngười ký\b",
            # "... do thứ trưởng nào ký?", "phó thủ tướng nào ký quyết định ...?": the office
            # asked instead of "ai".
            rf"\b{_SIGNER_OFFICE_VI}\s+nào\b[^?.!]*\bký\b",
        ]
    ),
    "number": _vietnamese([r"\bsố hiệu\b", r"\bsố ký hiệu\b", r"\bcó số (?:là )?(?:gì|mấy)\b"]),
    # The day a notice was signed or issued ("ký ngày nào", "ban hành ngày bao nhiêu").
    "date": _vietnamese(
        [
            r"\b(?:ký|ban hành)\s+(?:vào\s+)?(?:ngày|hôm)\s+(?:nào|bao nhiêu|mấy)\b",
            r"\b(?:ngày|hôm)\s+(?:nào|bao nhiêu|mấy)\s+(?:được\s+)?(?:ký|ban hành)\b",
            r"\bngày\s+(?:ký\s+)?(?:ký|ban hành)\b[^?.!]{0,60}?\b(?:nào|bao nhiêu)\b",
            # A decision that approves a plan ("Đề án ... được Thủ tướng phê duyệt ngày nào?",
            # "quyết định 892 phê duyệt đề án ... ngày nào") and a resolution passed at a
            # session are dated by that act: the notice's own date.
            r"\b(?:phê duyệt|thông qua)\b[^?.!]{0,80}?\b(?:ngày|hôm)\s+(?:nào|bao nhiêu|mấy)\b",
        ],
        fold_unsafe=(),
    ),
    "person": _vietnamese(
        [
            rf"\b(?:ai|người nào|đồng chí nào)\s+(?:là|làm)\s+{_PERSON_TITLE_VI}\b",
            rf"\b{_PERSON_TITLE_VI}\b[^?.!]*\b(?:là|tên là)\s+(?:ai|đồng chí nào)\b",
            r"\b(?:ai|người nào|đồng chí nào)\s+(?:đã\s+)?"
            rf"(?:chủ trì|kết luận|phát biểu kết luận)\s+(?:[^?.!]*\s)?{_MEETING_VI}\b",
        ]
    ),
}
_PERSON_TITLE_EN = (
    r"(?:vice\s+|deputy\s+|acting\s+|standing\s+)*(?:chair(?:man|woman|person)?|secretary"
    r"|director|head|president|chief)"
)
# The offices that sign notices, as an English question names the signer by office.
_SIGNER_OFFICE_EN = (
    r"(?:(?:deputy|vice)\s+)?(?:prime\s+minister|premier|minister|chair(?:man|woman|person)?"
    r"|secretary|official|leader|director)"
)
_ASKS_EN = {
    "signer": _compile(
        [
            r"\bwho\b[^?.!]*\bsign(?:ed|s)?\b",
            r"\bsignator(?:y|ies)\b",
            r"\bsigner\b",
            # "who put their name to ...", "whose signature is on ...", "signed by whom?"
            r"\bwho\b[^?.!]*\bput\s+(?:his|her|their|a)\s+(?:name|signature)\s+(?:to|on)\b",
            r"\bwhose\s+(?:signature|name)\s+(?:is|was|appears)\s+(?:on|at)\b",
            r"\bsigned\s+(?:off\s+)?by\s+whom\b",
            # The office asked instead of "who" ("which deputy minister put his name to ...",
            # "what vice premier signed ..."), as "do thứ trưởng nào ký?" in Vietnamese.
            rf"\b(?:which|what)\s+{_SIGNER_OFFICE_EN}\b[^?.!]*\b(?:sign(?:ed|s)?|put\s+"
            r"(?:his|her|their|a)\s+(?:name|signature)\s+(?:to|on))\b",
        ]
    ),
    "number": _compile(
        [
            r"\b(?:document|reference|official|serial)\s+number\b",
            r"\bwhat\s+number\s+(?:does|did|is|was|has)\b",
        ]
    ),
    "person": _compile(
        [
            rf"\bwho\s+(?:is|was|were|are)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}{_PERSON_TITLE_EN}\b",
            rf"\bwho\s+(?:chaired|presided|concluded|led|chairs|presides)\b.*\b{_MEETING_EN}\b",
        ]
    ),
}
# Task phrasing turns "Ai chủ trì ..." into a question about the body assigned to lead.
_TASK_PHRASING = _vietnamese([r"\b(?:được giao|phải|cần|có trách nhiệm|chịu trách nhiệm)\b"])


def _asks(text: str, language: str) -> str:
    if language == "en":
        regexes = _ASKS_EN
        task = re.search(r"\b(?:assigned|tasked|must|should|responsible)\b", text, re.I)
    else:
        accented = typed_with_accents(text)
        text = text if accented else strip_diacritics(text)
        regexes = {name: pair[0] if accented else pair[1] for name, pair in _ASKS_VI.items()}
        task_regex = _TASK_PHRASING[0] if accented else _TASK_PHRASING[1]
        task = task_regex.search(text)
    for name in ("signer", "number", "date", "person"):
        regex = regexes.get(name)
        if regex is not None and regex.search(text):
            if name == "signer" and language != "en":
                submitted = _SUBMITTED_FOR_SIGNATURE[0 if accented else 1]
                if submitted is not None and submitted.search(text):
                    continue
            return "" if name == "person" and task else name
    if language != "en" and accented and _slipped_last_word(text):
        # A tone mark slipped on the word that ends the question ("... do ai kỷ?" for "ký"):
        # the accent-free patterns read what the accented ones missed. Only a last word: inside
        # the question a tone variant is usually a word of its own ("kỳ họp", "kỷ luật").
        folded = strip_diacritics(text)
        for name in ("signer", "number", "date"):
            regex = _ASKS_VI[name][1]
            if regex is not None and regex.search(folded):
                return name
    return ""


# The words the document-field questions turn on, as a tone slip may type them.
_FIELD_WORDS = ("ký", "số", "hiệu", "ngày", "hành")


def _slipped_last_word(text: str) -> bool:
    """Whether the question's last word is one of _FIELD_WORDS with another tone mark."""
    words = _WORD_RE.findall(text)
    if not words:
        return False
    last = words[-1].lower()
    return any(last != w and strip_diacritics(last) == strip_diacritics(w) for w in _FIELD_WORDS)


def asks_when(text: str, language: str) -> bool:
    """Whether the question also asks for a date or deadline ("..., and by when?")."""
    if language == "en":
        return bool(_EN["when"].search(text))
    accented = typed_with_accents(text)
    regex = _VI["when"][0] if accented else _VI["when"][1]
    return bool(regex and regex.search(text if accented else strip_diacritics(text)))


def _vietnamese_search_text(text: str) -> str:
    kept = _VI_NOISE_RE.sub(" ", text)
    if not typed_with_accents(text):  # also the question words typed without accents
        kept = _VI_NOISE_FOLDED_RE.sub(" ", kept)
    kept = re.sub(r"[?!…]+", " ", kept)
    kept = re.sub(r"\s+([,;:.])", r"\1", kept)
    kept = re.sub(r"([,;:])(?:[\s,;:]*[,;:])+", r"\1", kept)
    kept = " ".join(kept.split()).strip(" ,;:.-")
    if not _WORD_RE.search(kept):
        return " ".join(re.sub(r"[?!]+", " ", text).split())
    return kept


def analyze(question: str, glossary: Glossary | None = None) -> QueryAnalysis:
    """Language, intent, expansions and search text for one question. Never raises on odd
    input: an empty or punctuation-only question is Vietnamese, intent "what"."""
    # A long question written like a letter is reduced to the sentences that ask (framing.py).
    text = question_content(normalize_unicode(question or "").strip())
    language = detect_language(text)
    if language == "en":
        glossary = glossary or Glossary.load()
        text = correct_english(text, glossary)
        topic = english_topic_text(text)
        matched = glossary.match_english(topic)
        terms = (t for entry in matched for t in entry.vietnamese)
        expansions = _unique(t for t in terms if t.lower() not in _QUESTION_TERMS)
        bodies = _unique(
            body
            for entry in matched
            if entry.category == "body"
            for body in [known_body(entry.vietnamese[0])]
            if body
        )
        bodies = _unique([*bodies, *(c for _, _, c in find_bodies(text))])
        search_text = " ".join([text, *expansions]) if expansions else text
        mapped_share = glossary.mapped_share(topic)
    else:
        expansions = []
        accent_free = not typed_with_accents(text)
        bodies = _unique(c for _, _, c in find_bodies(text, accent_insensitive=accent_free))
        search_text = _vietnamese_search_text(text)
        mapped_share = 1.0
    intent = _intent(text, language, has_bodies=bool(bodies))
    if intent == "tasks_of" and _names_topic(text, language, search_text, expansions):
        # "What does the Ministry of Health have to do under the nuclear workforce scheme?"
        # asks about one topic: the passages on it answer, not every task the body holds.
        intent = _intent(text, language, has_bodies=False)
    return QueryAnalysis(
        text,
        language,
        intent,
        expansions,
        search_text,
        bodies,
        asks=_asks(text, language),
        mapped_share=mapped_share,
    )


# What an English question asks for when it asks for a share, said around the topic: "what
# share of", "by what percent", "as a percentage". The answer-type check looks for the figure;
# read as topic words they became concepts no passage holds ("phần trăm") or other senses of
# the word ("share" -> cổ phần, chia). The Vietnamese counterpart, "bao nhiêu phần trăm", is
# in _VI_NOISE. "rate" stays: "interest rate", "tax rate" name a topic.
_EN_SHARE_FRAME = re.compile(
    r"\b(?:by\s+)?(?:what|which)\s+(?:percentage|percent|per\s+cent|proportion|share|fraction)"
    r"(?:\s+of)?\b|\b(?:as|in)\s+(?:a\s+)?(?:percentage|percent|share|proportion)(?:\s+terms)?\b"
    r"|\bhow\s+many\s+percent\b"
    # How often something recurs is asked for the same way: "how often", "every how many years".
    r"|\bhow\s+often\b|\bevery\s+how\s+many\b"
    # A follow-up read against the previous question starts with it: "Share of ... in phase 2?"
    r"|^\s*(?:the\s+)?(?:share|percentage|proportion)\s+of\b",
    re.IGNORECASE,
)


# A notice's code as the notices write it: "372/QĐ-BTC", "52-CT/TW", "10/2022/TT-BKHĐT",
# "66.17/2026/NQ-CP" (a number, then parts joined by "/" or "-", one with a letter).
NOTICE_CODE = re.compile(r"(?<![\w/.-])\d{1,5}(?:\.\d{1,3})?(?:[-/][^\W_]+)*[-/][^\W\d_][^\W_]*")


# What a "what is X assigned" question says besides the body: the frame of the ask
# ("được giao", "nhiệm vụ", "phải", "hạn"), not a topic that narrows it to some passages.
_TASK_FRAME_TERMS = frozenset(
    "giao được giao nhiệm vụ công việc việc trách nhiệm chịu trách nhiệm có trách nhiệm phải "
    "cần thực hiện làm yêu cầu được yêu cầu thời hạn hạn hạn chót khi nào bao giờ những các gì "
    "nào của và là cho có được".split()
)
# Content words a question must keep beside its body and frame to name a topic: one stray
# word ("gì nữa") is not one. Two: the seed set's bare "X được giao những việc gì, hạn khi
# nào?" keeps none, the tune half's topic questions ("... under the nuclear workforce
# scheme") keep three or more.
TOPIC_MIN_WORDS = 2


def _names_topic(text: str, language: str, search_text: str, expansions: list[str]) -> bool:
    """Whether a question naming a body also names a topic (a programme, a field, a period)
    beyond asking what the body is assigned."""
    if language == "en":
        topic = [
            term
            for term in expansions
            if not known_body(term) and term.lower() not in _TASK_FRAME_TERMS
        ]
        return len(topic) >= 1
    accent_free = not typed_with_accents(text)
    kept, last = [], 0
    for start, end, _ in find_bodies(search_text, accent_insensitive=accent_free):
        kept.append(search_text[last:start])
        last = end
    kept.append(search_text[last:])
    words = [w.lower() for w in _WORD_RE.findall(" ".join(kept))]
    frame = (
        _TASK_FRAME_TERMS if not accent_free else {strip_diacritics(t) for t in _TASK_FRAME_TERMS}
    )
    return len([w for w in words if w not in frame]) >= TOPIC_MIN_WORDS


def english_topic_text(text: str) -> str:
    """An English question without the words that frame what it asks for (a share) and
    without the notice codes it names (lexical_query searches each code whole; its letters,
    "BTC" of "372/QĐ-BTC", are no English words to look up): the text glossary concepts and
    words the glossary lacks are read from."""
    return " ".join(NOTICE_CODE.sub(" ", _EN_SHARE_FRAME.sub(" ", text)).split())


def correct_english(text: str, glossary: Glossary) -> str:
    """One-edit typos in long English words corrected to the glossary's words ("resposible");
    a real English word the glossary lacks stays as typed ("overnight" is not "oversight"),
    unless the correction only swaps two adjacent letters ("handel" -> "handle")."""
    corrected = _english_speller(glossary).correct(text)
    if corrected == text:
        return text
    real = english_words()
    # The speller changes words in place, one word for one: the two texts' words line up.
    typed = list(_WORD_RE.finditer(text))
    fixed = list(_WORD_RE.finditer(corrected))
    if len(typed) != len(fixed):
        return corrected
    out, last = [], 0
    for before, after in zip(typed, fixed, strict=True):
        word = before.group().lower()
        keep = word in real and not is_transposition(word, after.group().lower())
        out.append(text[last : before.start()] + (before.group() if keep else after.group()))
        last = before.end()
    return "".join(out) + text[last:]


@lru_cache(maxsize=4)
def _english_speller(glossary: Glossary) -> Speller:
    words = [phrase for entry in glossary.entries for phrase in entry.english]
    return english_speller([*words, *_EN_WORDS])


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
