"""Forgiving input, measured directly: does rough typing turn an answered question into a refusal?

    python benchmarks/forgiving_input.py [--half tune] [--json] [-v]

Takes every answerable question of the dev set's chosen half (tune by default: the half fixes
are designed on) that is typed cleanly (not itself one of the no-diacritics / partial / typo /
long cases) and that the engine answers correctly as typed, then asks it again in rough forms:

- partial: accents stripped from every other word (Vietnamese questions only);
- no_diacritics: accents stripped from every word (Vietnamese questions only);
- typo: one edit (a letter dropped, doubled, or two neighbours swapped) in one content word of
  four letters or more, the question's longest word that is not a code or an abbreviation;
- long: the question inside a polite framing sentence, as people write to an office;
- typo_any: one edit in a content word of four letters or more picked at random (shorter,
  commoner words: question words, "effect", "share");
- typo2: one edit in each of two such words;
- tone: one syllable's tone mark dropped or swapped for another ("hiệu" -> "hiêu", "ký" -> "kỹ";
  Vietnamese questions only), the slip of Vietnamese keyboards.

For each form it prints how often the variant is refused (not found) and how often it is
answered differently (refused, or found without the expected strings), per question language.
The issue's invariant: none of these forms may turn an answerable question into a refusal. The
variants are made deterministically from the question's id, so runs compare.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.text import strip_diacritics  # noqa: E402
from assistant.eval.dev import dev_documents, dev_engine  # noqa: E402
from assistant.eval.scoring import (  # noqa: E402
    DEFAULT_CORPORA,
    DEFAULT_NOTICES,
    answer_is_correct,
    load_questions,
)

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "eval" / "dev_questions.jsonl"
ROUGH_KINDS = {"no_diacritics", "partial_diacritics", "typo", "long"}
K = 5
# The framing a long question carries: greetings, who is asking and why, thanks. Content-free on
# purpose: what the question asks is unchanged.
FRAMES = {
    "vi": (
        "Kính gửi quý cơ quan, tôi là cán bộ văn phòng đang tổng hợp tài liệu phục vụ cuộc họp "
        "giao ban sắp tới và cần nắm rõ thông tin trong các văn bản đã ban hành, vì vậy tôi xin "
        "phép hỏi một câu như sau: {q} Rất mong nhận được câu trả lời sớm, xin trân trọng cảm ơn."
    ),
    "en": (
        "Hello, I work in a provincial office and I am preparing a briefing for our next weekly "
        "meeting, so I need to understand exactly what the notices say; my question is the "
        "following one: {q} I would be grateful for a quick answer, thank you very much."
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
MIN_TYPO_WORD = 4
FORMS = ("partial", "no_diacritics", "typo", "long", "typo_any", "typo2", "tone")


def partial(question: str, every: int = 2) -> str:
    """Accents stripped from every `every`-th word (every=1: all of them)."""
    words = question.split(" ")
    return " ".join(strip_diacritics(w) if i % every == 0 else w for i, w in enumerate(words))


def typo(question: str, rng: random.Random) -> str | None:
    """One edit in the question's longest plain word (not in capitals, not glued to a code)."""
    candidates = []
    for match in _WORD.finditer(question):
        word, start, end = match.group(), match.start(), match.end()
        before = question[start - 1] if start else " "
        after = question[end] if end < len(question) else " "
        if len(word) < MIN_TYPO_WORD or word.isupper() or before in "/-" or after in "/-":
            continue
        candidates.append((len(word), start, end))
    if not candidates:
        return None
    _, start, end = max(candidates)
    return question[:start] + _edit(question[start:end], rng) + question[end:]


def _plain_words(question: str) -> list[tuple[int, int]]:
    """Spans of the words a typo may hit: four letters or more, not in capitals, not in a code."""
    spans = []
    for match in _WORD.finditer(question):
        start, end = match.span()
        before = question[start - 1] if start else " "
        after = question[end] if end < len(question) else " "
        if len(match.group()) >= MIN_TYPO_WORD and not match.group().isupper():
            if before not in "/-" and after not in "/-":
                spans.append((start, end))
    return spans


def _edit(word: str, rng: random.Random) -> str:
    """One edit (drop, double or swap a letter), never of the first letter: people rarely miss
    it."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("drop", "double", "swap"))
    if edit == "drop":
        changed = word[:i] + word[i + 1 :]
    elif edit == "double":
        changed = word[:i] + word[i] + word[i:]
    else:
        changed = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return changed if changed != word else word[:i] + word[i + 1 :]


def typos_anywhere(question: str, rng: random.Random, n: int) -> str | None:
    """One edit in each of n words picked at random among the plain words."""
    spans = _plain_words(question)
    if len(spans) < n:
        return None
    for start, end in sorted(rng.sample(spans, n), reverse=True):
        question = question[:start] + _edit(question[start:end], rng) + question[end:]
    return question


_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def tone_slip(question: str, rng: random.Random) -> str | None:
    """One syllable's tone mark dropped or replaced by another."""
    toned = [
        m
        for m in _WORD.finditer(question)
        if not m.group().isupper()
        and any(c in _TONE_MARKS for c in unicodedata.normalize("NFD", m.group()))
    ]
    if not toned:
        return None
    match = rng.choice(toned)
    decomposed = unicodedata.normalize("NFD", match.group())
    mark = next(c for c in decomposed if c in _TONE_MARKS)
    other = rng.choice(["", *(c for c in _TONE_MARKS if c != mark)])
    word = unicodedata.normalize("NFC", decomposed.replace(mark, other))
    return question[: match.start()] + word + question[match.end() :]


def variants(item: dict) -> dict[str, str]:
    rng = random.Random(item["id"])
    q = item["question"]
    out = {}
    if item["lang"] == "vi":
        out["partial"] = partial(q, 2)
        out["no_diacritics"] = partial(q, 1)
    mistyped = typo(q, rng)
    if mistyped:
        out["typo"] = mistyped
    out["long"] = FRAMES[item["lang"]].format(q=q)
    # The harsher forms draw from a generator of their own: the forms above stay as they were.
    harsh = random.Random("harsh" + item["id"])
    for form, text in (
        ("typo_any", typos_anywhere(q, harsh, 1)),
        ("typo2", typos_anywhere(q, harsh, 2)),
        ("tone", tone_slip(q, harsh) if item["lang"] == "vi" else None),
    ):
        if text:
            out[form] = text
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="tune", choices=["tune", "test"])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the failing variants")
    args = parser.parse_args()
    questions = load_questions(QUESTIONS)
    documents = dev_documents(questions, DEFAULT_NOTICES, DEFAULT_CORPORA)
    engine, _, _ = dev_engine(documents, say=lambda message: print(message, file=sys.stderr))
    engine.ask("warm-up: load the model and the lexical index")
    clean = [
        q
        for q in questions
        if q["half"] == args.half and q["answerable"] and not ROUGH_KINDS & set(q.get("kinds", ()))
    ]
    rows = []
    for item in clean:
        answer = engine.ask(item["question"], k=K)
        if not answer_is_correct(answer.found, answer.answer, item["expected"]):
            continue  # only questions answered right as typed say what rough typing costs
        for form, text in variants(item).items():
            got = engine.ask(text, k=K)
            rows.append(
                {
                    "id": item["id"],
                    "lang": item["lang"],
                    "form": form,
                    "question": text,
                    "refused": not got.found,
                    "different": not answer_is_correct(got.found, got.answer, item["expected"]),
                }
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    answered = len({r["id"] for r in rows})
    print(f"{args.half} half: {len(clean)} clean answerable questions, {answered} answered right")
    print(f"{'form':16}{'lang':>5}{'n':>5}{'refused':>9}{'different':>11}")
    for form in FORMS:
        for lang in ("vi", "en", "all"):
            mine = [r for r in rows if r["form"] == form and lang in ("all", r["lang"])]
            if not mine:
                continue
            refused = sum(r["refused"] for r in mine) / len(mine)
            different = sum(r["different"] for r in mine) / len(mine)
            print(f"{form:16}{lang:>5}{len(mine):>5}{refused:>9.2f}{different:>11.2f}")
    if args.verbose and args.half == "tune":  # the test half's failures are not for reading
        print("\nVariants refused or answered differently:")
        for r in rows:
            if r["different"]:
                label = "refused" if r["refused"] else "differs"
                print(f"  {r['id']} {r['form']:13} {label:8} {r['question']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
