"""Eight concurrent askers against one engine, each asking the same questions in a different
order (benchmarks/load.py runs the timed 60-second version and prints the figures). Bounded by
questions, not seconds, so a busy machine cannot leave an asker without a turn."""

from __future__ import annotations

import threading

from benchmarks.load import QUESTIONS

ASKERS = 8
PER_ASKER = 3


def test_eight_concurrent_askers_get_answers_without_errors(seed_engine_real):
    start = threading.Barrier(ASKERS)  # all ask at once
    answers: list[list] = [[] for _ in range(ASKERS)]
    errors: list[BaseException] = []

    def asker(index: int) -> None:
        start.wait()
        for n in range(PER_ASKER):
            question = QUESTIONS[(index + n) % len(QUESTIONS)]
            try:
                answers[index].append((question, seed_engine_real.ask(question)))
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

    workers = [threading.Thread(target=asker, args=(i,)) for i in range(ASKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == [], errors[:3]
    assert [len(mine) for mine in answers] == [PER_ASKER] * ASKERS
    # Each answer is the one to its own question, with citations, as a lone asker would get.
    for question, answer in (pair for mine in answers for pair in mine):
        assert answer.question == question and answer.citations
    alone = {q: seed_engine_real.ask(q) for q in {q for mine in answers for q, _ in mine}}
    for question, answer in (pair for mine in answers for pair in mine):
        assert answer.answer == alone[question].answer
        assert [c.chunk_id for c in answer.citations] == [
            c.chunk_id for c in alone[question].citations
        ]
