"""What evidence must mention to be about a question at all: the years it names, and the proper
names (Vietnamese runs of capitalized syllables; in an English question, the places the
glossary knows)."""

from __future__ import annotations

import re

from assistant.answer.selection import item_labels
from assistant.core.text import strip_diacritics
from assistant.vocab.bodies import find_bodies
from assistant.vocab.glossary import Glossary

_WORD = re.compile(r"[^\W\d_]+")
# Whether a body a Vietnamese question names must be named by the passage or its notice ("Bộ
# Công Thương phải trình Quốc hội ... tại kỳ họp nào?" is not answered by a resolution that
# never names the National Assembly). Tune half: unanswerable refused 29 -> 31 of 40, no
# answerable question lost once local-level bodies are left out (below).
BODIES_MUST_BE_NAMED = True
# Bodies of a province, district or commune are written in many forms ("UBND tỉnh", "Ủy ban
# nhân dân cấp tỉnh", "Trưởng Ban: Tổ chức, Nội chính ... Tỉnh ủy"): a notice that answers may
# spell them otherwise, so they are not required (tune d285 lost its answer to "UBND tỉnh"
# against "Ủy ban nhân dân cấp tỉnh").
# A province's departments ("Sở Kế hoạch và Đầu tư", "Chi cục Kiểm lâm") are local too: a
# national notice speaks of them as "cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh" (tune d512,
# "ở sở kế hoạch đầu tư", was refused against the circular that lists that department's posts).
_LOCAL_LEVEL = re.compile(
    r"\b(?:tinh|huyen|xa|thanh pho|cap|quan|phuong|thi xa)\b|^(?:so|chi cuc)\b"
)
# Capitalized by convention in governance text (titles, plural markers, parts of body names),
# so they do not start or extend a proper name: "Các Ủy viên", "Phó Bí thư".
TITLE_WORDS = frozenset(
    "các những phó quyền bí chủ ủy ban thường đảng hội nhân đại văn sở tỉnh".split()
)
# A year on its own or ending a date ("25/3/2024"), not part of a number or a range start.
_YEAR = re.compile(r"(?<![\d.-])(?:19|20)\d{2}(?![\d/])")


def constraints(question: str, language: str) -> tuple[list[str], list[str]]:
    """What evidence must mention to be about the question at all: (years, names). The years
    it names must be in the passage or its document's context (title, date); the proper names
    (Vietnamese runs of capitalized syllables: "Gia Lai", "Trần Đức Quận"; in an English
    question the places the glossary knows: "Dak Lak" -> "Đắk Lắk") somewhere in the
    document. A notice about another province or year does not answer, however similar."""
    if language == "vi":
        names = _proper_names(question)
        names += [n for n in _local_body_places(question) if n not in names]
    else:
        names = _english_places(question)
    years = _YEAR.findall(question)
    conditions = _CONDITION_YEAR.findall(strip_diacritics(question).lower())
    # A year the question names as a condition ("nghỉ hưu trước 1995", "retired before 1995")
    # says who or what is meant, not the period asked about: the notice must name it, but the
    # passage that answers may leave it to the clause it refers to ("các đối tượng quy định
    # tại khoản 2 Điều 1": tune d179, d484 were refused with the answering passage ranked).
    # It is checked as a name is: in the passage or anywhere in its notice.
    for year in conditions:
        if year in years:
            years.remove(year)
            names.append(year)
    return years, names


# A year after "trước / sau / before / after", alone or ending a date ("trước ngày 01/01/1995",
# "before 1995"), accent-folded and lower case. Not "từ / since": "từ năm 2027 tăng bao nhiêu"
# asks of the period from that year on.
_CONDITION_YEAR = re.compile(
    r"\b(?:truoc|sau|before|after|prior to)\s+(?:(?:ngay|thang|nam)\s+)?"
    r"(?:\d{1,2}\s*[/.-]\s*){0,2}((?:19|20)\d{2})(?![\d/])"
)


# The place a local body names ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "Sở Tài chính tỉnh
# Gia Lai"): the body is not required (a notice spells it many ways, _LOCAL_LEVEL), but the
# place is what tells it from another province's: the place name, capitalized, after its level.
_LEVEL_PLACE = re.compile(
    r"(?i:\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|tinh|thanh pho|huyen|quan|thi xa"
    r"|xa|phuong))\s+((?:[A-ZĐÀ-Ỹ][^\W\d_]*)(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){0,3})"
)


def _local_body_places(question: str) -> list[str]:
    """The places named inside the local bodies of a question (blanked with the body from its
    proper names): "Hồ Chí Minh" of "Ủy ban nhân dân Thành phố Hồ Chí Minh"."""
    places = []
    for start, end, canonical in find_bodies(question, accent_insensitive=True):
        if not _LOCAL_LEVEL.search(strip_diacritics(canonical).lower()):
            continue
        for match in _LEVEL_PLACE.finditer(question[start:end]):
            words = [w for w in match.group(1).split() if w.lower() not in TITLE_WORDS]
            if words and words == match.group(1).split():
                places.append(" ".join(words))
    return places


# An article a question names ("Điều 45", "Article 10"): evidence that never mentions it speaks
# of another article.
_ARTICLE = re.compile(r"(?<!\w)(?:dieu|article)\s+(\d{1,3})(?![\w/.-])", re.I)


def named_parts(question: str, language: str) -> list[list[str]]:
    """Further things a question names that evidence must mention (in the passage or its
    notice), each as the spellings that count: the articles it names ("Điều 45" /
    "Article 45" -> "Điều 45") and, in a Vietnamese question, the bodies it names ("Quốc hội",
    "BHXH Việt Nam" as written or as its full name)."""
    parts = [[f"Điều {n}"] for n in dict.fromkeys(_ARTICLE.findall(strip_diacritics(question)))]
    if language == "vi" and BODIES_MUST_BE_NAMED:
        for start, end, canonical in find_bodies(question, accent_insensitive=True):
            if not _LOCAL_LEVEL.search(strip_diacritics(canonical).lower()):
                parts.append(list(dict.fromkeys([canonical, question[start:end]])))
    if MINISTRIES_MUST_BE_NAMED:
        parts += [m for m in ministries(question, language) if m not in parts]
    if ITEMS_MUST_BE_NAMED:
        parts += [i for i in item_labels(question) if i not in parts]
    return parts


# Whether a numbered item the question names ("mức 5", "a level 5 consultant", "nhóm 3",
# "loại IV") must be named by the passage or its notice, as an article must: a notice whose
# levels stop at 4 does not answer about level 5 (tune d778 was answered with level 4's cap;
# blind found round 2). Spellings are folded, Arabic or Roman, with or without a leading zero.
ITEMS_MUST_BE_NAMED = True


# Whether a ministry the question names ("Bộ Y tế", "the Finance Ministry") must be named by the
# passage or anywhere in its notice (a recipient line will do: only a notice that never names
# it is ruled out). A ministry tells a notice from another's on the same topic ("Thông tư của
# Bộ Y tế về phân loại đơn vị sự nghiệp công lập" against the planning and labour ministries').
# The body table (vocab/data/bodies.tsv) lists the ministries by their current and former names;
# a name it lacks is still read here: in Vietnamese "Bộ" and the two capitalized-first words
# after it, which tell the ministries apart ("Bộ Tài chính", "Bộ Kế hoạch [và Đầu tư]", "Bộ
# Lao động [- Thương binh ...]"); in English the glossary's bodies whose Vietnamese is a ministry.
MINISTRIES_MUST_BE_NAMED = True
_MINISTRY = re.compile(r"\bB(?:ộ|o)\s+([A-ZĐÀ-Ỹ][^\W\d_]*\s+[^\W\d_]+)")
# "Bộ Chính trị" (the Politburo) and "Bộ Quốc phòng"/"Bộ Công an" read the same way; "Bộ
# trưởng" is lower case and is not matched.


def ministries(question: str, language: str) -> list[list[str]]:
    """The ministries a question names, each as the spellings any of which will do."""
    if language == "vi":
        return [[f"Bộ {m.group(1)}"] for m in _MINISTRY.finditer(question)]
    found = []
    for entry in Glossary.load().match_english(question):
        spellings = [v for v in entry.vietnamese if v.startswith("Bộ ")]
        if entry.category == "body" and spellings:
            found.append(spellings)
    return found


def _english_places(question: str) -> list[str]:
    """Vietnamese names of the proper places an English question names ("Lam Dong")."""
    return [
        entry.vietnamese[0]
        for entry in Glossary.load().match_english(question)
        if entry.category == "place" and entry.vietnamese[0][:1].isupper()
    ]


def _proper_names(text: str) -> list[str]:
    """Runs of two or more capitalized words ("Gia Lai", "Buôn Ma Thuột"), after body names
    ("Ban Chấp hành Đảng bộ tỉnh") are blanked out; acronyms (UBND) end a run."""
    for start, end, _ in find_bodies(text):
        text = text[:start] + " " * (end - start) + text[end:]
    names, run, previous_end = [], [], -1
    for match in _WORD.finditer(text):
        word = match.group()
        capitalized = word[0].isupper() and not word.isupper() and word.lower() not in TITLE_WORDS
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


# Common Vietnamese family names (and the "Y" that starts Ê Đê men's names): a run of
# capitalized syllables that starts with one is a person's name, not a place or a body.


# The year a question gives the notice it asks about: "the 2025 decision", "the April 2023
# circular", "quyết định năm 2025", "thông tư ban hành năm 2023" (accent-folded, lower case).
_NOTICE_WORDS = (
    r"(?:decision|circular|resolution|decree|directive|plan|conclusion|notice"
    r"|quyet dinh|thong tu|nghi quyet|nghi dinh|chi thi|ke hoach|ket luan|thong bao)"
)
_NOTICE_YEAR = re.compile(
    r"\b((?:19|20)\d{2})\s+(?:[a-z-]+\s+){0,2}" + _NOTICE_WORDS + r"\b"
    r"|\b" + _NOTICE_WORDS + r"\s+(?:ban hanh\s+|ky\s+)?(?:vao\s+)?nam\s+((?:19|20)\d{2})\b"
)


def notice_years(question: str) -> set[str]:
    """The years a question gives the notice it asks about ("Who signed the 2025 decision that
    ... replaced?"): a notice of another year is not the one asked about."""
    folded = strip_diacritics(question).lower()
    return {a or b for a, b in _NOTICE_YEAR.findall(folded)}


# Scopes a notice's title states against their opposite (accent-folded): a notice "về chuyên
# gia tư vấn trong nước" does not answer about foreign consultants, one "ở địa phương" not about
# central bodies. Each pair: the words that ask for a scope (Vietnamese or English), the words
# of the opposite scope a title may state. Tune: d190, d482 (foreign consultants against the
# domestic-consultant circular), d517 (central bodies against the local rotation circular).
SCOPE_CONTRASTS = (
    (("nuoc ngoai", "foreign", "overseas"), ("trong nuoc",)),
    (("trong nuoc", "domestic"), ("nuoc ngoai",)),
    (("trung uong", "central"), ("dia phuong",)),
    (("dia phuong", "local"), ("trung uong",)),
)


def _has(words: tuple[str, ...], folded: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in words)


def out_of_scope(question: str, title: str) -> bool:
    """Whether a notice's title states the opposite of a scope the question asks about (and
    not that scope itself): evidence that the notice is about something else, read from its
    metadata."""
    asked, stated = strip_diacritics(question).lower(), strip_diacritics(title).lower()
    return any(
        _has(scope, asked)
        and not _has(opposite, asked)
        and _has(opposite, stated)
        and not _has(scope, stated)
        for scope, opposite in SCOPE_CONTRASTS
    )
