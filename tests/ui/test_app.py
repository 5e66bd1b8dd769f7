"""The Streamlit pages driven headlessly by AppTest, over the seed notices.

The app builds its engine through ui.session; these tests hand it the deterministic fake
embedding (ASSISTANT_EMBED_MODEL names it, ui.session.load_embedder returns it) so they run in
seconds. The real model and a real browser are exercised by test_browser.py.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.session

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
DROUGHT_VI = "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?"
HOSTILE_NOTICE = (
    "THÔNG BÁO KẾT LUẬN\n"
    "Ngày 10 tháng 4 năm 2024, Thường trực Tỉnh ủy họp về kiểm thử bảo mật.\n"
    "1. Giao Sở Thông tin và Truyền thông rà soát cổng thông tin điện tử "
    "<script>alert(1)</script> và xử lý lỗ hổng <img src=x onerror=alert(1)> trước ngày "
    "30/4/2024.\n"
)


@pytest.fixture
def use_fake_model(monkeypatch, fake_embedder) -> list[str]:
    """Returns the list of model loads the app asked for."""
    loads: list[str] = []

    def load(name: str, batch_size: int = 32):
        assert name == fake_embedder.name, f"the app asked for the model {name!r}"
        loads.append(name)
        return fake_embedder

    monkeypatch.setattr(ui.session, "load_embedder", load)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", fake_embedder.name)
    return loads


@pytest.fixture
def seed_app(monkeypatch, use_fake_model, seed_engine_fake):
    monkeypatch.setenv("ASSISTANT_STORE", str(seed_engine_fake.settings.store))
    return seed_engine_fake


def start(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="cite-card"' in m.value]


def answers(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="answer' in m.value]


def test_chat_answers_with_citation_cards_and_document_links(seed_app):
    at = start()
    assert at.title[0].value == "Hỏi đáp"
    assert any(b.label == DROUGHT_VI for b in at.button)  # suggested questions on an empty chat

    ask(at, DROUGHT_VI)
    answer = seed_app.ask(DROUGHT_VI)
    assert answer.found
    [shown] = answers(at)
    assert 'class="answer"' in shown and '<sup class="cite-marker">[1]</sup>' in shown
    assert len(cards(at)) == len(answer.citations)
    assert "<mark>chống hạn hán</mark>" in cards(at)[0]
    assert "Mục:" in cards(at)[0]
    assert not at.warning  # a found answer is not styled as "not found"
    assert [c.name for c in at.chat_message] == ["user", "assistant"]
    # Suggestions give way to the conversation.
    assert not any(b.label == DROUGHT_VI for b in at.button)


def test_not_found_answer_looks_different(seed_app):
    at = ask(start(), "Giá vàng SJC hôm nay là bao nhiêu?")
    assert at.warning[0].value == "Không tìm thấy câu trả lời trong các văn bản"
    assert 'class="answer not-found"' in answers(at)[0]
    assert at.main.expander[-1].label == "Các đoạn gần nhất"


def test_history_is_kept_and_new_conversation_clears_it(seed_app):
    at = ask(start(), DROUGHT_VI)
    ask(at, "Giá vàng SJC hôm nay là bao nhiêu?")
    assert len(at.chat_message) == 4
    next(b for b in at.button if b.label == "Cuộc hội thoại mới").click().run()
    assert len(at.chat_message) == 0
    assert any(b.label == DROUGHT_VI for b in at.button)


def test_suggested_question_is_asked_when_clicked(seed_app):
    at = start()
    next(b for b in at.button if b.label == DROUGHT_VI).click().run()
    assert at.chat_message[0].children[0].value == DROUGHT_VI
    assert cards(at)


def test_english_interface(seed_app):
    at = start()
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Ask"
    assert any(b.label == "Which body must handle drought response?" for b in at.button)


def test_sidebar_filter_restricts_the_cited_documents(seed_app):
    at = start()
    doc_type = next(s for s in at.sidebar.selectbox if s.label == "Loại văn bản")
    doc_type.set_value("Tin bài").run()
    ask(at, DROUGHT_VI)
    assert cards(at)
    assert all("Tin bài" in card for card in cards(at))


def test_assignments_page_filters_and_downloads(seed_app):
    at = start("views/assignments.py")
    total = len(seed_app.assignments())
    assert at.caption[0].value == f"{total} nhiệm vụ"
    assert at.dataframe[0].value.shape[0] == total
    assert {"link", "assignees", "deadline"} <= set(at.dataframe[0].value.columns)
    assert at.dataframe[0].value["link"].str.startswith("documents?doc=").all()

    at.text_input[0].set_value("Văn phòng Tỉnh ủy").run()
    filtered = at.dataframe[0].value
    assert 0 < filtered.shape[0] < total
    assert all(
        "Văn phòng Tỉnh ủy" in lead + support
        for lead, support in zip(filtered["assignees"], filtered["supporters"], strict=True)
    )
    assert [b.label for b in at.get("download_button")] == ["Tải CSV", "Tải Excel"]

    at.text_input[0].set_value("").run()
    at.checkbox[0].check().run()  # overdue: the seeds' dated deadlines are all in the past
    dated = [r for r in seed_app.assignments() if r["deadline"]]
    assert 0 < len(dated) < total
    overdue = at.dataframe[0].value
    assert overdue.shape[0] == len(dated)
    assert overdue["deadline"].notna().all()


def test_documents_page_opens_a_cited_span(seed_app):
    answer = seed_app.ask(DROUGHT_VI)
    cited = answer.citations[0]
    at = start("views/documents.py", doc=cited.doc_id, start=str(cited.start), end=str(cited.end))
    page = "".join(m.value for m in at.markdown)
    assert '<a href="#cited">' in page
    assert f'<mark id="cited" class="cited">{cited.text[:40]}' in page.replace("<br>", "\n")
    assert 'id="section-0"' in page
    assert at.dataframe[0].value.shape[0] == 3


def test_upload_into_a_new_store_then_ask_renders_hostile_text_escaped(
    monkeypatch, use_fake_model, tmp_path
):
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(tmp_path / "notices"))
    at = start("views/documents.py")
    assert "No notice store" in at.info[0].value

    at.file_uploader[0].set_value(("bao-mat.txt", HOSTILE_NOTICE.encode(), "text/plain")).run()
    next(b for b in at.button if b.label == "Nạp vào kho").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "added 1" in at.code[0].value
    assert (tmp_path / "notices" / "uploads" / "bao-mat.txt").read_text() == HOSTILE_NOTICE

    at = start()
    ask(at, "Sở Thông tin và Truyền thông rà soát cổng thông tin điện tử lỗ hổng")
    page = "".join(m.value for m in at.markdown)
    assert "cổng thông tin" in page
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page

    [doc] = ui.session.engine().documents()
    at = start("views/documents.py", doc=doc["doc_id"])
    page = "".join(m.value for m in at.markdown)
    assert "&lt;script&gt;" in page and "<script" not in page and "<img" not in page


def test_upload_refuses_wrong_type_and_oversize(monkeypatch, use_fake_model, tmp_path):
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(tmp_path / "notices"))
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "0.001")
    at = start("views/documents.py")
    at.file_uploader[0].set_value(
        [("virus.exe", b"MZ", "application/octet-stream"), ("big.txt", b"x" * 5000, "text/plain")]
    ).run()
    next(b for b in at.button if b.label == "Nạp vào kho").click().run()
    errors = [e.value for e in at.error]
    assert any("virus.exe" in e and "unsupported file type '.exe'" in e for e in errors)
    assert any("big.txt" in e and "over the 0.001 MB limit" in e for e in errors)
    assert not (tmp_path / "notices" / "uploads").exists() or not any(
        (tmp_path / "notices" / "uploads").iterdir()
    )


def test_missing_store_keeps_the_chat_usable(monkeypatch, use_fake_model, tmp_path):
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "nowhere"))
    at = start()
    assert "No notice store" in at.error[0].value
    ask(at, DROUGHT_VI)
    assert "No notice store" in at.error[-1].value
    assert at.chat_input  # still there for the next try


def test_two_sessions_asking_at_once_both_get_answers(seed_app, use_fake_model):
    ui.session._embedder.clear()
    ui.session._engine.clear()
    sessions = [start(), start()]
    errors: list[BaseException] = []

    def run(at: AppTest) -> None:
        try:
            ask(at, DROUGHT_VI)
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(at,)) for at in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    for at in sessions:
        assert '<sup class="cite-marker">[1]</sup>' in answers(at)[0]
    # One model and one engine for the whole server, not one per session or question.
    assert use_fake_model == [seed_app.embedder.name]
    assert ui.session.engine() is ui.session.engine(offline=True)


def test_llm_answer_is_streamed_then_checked(monkeypatch, seed_app):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    import assistant.llm

    reply = "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo [1]. Sở Tài chính lo kinh phí [9]."
    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
    monkeypatch.setattr(assistant.llm, "chat_model", lambda engine: model)
    monkeypatch.setenv("ASSISTANT_LLM", "fake:chat")

    at = start()
    assert at.sidebar.radio[1].value == "llm"
    ask(at, DROUGHT_VI)
    [shown] = answers(at)
    assert "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo" in shown
    assert '<sup class="cite-marker">[1]</sup>' in shown
    assert "[9]" not in shown and "⚠" in shown  # a citation to a passage it never saw
    captions = [c.value for c in at.main.caption]
    assert "1 câu không có trích dẫn hợp lệ (đánh dấu ⚠)." in captions
    assert captions[-1].startswith("llm ·")
