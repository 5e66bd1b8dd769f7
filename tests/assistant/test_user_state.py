"""Saved conversations and feedback in <store>/user.db, a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from assistant.answer.conversation import Conversation
from assistant.answer.user_state import UserState
from tests.conftest import REPO

GROWTH_VI = "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"


def test_conversations_survive_a_new_process_and_resolve_follow_ups(seed_engine_fake, tmp_path):
    state = UserState(tmp_path)
    conversation_id = state.create_conversation("vi")
    answer = seed_engine_fake.ask(GROWTH_VI, conversation=Conversation(id=conversation_id))
    assert state.add_turn(conversation_id, GROWTH_VI, answer) == 1

    # A restart: a new object over the same file rebuilds the engine's view of the turns.
    again = UserState(tmp_path)
    [saved] = again.conversations()
    assert saved["title"] == GROWTH_VI and saved["turns"] == 1
    [turn] = again.turns(conversation_id)
    assert turn["answer"].answer == answer.answer
    assert turn["answer"].citations == answer.citations
    conversation = again.load_conversation(conversation_id)
    follow = seed_engine_fake.ask("còn thu ngân sách thì sao?", conversation=conversation)
    assert follow.understood_as.startswith("Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk")
    assert again.add_turn(conversation_id, "còn thu ngân sách thì sao?", follow) == 2
    assert again.turns(conversation_id)[1]["resolved"] == follow.understood_as


def test_rename_delete_and_order(tmp_path, seed_engine_fake):
    state = UserState(tmp_path)
    first = state.create_conversation("vi")
    second = state.create_conversation("en", title="Drought")
    state.add_turn(first, GROWTH_VI, seed_engine_fake.ask(GROWTH_VI))
    assert [c["id"] for c in state.conversations()] == [first, second]  # newest activity first
    state.rename(first, "  Đắk Lắk 2020  ")
    assert state.conversation(first)["title"] == "Đắk Lắk 2020"
    state.delete(first)
    assert state.conversation(first) is None and state.turns(first) == []
    assert [c["id"] for c in state.conversations()] == [second]
    # Each module owns its tables in the one file; ours are plain SQLite any tool can read.
    with sqlite3.connect(tmp_path / "user.db") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"conversations", "conversation_turns", "answer_feedback"} <= tables


def test_feedback_is_kept_replaced_and_outlives_the_conversation(tmp_path, seed_engine_fake):
    state = UserState(tmp_path)
    conversation_id = state.create_conversation("vi")
    seq = state.add_turn(conversation_id, GROWTH_VI, seed_engine_fake.ask(GROWTH_VI))
    state.set_feedback(conversation_id, seq, 1)
    state.set_feedback(conversation_id, seq, -1, "  thiếu số liệu thu ngân sách ")
    assert state.feedback(conversation_id, seq) == {
        "rating": -1,
        "comment": "thiếu số liệu thu ngân sách",
    }
    state.delete(conversation_id)
    [review] = state.negative_feedback()
    assert review["question"] == GROWTH_VI and review["comment"] == "thiếu số liệu thu ngân sách"
    with pytest.raises(ValueError):
        state.set_feedback(conversation_id, seq, 0)
    with pytest.raises(KeyError):
        state.set_feedback(conversation_id, 99, 1)


def test_eval_feedback_prints_the_thumbs_down_answers_as_a_review_list(tmp_path, seed_engine_fake):
    state = UserState(tmp_path)
    conversation_id = state.create_conversation("vi")
    good = state.add_turn(conversation_id, GROWTH_VI, seed_engine_fake.ask(GROWTH_VI))
    conversation = state.load_conversation(conversation_id)
    follow = seed_engine_fake.ask("còn thu ngân sách thì sao?", conversation=conversation)
    bad = state.add_turn(conversation_id, "còn thu ngân sách thì sao?", follow)
    state.set_feedback(conversation_id, good, 1)
    state.set_feedback(conversation_id, bad, -1, "sai số liệu")

    result = subprocess.run(
        [sys.executable, "-m", "assistant", "eval", "--feedback", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["id"] == "fb001" and row["lang"] == "vi" and row["intent"] == "how_much"
    assert row["question"] == follow.understood_as  # standalone, as the dev set needs
    assert row["review"]["typed"] == "còn thu ngân sách thì sao?"
    assert row["note"] == "👎 sai số liệu"
    assert row["review"]["cited"][0]["file"].endswith(".md")
    assert "36,81%" in row["review"]["cited"][0]["passage"]
    assert "1 answers marked" in result.stderr
