"""Questions about a person ("who chaired the meeting?", "ai ký văn bản?"): the person names in a
sentence, the cues a question gives (a title, an act such as chairing or concluding), the
sentence that names the person, and the answer line."""

from __future__ import annotations

import re

from assistant.answer.compose import Evidence
from assistant.answer.constraints import TITLE_WORDS
from assistant.answer.selection import quote_sentences
from assistant.answer.statements import folded, split_sentences
from assistant.core.text import lexical_tokens, query_tokens
from assistant.vocab.glossary import Glossary
from assistant.vocab.titles import folded_title_heads, title_pattern

_SURNAMES = frozenset(
    """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đinh mai
    trịnh trương lâm hà lương cao tạ châu quách thái tô lưu đoàn vương kiều tăng triệu la phùng
    từ nông lò chu doãn giang hứa kim khúc lại lữ nghiêm ninh phí tống ung vi đàm đậu hàn
    khương lạc mạc thạch thân tôn âu bạch diệp y ksor siu rơ""".split()
)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Capitalized words of titles and body names that never belong to a person's name.
_NOT_NAME = frozenset("ủy ban đảng tỉnh hội sở thường bí chủ phó quyền các những trưởng".split())
_COMRADE = re.compile(r"(?:đồng chí|ông|bà)\s+$", re.IGNORECASE)


def person_names(text: str) -> list[tuple[int, str]]:
    """(offset, name) of the people a sentence names: 3 or 4 capitalized syllables starting
    with a family name ("Trần Văn Hiệp"), or 2 to 4 after "đồng chí" / "ông" / "bà". Place
    names the glossary knows are blanked first, so "Bí thư Tỉnh ủy Lâm Đồng Trần Đức Quận"
    yields "Trần Đức Quận", not "Lâm Đồng Trần Đức"."""
    text = _blank_places(text)
    words = [
        m
        for m in _NAME_WORD.finditer(text)
        if m.group()[0].isupper() and not (m.group().isupper() and len(m.group()) > 1)
    ]
    runs: list[list[re.Match]] = []
    for word in words:
        if runs and text[runs[-1][-1].end() : word.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    found = []
    for run in runs:
        start = next((i for i, w in enumerate(run) if w.group().lower() in _SURNAMES), None)
        comrade = None
        if start is None:
            start = next((i for i, w in enumerate(run) if w.group().lower() not in TITLE_WORDS), 0)
            comrade = _COMRADE.search(text[max(0, run[start].start() - 10) : run[start].start()])
        else:
            comrade = _COMRADE.search(text[max(0, run[start].start() - 10) : run[start].start()])
        name = []
        for word in run[start : start + 4]:
            if word.group().lower() in _NOT_NAME:
                break
            name.append(word)
        surname = name and name[0].group().lower() in _SURNAMES
        if (surname and len(name) >= 3) or (comrade and len(name) >= 2):
            found.append((name[0].start(), text[name[0].start() : name[-1].end()]))
    return found


def _blank_places(text: str) -> str:
    places = _known_places(Glossary.load())
    return places.sub(lambda m: " " * len(m.group()), text) if places else text


_PLACES_CACHE: dict[int, re.Pattern | None] = {}


def _known_places(glossary) -> re.Pattern | None:
    key = id(glossary)
    if key not in _PLACES_CACHE:
        names = {
            term
            for entry in glossary.entries
            if entry.category == "place"
            for term in entry.vietnamese
            if term[:1].isupper()
        }
        alternatives = sorted((re.escape(n) for n in names), key=len, reverse=True)
        _PLACES_CACHE[key] = re.compile("|".join(alternatives)) if alternatives else None
    return _PLACES_CACHE[key]


# A passage of several lines shorter than this (characters) may be a signature block, read
# as one statement too. Chosen by hand on the seed set's signature blocks (under 100 characters).
SIGNATURE_BLOCK_CHARS = 200


def person_sentence(
    query: str, cues: list[list[str]], evidence: list[Evidence]
) -> tuple[Evidence, str, str] | None:
    """(evidence, sentence, name) for a question about a person: the sentence that names a
    person and holds every cue (a title such as "Chủ tịch UBND tỉnh", or an act such as
    "chủ trì"; each cue a list of alternative spellings), best by how much of the question it
    holds and how well its passage covers the question. The name is the one nearest the cue."""
    terms = set(query_tokens(query))
    best = None
    for ev in evidence:
        sentences = split_sentences(ev.text) or [ev.text]
        if len(sentences) > 1 and len(ev.text) < SIGNATURE_BLOCK_CHARS and "\n" in ev.text:
            # A signature block ("T/M TỈNH ỦY / BÍ THƯ / Bùi Văn Cường") is one statement
            # spread over short lines: the title and the name are on different lines.
            sentences.append(" ".join(ev.text.split()))
        for sentence in sentences:
            names = person_names(sentence)
            if not names:
                continue
            low = folded(sentence)
            places = [_cue_position(low, cue) for cue in cues]
            if any(p < 0 for p in places):
                continue
            share = len(terms & set(lexical_tokens(sentence))) / (len(terms) or 1)
            score = share + ev.coverage
            if best is None or score > best[0]:
                anchor = places[0] if places else 0
                name = min(names, key=lambda item: abs(item[0] - anchor))[1]
                best = (score, ev, sentence, name)
    return best[1:] if best else None


def _cue_position(folded_sentence: str, alternatives: list[str]) -> int:
    positions = [folded_sentence.find(folded(a)) for a in alternatives]
    positions = [p for p in positions if p >= 0]
    return min(positions) if positions else -1


_TITLE_HEADS = folded_title_heads()  # "chu tich", "pho chu tich", ... (vocab/titles)
_PERSON_ACTS = ("chu tri", "ket luan", "phat bieu")
_TITLE_SPAN = re.compile(rf"{title_pattern()}(?:\s+thường trực)?", re.IGNORECASE)


def person_cues(question: str, language: str, groups: list[list[str]]) -> tuple[list, bool]:
    """(cues, strict) for a person question. Cues are what the sentence naming the person must
    hold, each a list of alternatives: the title asked about ("Phó Bí thư Thường trực", or
    for an English question the glossary's spellings of "chairman of the People's Committee")
    and the meeting act (chủ trì, kết luận). strict: a title was asked, so a passage without a
    person holding it does not answer; an act alone may have been done by a body."""
    if language == "en":
        cues = [
            g
            for g in groups
            if any(folded(a).startswith(_TITLE_HEADS) or folded(a) in _PERSON_ACTS for a in g)
        ]
    else:
        cues = [[m.group()] for m in _TITLE_SPAN.finditer(question)][:1]
        low = folded(question)
        cues += [[act] for act in _PERSON_ACTS if act in low]
    strict = any(folded(a).startswith(_TITLE_HEADS) for g in cues for a in g)
    return cues, strict


def person_answer(language: str, n: int, sentence: str, name: str) -> str:
    if language == "en":
        return f"{name} — according to [{n}]: {quote_sentences([sentence])}"
    return f"{name} — theo [{n}]: {quote_sentences([sentence])}"
