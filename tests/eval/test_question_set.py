"""Validity of the labelled evaluation set tests/eval/seed_questions.jsonl.

A wrong marker silently turns a good retrieval into a miss, so every marker and expected string is
checked against the seed notices here, with the same normalization the evaluator uses."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from assistant.core.text import has_diacritics, normalize_unicode

REPO = Path(__file__).resolve().parents[2]
QUESTIONS_PATH = REPO / "tests" / "eval" / "seed_questions.jsonl"
NOTICES_DIR = REPO / "data" / "notices"

INTENTS = {"who", "when", "how_much", "which_documents", "what"}
FIELDS = {"id", "question", "lang", "intent", "answerable", "gold", "expected", "note"}
MARKDOWN_MARKUP = set("*#\\")

# How a which_documents answer names each notice: its number when it has one, else its date
# written d/m/yyyy (the 2021 news item and the 2024 notice carry no number).
DOCUMENT_IDENTIFIERS = {
    "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md": "1097-KL/TU",
    "lam-dong-2021-06-15-tin-lam-viec.txt": "15/6/2021",
    "lam-dong-2024-03-25-thong-bao-ket-luan.txt": "25/3/2024",
}


def normalized(text: str) -> str:
    """NFC + one tone convention, whitespace runs collapsed to one space, lowercased."""
    return re.sub(r"\s+", " ", normalize_unicode(text)).strip().lower()


def load_questions() -> list[dict]:
    lines = QUESTIONS_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


QUESTIONS = load_questions()
SEEDS = {path.name: path.read_text(encoding="utf-8") for path in NOTICES_DIR.iterdir()}


def by_id(question: dict) -> str:
    return question["id"]


def test_seed_notices_are_the_three_expected_files():
    assert set(SEEDS) == set(DOCUMENT_IDENTIFIERS)


def test_counts_language_share_and_intents():
    total = len(QUESTIONS)
    english = sum(q["lang"] == "en" for q in QUESTIONS)
    unanswerable = sum(not q["answerable"] for q in QUESTIONS)
    assert total >= 60
    assert abs(english - total / 3) <= 5, f"{english} English questions out of {total}"
    assert unanswerable >= 5
    assert {q["intent"] for q in QUESTIONS} == INTENTS
    # Every seed must be the gold source of a fair share of the questions.
    per_seed = Counter(g["file"] for q in QUESTIONS for g in q["gold"])
    assert all(per_seed[name] >= 15 for name in DOCUMENT_IDENTIFIERS), per_seed


def test_ids_and_questions_are_unique():
    ids = [q["id"] for q in QUESTIONS]
    assert ids == [f"q{n:03d}" for n in range(1, len(ids) + 1)]
    assert len({normalized(q["question"]) for q in QUESTIONS}) == len(QUESTIONS)


def test_file_is_nfc_utf8_without_escapes():
    raw = QUESTIONS_PATH.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert "\\u" not in raw, "write with ensure_ascii=False"


@pytest.mark.parametrize("question", QUESTIONS, ids=by_id)
def test_schema(question):
    assert set(question) == FIELDS
    assert question["lang"] in {"vi", "en"}
    assert question["intent"] in INTENTS
    assert isinstance(question["answerable"], bool)
    assert question["question"].strip() and question["note"].strip()
    assert all(isinstance(text, str) and text.strip() for text in question["expected"])
    for gold in question["gold"]:
        assert set(gold) == {"file", "marker"}
        assert gold["file"] in SEEDS
    if question["answerable"]:
        assert question["gold"] and question["expected"]
    else:
        assert question["gold"] == [] and question["expected"] == []


@pytest.mark.parametrize("question", QUESTIONS, ids=by_id)
def test_language_label_matches_the_question(question):
    words = question["question"].split()
    accented = sum(has_diacritics(word) for word in words)
    if question["lang"] == "vi":
        assert accented >= len(words) / 2
    else:
        # English questions may still quote a Vietnamese name or two.
        assert accented <= 2


@pytest.mark.parametrize("question", QUESTIONS, ids=by_id)
def test_markers_lie_within_one_original_line(question):
    for gold in question["gold"]:
        marker = gold["marker"]
        assert not MARKDOWN_MARKUP & set(marker), marker
        assert normalized(marker) == normalized(marker.strip())
        lines = [normalized(line) for line in SEEDS[gold["file"]].splitlines()]
        assert any(normalized(marker) in line for line in lines), f"{marker!r} not on one line"


@pytest.mark.parametrize("question", QUESTIONS, ids=by_id)
def test_markers_are_short_but_distinctive(question):
    for gold in question["gold"]:
        marker = gold["marker"]
        word_count = len(marker.split())
        # Header and signature fields are short lines of their own ("Số 1097-KL/TU", a name):
        # a whole line is distinctive enough even under five words.
        whole_line = any(
            normalized(marker) == normalized(line.translate({ord(c): None for c in "*#\\"}))
            for line in SEEDS[gold["file"]].splitlines()
        )
        assert word_count <= 15, marker
        assert word_count >= 5 or (whole_line and word_count >= 2), marker
        # One occurrence only, so a hit means the passage that answers, not a lookalike.
        assert normalized(SEEDS[gold["file"]]).count(normalized(marker)) == 1, marker


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONS if q["intent"] == "which_documents"], ids=by_id
)
def test_which_documents_expects_one_identifier_per_gold_document(question):
    files = [gold["file"] for gold in question["gold"]]
    assert len(files) == len(set(files)), "one gold marker per relevant document"
    assert sorted(question["expected"]) == sorted(DOCUMENT_IDENTIFIERS[name] for name in files)


@pytest.mark.parametrize(
    "question",
    [q for q in QUESTIONS if q["answerable"] and q["intent"] != "which_documents"],
    ids=by_id,
)
def test_expected_strings_are_quoted_from_a_gold_notice(question):
    gold_texts = [normalized(SEEDS[name]) for name in {g["file"] for g in question["gold"]}]
    for expected in question["expected"]:
        assert any(normalized(expected) in text for text in gold_texts), expected


def test_normalization_matches_old_tone_marks_and_wrapped_lines():
    # The 2021 news item writes "Tỉnh uỷ" (old style): a marker typed "Tỉnh ủy" must still match.
    assert normalized("Tỉnh ủy") in normalized(SEEDS["lam-dong-2021-06-15-tin-lam-viec.txt"])
    assert normalized("Tỉnh uỷ") == normalized("Tỉnh ủy")
    # A phrase broken across the 2024 notice's hard wraps is found in the collapsed text only.
    notice_2024 = SEEDS["lam-dong-2024-03-25-thong-bao-ket-luan.txt"]
    assert "Giao Đảng ủy Công an tỉnh" not in notice_2024
    assert normalized("Giao Đảng ủy Công an tỉnh") in normalized(notice_2024)
