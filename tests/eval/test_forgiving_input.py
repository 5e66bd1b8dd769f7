"""benchmarks/forgiving_input.py makes the rough forms it says it makes, the same on every run."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

from assistant.core.text import strip_diacritics

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "forgiving_input.py"
_SPEC = importlib.util.spec_from_file_location("forgiving_input", _PATH)
forgiving = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(forgiving)

ITEM = {
    "id": "x001",
    "lang": "vi",
    "question": "Thông tư 11/2024/TT-BKHĐT quy định mức chi tối đa là bao nhiêu phần trăm?",
}


def test_variants_are_deterministic_and_cover_every_form():
    first, second = forgiving.variants(ITEM), forgiving.variants(ITEM)
    assert first == second
    assert set(first) == set(forgiving.FORMS)


def test_typos_touch_plain_words_only_and_tone_slips_keep_the_letters():
    out = forgiving.variants(ITEM)
    for form, words_changed in (("typo_any", 1), ("typo2", 2)):
        typed, changed = ITEM["question"].split(), out[form].split()
        assert len(typed) == len(changed)
        diff = [(a, b) for a, b in zip(typed, changed, strict=True) if a != b]
        assert len(diff) == words_changed
        assert all("/" not in a for a, _ in diff)  # never the document's code
    tone = out["tone"]
    assert tone != ITEM["question"]
    assert strip_diacritics(tone) == strip_diacritics(ITEM["question"])
    assert unicodedata.is_normalized("NFC", tone)
