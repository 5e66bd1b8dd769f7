"""Vietnamese text primitives shared by ingest and retrieval: one Unicode form, one tone-mark
convention, accent folding and lexical tokens."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable

from assistant.core.figures import MARKERS, canonical_terms, figure_spans

# Old-style tone placement ("hoà", "thuỷ", "khoẻ") -> the new style ("hòa", "thủy", "khỏe") for
# syllables that end in the vowel pair. "hoàn" / "quý" are the same in both styles and untouched.
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_PLAIN_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in range(5):
            old = first + _TONED[second][tone]
            new = _PLAIN_TONED[first][tone] + second
            for o, n in (
                (old, new),
                (old.capitalize(), new.capitalize()),
                (old.upper(), new.upper()),
            ):
                table[o] = n
    return table


_OLD_TO_NEW = _tone_table()
# Character classes rather than an alternation of every pair: this runs over whole corpora.
_OLD_TONE_RE = re.compile(r"(?<![qQ])([oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")


def normalize_unicode(text: str) -> str:
    """NFC plus one tone-mark convention, so NFD/NFC and "hoà"/"hòa" input all match."""
    text = unicodedata.normalize("NFC", text)
    return _OLD_TONE_RE.sub(lambda m: _OLD_TO_NEW.get(m.group(1), m.group(1)), text)


_STRIP_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def _strip_char(ch: str) -> str:
    """One character without its diacritics: "đ" -> "d", then its canonical decomposition
    without the combining marks."""
    decomposed = unicodedata.normalize("NFD", ch.translate(_STRIP_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _StrippedChars(dict):
    """str.translate's table for strip_diacritics, filled on first sight of each character.
    Stripping character by character equals stripping the whole text: NFD decomposes each
    character on its own and only reorders combining marks among themselves, and those are
    all dropped. Measured on the dev store: 2.7 M calls took 138 s of 665 s of warm asks
    (cProfile, benchmarks/dev_answers.py) when each built a Python generator over the text."""

    def __missing__(self, code: int) -> str:
        self[code] = stripped = _strip_char(chr(code))
        return stripped


_STRIPPED = _StrippedChars()


def strip_diacritics(text: str) -> str:
    """ "Hạn hán" -> "Han han": for queries typed without accents."""
    return text.translate(_STRIPPED)


_WORD_RE = re.compile(r"\w+(?:[./-]\w+)*", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lowercased syllables (and numbers/codes such as 1097-kl/tu kept whole)."""
    return _WORD_RE.findall(normalize_unicode(text).lower())


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


# Share of a text's syllables that carry a diacritic (or đ) above which it counts as typed with
# accents. Written Vietnamese sits at 0.70-1.00 (the seeds 0.88-0.90; the dev set's tune-half
# questions with accents 0.70-1.00), partly accented questions at 0.13-0.47: 0.6 splits them.
ACCENTED_SHARE = 0.6


def typed_with_accents(text: str) -> bool:
    """Whether the writer typed accents throughout, rather than on none or a few syllables
    ("Ban To chuc Tinh uy duoc giao nhiệm vu gi?" is partly accented: read it accent-free)."""
    words = [w for w in syllables(text) if w.isalpha()]
    if not words:
        return False
    return sum(has_diacritics(w) for w in words) / len(words) >= ACCENTED_SHARE


# Texts whose tokens are kept: answering one question tokenizes the same candidate passages
# and sentences several times over (re-ranking coverage, answer-type checks, the found
# decision, sentence selection), ~60 passages and their sentences per question. An entry is a
# few thousand tokens at most (~40 KB for a long passage), so 2,048 texts stay under ~80 MB
# and usually far below.
TOKEN_CACHE = 2048


def lexical_tokens(text: str) -> list[str]:
    """Syllables, syllable bigrams, and their accent-free forms (prefixed "~") so a query typed
    without accents still matches. Bigrams approximate Vietnamese two-syllable words."""
    return list(_cached_lexical_tokens(text))


@functools.lru_cache(maxsize=TOKEN_CACHE)
def _cached_lexical_tokens(text: str) -> tuple[str, ...]:
    return tuple(index_tokens(text))


def index_tokens(text: str) -> list[str]:
    """lexical_tokens without the cache, for indexing a whole collection once."""
    sylls = syllables(text)
    tokens = list(sylls)
    tokens.extend(f"{a}_{b}" for a, b in zip(sylls, sylls[1:], strict=False))
    folded = [strip_diacritics(s) for s in sylls]
    tokens.extend("~" + s for s in folded)
    tokens.extend(f"~{a}_{b}" for a, b in zip(folded, folded[1:], strict=False))
    tokens.extend(figure_terms(text))
    return tokens


def figure_terms(text: str) -> list[str]:
    """Canonical date and figure terms (see assistant.core.figures) of any text."""
    return canonical_terms(strip_diacritics(text).lower())


def figure_surfaces(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(surface tokens, canonical terms) of each figure or date a text writes: the tokens
    its writing gives ("3,5", "triệu", "3,5_triệu"; "1/7/2026"), in every form a query or
    passage may hold them (as typed and accent-free), and what it means ("#3500000";
    "@2026-07-01"). A passage that writes the figure otherwise ("3.500.000 đồng", "ngày 01
    tháng 7 năm 2026") holds its meaning though none of these tokens: the coverage measure
    counts them as held then (assistant.retrieval.lexical.LexicalIndex.coverage)."""
    text = normalize_unicode(text)
    folded = strip_diacritics(text).lower()
    if len(folded) != len(text):
        return []
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    out = []
    for start, end, terms in figure_spans(folded):
        inside = [i for i, (a, b, _) in enumerate(words) if a < end and b > start]
        if not inside:
            continue
        # the word before and after it too, for the pairs they make with the figure
        # ("dưới_3"), and the currency named after an amount ("triệu đồng", "đồng/tháng")
        lo, hi = max(inside[0] - 1, 0), min(inside[-1] + 2, len(words))
        sylls = [w for _, _, w in words[lo:hi]]
        if hi - 1 > inside[-1] and strip_diacritics(sylls[-1]).split("/")[0] not in _UNITS:
            sylls_core = sylls[:-1]
        else:
            sylls_core = sylls
        if lo < inside[0]:
            sylls_core = sylls_core[1:]
        plain = [strip_diacritics(s) for s in sylls]
        core = set(sylls_core) | {"~" + strip_diacritics(s) for s in sylls_core}
        surface = core | {f"{a}_{b}" for a, b in zip(sylls, sylls[1:], strict=False)}
        surface |= {f"~{a}_{b}" for a, b in zip(plain, plain[1:], strict=False)}
        out.append((frozenset(surface), frozenset(terms)))
    return out


_UNITS = frozenset("dong vnd usd".split())


def query_tokens(text: str) -> list[str]:
    """Tokens for a query: accented queries match accented text exactly; accent-free queries
    match through the folded forms; in a partly accented query each accented syllable (and a
    bigram of two) matches exactly and the rest through the folded forms."""
    return list(_cached_query_tokens(text))


@functools.lru_cache(maxsize=TOKEN_CACHE)
def _cached_query_tokens(text: str) -> tuple[str, ...]:
    if text.startswith(MARKERS) and " " not in text:
        return (text,)  # already a canonical figure or date term
    return tuple(_word_tokens(text) + figure_terms(text))


def _word_tokens(text: str) -> list[str]:
    sylls = syllables(text)
    if not any(has_diacritics(s) for s in sylls):
        folded = [strip_diacritics(s) for s in sylls]
        return ["~" + s for s in folded] + [
            f"~{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)
        ]
    if typed_with_accents(text):
        return sylls + [f"{a}_{b}" for a, b in zip(sylls, sylls[1:], strict=False)]
    exact = [has_diacritics(s) for s in sylls]
    tokens = [
        s if keep else "~" + strip_diacritics(s) for s, keep in zip(sylls, exact, strict=True)
    ]
    for i in range(len(sylls) - 1):
        a, b = sylls[i], sylls[i + 1]
        if exact[i] and exact[i + 1]:
            tokens.append(f"{a}_{b}")
        else:
            tokens.append(f"~{strip_diacritics(a)}_{strip_diacritics(b)}")
    return tokens


def number_key(number: str) -> str:
    """One spelling of a số hiệu: "12-TB/TU", "12 - TB/TU" and "12-tb/tu" are one number."""
    folded = normalize_unicode(number).upper().replace("Đ", "D")
    return re.sub(r"\s+", "", folded).rstrip(".")


# Restoring the accents of syllables typed without them, from a collection's own words: each
# candidate scores PAIR_WEIGHT x log(1 + how many passages hold it next to its neighbour) plus
# UNIGRAM_WEIGHT x log(1 + how many hold it at all), best sequence first (Viterbi). Calibrated on
# the dev set's tune half: its Vietnamese questions typed with accents, stripped and restored
# against the dev store, syllables restored right (benchmarks/restore_accents.py): 0.919 with
# pairs alone, 0.935 at 0.1 (all syllables stripped; 0.940 every other one), 0.925 at 0.5,
# 0.890 at 2.0.
PAIR_WEIGHT = 1.0
UNIGRAM_WEIGHT = 0.1
# Accented forms tried per syllable, the most frequent first.
RESTORE_CANDIDATES = 6

_LETTERS_RE = re.compile(r"[^\W\d_]+")


def restore_accents(
    text: str,
    forms: Callable[[str], list[tuple[str, int]]],
    pair_count: Callable[[str, str], int],
) -> str:
    """`text` with each syllable typed without accents given the accented form the collection
    most likely meant ("Nghị quyet thí diem" -> "Nghị quyết thí điểm"). forms(folded): the
    collection's (syllable, passage count) spelled that way without accents, most frequent
    first; pair_count(a, b): passages holding "a b". Accented syllables, numbers and words
    the collection lacks stay as typed; capitals are kept."""
    words = list(_LETTERS_RE.finditer(text))
    if not words:
        return text
    options: list[list[tuple[str, float]]] = []
    for match in words:
        word = match.group()
        lowered = word.lower()
        found = [] if has_diacritics(word) else forms(lowered)[:RESTORE_CANDIDATES]
        if not found:
            options.append([(lowered, 0.0)])
            continue
        options.append([(form, UNIGRAM_WEIGHT * math.log1p(count)) for form, count in found])
    # Neighbours: words separated by blanks only (punctuation ends a phrase).
    joined = [
        text[words[i - 1].end() : words[i].start()].isspace() if i else False
        for i in range(len(words))
    ]
    best: list[dict[str, tuple[float, str | None]]] = []
    for i, choices in enumerate(options):
        column: dict[str, tuple[float, str | None]] = {}
        for form, own in choices:
            if i == 0:
                column[form] = (own, None)
                continue
            previous = best[-1]
            scored = [
                (
                    score
                    + own
                    + (PAIR_WEIGHT * math.log1p(pair_count(prev, form)) if joined[i] else 0.0),
                    prev,
                )
                for prev, (score, _) in previous.items()
            ]
            column[form] = max(scored)
        best.append(column)
    chosen: list[str] = []
    form = max(best[-1], key=lambda f: best[-1][f][0])
    for i in range(len(best) - 1, -1, -1):
        chosen.append(form)
        form = best[i][form][1]
    chosen.reverse()
    out, last = [], 0
    for match, form in zip(words, chosen, strict=True):
        word = match.group()
        if form != word.lower():
            form = form.upper() if word.isupper() and len(word) > 1 else form
            form = form[:1].upper() + form[1:] if word[:1].isupper() else form
            word = form
        out.append(text[last : match.start()] + word)
        last = match.end()
    return "".join(out) + text[last:]


def fold(text: str) -> str:
    """Accent-free, lower-case, whitespace runs as one space: "Ủy ban  Nhân dân" -> "uy ban nhan
    dan". The one key for matching typed words against text whatever its accents, case, tone
    style ("hoà"/"hòa") or line breaks. Lengths may differ from the input: never index the
    original with positions found in a folded text."""
    return " ".join(strip_diacritics(text).lower().split())


# --- sentences ------------------------------------------------------------------------------

# Where one sentence ends and the next begins: a full stop, "!", "?" or "…" (a closing quote or
# bracket after it stays with its sentence), spaces, then what opens a sentence in these notices:
# a capital (Vietnamese capitals included), a digit or a dash (a list item), maybe after an
# opening quote or bracket. "Điều 5. nội dung" and "1.000 tỷ đồng" do not end a sentence.
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][”\")]))\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9-])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, verbatim and in order (the spaces between them
    belong to none); blank text has none."""
    spans = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` (see SENTENCE_END), each stripped."""
    return [text[s:e].strip() for s, e in sentence_spans(text)]
