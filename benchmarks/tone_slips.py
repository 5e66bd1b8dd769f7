"""Calibrate assistant.vocab.spelling.mend_tone_slips on the dev set's TUNE half.

    python benchmarks/tone_slips.py [--store DIR] [--half tune]

Takes the half's Vietnamese questions and follow-up turns typed with accents and, for each
toned syllable of each, the question with that syllable's tone dropped or swapped (one variant
per syllable, drawn deterministically). Prints, per setting of
TONE_SLIP_MIN_SHARE and TONE_SLIP_MAX_FREQUENCY_RATIO: questions as typed that the mending
changes (false mends: must stay ~0), slipped syllables mended back, and slipped syllables
changed to a third form. Reads the cached dev store's lexical index only (default: the
newest ~/.cache/notice-assistant/dev-*/store).
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.text import has_diacritics  # noqa: E402
from assistant.eval.scoring import load_questions  # noqa: E402
from assistant.vocab import spelling  # noqa: E402
from benchmarks.restore_accents import QUESTIONS, dev_engine_from_cli  # noqa: E402

TONES = "\u0300\u0301\u0309\u0303\u0323"
SETTINGS = [(share, most) for share in (0.1, 0.2, 0.3) for most in (2, 4, 1000)]
_WORD = re.compile(r"[^\W\d_]+")


def slips(question: str, rng: random.Random) -> list[str]:
    """The question with one syllable's tone changed, for each toned syllable."""
    out = []
    for match in _WORD.finditer(question):
        word = match.group()
        decomposed = unicodedata.normalize("NFD", word)
        marks = [c for c in decomposed if c in TONES]
        if word != word.lower() or len(marks) != 1:
            continue
        other = rng.choice(["", *(c for c in TONES if c != marks[0])])
        slipped = unicodedata.normalize("NFC", decomposed.replace(marks[0], other))
        out.append(question[: match.start()] + slipped + question[match.end() :])
    return out


def main() -> int:
    _, lexical, args = dev_engine_from_cli(__doc__.splitlines()[0])
    items = [
        q
        for path in (QUESTIONS, QUESTIONS.with_name("dev_followups.jsonl"))
        for q in load_questions(path)
        if q["half"] == args.half
        and q["lang"] == "vi"
        and not {"no_diacritics", "partial_diacritics", "typo"} & set(q.get("kinds", ()))
        and has_diacritics(q["question"])
    ]
    for share, most in SETTINGS:
        spelling.TONE_SLIP_MIN_SHARE, spelling.TONE_SLIP_MAX_FREQUENCY_RATIO = share, most
        changed = mended = third = total = 0
        for item in items:
            question = item["question"]
            mend = spelling.mend_tone_slips(question, lexical.syllable_freq, lexical._pair_count)
            changed += mend != question
            for slipped in slips(question, random.Random(item["id"])):
                if slipped == question:
                    continue
                total += 1
                got = spelling.mend_tone_slips(slipped, lexical.syllable_freq, lexical._pair_count)
                mended += got == question
                third += got != question and got != slipped
        print(
            f"share {share:.1f} frequency ratio {most}: {len(items)} questions, changed as typed "
            f"{changed}; slips {total}: mended back {mended / max(total, 1):.3f}, "
            f"to a third form {third / max(total, 1):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
