from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.errors import AssignmentLabelsMissing
from assistant.core.records import Assignment
from assistant.eval.ledger import (
    evaluate,
    floor_failures,
    format_report,
    load_labels,
    load_split_labels,
    read_notice_text,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS_LABELS = REPO / "tests" / "fixtures" / "assignments" / "congbao.json"

TEXT = "Giao Văn phòng Tỉnh ủy tổng hợp ý kiến.\nGiao UBND tỉnh chỉ đạo phòng, chống hạn hán."
LABELS = [
    {
        "file": "a.txt",
        "assignees": ["Văn phòng Tỉnh ủy"],
        "supporters": [],
        "task_contains": "tổng hợp ý kiến",
        "deadline_text": "trước ngày 08/7/2020",
        "deadline": "2020-07-08",
    },
    {
        "file": "a.txt",
        "assignees": ["Ủy ban nhân dân tỉnh"],
        "supporters": [],
        "task_contains": "phòng, chống hạn hán",
        "deadline_text": "",
        "deadline": "",
    },
]


def record(assignees: list[str], task: str, deadline: str = "", doc_id: str = "a.txt"):
    start = TEXT.find(task)
    return Assignment(assignees, task, doc_id, [], start, start + len(task), deadline=deadline)


def test_matching_needs_a_shared_body_and_the_task():
    extracted = [
        record(["Văn phòng Tỉnh ủy"], "tổng hợp ý kiến.", deadline="2020-07-08"),
        record(["UBND tỉnh"], "chỉ đạo phòng, chống hạn hán."),  # same body, other spelling
        record(["Văn phòng Tỉnh ủy"], "chỉ đạo phòng, chống hạn hán."),  # wrong body
        record(["UBND tỉnh"], "chỉ đạo phòng, chống hạn hán.", doc_id="other"),  # other file
    ]
    result = evaluate(extracted, LABELS, {"a.txt": TEXT})
    assert (result["matched"], result["extracted"], result["labels"]) == (2, 3, 2)
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == 1.0
    assert result["deadline_accuracy"] == 1.0
    assert result["per_file"]["a.txt"] == {"labels": 2, "extracted": 3, "matched": 2}
    assert "precision 0.667" in format_report(result)


def test_a_label_matches_one_record_only_and_misses_are_listed():
    # Two equal records, as an extractor that emits a task twice would (two objects, not one
    # object listed twice): the second is counted against precision and listed as unexpected.
    first, second = (record(["Văn phòng Tỉnh ủy"], "tổng hợp ý kiến.") for _ in range(2))
    result = evaluate([first, second], LABELS, {"a.txt": TEXT})
    assert result["matched"] == 1 and result["precision"] == 0.5 and result["recall"] == 0.5
    assert result["unexpected"] == [
        {"file": "a.txt", "assignees": ["Văn phòng Tỉnh ủy"], "kind": "task", "task": first.task}
    ]
    assert result["deadline_accuracy"] == 0.0
    assert result["missed"] == [{"file": "a.txt", "task_contains": "phòng, chống hạn hán"}]


def test_a_label_that_is_not_in_the_text_is_an_error():
    broken = [dict(LABELS[0], task_contains="không có trong văn bản")]
    with pytest.raises(ValueError, match="not found"):
        evaluate([], broken, {"a.txt": TEXT})


def test_a_split_row_pairs_each_record_with_the_label_of_its_own_deadline():
    text = "Bộ Y tế: Xây dựng Nghị định. Tháng 5/2026. Tháng 11/2026."
    labels = [
        dict(
            LABELS[0],
            file="t.txt",
            assignees=["Bộ Y tế"],
            task_contains="Xây dựng Nghị định",
            deadline=iso,
        )
        for iso in ("2026-05-31", "2026-11-30")
    ]
    task = "Xây dựng Nghị định."
    # Extracted in the other order: a greedy pairing would get both dates wrong.
    extracted = [
        Assignment(["Bộ Y tế"], task, "t.txt", [], 9, 28, deadline=iso)
        for iso in ("2026-11-30", "2026-05-31")
    ]
    result = evaluate(extracted, labels, {"t.txt": text})
    assert result["matched"] == 2 and result["deadline_accuracy"] == 1.0


def test_the_matching_is_maximal_not_greedy():
    text = "Giao Bộ Y tế tổng hợp ý kiến và báo cáo."
    labels = [
        dict(LABELS[0], file="t.txt", assignees=["Bộ Y tế"], task_contains=words, deadline="")
        for words in ("tổng hợp", "tổng hợp ý kiến và báo cáo")
    ]
    extracted = [
        Assignment(["Bộ Y tế"], "tổng hợp ý kiến và báo cáo.", "t.txt", [], 13, 40),
        Assignment(["Bộ Y tế"], "tổng hợp", "t.txt", [], 13, 21),
    ]
    assert evaluate(extracted, labels, {"t.txt": text})["matched"] == 2


def test_boilerplate_recorded_as_a_task_is_counted():
    text = "Các Bộ trưởng chịu trách nhiệm thi hành Nghị quyết này."
    label = dict(
        LABELS[0],
        file="t.txt",
        assignees=["Các Bộ trưởng"],
        deadline="",
        task_contains="chịu trách nhiệm thi hành",
        kind="general",
    )
    as_task = Assignment(["Các Bộ trưởng"], text[14:], "t.txt", [], 14, len(text))
    assert evaluate([as_task], [label], {"t.txt": text})["general_as_task"] == 1
    as_general = Assignment(
        ["Các Bộ trưởng"], text[14:], "t.txt", [], 14, len(text), kind="general"
    )
    result = evaluate([as_general], [label], {"t.txt": text})
    assert result["general_as_task"] == 0 and result["kind_accuracy"] == 1.0


def test_floors_name_what_fails():
    perfect = {"recall": 1.0, "precision": 1.0, "deadline_accuracy": 1.0, "general_as_task": 0}
    assert floor_failures({"seeds": perfect, "test": perfect}) == []
    weak = dict(perfect, recall=0.85, general_as_task=2)
    failures = floor_failures({"seeds": dict(perfect, precision=0.96), "test": weak})
    assert failures == [
        "test half recall 0.850 < 0.90",
        "test half: 2 boilerplate clauses as tasks",
        "seeds precision 0.960 < 1.00",
    ]


def test_missing_label_files_say_which_option_to_pass(tmp_path):
    with pytest.raises(AssignmentLabelsMissing, match="--labels"):
        load_split_labels(tmp_path / "nope.json")
    with pytest.raises(AssignmentLabelsMissing, match="--seeds"):
        load_labels(tmp_path / "nope.json")


def test_a_file_in_both_halves_is_refused(tmp_path):
    path = tmp_path / "labels.json"
    label = dict(LABELS[0], file="x.txt")
    path.write_text(
        json.dumps({"split": {"tune": ["x.txt"], "test": ["x.txt"]}, "labels": [label]}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="exactly one half"):
        load_split_labels(path)


def test_eval_command_reports_the_seeds_and_exits_zero_at_their_floor(capsys, monkeypatch):
    from assistant.__main__ import main

    monkeypatch.chdir(REPO)
    assert main(["eval-assignments", "--seeds-only"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[:3] == ["seeds", "29", "29"]


def test_eval_command_json_has_the_figures_and_no_test_half_details(capsys, monkeypatch, corpora):
    from assistant.__main__ import main

    monkeypatch.chdir(REPO)
    status = main(["eval-assignments", "--json", "--corpora", str(corpora)])
    report = json.loads(capsys.readouterr().out)
    assert set(report["results"]) == {"seeds", "tune", "test"}
    assert "missed" not in report["results"]["test"]
    assert status == (1 if report["failures"] else 0)


def test_corpus_labels_are_consistent(corpora):
    """Every label's words are in its document, every document is in one half, and both
    halves are big enough to measure: at least 200 labels over at least 15 documents with the
    seeds."""
    split, labels = load_split_labels(CORPUS_LABELS)
    texts = {name: read_notice_text(corpora / name) for name in split["tune"] + split["test"]}
    result = evaluate([], labels, texts)  # raises on a label whose words are not in the text
    assert result["labels"] == len(labels)
    seeds = load_labels(REPO / "tests" / "fixtures" / "seed_assignments.json")
    assert len(labels) + len(seeds) >= 200
    assert len(texts) + len({label["file"] for label in seeds}) >= 15
    assert {label.get("kind", "task") for label in labels} == {"task", "coordination", "general"}
    for half in ("tune", "test"):
        assert sum(label["file"] in split[half] for label in labels) >= 100
