"""The two command-line tools as a user runs them: real processes, the real offline model."""

from __future__ import annotations

import csv
import json
import os
import re
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
    # Every [n] in the answer points at a citation that was returned with it.
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert cited and cited <= {c["n"] for c in answer["citations"]}


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
        "key",
        "assignees",
        "supporters",
        "task",
        "deadline_text",
        "deadline",
        "status",
        "note",
        "doc_id",
        "number",
        "date",
        "section",
        "text",
    } <= set(rows[0])
    assert "source" not in rows[0]  # no server path

    target_csv, target_xlsx = tmp_path / "ledger.csv", tmp_path / "ledger.xlsx"
    target_docx = tmp_path / "report.docx"
    result = run(
        "assistant",
        "assignments",
        "--csv",
        str(target_csv),
        "--xlsx",
        str(target_xlsx),
        "--docx",
        str(target_docx),
        store=cli_store,
    )
    assert result.returncode == 0, result.stderr
    with target_csv.open(encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) > 5 and any("Tỉnh ủy" in row["Cơ quan chủ trì"] for row in table)
    assert any(row["Nguồn"].startswith("Số 1097-KL/TU, 03/07/2020, mục") for row in table)
    assert all(str(cli_store) not in value for row in table for value in row.values())
    from docx import Document
    from openpyxl import load_workbook

    sheet = load_workbook(target_xlsx)["Nhiệm vụ"]
    assert sheet.max_row == len(table) + 1
    headings = [p.text for p in Document(target_docx).paragraphs]
    assert any(h.startswith("Văn phòng Tỉnh ủy: ") and "quá hạn" in h for h in headings)


def test_assignments_morning_check_and_staff_updates(cli_store):
    listing = run(
        "assistant", "assignments", "--due", "7d", "--today", "2024-04-25", store=cli_store
    )
    assert listing.returncode == 0, listing.stderr
    assert "hạn 30/04/2024" in listing.stdout and listing.stdout.endswith("1 nhiệm vụ, 0 quá hạn\n")
    code = listing.stdout.split("]")[0].lstrip("[")

    done = run("assistant", "assignments", "set-status", code[:6], "hoàn thành", store=cli_store)
    assert done.returncode == 0 and "hoàn thành" in done.stdout
    run("assistant", "assignments", "note", code, "Đã gửi giấy mời", store=cli_store)
    fixed = run(
        "assistant",
        "assignments",
        "correct",
        code,
        "--deadline",
        "02/05/2024",
        "--assignee",
        "Sở Kế hoạch và Đầu tư",
        store=cli_store,
    )
    assert fixed.returncode == 0, fixed.stderr
    assert "hạn 02/05/2024" in fixed.stdout and "Hạn theo văn bản: 30/04/2024" in fixed.stdout

    # A done task drops out of the morning check; the status filter finds it, in English too.
    again = run("assistant", "assignments", "--due", "7d", "--today", "2024-04-25", store=cli_store)
    assert again.stdout.strip() == "0 nhiệm vụ, 0 quá hạn"
    english = run("assistant", "assignments", "--status", "done", "--lang", "en", store=cli_store)
    assert f"[{code}] due 2 May 2024 · done" in english.stdout
    assert "Sở Kế hoạch và Đầu tư" in english.stdout and "Note: Đã gửi giấy mời" in english.stdout
    run("assistant", "assignments", "set-status", code, "todo", store=cli_store)

    report = run("assistant", "assignments", "--by", "body", store=cli_store)
    heads = [line for line in report.stdout.splitlines() if line.startswith("== ")]
    assert any(h.startswith("== Văn phòng Tỉnh ủy: ") and "quá hạn" in h for h in heads)

    bad = run("assistant", "assignments", "set-status", code, "finished", store=cli_store)
    assert bad.returncode == 2 and "chưa thực hiện" in bad.stderr and "Traceback" not in bad.stderr
    unknown = run("assistant", "assignments", "note", "ffffffff", "x", store=cli_store)
    assert unknown.returncode == 2 and "No task has the code" in unknown.stderr


def test_missing_store_gives_one_clear_message(tmp_path):
    result = run("assistant", "ask", "hạn hán", store=tmp_path / "nowhere")
    assert result.returncode == 2
    assert "No notice store" in result.stderr and "python -m ingest" in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_question_gives_a_message(cli_store):
    result = run("assistant", "ask", "   ", store=cli_store)
    assert result.returncode == 1 and "empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_json_lines_keep_each_conversation_apart(cli_store):
    lines = [
        {
            "q": "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
            "conversation": "a",
        },
        {"q": "Tăng trưởng kinh tế quý I/2024 của Lâm Đồng đạt bao nhiêu?", "conversation": "b"},
        {"q": "còn thu ngân sách thì sao?", "conversation": "a"},
        {"q": "còn thu ngân sách thì sao?", "conversation": "b"},
        {"question": "no q"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = run("assistant", "ask", "-", "--json", store=cli_store, stdin=stdin)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1  # the line without "q" is reported, the rest answered
    assert [r.get("conversation") for r in rows[:4]] == ["a", "b", "a", "b"]
    assert rows[2]["understood_as"].endswith("năm 2020 của Đắk Lắk đạt bao nhiêu?")
    assert "36,81%" in rows[2]["answer"]
    assert "Lâm Đồng" in rows[3]["understood_as"] and "29,9%" in rows[3]["answer"]
    assert '"q"' in rows[4]["error"]


def test_ask_chat_reads_a_conversation_line_by_line(cli_store):
    stdin = "Văn phòng Tỉnh ủy được giao những việc gì?\nhạn khi nào?\n"
    result = run("assistant", "ask", "--chat", store=cli_store, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "Hiểu là: Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?" in result.stdout
