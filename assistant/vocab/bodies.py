"""Body names (cơ quan, đơn vị) normalized to one canonical Vietnamese name, so the assignment
ledger can count "UBND tỉnh", "Ủy ban nhân dân tỉnh" and "Uỷ ban nhân dân tỉnh" as one body.

The canonical names and their listed variants live in data/bodies.tsv; abbreviations (UBND,
HĐND, MTTQ, BCS, TU, ...: data/abbreviations.tsv) are expanded token by token, so "BCS đảng
UBND tỉnh" needs no row of its own. Lookups go exact key -> trie match over the whole name ->
accent-folded key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.core.errors import ConfigError
from assistant.core.text import normalize_unicode, strip_diacritics
from assistant.vocab.glossary import Glossary, TokenTrie

DEFAULT_BODIES = Path(__file__).resolve().parent / "data" / "bodies.tsv"

DEFAULT_ABBREVIATIONS = Path(__file__).resolve().parent / "data" / "abbreviations.tsv"


def load_abbreviations(path: Path = DEFAULT_ABBREVIATIONS) -> tuple[dict[str, str], dict[str, str]]:
    """(expansions, display forms) from the abbreviation table: lowercased abbreviation -> the
    lowercased words it stands for in provincial notices ("ubnd" -> "ủy ban nhân dân"), and
    for some, how to spell it out inside a name the body table does not list."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"Cannot read the abbreviation table {path}: {exc.strerror or exc}"
        ) from None
    expansions: dict[str, str] = {}
    display: dict[str, str] = {}
    for number, line in enumerate(normalize_unicode(text).splitlines()[1:], start=2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 3 or not cells[0] or not cells[1] or cells[0] != cells[0].lower():
            raise ConfigError(
                f"{path} line {number}: expected 3 tab-separated columns (abbreviation in lower "
                "case, expansion, display form or empty)"
            )
        expansions[cells[0]] = cells[1]
        if cells[2]:
            display[cells[0]] = cells[2]
    return expansions, display


ABBREVIATIONS, _ABBREVIATION_DISPLAY = load_abbreviations()

_WORD_RE = re.compile(r"[^\W_]+")
# Sentence punctuation ends a body mention; commas do not ("các sở, ban, ngành").
_BREAK_RE = re.compile(r"[.;:!?](?=\s|$)|\n")
# Words that start something else, so they end a place name after "Ủy ban nhân dân huyện".
_PLACE_STOP = frozenset(
    "bí chủ phó ban sở ủy văn tỉnh và các thường giám trưởng chánh đảng huyện xã thành thị".split()
)
_MAX_PLACE_WORDS = 4
_LEADING_NOISE = ("các ", "những ", "giao ")


@dataclass(frozen=True)
class _Body:
    canonical: str
    takes_place_name: bool
    # A central body's proper name ("Bộ Xây dựng") counts in running text only when written
    # with its capital: "các bộ xây dựng kế hoạch" is ministries drawing up plans.
    proper: bool = False


@dataclass
class _Token:
    word: str  # lowercased, abbreviation-expanded word
    start: int  # span of the source word in the normalized text
    end: int
    first: bool  # first / last word of its source word's expansion
    last: bool


def _tokens(text: str, expand_any_case: bool) -> list[_Token]:
    """Words of normalized text with abbreviations expanded. In running text only upper-case
    abbreviations expand ("tu chỉnh" is a verb, "TU" is Tỉnh ủy), and never inside document
    numbers such as 1097-KL/TU."""
    tokens: list[_Token] = []
    for match in _WORD_RE.finditer(text):
        word = match.group()
        lower = word.lower()
        expansion = ABBREVIATIONS.get(lower)
        if expansion and not expand_any_case:
            glued = match.start() > 0 and text[match.start() - 1] == "/"
            if glued or word != word.upper():
                expansion = None
        parts = expansion.split() if expansion else [lower]
        for i, part in enumerate(parts):
            tokens.append(_Token(part, match.start(), match.end(), i == 0, i == len(parts) - 1))
    return tokens


def _key(name: str) -> str:
    return " ".join(t.word for t in _tokens(normalize_unicode(name), expand_any_case=True))


class BodyTable:
    def __init__(self, rows: list[tuple[str, list[str], str]]):
        self.by_key: dict[str, _Body] = {}
        folded: dict[str, _Body | None] = {}
        self.trie = TokenTrie()
        self.folded_trie = TokenTrie()  # for questions typed without accents
        self.variant_count = 0
        for canonical, variants, kind in rows:
            body = _Body(canonical, kind == "yes", kind == "proper")
            for position, name in enumerate([canonical, *variants]):
                key = _key(name)
                if not key:
                    continue
                self.variant_count += position > 0
                self.by_key.setdefault(key, body)
                self.trie.add(key.split(), body)
                fold = strip_diacritics(key)
                self.folded_trie.add(fold.split(), body)
                # Two bodies that fold alike cannot be told apart without accents.
                folded[fold] = body if folded.get(fold, body) == body else None
        self.by_folded = {k: v for k, v in folded.items() if v is not None}

    @classmethod
    def parse(cls, text: str, source: str = "bodies") -> BodyTable:
        rows = []
        lines = normalize_unicode(text).splitlines()
        for number, line in enumerate(lines[1:], start=2):  # line 1 is the header
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) != 3 or not cells[0]:
                raise ConfigError(
                    f"{source} line {number}: expected 3 tab-separated columns "
                    "(canonical, variants, takes_place_name) with a canonical name"
                )
            kind = cells[2].lower()
            if kind not in ("", "yes", "proper"):
                raise ConfigError(
                    f"{source} line {number}: the third column is 'yes' (takes a place name), "
                    f"'proper' (a proper name, matched only when capitalised) or empty, "
                    f"not {kind!r}"
                )
            variants = [v.strip() for v in cells[1].split(";") if v.strip()]
            rows.append((cells[0], variants, kind))
        return cls(rows)

    def find(
        self, text: str, expand_any_case: bool = False, folded: bool = False
    ) -> list[tuple[int, int, str]]:
        """(start, end, canonical) over text, which must already be normalized."""
        trie = self.folded_trie if folded else self.trie
        found = []
        segment_start = 0
        for brk in [*_BREAK_RE.finditer(text), None]:
            segment_end = brk.start() if brk else len(text)
            segment = text[segment_start:segment_end]
            tokens = _tokens(segment, expand_any_case)
            words = [strip_diacritics(t.word) if folded else t.word for t in tokens]
            starts = [t.first for t in tokens]
            ends = [t.last for t in tokens]
            for first, past, bodies in trie.scan(words, starts, ends):
                body = bodies[0]
                start, end = tokens[first].start, tokens[past - 1].end
                if body.proper and not (expand_any_case or folded or segment[start].isupper()):
                    continue
                canonical = body.canonical
                if body.takes_place_name:
                    end, place = _place_name(segment, tokens, past)
                    end = end or tokens[past - 1].end
                    if place:
                        canonical = f"{canonical} {place}"
                found.append((segment_start + start, segment_start + end, canonical))
            segment_start = brk.end() if brk else len(text)
        return found


def _place_name(segment: str, tokens: list[_Token], index: int) -> tuple[int, str]:
    """Capitalized words right after "Huyện ủy" / "UBND huyện" ("Lạc Dương"): (end, name)."""
    end, words = 0, []
    previous_end = tokens[index - 1].end
    while index < len(tokens) and len(words) < _MAX_PLACE_WORDS:
        token = tokens[index]
        source = segment[token.start : token.end]
        between = segment[previous_end : token.start]
        if between.strip() or not source[0].isupper() or token.word in _PLACE_STOP:
            break
        if token.word in ABBREVIATIONS and source == source.upper() and len(source) > 1:
            break
        words.append(source.title() if source.isupper() and len(source) > 1 else source)
        end = previous_end = token.end
        index += 1
    return end, " ".join(words)


@lru_cache(maxsize=4)
def load_bodies(path: Path = DEFAULT_BODIES) -> BodyTable:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read the body table {path}: {exc.strerror or exc}") from None
    return BodyTable.parse(text, source=str(path))


def _clean(name: str) -> str:
    name = " ".join(normalize_unicode(name).split())
    return name.strip(" \t,;:.-–—()[]\"'“”*")


@lru_cache(maxsize=4096)
def canonical_body(name: str) -> str:
    """One canonical Vietnamese name per body: "UBND tỉnh", "Uỷ ban nhân dân tỉnh" and
    "UỶ BAN NHÂN DÂN TỈNH" all give "Ủy ban nhân dân tỉnh". Unknown names come back cleaned
    (NFC, one space, abbreviations spelled out)."""
    return known_body(name) or _spell_out(_clean(name))


def known_body(name: str) -> str | None:
    """The canonical name when name is a body in the table (any spelling), else None."""
    table = load_bodies()
    cleaned = _clean(name)
    key = _key(cleaned)
    if not key:
        return None
    candidates = [key]
    for noise in _LEADING_NOISE:
        if key.startswith(noise):
            candidates.append(key[len(noise) :])
    # "Sở Y tế tỉnh" is "Sở Y tế"; the table lists the province-level suffix only where it is
    # part of the name ("Công an tỉnh").
    candidates += [c[: -len(" tỉnh")] for c in candidates if c.endswith(" tỉnh")]
    for candidate in candidates:
        if candidate in table.by_key:
            return table.by_key[candidate].canonical
    whole = _whole_match(table, cleaned)
    if whole:
        return whole
    folded = strip_diacritics(key)
    if folded in table.by_folded:
        return table.by_folded[folded].canonical
    return None


def _whole_match(table: BodyTable, cleaned: str) -> str | None:
    """A canonical when one body mention covers the whole name (e.g. "UBND huyện Lạc Dương")."""
    matches = table.find(cleaned, expand_any_case=True)
    if len(matches) != 1:
        return None
    start, end, canonical = matches[0]
    before = cleaned[:start].strip().lower()
    if _WORD_RE.search(cleaned[end:]) or before not in ("", "các", "những", "giao"):
        return None
    return canonical


def _spell_out(name: str) -> str:
    def expand(match: re.Match) -> str:
        word = match.group()
        display = _ABBREVIATION_DISPLAY.get(word.lower())
        return display if display and word == word.upper() else word

    return _WORD_RE.sub(expand, name)


def body_key(name: str) -> str:
    """Comparison key: equal for every spelling of one body (lowercase, abbreviations expanded,
    accents kept)."""
    return _key(canonical_body(name))


def find_bodies(text: str, accent_insensitive: bool = False) -> list[tuple[int, int, str]]:
    """Body mentions in text as (start, end, canonical), longest match first, left to right.
    Offsets index into text itself, even when text is not NFC. accent_insensitive also finds
    names typed without accents ("van phong tinh uy"), for questions."""
    normalized, offsets = _normalize_with_offsets(text)
    found = load_bodies().find(normalized, folded=accent_insensitive)
    if offsets is None:
        return found
    return [(offsets[s], offsets[e], c) for s, e, c in found]


def _normalize_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """normalize_unicode(text) plus, when its length changed (NFD input), a map from each
    normalized offset (and the end) back to an offset in text."""
    normalized = normalize_unicode(text)
    if len(normalized) == len(text):
        return normalized, None
    pieces: list[str] = []
    offsets: list[int] = []
    cluster_start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            composed = unicodedata.normalize("NFC", text[cluster_start:i])
            pieces.append(composed)
            offsets.extend([cluster_start] * len(composed))
            cluster_start = i
    offsets.append(len(text))
    # The tone-mark convention swap only moves a mark between two letters: length-preserving.
    return normalize_unicode("".join(pieces)), offsets


def english_name(canonical: str, glossary: Glossary | None = None) -> str:
    """English name of a body for English answers, from the glossary; "Ủy ban nhân dân huyện
    Lạc Dương" -> "district People's Committee of Lạc Dương"."""
    glossary = glossary or Glossary.load()
    exact = glossary.english_for(canonical)
    if exact:
        return exact
    # A glossed body name followed by a proper name: "Tỉnh ủy Lâm Đồng".
    glossed = glossary.gloss_vietnamese(canonical)
    if glossed and canonical.startswith(glossed[0][0]):
        rest = canonical[len(glossed[0][0]) :].strip()
        base = glossary.english_for(glossed[0][0])
        if base and rest and rest[0].isupper():
            return f"{base} of {rest}"
    return canonical
