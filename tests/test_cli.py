"""The two command-line tools as a user runs them: real processes, the real offline model."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def run(*args: str, store: Path, stdin: str | None = None, timeout: int = 240):
    env = {**os.environ, "ASSISTANT_STORE": str(store), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory) -> Path:
    """Seeds plus two broken files, ingested once through the CLI with the real model."""
    import shutil

    root = tmp_path_factory.mktemp("cli")
    notices = root / "notices"
    shutil.copytree(REPO / "data" / "notices", notices)
    (notices / "broken.pdf").write_bytes(b"\x00junk, not a pdf" * 50)
    (notices / "empty.md").write_text("   \n")
    store = root / "store"
    result = run("ingest", str(notices), "--quiet", store=store)
    assert result.returncode == 1, result.stderr  # some files failed: the exit code says so
    assert "added 3" in result.stdout and "failed 2" in result.stdout
    assert "broken.pdf" in result.stdout and "empty.md" in result.stdout

    again = run("ingest", str(notices), "--json", store=store)
    summary = json.loads(again.stdout)
    assert summary["unchanged"] == 3 and summary["chunks_embedded"] == 0
    return store


def test_ingest_list_shows_metadata(cli_store):
    result = run("ingest", "list", "--json", store=cli_store)
    docs = json.loads(result.stdout)
    assert {d["number"] for d in docs} >= {"1097-KL/TU"}
    assert {d["date"] for d in docs} >= {"2020-07-03", "2024-03-25"}
    text = run("ingest", "list", store=cli_store).stdout
    assert "1097-KL/TU" in text and "3 documents" in text


def test_ask_json_has_the_documented_fields(cli_store):
    result = run(
        "assistant",
        "ask",
        "Tăng trưởng kinh tế quý I/2024 đạt bao nhiêu?",
        "--json",
        store=cli_store,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) >= {"question", "answer", "found", "citations", "timings_ms"}
    assert answer["found"] is True and "3%" in answer["answer"]
    citation = answer["citations"][0]
    assert set(citation) >= {
        "n",
        "doc_id",
        "source",
        "title",
        "number",
        "date",
        "issuer",
        "section",
        "text",
        "score",
    }
    assert "[1]" in answer["answer"] or "[" in answer["answer"]


def test_ask_reads_questions_from_stdin_one_json_per_line(cli_store):
    questions = "Which body must handle drought response?\n\nGiá vàng hôm nay là bao nhiêu?\n"
    result = run("assistant", "ask", "-", "--json", store=cli_store, stdin=questions)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["found"] is True and lines[0]["citations"]
    assert lines[1]["found"] is False


def test_ask_plain_text_prints_cited_passages(cli_store):
    result = run(
        "assistant", "ask", "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?", store=cli_store
    )
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "Nguồn:" in result.stdout
    assert "hạn hán" in result.stdout


def test_ask_filters_restrict_the_documents(cli_store):
    result = run(
        "assistant",
        "ask",
        "Tăng trưởng kinh tế",
        "--json",
        "--until",
        "2020-12-31",
        store=cli_store,
    )
    answer = json.loads(result.stdout)
    assert answer["citations"]
    assert all(c["date"] <= "2020-12-31" for c in answer["citations"])


def test_assignments_ledger_filters_and_exports(cli_store, tmp_path):
    result = run("assistant", "assignments", "--assignee", "VPTU", "--json", store=cli_store)
    rows = json.loads(result.stdout)
    assert rows and all(
        any("Văn phòng Tỉnh ủy" in b for b in r["assignees"] + r["supporters"]) for r in rows
    )
    assert {
        "assignees",
        "supporters",
        "task",
        "deadline_text",
        "deadline",
        "doc_id",
        "number",
        "date",
        "section",
        "text",
    } <= set(rows[0])

    target_csv, target_xlsx = tmp_path / "ledger.csv", tmp_path / "ledger.xlsx"
    run(
        "assistant",
        "assignments",
        "--csv",
        str(target_csv),
        "--xlsx",
        str(target_xlsx),
        store=cli_store,
    )
    with target_csv.open(encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) > 5 and any("Tỉnh ủy" in row["assignees"] for row in table)
    from openpyxl import load_workbook

    sheet = load_workbook(target_xlsx).active
    assert sheet.max_row == len(table) + 1


def test_missing_store_gives_one_clear_message(tmp_path):
    result = run("assistant", "ask", "hạn hán", store=tmp_path / "nowhere")
    assert result.returncode == 2
    assert "No notice store" in result.stderr and "python -m ingest" in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_question_gives_a_message(cli_store):
    result = run("assistant", "ask", "   ", store=cli_store)
    assert result.returncode == 1 and "empty" in result.stderr
    assert "Traceback" not in result.stderr
