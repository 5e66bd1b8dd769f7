"""Pre-Unicode Vietnamese font encodings still found in provincial archives, and how to spot them.

TCVN3 (ABC, the ".VnTime" fonts) and VNI (VNI-Times) put Vietnamese letters on Latin-1 code
points, so such a file read as Windows-1252 shows "Tæng kÕt" (TCVN3) or "Thoâng baùo" (VNI)
instead of "Tổng kết" / "Thông báo". The converters here work on text whose characters are those
Windows-1252 / Latin-1 code points: the bytes of a .txt file decoded as cp1252, or the characters
Word and browsers store for text typed in a legacy font.

Detection scores a candidate decoding by how many of its words are valid Vietnamese syllables.
"""

from __future__ import annotations

import re
import unicodedata

# --- TCVN3 (ABC) -----------------------------------------------------------------------------
# One byte per letter. Each vowel group is listed in ABC's order: huyền, hỏi, ngã, sắc, nặng.
# TCVN3 has no capital toned letters: all-caps text used the ".VnTimeH" fonts, which draw the
# lowercase codes as capitals (see _restore_capitals).
_TCVN3_GROUPS = (
    ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),
    ("¨©ª«¬\xad®", "ăâêôơưđ"),  # \xad (soft hyphen) is "ư"
    ("µ¶·¸¹", "àảãáạ"),
    ("»¼½¾Æ", "ằẳẵắặ"),
    ("ÇÈÉÊË", "ầẩẫấậ"),
    ("ÌÎÏÐÑ", "èẻẽéẹ"),
    ("ÒÓÔÕÖ", "ềểễếệ"),
    ("×ØÜÝÞ", "ìỉĩíị"),
    ("ßáâãä", "òỏõóọ"),
    ("åæçèé", "ồổỗốộ"),
    ("êëìíî", "ờởỡớợ"),
    ("ïñòóô", "ùủũúụ"),
    ("õö÷øù", "ừửữứự"),
    ("úûüýþ", "ỳỷỹýỵ"),
)
_TCVN3_TO_UNICODE = {
    legacy: uni
    for codes, letters in _TCVN3_GROUPS
    for legacy, uni in zip(codes, letters, strict=True)
}
_UNICODE_TO_TCVN3 = {uni: legacy for legacy, uni in _TCVN3_TO_UNICODE.items()}
_TCVN3_TABLE = str.maketrans(_TCVN3_TO_UNICODE)

# --- VNI (VNI-Windows) -----------------------------------------------------------------------
# A base letter followed by one mark character, e.g. "a" + "ù" = "á", "a" + "á" = "ấ". The tone
# mark character depends on whether the vowel also carries a circumflex or a breve. A few letters
# are single characters: ơ "ô", ư "ö", đ "ñ", the toned i's and ỵ.
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
_VNI_PLAIN_TONES = "ùøûõï"
_VNI_CIRCUMFLEX_TONES = "áàåãä"
_VNI_BREVE_TONES = "éèúüë"
_VNI_TONED_I = "íìæóò"
_VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ"}


def _vietnamese_letters() -> list[str]:
    """Every lowercase Vietnamese letter that is not plain ASCII, precomposed (NFC)."""
    letters = ["đ"]
    for vowel in "aăâeêioôơuưy":
        for tone in ("", *_TONES):
            letter = unicodedata.normalize("NFC", vowel + tone)
            if not letter.isascii():
                letters.append(letter)
    return letters


def _vni_spelling(letter: str) -> str:
    """The VNI spelling of one lowercase Vietnamese letter."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((_TONES.index(m) for m in marks if m in _TONES), None)
    if base == "i":
        return _VNI_TONED_I[tone]
    if base == "y" and tone == _TONES.index("\u0323"):
        return "î"
    if "\u031b" in marks:  # horn: ơ / ư are single characters, the tone follows them
        base = _VNI_SINGLE["ơ" if base == "o" else "ư"]
        return base + ("" if tone is None else _VNI_PLAIN_TONES[tone])
    if "\u0302" in marks:
        return base + ("â" if tone is None else _VNI_CIRCUMFLEX_TONES[tone])
    if "\u0306" in marks:
        return base + ("ê" if tone is None else _VNI_BREVE_TONES[tone])
    return base + _VNI_PLAIN_TONES[tone]


_UNICODE_TO_VNI = {
    cased: spell(_vni_spelling(letter))
    for letter in _vietnamese_letters()
    for cased, spell in ((letter, str), (letter.upper(), str.upper))
}
_VNI_TO_UNICODE = {vni: uni for uni, vni in _UNICODE_TO_VNI.items()}
# Longest spellings first, so "aá" (ấ) wins over a lone "a". Mark case varies in real files
# ("Tröôøng", "TRÖÔØNG", sometimes "Aø"), so the base letter decides the case of the result.
_VNI_RE = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_TO_UNICODE, key=len, reverse=True)),
    re.IGNORECASE,
)


def _vni_letter(match: re.Match[str]) -> str:
    spelling = match.group(0)
    letter = _VNI_TO_UNICODE.get(spelling)
    if letter is None:  # mixed-case spelling such as "Aø": use the base letter's case
        letter = _VNI_TO_UNICODE.get(spelling.lower(), spelling)
        letter = letter.upper() if spelling[0].isupper() else letter
    return letter


def vni_to_unicode(text: str) -> str:
    """VNI-Times text (as Latin-1 characters) -> Unicode NFC."""
    return _VNI_RE.sub(_vni_letter, text)


def unicode_to_vni(text: str) -> str:
    """Unicode -> VNI-Times spelling (Latin-1 characters). Used to build test fixtures."""
    return "".join(_UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# --- TCVN3 converters ------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+")


def _restore_capitals(line: str) -> str:
    """Text typed in ".VnTimeH" stores capital toned letters as lowercase codes ("BáO" for "BÁO").
    A line whose ASCII letters are all capitals is a heading: capitalize it whole; otherwise
    capitalize words with two or more capitals and no lowercase ASCII letter ("ĐảNG")."""
    ascii_letters = [ch for ch in line if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) >= 3 and all(ch.isupper() for ch in ascii_letters):
        return line.upper()

    def fix_word(match: re.Match[str]) -> str:
        word = match.group(0)
        capitals = sum(ch.isupper() for ch in word)
        has_ascii_lower = any(ch.isascii() and ch.islower() for ch in word)
        return word.upper() if capitals >= 2 and not has_ascii_lower else word

    return _WORD_RE.sub(fix_word, line)


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 (ABC, .VnTime / .VnTimeH) text (as Latin-1 characters) -> Unicode NFC."""
    converted = text.translate(_TCVN3_TABLE)
    return "\n".join(_restore_capitals(line) for line in converted.split("\n"))


def unicode_to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 (Latin-1 characters). Capital toned letters, which TCVN3 lacks, get the
    lowercase code as a ".VnTimeH" font would store them. Used to build test fixtures."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_UNICODE_TO_TCVN3.get(ch) or _UNICODE_TO_TCVN3.get(ch.lower(), ch))
    return "".join(out)


# --- detection -------------------------------------------------------------------------------

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô "
    "uơ uy ưa ưi ươ ưu yê iêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu yêu"
).split()
_CODA = "ch|ng|nh|[cmnpt]"
_SYLLABLE_RE = re.compile(
    rf"^(?:{_ONSET})?(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?P<coda>{_CODA})?$"
)
_STOP_CODAS = {"c", "ch", "p", "t"}
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c/ch/p/t takes only sắc or nặng


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` spells a possible Vietnamese syllable ("nghiêng", "được", "quyết")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    plain = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    match = _SYLLABLE_RE.match(plain)
    if match is None:
        return False
    if match.group("coda") in _STOP_CODAS:
        return bool(tones) and tones[0] in _STOP_TONES
    return True


def vietnamese_score(text: str) -> int:
    """Valid minus (twice) invalid syllables, counting only words with a non-ASCII letter: those
    are the words a wrong decoding turns into mojibake. Higher means more plausibly Vietnamese."""
    score = 0
    for word in _WORD_RE.findall(text):
        if word.isascii():
            continue
        score += 1 if is_vietnamese_syllable(word) else -2
    return score


def _as_legacy_chars(line: str) -> bool:
    """Could this line be legacy-font text read as Windows-1252 / Latin-1 characters?"""
    if line.isascii():
        return False
    try:
        line.encode("cp1252")
    except UnicodeEncodeError:
        return all(ord(ch) < 256 for ch in line)
    return True


# Characters a legacy font uses that are not Vietnamese letters: "¸" in "B¸o", "ø" in "ñöôøng".
# Symbols real notices use ("× 100", "§", "«...»", "30°") are not evidence.
_VIETNAMESE_LETTERS = set(_UNICODE_TO_VNI) | set(_UNICODE_TO_TCVN3)
_MOJIBAKE_CHARS = (
    (set(_TCVN3_TO_UNICODE) | set("".join(_UNICODE_TO_VNI.values())))
    - _VIETNAMESE_LETTERS
    - set("×÷§©«»·°")
    - {chr(c) for c in range(128)}
)


def mojibake_evidence(text: str) -> int:
    """Signs that `text` is undecoded legacy-font text: words that are not Vietnamese syllables
    ("Thoâng", "Tæng") plus legacy-font characters that are not Vietnamese letters ("¸", "ø").
    Good Unicode Vietnamese scores 0 or close to it."""
    invalid_words = sum(
        1
        for word in _WORD_RE.findall(text)
        if not word.isascii() and not is_vietnamese_syllable(word)
    )
    return invalid_words + sum(1 for ch in text if ch in _MOJIBAKE_CHARS)


LEGACY_CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}


def best_legacy_reading(text: str) -> tuple[str, str | None]:
    """(text, encoding) for the best of: `text` as is, read as TCVN3, read as VNI. The encoding is
    None when the text is kept as is: a conversion is chosen only when the text shows mojibake
    and the conversion scores strictly better. (Short genuine words are often valid in both
    readings: "Mã" is "Mó" in TCVN3.)"""
    if mojibake_evidence(text) == 0:
        return text, None
    best_text, best_encoding, best_score = text, None, vietnamese_score(text)
    for encoding, convert in LEGACY_CONVERTERS.items():
        converted = convert(text)
        score = vietnamese_score(converted)
        if score > best_score:
            best_text, best_encoding, best_score = converted, encoding, score
    return best_text, best_encoding


def repair_legacy_lines(text: str) -> tuple[str, str | None]:
    """Convert the lines that read as TCVN3/VNI mojibake; return the text and the legacy encoding
    found (or None). Line by line because Word documents mix legacy-font and Unicode runs; one
    encoding for the whole text, chosen on all candidate lines together, because short lines alone
    are ambiguous ("Chæ thò" is "Chỉ thị" in VNI but also "Chổ thũ" in TCVN3). Lines with
    characters beyond Latin-1/cp1252 are already Unicode and are left alone."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if _as_legacy_chars(line)]
    if not candidates:
        return text, None
    _, encoding = best_legacy_reading("\n".join(lines[i] for i in candidates))
    if encoding is None:
        return text, None
    convert = LEGACY_CONVERTERS[encoding]
    converted_any = False
    for i in candidates:
        line = lines[i]
        if mojibake_evidence(line) and vietnamese_score(convert(line)) > vietnamese_score(line):
            lines[i] = convert(line)
            converted_any = True
    return ("\n".join(lines), encoding) if converted_any else (text, None)


def repair_legacy_text(text: str) -> str:
    """Good Unicode stays untouched; lines of TCVN3/VNI mojibake become Unicode NFC."""
    return repair_legacy_lines(text)[0]
