"""A short, bounded load test: 8 concurrent askers against one engine (benchmarks/load.py runs
the 60-second version and prints the figures)."""

from __future__ import annotations

from benchmarks.load import QUESTIONS, run_load


def test_eight_concurrent_askers_get_answers_without_errors(seed_engine_real):
    result = run_load(seed_engine_real, threads=8, seconds=5.0, questions=QUESTIONS)
    assert result.errors == [], result.errors[:3]
    assert min(result.per_thread) >= 1  # every asker got answers through
    assert result.all_cited, "an answer came back without citations"
