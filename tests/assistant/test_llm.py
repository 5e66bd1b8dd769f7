"""The optional LLM answer path, with LangChain's fake chat models standing in for a server."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answer.llm import FLAG, check_citations
from assistant.engine import Engine

# Worded like the notice, so the offline evidence bar is cleared whatever the ranking tweaks.
QUESTION = "Văn phòng Tỉnh ủy tổng hợp ý kiến góp ý dự thảo Báo cáo kiểm điểm khi nào?"


def _engine(seed_engine_fake, chat_model) -> Engine:
    settings = seed_engine_fake.settings.model_copy(update={"llm": "fake:model"})
    return Engine(
        settings,
        embedder=seed_engine_fake.embedder,
        store=seed_engine_fake.store,
        chat_model=chat_model,
    )


def test_check_citations_removes_unknown_numbers_and_flags_uncited_sentences():
    text, flagged = check_citations(
        "Giao UBND tỉnh [1]. Theo [7] là Sở Tài chính. Không rõ.", {1, 2}
    )
    assert text.startswith("Giao UBND tỉnh [1].")
    assert "[7]" not in text
    assert text.count(FLAG) == 2 and flagged == 2


def test_llm_answer_is_used_when_its_citations_check_out(seed_engine_fake):
    reply = "Văn phòng Tỉnh ủy tổng hợp ý kiến trước ngày 08/7/2020 [1]."
    engine = _engine(seed_engine_fake, FakeListChatModel(responses=[reply]))
    answer = engine.ask(QUESTION)
    assert answer.found
    assert answer.mode == "llm" and answer.answer == reply and answer.notice == ""


def test_invented_citation_is_removed_and_flagged(seed_engine_fake):
    engine = _engine(seed_engine_fake, FakeListChatModel(responses=["Sở Tài chính [9]."]))
    answer = engine.ask(QUESTION)
    assert answer.found
    assert "[9]" not in answer.answer and FLAG in answer.answer and answer.notice


class BrokenModel(FakeListChatModel):
    def invoke(self, *args, **kwargs):
        raise ConnectionError("connection refused")


def test_llm_failure_falls_back_to_the_extractive_answer(seed_engine_fake):
    engine = _engine(seed_engine_fake, BrokenModel(responses=["unused"]))
    answer = engine.ask(QUESTION)
    offline = seed_engine_fake.ask(QUESTION)
    assert answer.found and answer.mode == "extractive" and answer.answer == offline.answer
    assert "ConnectionError" in answer.notice


def test_english_question_outside_the_glossary_is_rewritten_by_the_llm(seed_engine_fake):
    question = "Who handles parched fields and empty reservoirs?"
    assert not seed_engine_fake.ask(question).found  # the glossary alone has no term for it
    model = FakeListChatModel(
        responses=["Cơ quan nào phải chỉ đạo phòng, chống hạn hán?", "Ban cán sự đảng [1]."]
    )
    answer = _engine(seed_engine_fake, model).ask(question)
    assert answer.found
    assert "hạn hán" in answer.citations[0].text


GROWTH_VI = "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"


def test_model_rewrite_of_a_follow_up_is_checked_against_the_rules(seed_engine_fake):
    from assistant.answer.conversation import Conversation

    good = "Thu ngân sách của Đắk Lắk trong 6 tháng đầu năm 2020 là bao nhiêu?"
    model = FakeListChatModel(responses=["Tăng 4,62% [1].", good, "Đạt 36,81% [1]."])
    engine = _engine(seed_engine_fake, model)
    conversation = Conversation()
    engine.ask(GROWTH_VI, conversation=conversation)
    answer = engine.ask("còn thu ngân sách thì sao?", conversation=conversation)
    assert answer.understood_as == good  # kept the place and the period the rules carry

    # A rewrite that drops the period and moves to another province is not used.
    wrong = "Thu ngân sách của Lâm Đồng là bao nhiêu?"
    model = FakeListChatModel(responses=["Tăng 4,62% [1].", wrong, "Đạt 36,81% [1]."])
    engine = _engine(seed_engine_fake, model)
    conversation = Conversation()
    engine.ask(GROWTH_VI, conversation=conversation)
    answer = engine.ask("còn thu ngân sách thì sao?", conversation=conversation)
    assert answer.understood_as == "Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"
