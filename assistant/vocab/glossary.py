"""Bilingual governance glossary (English <-> Vietnamese) for cross-language query expansion and
for glossing Vietnamese body names in English answers.

The vocabulary lives in data/glossary.tsv (columns: category, vietnamese, english; variants are
separated by ";", the first variant is the preferred one). Matching walks a token trie, so a
lookup costs a few dictionary hits per word however large the glossary grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.core.errors import ConfigError
from assistant.core.text import normalize_unicode

DEFAULT_GLOSSARY = Path(__file__).resolve().parent / "data" / "glossary.tsv"
CATEGORIES = ("body", "topic", "action", "time", "document", "place", "other")

_END = ""  # trie key holding a node's payload: never a token, since tokens are non-empty


class TokenTrie:
    """Phrases as token tuples -> payloads, with greedy longest-match scanning."""

    def __init__(self) -> None:
        self._root: dict = {}

    def add(self, tokens: Sequence[str], payload) -> None:
        if not tokens:
            return
        node = self._root
        for token in tokens:
            node = node.setdefault(token, {})
        node.setdefault(_END, []).append(payload)

    def scan(
        self,
        tokens: Sequence[str],
        can_start: Sequence[bool] | None = None,
        can_end: Sequence[bool] | None = None,
    ) -> list[tuple[int, int, list]]:
        """Non-overlapping phrase matches as (first, past_last, payloads), left to right,
        chosen to cover the most tokens with the fewest (so the longest) phrases. Plain greedy
        matching would let "provincial party" swallow the start of "provincial party office".
        can_start/can_end restrict where a match may begin or end (used when one source word
        was expanded into several tokens)."""
        n = len(tokens)
        ends_at: list[list[tuple[int, list]]] = [[] for _ in range(n)]
        for i in range(n):
            if can_start is not None and not can_start[i]:
                continue
            node = self._root
            for j in range(i, n):
                node = node.get(tokens[j])
                if node is None:
                    break
                if _END in node and (can_end is None or can_end[j]):
                    ends_at[i].append((j + 1, node[_END]))
        # best[i]: (tokens covered, -matches) for tokens[i:], and the match taken at i.
        best: list[tuple[tuple[int, int], tuple[int, list] | None]] = [((0, 0), None)] * (n + 1)
        for i in range(n - 1, -1, -1):
            choice = (best[i + 1][0], None)
            for past, payload in ends_at[i]:
                covered, matches = best[past][0]
                score = (covered + past - i, matches - 1)
                if score > choice[0]:
                    choice = (score, (past, payload))
            best[i] = choice
        found = []
        i = 0
        while i < n:
            taken = best[i][1]
            if taken is None:
                i += 1
                continue
            found.append((i, taken[0], taken[1]))
            i = taken[0]
        return found


# --- English: lowercase words with a light, consistent suffix stripper --------------------

_EN_WORD_RE = re.compile(r"[^\W_]+")
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b")
_VOWELS = set("aeiouy")


# Irregular inflections of the verbs and nouns office questions use ("who paid", "how much was
# spent", "the fund they set up", "children"), folded to the base form before stemming. Forms
# that are other words as well are left out: "left" (direction), "found" (to found), "saw",
# "lay", "bore", "lead" (the metal reads as the verb anyway).
_IRREGULAR = {
    form: base
    for base, forms in {
        "pay": "paid",
        "spend": "spent",
        "hold": "held",
        "lead": "led",
        "send": "sent",
        "make": "made",
        "take": "took taken",
        "give": "gave given",
        "get": "got gotten",
        "build": "built",
        "buy": "bought",
        "sell": "sold",
        "bring": "brought",
        "lend": "lent",
        "meet": "met",
        "lose": "lost",
        "choose": "chose chosen",
        "draw": "drew drawn",
        "write": "wrote written",
        "begin": "began begun",
        "see": "seen",
        "know": "knew known",
        "think": "thought",
        "tell": "told",
        "say": "said",
        "fall": "fell fallen",
        "rise": "rose risen",
        "grow": "grew grown",
        "deal": "dealt",
        "mean": "meant",
        "understand": "understood",
        "withdraw": "withdrew withdrawn",
        "undertake": "undertook undertaken",
        "oversee": "oversaw overseen",
        "overtake": "overtook overtaken",
        "forbid": "forbade forbidden",
        "seek": "sought",
        "teach": "taught",
        "catch": "caught",
        "fight": "fought",
        "stand": "stood",
        "become": "became",
        "come": "came",
        "speak": "spoke spoken",
        "break": "broke broken",
        "freeze": "froze frozen",
        "drive": "drove driven",
        "feed": "fed",
        "flee": "fled",
        "show": "shown",
        "arise": "arose arisen",
        "forgive": "forgave forgiven",
        "keep": "kept",
        "child": "children",
        "woman": "women",
        "man": "men",
        "criterion": "criteria",
        "analysis": "analyses",
        "crisis": "crises",
        "index": "indices",
        "appendix": "appendices",
        "basis": "bases",
    }.items()
    for form in forms.split()
}
# Words in -s that are no plural: "news" is not "new".
_NOT_PLURAL = frozenset({"news", "series", "species"})


# One vowel between consonants, the last not w/x/y ("car", "plan", "rat", "writ"): a stem an
# "e" turns into another word (Porter's *o condition), so "care" must not fold into "car".
_SHORT_CVC = re.compile(r"^[^aeiouy]*[aeiou][^aeiouwxy]$")


def _stem(word: str) -> str:
    """_fold_inflection, with one more fold: a final "se" loses its "e" ("chase", "chases",
    "chasing" all meet "chas"; "case"/"cases", "phase"/"phases" likewise). _fold_inflection
    keeps the "e" of a short stem ("rate" is not "rat") but strips "-es" after an "s", so the
    plural and the base of such words parted ("chases up" missed the glossary's "chase up").
    No English stem in "-s" is a word the "e" tells apart."""
    stem = _fold_inflection(word)
    if len(stem) > 3 and stem.endswith("se") and stem.isascii():
        return stem[:-1]
    return stem


def _fold_inflection(word: str) -> str:
    """Fold inflections so "droughts", "assigned", "disbursing" meet "drought", "assign",
    "disburse", and "paid", "paying", "pays" meet "pay". Only needs to be consistent, not
    linguistically exact: the same function stems both the glossary phrases and the question."""
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or not word.isascii() or not word.isalpha() or word in _NOT_PLURAL:
        return word
    stem = word
    if stem.endswith("ies") or stem.endswith("ied"):
        stem = stem[:-3] + "y"
    elif stem.endswith("sses"):
        stem = stem[:-2]
    elif stem.endswith("es") and stem[:-2].endswith(("s", "x", "z", "ch", "sh")):
        stem = stem[:-2]
    elif stem.endswith("s") and not stem.endswith(("ss", "us", "is")):
        stem = stem[:-1]
    elif stem.endswith("ing") and _VOWELS & set(stem[:-3]):
        stem = stem[:-3]
    elif stem.endswith("ed") and not stem.endswith("eed"):
        stem = stem[:-2]
    inflected = stem != word and word.endswith(("ing", "ed"))
    if inflected and _SHORT_CVC.match(stem):
        # "rating", "mining", "saving", "caring" meet "rate", "mine", "save", "care" (kept
        # whole below), not "rat", "min", "SAV", "car".
        return stem + "e"
    if len(stem) == 3 and stem != word:
        # A three-letter base is a word of its own, which stays whole: "paying", "fees",
        # "taxed" meet "pay", "fee", "tax" as typed.
        return stem
    if len(stem) < 3:
        return word  # "used" is not "us": shorter stems stay whole words
    if stem.endswith("e"):
        if not _SHORT_CVC.match(stem[:-1]):
            stem = stem[:-1]  # "approve", "approving" -> "approv"
        # else "care", "plane", "site", "rate" stay whole: without the e they are other words
    elif stem.endswith("y"):
        stem = stem[:-1] + "i"
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]  # planned -> plann -> plan; fill -> fil (both sides alike)
    return stem
    if len(stem) < 3:
        return word  # "used" is not "us": shorter stems stay whole words
    if stem.endswith("e"):
        stem = stem[:-1]
    elif stem.endswith("y"):
        stem = stem[:-1] + "i"
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]  # planned -> plann -> plan; fill -> fil (both sides alike)
    return stem


# Articles carry nothing and would let "the people" swallow "the People's Committee".
_ARTICLES = frozenset({"the", "a", "an"})
# Particles after a verb that make a phrasal verb of it (Glossary._scan_english). Dev tune half:
# of the English questions' one-word glossary matches followed by one of these, 4 of 5 were
# another sense ("sort out", "wound up", "top-up", "end up"); the fifth was "paid up to",
# which the rule leaves alone. "in", "on", "over" are prepositions too often to count.
PHRASAL_PARTICLES = frozenset({"up", "out", "off", "away"})
# Unaccented syllables inside a Vietnamese name ("Buôn Ma Thuột", "Đắk Lắk"): "ma", "la", "gia".
_SHORT_SYLLABLE = 3


# Words that carry no topic: question words, auxiliaries, pronouns, prepositions, and verbs
# of asking and saying. Stemmed like the question (see _stem) so both sides meet.
_FUNCTION_WORDS = frozenset(
    _stem(w)
    for w in """
    what which who whom whose when where why how much many there here this that these those
    is are was were be been being am do does did done doing have has had having will would
    shall should can could may might must ought need needs to of in on at by for with from
    into onto about as than then and or but not no nor so if whether any some all each every
    it its they them their he him his she her we us our you your i me my one ones
    tell told say said says ask asked give gave given get got make made take taken
    according notice notices document documents conclusion conclusions mention mentioned
    also just only still yet again very more most less least other another such same
    up down out over under off away between during before after while until within without
    own besides through against aside able lot lots pick occasionally face faces
    """.split()
)
# Everyday words that carry no topic either: hedges, frames of time and quantity, verbs of
# doing and talking, contractions split at the apostrophe, and number words (the amount itself
# is matched through its canonical figure term). Left in, each counted as a topic word no
# passage holds, at the weight of the rarest term, so one "roughly" or "whole" halved a short
# question's coverage: 11 of 56 English tune-half questions held one.
_GENERAL_WORDS = frozenset(
    _stem(w)
    for w in """
    roughly approximately about around nearly almost exactly precisely really actually
    whole entire total overall per each apiece already still ever never always now currently
    past present future recent recently latest earlier later previously since ago
    go goes went gone going come comes came coming talk talks talked talking mention speak
    say use uses used using happen happens happened know think want like look see seem mean
    means put set let keep kept cover covers covered covering refer refers referred reference
    kind sort way ways thing things part parts case cases matter word words wording term
    right wrong correct incorrect true false real certain particular specific exact
    new old big small large little long short high low good bad main major minor
    isn aren wasn weren doesn don didn hasn haven hadn won wouldn shouldn couldn
    pre post non
    million millions billion billions thousand thousands hundred hundreds trillion
    two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty half older younger
    """.split()
)


def english_tokens(text: str) -> list[str]:
    text = _POSSESSIVE_RE.sub("", text.lower().replace("&", " and "))
    return [_stem(w) for w in _EN_WORD_RE.findall(text) if w not in _ARTICLES]


# --- Vietnamese: lowercase NFC syllables with their spans -------------------------------

_VI_WORD_RE = re.compile(r"[^\W_]+")


def vietnamese_tokens(text: str) -> list[tuple[str, int, int]]:
    """(lowercased syllable, start, end) over normalize_unicode(text); punctuation is ignored so
    "Sở Văn hóa, Thể thao và Du lịch" and "Sở Văn hóa Thể thao và Du lịch" tokenize alike."""
    return [(m.group().lower(), m.start(), m.end()) for m in _VI_WORD_RE.finditer(text)]


@dataclass(frozen=True)
class GlossaryEntry:
    category: str
    vietnamese: tuple[str, ...]  # preferred term first
    english: tuple[str, ...]

    @property
    def gloss(self) -> str:
        return self.english[0]


class Glossary:
    def __init__(self, entries: Iterable[GlossaryEntry]):
        self.entries: list[GlossaryEntry] = list(entries)
        self._english = TokenTrie()
        self._vietnamese = TokenTrie()
        self._by_vietnamese: dict[tuple[str, ...], GlossaryEntry] = {}
        for entry in self.entries:
            for phrase in entry.english:
                self._english.add(english_tokens(phrase), entry)
            for term in entry.vietnamese:
                key = tuple(t for t, _, _ in vietnamese_tokens(normalize_unicode(term)))
                self._vietnamese.add(key, entry)
                self._by_vietnamese.setdefault(key, entry)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Glossary:
        """The glossary at path (default: the packaged one), parsed once per path."""
        return _load_cached(Path(path).resolve() if path else DEFAULT_GLOSSARY)

    @classmethod
    def parse(cls, text: str, source: str = "glossary") -> Glossary:
        entries = []
        lines = normalize_unicode(text).splitlines()
        for number, line in enumerate(lines[1:], start=2):  # line 1 is the header
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 3:
                raise ConfigError(
                    f"{source} line {number}: expected 3 tab-separated columns "
                    f"(category, vietnamese, english), found {len(cells)}"
                )
            category, vietnamese, english = (cell.strip() for cell in cells)
            if category not in CATEGORIES:
                raise ConfigError(
                    f"{source} line {number}: unknown category '{category}', "
                    f"use one of {', '.join(CATEGORIES)}"
                )
            vi_terms = _variants(vietnamese)
            en_terms = _variants(english)
            if not vi_terms or not en_terms:
                raise ConfigError(f"{source} line {number}: empty Vietnamese or English term")
            entries.append(GlossaryEntry(category, vi_terms, en_terms))
        return cls(entries)

    def _scan_english(self, tokens: list[str]) -> list[tuple[int, int, list]]:
        """The glossary phrases of a question's tokens, without a one-word match that is the
        verb of a phrasal verb the glossary lacks: "end up with", "top-up", "sort out", "wound
        up" mean something else than "end" (chấm dứt), "top" (cao nhất), "sort" (phân loại),
        "wound" (thương tật). Such a word is then read as a word the glossary lacks
        (retrieval/english_terms.py). "up to" is a preposition ("paid up to 5 million")."""
        matches = self._english.scan(tokens)
        return [
            (first, past, entries)
            for first, past, entries in matches
            if not (
                past - first == 1
                and past < len(tokens)
                and tokens[past] in PHRASAL_PARTICLES
                and tokens[past + 1 : past + 2] != ["to"]
            )
        ]

    def match_english(self, question: str) -> list[GlossaryEntry]:
        """Entries whose English phrase occurs in the question, longest phrase first at each
        position, in question order (an ambiguous phrase yields all of its entries)."""
        matches = self._scan_english(english_tokens(question))
        return list(dict.fromkeys(entry for _, _, entries in matches for entry in entries))

    def match_english_groups(self, question: str) -> list[list[GlossaryEntry]]:
        """Like match_english, but the entries of one matched phrase stay together: an
        ambiguous phrase ("provincial party standing committee" is said of both the Ban
        Thường vụ and the Thường trực) is one concept with several readings."""
        groups: list[list[GlossaryEntry]] = []
        seen: set[GlossaryEntry] = set()
        for _, _, entries in self._scan_english(english_tokens(question)):
            fresh = [e for e in dict.fromkeys(entries) if e not in seen]
            seen.update(fresh)
            if fresh:
                groups.append(fresh)
        return groups

    def unmatched_english(self, question: str) -> list[str]:
        """Content words of an English question that no glossary phrase covers (stemmed).
        They still count as asked-for: a passage cannot be shown to hold them."""
        return [token for token, mapped in self._content_words(question) if not mapped]

    def mapped_share(self, question: str) -> float:
        """The share of an English question's content words a glossary phrase covers (1.0 when
        it has none): how much of the question lexical search over Vietnamese text can see."""
        words = self._content_words(question)
        return sum(mapped for _, mapped in words) / len(words) if words else 1.0

    def _content_words(self, question: str) -> list[tuple[str, bool]]:
        """(stemmed content word, whether a glossary phrase covers it), in question order."""
        tokens = english_tokens(question)
        covered = [False] * len(tokens)
        for first, past, _ in self._scan_english(tokens):
            covered[first:past] = [True] * (past - first)
        return [
            (token, hit)
            for token, hit in zip(tokens, covered, strict=True)
            if token.isalpha()
            and token.isascii()  # Vietnamese typed into the question: see vietnamese_runs
            and len(token) > 2
            and token not in _FUNCTION_WORDS
            and token not in _GENERAL_WORDS
        ]

    def vietnamese_runs(self, question: str) -> list[str]:
        """Vietnamese written into an English question (a place, a quoted term: "replaces 'nhà
        đầu tư'", "Buôn Ma Thuột"), each run of words as one phrase: runs of words with
        Vietnamese letters, with short unaccented syllables between two of them ("Ma")."""
        words = _EN_WORD_RE.findall(normalize_unicode(question))
        accented = [not w.isascii() for w in words]
        runs: list[str] = []
        i = 0
        while i < len(words):
            if not accented[i]:
                i += 1
                continue
            j = i + 1
            while j < len(words) and (
                accented[j]
                or (len(words[j]) <= _SHORT_SYLLABLE and j + 1 < len(words) and accented[j + 1])
            ):
                j += 1
            runs.append(" ".join(words[i:j]))
            i = j
        return runs

    def expand_english(self, question: str) -> list[str]:
        """Vietnamese terms (all variants, deduplicated) for the English phrases in question."""
        terms = (t for entry in self.match_english(question) for t in entry.vietnamese)
        return list(dict.fromkeys(terms))

    def gloss_vietnamese(self, text: str) -> list[tuple[str, str]]:
        """(Vietnamese term as written in text, English gloss) for glossary terms in text,
        longest match first, case-insensitive, NFC and tone-convention insensitive."""
        normalized = normalize_unicode(text)
        tokens = vietnamese_tokens(normalized)
        words = [t for t, _, _ in tokens]
        return [
            (normalized[tokens[first][1] : tokens[last - 1][2]], entries[0].gloss)
            for first, last, entries in self._vietnamese.scan(words)
        ]

    def english_for(self, vietnamese: str) -> str | None:
        """The gloss of a Vietnamese term when the whole term is a glossary entry."""
        key = tuple(t for t, _, _ in vietnamese_tokens(normalize_unicode(vietnamese)))
        entry = self._by_vietnamese.get(key)
        return entry.gloss if entry else None

    def __len__(self) -> int:
        return len(self.entries)


def _variants(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in cell.split(";") if v.strip()))


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Glossary:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read the glossary {path}: {exc.strerror or exc}") from None
    return Glossary.parse(text, source=str(path))
