from __future__ import annotations

import pytest

from assistant.ledger_eval import evaluate, format_report
from assistant.models import Assignment

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
    extracted = [record(["Văn phòng Tỉnh ủy"], "tổng hợp ý kiến.")] * 2
    result = evaluate(extracted, LABELS, {"a.txt": TEXT})
    assert result["matched"] == 1 and result["precision"] == 0.5 and result["recall"] == 0.5
    assert result["deadline_accuracy"] == 0.0
    assert result["missed"] == [{"file": "a.txt", "task_contains": "phòng, chống hạn hán"}]


def test_a_label_that_is_not_in_the_text_is_an_error():
    broken = [dict(LABELS[0], task_contains="không có trong văn bản")]
    with pytest.raises(ValueError, match="not found"):
        evaluate([], broken, {"a.txt": TEXT})
