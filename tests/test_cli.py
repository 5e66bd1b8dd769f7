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

# Every test starts the CLI in a subprocess (imports torch, loads the model): seconds each.
pytestmark = pytest.mark.slow


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


# --- the one command: `notice-assistant` (click), in process with the fake embedding ----------

ALL_COMMANDS = {
    "ingest",
    "list",
    "remove",
    "trash",
    "restore",
    "ask",
    "chat",
    "assignments",
    "eval",
    "eval-assignments",
    "serve",
}


@pytest.fixture
def fake_cli(monkeypatch, tmp_path):
    """Invoke `notice-assistant ARGS` in process on a fresh store, with the fake embedding."""
    import tomllib

    from click.testing import CliRunner

    import assistant.engine
    import assistant.store.embeddings
    from tests.conftest import FakeEmbedder

    fake = lambda name, batch_size=32: FakeEmbedder()  # noqa: E731
    monkeypatch.setattr(assistant.store.embeddings, "load_embedder", fake)
    monkeypatch.setattr(assistant.engine, "load_embedder", fake)
    store = tmp_path / "store"
    env = {"ASSISTANT_STORE": str(store), "ASSISTANT_EMBED_MODEL": FakeEmbedder.name}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    module, _, attr = scripts["notice-assistant"].partition(":")
    import importlib

    entry = getattr(importlib.import_module(module), attr)
    from assistant.cli import cli, main

    assert entry is main  # the console script runs this app

    def invoke(*args: str, stdin: str | None = None):
        return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)

    invoke.store = store
    return invoke


def test_the_console_script_lists_every_command(fake_cli, capsys):
    from assistant.cli import main

    assert main(["--help"]) == 0
    listed = {
        line.split()[0]
        for line in capsys.readouterr().out.split("Commands:")[1].splitlines()
        if line.startswith("  ")
    }
    assert listed == ALL_COMMANDS
    assert main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_ingest_list_remove_trash_restore_rebuild(fake_cli, notices_dir):
    added = fake_cli("ingest", str(notices_dir), "--quiet")
    assert added.exit_code == 0, added.output
    assert "added 3" in added.stdout

    listed = json.loads(fake_cli("list", "--json").stdout)
    assert {d["number"] for d in listed} >= {"1097-KL/TU"}

    removed = fake_cli("remove", "1097-KL/TU")
    assert removed.exit_code == 0, removed.output
    assert "removed Số 1097-KL/TU" in removed.stdout and "restore 1" in removed.stdout
    assert len(json.loads(fake_cli("list", "--json").stdout)) == 2
    trash = fake_cli("trash")
    assert trash.stdout.startswith("    1 ") and "1 deleted" in trash.stdout

    restored = fake_cli("restore", "1", "--json")
    assert restored.exit_code == 0, restored.output
    assert json.loads(restored.stdout)["added"] == 1
    assert "The trash is empty." in fake_cli("trash").stdout

    rebuilt = fake_cli("ingest", "--rebuild", "--json")  # PATHS default: ASSISTANT_NOTICES
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout)["added"] == 3  # every document the store held, re-read
    text = fake_cli("list").stdout
    assert "1097-KL/TU" in text and text.rstrip().splitlines()[-1].startswith("3 documents")


def test_an_error_exits_2_with_one_line_and_vv_adds_the_traceback(fake_cli, notices_dir):
    fake_cli("ingest", str(notices_dir), "--quiet")
    missing = fake_cli("remove", "no-such-notice.txt")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: No document in the store matches 'no-such-notice")
    assert "Traceback" not in missing.stderr and not missing.stdout

    debug = fake_cli("-vv", "remove", "no-such-notice.txt")
    assert debug.exit_code == 2 and "Traceback" in debug.stderr
    assert "DocumentNotFound" in debug.stderr

    usage = fake_cli("restore")  # no entry given: a usage error, not a crash
    assert usage.exit_code == 2 and "Missing argument" in usage.stderr


def test_chat_command_follows_up_within_the_conversation(fake_cli, notices_dir):
    fake_cli("ingest", str(notices_dir), "--quiet")
    stdin = "Văn phòng Tỉnh ủy được giao những việc gì?\nhạn khi nào?\n"
    result = fake_cli("chat", "--json", stdin=stdin)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["conversation"] == second["conversation"]
    # The follow-up is read against the first question (and, here, the document it answered from).
    assert second["understood_as"].startswith(
        "Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?"
    )


def test_verbose_logs_on_stderr_and_quiet_by_default(fake_cli, notices_dir):
    fake_cli("ingest", str(notices_dir), "--quiet")
    question = "Tăng trưởng kinh tế quý I/2024 đạt bao nhiêu?"
    quiet = fake_cli("ask", question)
    assert quiet.exit_code == 0 and "[1]" in quiet.stdout
    assert "INFO" not in quiet.stderr and "DEBUG" not in quiet.stderr

    verbose = fake_cli("-v", "ask", question)
    assert verbose.stdout == quiet.stdout  # diagnostics never mix into the answer
    assert "INFO assistant.cli: answered in" in verbose.stderr
    assert "DEBUG" not in verbose.stderr
    # -v after the command name works too (`python -m ingest -v` has no group to put it on).
    assert "INFO assistant.cli: answered in" in fake_cli("ask", question, "-v").stderr


def test_eval_runs_the_seed_set_and_refuses_no_input(fake_cli):
    usage = fake_cli("eval")
    assert usage.exit_code == 2 and "give a questions file, 'alqac', or --feedback" in usage.stderr
    seed = REPO / "tests" / "eval" / "seed_questions.jsonl"
    result = fake_cli("eval", str(seed), "--limit", "2", "--no-baseline", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["results"]) == 2 and "baseline" not in report["table"]["all"]
    assert "added 3" in report["ingest"]


def test_eval_assignments_exits_1_below_the_floor(fake_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    labels = json.loads((REPO / "tests/fixtures/seed_assignments.json").read_text("utf-8"))
    dated = next(i for i, label in enumerate(labels) if label["deadline"])
    labels[dated] = dict(labels[dated], deadline="2099-12-31")  # a label the ledger cannot meet
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels, ensure_ascii=False), "utf-8")

    at_floor = fake_cli("eval-assignments", "--seeds-only")
    assert at_floor.exit_code == 0, at_floor.output
    below = fake_cli("eval-assignments", "--seeds-only", "--seeds", str(path))
    assert below.exit_code == 1
    assert "below the floor: seeds deadline_accuracy" in below.stdout


def test_python_m_ingest_maps_onto_the_one_command(tmp_path, monkeypatch):
    from ingest.__main__ import notice_assistant_argv

    assert notice_assistant_argv([]) == ["ingest"]
    assert notice_assistant_argv(["docs", "--json"]) == ["ingest", "docs", "--json"]
    assert notice_assistant_argv(["list", "--json"]) == ["list", "--json"]
    assert notice_assistant_argv(["restore", "1"]) == ["restore", "1"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trash").mkdir()  # a folder named like a command is ingested, as before
    assert notice_assistant_argv(["trash"]) == ["ingest", "trash"]


@pytest.mark.server
def test_serve_starts_the_chat_page(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "ASSISTANT_STORE": str(tmp_path / "store"), "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        health = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=2) as response:
                    health = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert health == "ok", server.stderr.read() if server.poll() is not None else "no answer"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert "<title>Streamlit</title>" in response.read().decode()
    finally:
        server.terminate()  # the command became the server (exec): nothing is left behind
        server.wait(timeout=30)


def test_verbose_ingest_reports_each_file(fake_cli, notices_dir):
    quiet = fake_cli("ingest", str(notices_dir), "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""  # warnings only, and there are none
    (notices_dir / "empty.md").write_text("   \n")
    notice = "\n\n".join(
        f"{n}. Sở Y tế chủ trì, phối hợp với Ủy ban nhân dân các huyện triển khai biện pháp "
        f"phòng, chống dịch sốt xuất huyết đợt {n}, báo cáo kết quả trước ngày {n}/8/2024."
        for n in range(1, 6)
    )
    (notices_dir / "new.md").write_text(f"THÔNG BÁO\n\n{notice}\n")
    verbose = fake_cli("-v", "ingest", str(notices_dir), "--quiet")
    assert verbose.exit_code == 1  # empty.md failed
    assert "INFO ingest.pipeline: 5 file(s) found: 2 to ingest, 3 unchanged" in verbose.stderr
    assert "INFO ingest.pipeline: not ingested: " in verbose.stderr
    assert re.search(r"INFO ingest.pipeline: added \S+new\.md: \d+ passages", verbose.stderr)
    assert "DEBUG" not in verbose.stderr
    (notices_dir / "new.md").write_text(
        f"THÔNG BÁO\n\n{notice}\n\n6. Sở Tài chính bố trí kinh phí.\n"
    )
    debug = fake_cli("ingest", str(notices_dir), "--quiet", "-vv")
    assert "DEBUG ingest.pipeline: embedded " in debug.stderr
    assert "INFO ingest.pipeline: updated " in debug.stderr
    assert "bm25s" not in debug.stderr  # other libraries stay at warnings


def test_a_failing_language_model_is_logged_and_the_offline_answer_stands(
    fake_cli, notices_dir, monkeypatch
):
    fake_cli("ingest", str(notices_dir), "--quiet")
    monkeypatch.setenv("ASSISTANT_LLM", "no-such-provider:no-such-model")
    result = fake_cli("ask", "Which body must handle drought response?", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["citations"] and answer["mode"] != "llm"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and all(
        "assistant.answer.llm: the language model failed" in w for w in warnings
    )
    assert "Traceback" not in result.stderr  # the traceback is for -vv
    assert "Traceback" in fake_cli("-vv", "ask", "Which body must handle drought?").stderr


def test_a_corrupt_lexical_cache_is_rebuilt_with_a_warning(fake_cli, notices_dir):
    fake_cli("ingest", str(notices_dir), "--quiet")
    question = "Tăng trưởng kinh tế quý I/2024 đạt bao nhiêu?"
    first = fake_cli("ask", question, "--json")
    caches = list((fake_cli.store / "cache").glob("lexical-*.pkl"))
    assert first.exit_code == 0 and caches
    for cache in caches:
        cache.write_bytes(b"not a pickle")
    again = fake_cli("ask", question, "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["answer"] == json.loads(first.stdout)["answer"]
    assert "WARNING assistant.retrieval.search: rebuilding the lexical cache" in again.stderr


def test_ingest_prepares_the_terms_english_questions_need(fake_cli, notices_dir, monkeypatch):
    """After an ingest, the collection's terms for English words the glossary lacks are embedded
    and cached, so the page's first English question does not wait for them; a model with no
    calibrated bar prepares nothing."""
    import numpy as np

    from assistant.retrieval import english_terms
    from tests.conftest import FakeEmbedder

    cache = fake_cli.store / "cache"
    assert fake_cli("ingest", str(notices_dir), "--quiet").exit_code == 0
    assert not list(cache.glob("terms-*"))  # the fake model has no bar: nothing to prepare

    monkeypatch.setitem(english_terms.TRANSLATION_BARS, FakeEmbedder.name, 0.0)
    monkeypatch.setattr(english_terms, "reference_phrases", lambda glossary: ["budget", "drought"])
    assert fake_cli("ingest", str(notices_dir), "--quiet").exit_code == 0
    with np.load(cache / f"terms-vi-{FakeEmbedder.name}.npz") as data:
        terms = set(data["texts"].tolist())
    assert "hạn hán" in terms  # a word of the seeds, in two passages or more
    with np.load(cache / f"terms-en-{FakeEmbedder.name}.npz") as data:
        assert set(data["texts"].tolist()) == {"budget", "drought"}
