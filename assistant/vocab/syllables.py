"""Whether a word can be a Vietnamese syllable at all, by its spelling.

A collection of notices lacks many everyday syllables ("liệu", "nhỉ"), so "not in the
collection" does not mean "mistyped": correcting every unknown word of a question changes what
it asks ("số liệu" -> "số hiệu"). A word no Vietnamese syllable is spelled like ("hpần",
"nhiiêu", "tăg", "liêt", "thônng") is mistyped for sure, whatever the collection holds. The
spelling rules: an initial consonant cluster, then one rhyme of the written language (the
rhymes below, tone marks removed), and a rhyme ending in p, t, c or ch takes the sắc or nặng
tone only.
"""

from __future__ import annotations

import unicodedata

# Initial consonants as written; "" for a syllable that opens with its vowel ("ăn", "ở").
# "gi" and "qu" are consonants of their own ("giá", "quốc"), tried with and without their vowel.
ONSETS = ("", *"b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split())

# The rhymes of written Vietnamese, tone marks removed (vowel marks kept: â ă ê ô ơ ư).
RHYMES = frozenset(
    """a ai ao au ay ac ach am an ang anh ap at
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo
    oet oi om on ong ooc oong op ot
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ up ut uy uya uych uyên uyêt uyn
    uynh uyp uyt uyu uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
    y yêm yên yêng yêt yêu""".split()
)
# Typed without accents, a rhyme loses its vowel marks too ("hieu", "nguoi").
_ASCII_RHYMES = frozenset(
    unicodedata.normalize("NFD", r).encode("ascii", "ignore").decode() for r in RHYMES
)
_STOP_FINALS = ("p", "t", "c", "ch")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_STOP_TONES = {"\u0301", "\u0323"}  # sắc, nặng


def _tone_and_base(word: str) -> tuple[str, str]:
    """(the tone mark, or "", and the word without it, vowel marks kept), lowercase."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return (tones[0] if len(tones) == 1 else "?" if tones else ""), base


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` is spelled like a Vietnamese syllable. A rhyme ending in p, t, c or ch
    needs the sắc or nặng tone, unless the word is typed wholly without accents ("luc" may be
    "lúc"); "liêt", "Mưc" (vowel marks typed, the tone dropped) are no syllable."""
    tone, base = _tone_and_base(word)
    if tone == "?" or not base.isalpha():
        return False  # two tone marks, or not a word
    accent_free = word.isascii()
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if rhyme not in (_ASCII_RHYMES if rhyme.isascii() else RHYMES):
            continue
        if rhyme.endswith(_STOP_FINALS) and not accent_free and tone not in _STOP_TONES:
            return False
        return True
    return False
