"""The dev-set evaluation (`python -m assistant eval tests/eval/dev_questions.jsonl`): scoring,
per-half summaries, floors, the cached store and the command line. Runs with the fake embedding
on a tiny dev set in a temporary folder; the real set's figures are in tests/eval/README.md."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.eval import evaluation
from assistant.eval.dev import (
    DevResult,
    bucket,
    check_floors,
    conversation_factory,
    default_followups,
    dev_scores,
    is_dev_set,
    run_dev_eval,
    summarize_dev,
)
from assistant.eval.scoring import is_hit, same_file
from tests.conftest import REPO, SEEDS

DEV_QUESTIONS = REPO / "tests" / "eval" / "dev_questions.jsonl"
GAZETTE = "congbao/thue/thong-tu-so-99-2026-tt-btc-1.txt"
GAZETTE_TEXT = """BỘ TÀI CHÍNH
Số: 99/2026/TT-BTC
Hà Nội, ngày 02 tháng 3 năm 2026
THÔNG TƯ
Quy định mức thu phí thẩm định hồ sơ cấp phép khai thác nước khoáng nóng
Điều 1. Mức thu phí
Mức thu phí thẩm định hồ sơ cấp phép khai thác nước khoáng nóng là 4.800.000 đồng/hồ sơ.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 4 năm 2026.
"""


def result(**fields) -> DevResult:
    base = dict(
        id="d1",
        half="test",
        lang="vi",
        bucket="vi",
        intent="how_much",
        kinds=[],
        answerable=True,
        rank=1,
        found=True,
        correct=True,
    )
    base.update(fields)
    return DevResult(**base)


def test_gold_files_match_by_path_parts_for_seeds_and_gazette_documents():
    assert same_file("/data/notices/a.md", "a.md")
    assert same_file("/work/shared/corpora/congbao/bhxh/x.txt", "congbao/bhxh/x.txt")
    assert not same_file("/work/shared/corpora/congbao/hdld/x.txt", "congbao/bhxh/x.txt")
    assert not same_file("/data/notices/ba.md", "a.md")
    gold = [{"file": "congbao/bhxh/x.txt", "marker": "trước ngày 01 tháng 8 năm 2026"}]
    passage = "... xong trước ngày 01 tháng 8\nnăm 2026 đối với chi phí năm 2024"
    assert is_hit("/c/congbao/bhxh/x.txt", passage, gold)
    assert not is_hit("/c/congbao/hdld/x.txt", passage, gold)


def test_language_bucket_separates_loosely_accented_vietnamese():
    assert bucket({"lang": "en", "kinds": ["typo"]}) == "en"
    assert bucket({"lang": "vi", "kinds": ["typo"]}) == "vi"
    assert bucket({"lang": "vi", "kinds": ["no_diacritics"]}) == "vi-loose"
    assert bucket({"lang": "vi", "kinds": ["partial_diacritics", "long"]}) == "vi-loose"


def test_dev_scores_count_false_refusals_and_refused_unanswerables():
    rows = [
        result(rank=1),
        result(rank=3, correct=False),
        result(rank=None, found=False, correct=False),  # a false refusal: an error
        result(answerable=False, rank=None, found=False, correct=False),
        result(answerable=False, rank=None, found=True, correct=False),
    ]
    s = dev_scores(rows)
    assert (s["answerable"], s["unanswerable"]) == (3, 2)
    assert s["hit@1"] == pytest.approx(1 / 3) and s["hit@5"] == pytest.approx(2 / 3)
    assert s["accuracy"] == pytest.approx(1 / 3)
    assert s["false_refusal"] == pytest.approx(1 / 3)
    assert s["refused"] == pytest.approx(0.5)


def test_summary_is_per_half_language_kind_and_follow_up_language():
    rows = [
        result(half="tune", kinds=["paraphrase"], lang="en", bucket="en"),
        result(half="test", kinds=["no_diacritics"], bucket="vi-loose", correct=False),
        result(half="test", kinds=["unanswerable"], answerable=False, found=False, rank=None),
    ]
    turns = [
        result(half="test", chain="c1", turn=1),
        result(half="test", chain="c1", turn=2, correct=False),
        result(half="test", chain="c2", turn=1, lang="en", bucket="en"),
        result(half="test", chain="c2", turn=2, lang="en", bucket="en"),
        result(half="test", chain="c2", turn=3, lang="en", bucket="en"),
    ]
    table = summarize_dev(rows, turns)
    assert set(table) == {"tune", "test"}
    test = table["test"]
    assert test["by_language"]["vi-loose"]["accuracy"] == 0.0
    assert test["by_language"]["all"]["refused"] == 1.0
    assert test["by_kind"]["no_diacritics"]["answerable"] == 1
    assert table["tune"]["by_language"]["en"]["accuracy"] == 1.0
    follow = test["followups"]
    assert (follow["vi"]["chains"], follow["vi"]["followup_turns"]) == (1, 1)
    assert follow["vi"]["followup_accuracy"] == 0.0 and follow["vi"]["first_turn_accuracy"] == 1
    assert follow["en"]["followup_accuracy"] == 1.0 and follow["all"]["followup_turns"] == 3
    assert table["tune"]["followups"]["all"]["chains"] == 0
    assert summarize_dev(rows, None)["test"]["followups"] is None


def test_floors_name_what_the_test_half_misses():
    good = [result(bucket=b, lang=b[:2]) for b in ("vi", "vi-loose", "en") for _ in range(20)]
    good += [result(answerable=False, found=False, rank=None) for _ in range(10)]
    turns = [
        result(chain=f"c{n}{lang}", turn=t, lang=lang)
        for n in range(3)
        for lang in ("vi", "en")
        for t in (1, 2)
    ]
    assert check_floors(summarize_dev(good, turns)) == []
    assert check_floors(summarize_dev(good, None)) == ["follow-ups: not supported by this engine"]
    bad = [*good[:-10], *(result(answerable=False, rank=None) for _ in range(10))]
    bad[0] = result(rank=6, correct=False)
    bad[1] = result(rank=None, found=False, correct=False)
    bad[2] = result(correct=False)  # 17 of 20 right: under 0.90
    failures = check_floors(summarize_dev(bad, turns))
    assert any(f.startswith("hit@5 vi ") for f in failures)
    assert any(f.startswith("answer accuracy vi ") for f in failures)
    assert any(f.startswith("unanswerable refused") for f in failures)
    assert not any(f.startswith("false refusals") for f in failures)  # 1 of 60 is within 5%
    assert check_floors({"tune": {}}) == ["the test half was not evaluated"]


def test_the_dev_set_is_recognised_and_finds_its_follow_ups():
    assert is_dev_set(DEV_QUESTIONS)
    assert not is_dev_set(REPO / "tests" / "eval" / "seed_questions.jsonl")
    assert default_followups(DEV_QUESTIONS) == DEV_QUESTIONS.with_name("dev_followups.jsonl")


def write_tiny_dev_set(root: Path) -> tuple[Path, Path, Path]:
    corpora = root / "corpora"
    (corpora / GAZETTE).parent.mkdir(parents=True)
    (corpora / GAZETTE).write_text(GAZETTE_TEXT, encoding="utf-8")
    seed = "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md"
    seed_gold = [{"file": seed, "marker": "Kinh tế của tỉnh vẫn tiếp tục có sự tăng trưởng 4,62%"}]
    questions = [
        {
            "id": "d001",
            "question": "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
            "lang": "vi",
            "intent": "how_much",
            "answerable": True,
            "gold": seed_gold,
            "expected": ["4,62%"],
            "kinds": [],
            "half": "tune",
            "note": "seed",
        },
        {
            "id": "d002",
            "question": "Phí thẩm định hồ sơ cấp phép khai thác nước khoáng nóng là bao nhiêu?",
            "lang": "vi",
            "intent": "how_much",
            "answerable": True,
            "gold": [{"file": GAZETTE, "marker": "khai thác nước khoáng nóng là 4.800.000 đồng"}],
            "expected": ["4.800.000 đồng"],
            "kinds": [],
            "half": "test",
            "note": "gazette",
        },
        {
            "id": "d003",
            "question": "Phí thẩm định cấp phép khai thác than đá là bao nhiêu?",
            "lang": "vi",
            "intent": "how_much",
            "answerable": False,
            "gold": [],
            "expected": [],
            "kinds": ["unanswerable"],
            "half": "test",
            "note": "not in the documents",
        },
    ]
    turns = [
        {**questions[0], "id": "f001", "chain": "c01", "turn": 1},
        {
            **questions[0],
            "id": "f002",
            "chain": "c01",
            "turn": 2,
            "question": "còn thu ngân sách thì sao?",
            "gold": [{"file": seed, "marker": "thu ngân sách đạt 36,81%"}],
            "expected": ["36,81%"],
        },
    ]
    turns = [{k: t[k] for k in ["id", "chain", "turn", *list(questions[0])[1:]]} for t in turns]
    q_path, f_path = root / "dev_questions.jsonl", root / "dev_followups.jsonl"
    for path, rows in ((q_path, questions), (f_path, turns)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return q_path, f_path, corpora


def test_run_dev_eval_ingests_once_into_a_cached_store_and_reports_both_halves(
    tmp_path, fake_embedder
):
    q_path, f_path, corpora = write_tiny_dev_set(tmp_path)
    cache = tmp_path / "cache"
    report = run_dev_eval(q_path, f_path, SEEDS, corpora, embedder=fake_embedder, cache_root=cache)
    assert report["documents"] == 2
    assert "added 2" in report["ingest"]
    assert Path(report["store"]).parent == cache
    by_id = {r["id"]: r for r in report["results"]}
    assert by_id["d002"]["half"] == "test" and by_id["d002"]["rank"] is not None
    assert set(report["table"]) == {"tune", "test"}
    assert report["table"]["test"]["by_language"]["all"]["unanswerable"] == 1
    if conversation_factory() is None:
        assert report["followup_results"] is None
        assert "follow-ups: not supported by this engine" in report["floor_failures"]
    else:
        assert [r["turn"] for r in report["followup_results"]] == [1, 2]
    text = evaluation.format_dev_report(report)
    assert "== TUNE half" in text and "== TEST half" in text and "per kind:" in text

    # Another checkout (the seeds elsewhere, same bytes) reuses the store and adds nothing:
    # the documents are staged in the cache under their gold names.
    other = tmp_path / "other-checkout"
    shutil.copytree(SEEDS, other)
    again = run_dev_eval(
        q_path, f_path, other, corpora, embedder=fake_embedder, cache_root=cache, halves=("tune",)
    )
    assert again["store"] == report["store"] and "unchanged 2" in again["ingest"]
    from assistant.core.config import load_settings
    from assistant.engine import Engine

    engine = Engine(load_settings(store=Path(report["store"]) / "store"), embedder=fake_embedder)
    sources = sorted(
        Path(d.source).relative_to(Path(report["store"]) / "docs").as_posix()
        for d in engine.documents()
    )
    assert sources == sorted([GAZETTE, "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md"])
    assert {r["half"] for r in again["results"]} == {"tune"} and set(again["table"]) == {"tune"}
    assert again["floor_failures"] == []


def test_a_missing_gazette_document_is_a_clear_error(tmp_path, fake_embedder):
    from assistant.core.errors import EvaluationDataMissing

    q_path, f_path, corpora = write_tiny_dev_set(tmp_path)
    (corpora / GAZETTE).unlink()
    with pytest.raises(EvaluationDataMissing):
        run_dev_eval(q_path, f_path, SEEDS, corpora, embedder=fake_embedder, cache_root=tmp_path)


def cli_args(path: Path, **extra) -> SimpleNamespace:
    """`eval PATH --flags` parsed by the CLI, as the eval command hands them to evaluation."""
    from assistant.cli import cli
    from assistant.cli.evaluate import eval_args

    argv = [str(path)]
    for key, value in extra.items():
        flag = "--" + key.replace("_", "-")
        argv += [flag] if value is True else [flag, str(value)]
    return eval_args(cli.commands["eval"].make_context("eval", argv).params)


@pytest.mark.parametrize(
    ("half", "failures", "code"),
    [("both", [], 0), ("both", ["hit@5 en 0.50 < 0.92"], 1), ("test", [], 0), ("tune", [], 2)],
)
def test_check_floors_sets_the_exit_code(monkeypatch, capsys, half, failures, code):
    seen = {}

    def fake_run(questions, followups, notices, corpora, **kwargs):
        seen.update(kwargs, followups=followups)
        return {"floor_failures": failures, "halves": list(kwargs["halves"])}

    monkeypatch.setattr(evaluation, "run_dev_eval", fake_run)
    args = cli_args(DEV_QUESTIONS, half=half, check_floors=True, json=True)
    assert evaluation.main(args) == code
    assert seen["halves"] == (("tune", "test") if half == "both" else (half,))
    assert seen["followups"] == DEV_QUESTIONS.with_name("dev_followups.jsonl")
    assert json.loads(capsys.readouterr().out)["floor_failures"] == failures
    # Without --check-floors the command only reports.
    assert evaluation.main(cli_args(DEV_QUESTIONS, half=half, json=True)) == 0
