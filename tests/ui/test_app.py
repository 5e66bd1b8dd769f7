"""The Streamlit pages driven headlessly by AppTest, over the seed notices.

The app builds its engine through ui.session; these tests hand it the deterministic fake
embedding (ASSISTANT_EMBED_MODEL names it, ui.session.load_embedder returns it) so they run in
seconds. The real model and a real browser are exercised by test_browser.py.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.session
from tests.helpers import APP, APP_TIMEOUT_S, ask, start

DROUGHT_VI = "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?"
HOSTILE_NOTICE = (
    "THÔNG BÁO KẾT LUẬN\n"
    "Ngày 10 tháng 4 năm 2024, Thường trực Tỉnh ủy họp về kiểm thử bảo mật.\n"
    "1. Giao Sở Thông tin và Truyền thông rà soát cổng thông tin điện tử "
    "<script>alert(1)</script> và xử lý lỗ hổng <img src=x onerror=alert(1)> trước ngày "
    "30/4/2024.\n"
)


@pytest.fixture
def seed_app(monkeypatch, use_fake_model, seed_engine_fake):
    monkeypatch.setenv("ASSISTANT_STORE", str(seed_engine_fake.settings.store))
    # Each test starts without saved conversations (the seed store is shared by the session).
    for path in Path(seed_engine_fake.settings.store).glob("user.db*"):
        path.unlink()
    ui.session._user_state.clear()
    return seed_engine_fake


def cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="cite-card"' in m.value]


def answers(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="answer' in m.value]


def cited_numbers(answer) -> list[int]:
    from assistant.answer.export import cited_numbers

    return cited_numbers(answer)


def test_chat_answers_with_the_cited_passages_as_cards(seed_app):
    at = start()
    assert at.title[0].value == "Hỏi đáp"
    assert any(b.label == DROUGHT_VI for b in at.button)  # suggested questions on an empty chat

    ask(at, DROUGHT_VI)
    answer = seed_app.ask(DROUGHT_VI)
    assert answer.found
    [shown] = answers(at)
    # [n] links to its card; the cards are the cited passages, in citation order.
    assert '<a class="cite-marker" href="#cite-1-1" target="_self">[1]</a>' in shown
    cited = cited_numbers(answer)
    shown_cards = cards(at)
    assert all(f'id="cite-1-{n}"' in shown_cards[i] for i, n in enumerate(cited))
    assert "<mark>chống hạn hán</mark>" in shown_cards[0]
    assert "Mục:" in shown_cards[0]
    # The other retrieved passages wait in a collapsed expander.
    others = len(answer.citations) - len(cited)
    assert len(shown_cards) == len(answer.citations)
    if others:
        assert any(e.label == "Đoạn liên quan khác" for e in at.main.expander)
    # Each card can show its passage in the notice, marked, without leaving the chat.
    view = next(e for e in at.main.expander if e.label == "Xem trong văn bản [1]")
    context = "".join(m.value for m in view.markdown)
    assert 'id="cited-1-1"' in context and answer.citations[0].text[:30] in context
    assert not at.warning  # a found answer is not styled as "not found"
    assert [c.name for c in at.chat_message] == ["user", "assistant"]
    # Suggestions give way to the conversation.
    assert not any(b.label == DROUGHT_VI for b in at.main.button)


def test_not_found_answer_looks_different(seed_app):
    at = ask(start(), "Giá vàng SJC hôm nay là bao nhiêu?")
    assert at.warning[0].value == "Không tìm thấy câu trả lời trong các văn bản"
    assert 'class="answer not-found"' in answers(at)[0]
    assert any(e.label == "Các đoạn gần nhất" for e in at.main.expander)


def test_history_is_kept_and_new_conversation_clears_it(seed_app):
    at = ask(start(), DROUGHT_VI)
    ask(at, "Giá vàng SJC hôm nay là bao nhiêu?")
    assert len(at.chat_message) == 4
    next(b for b in at.button if b.label == "Cuộc hội thoại mới").click().run()
    assert len(at.chat_message) == 0
    assert any(b.label == DROUGHT_VI for b in at.main.button)  # suggestions again
    # The old conversation is saved and listed in the sidebar, titled by its first question.
    assert any(b.label == DROUGHT_VI for b in at.sidebar.button)


GROWTH_VI = "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"


def test_follow_up_says_what_it_understood_and_survives_a_reload(seed_app):
    at = ask(start(), GROWTH_VI)
    ask(at, "còn thu ngân sách thì sao?")
    understood = [m.value for m in at.markdown if 'class="understood"' in m.value]
    assert understood == [
        '<div class="understood">Hiểu là: Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk '
        "đạt bao nhiêu?</div>"
    ]
    assert "36,81%" in answers(at)[1]
    conversation_id = at.query_params["c"]
    conversation_id = conversation_id[0] if isinstance(conversation_id, list) else conversation_id

    # F5: a new session with the same URL finds the conversation and goes on with it.
    again = start(c=conversation_id, lang="vi")
    assert [c.name for c in again.chat_message] == ["user", "assistant"] * 2
    assert len(answers(again)) == 2
    ask(again, "còn Lâm Đồng thì sao?")
    understood = [m.value for m in again.markdown if 'class="understood"' in m.value]
    assert "Thu ngân sách 6 tháng đầu năm 2020 của Lâm Đồng" in understood[-1]


def test_conversations_are_renamed_and_deleted_from_the_sidebar(seed_app):
    at = ask(start(), DROUGHT_VI)
    state = ui.session.user_state()
    [saved] = state.conversations()
    at.text_input(key=f"name-{saved['id']}").set_value("Hạn hán")
    at.button(key=f"rename-{saved['id']}").click().run()
    assert state.conversation(saved["id"])["title"] == "Hạn hán"
    assert any(b.label == "Hạn hán" for b in at.sidebar.button)
    at.button(key=f"delete-{saved['id']}").click().run()
    assert state.conversations() == []
    assert len(at.chat_message) == 0


def test_feedback_is_saved_with_a_comment(seed_app):
    at = ask(start(), DROUGHT_VI)
    state = ui.session.user_state()
    [saved] = state.conversations()
    thumbs = at.get("feedback")[0]
    assert thumbs is not None
    at.session_state[f"vote-{saved['id']}-1"] = 0  # 👎
    at.run()
    comment = next(t for t in at.main.text_input if t.label == "Góp ý (không bắt buộc)")
    comment.set_value("Thiếu thời hạn")
    next(b for b in at.main.button if b.label == "Gửi góp ý").click().run()
    assert state.feedback(saved["id"], 1) == {"rating": -1, "comment": "Thiếu thời hạn"}
    assert [b.label for b in at.get("download_button")] == ["Tải Markdown", "Tải Word (.docx)"]
    # The answer with its sources, ready to copy.
    [copy] = [c for c in at.main.code if c.value.startswith("# Câu trả lời")]
    assert "## Nguồn trích dẫn" in copy.value and "**[1]**" in copy.value


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
    assert at.query_params["lang"] in ("en", ["en"])  # in the URL: a reload keeps it


def test_language_from_the_url_and_no_vietnamese_interface_string_in_english(seed_app):
    from assistant.core.i18n import STRINGS

    at = ask(start(lang="en"), "Which body must handle drought response?")
    assert at.title[0].value == "Ask"
    shown = [
        *(getattr(e, "label", "") or "" for e in at.main.button),
        *(e.label for e in at.main.expander),
        *(c.value for c in at.main.caption),
        *(e.label for e in at.sidebar.selectbox),
        *(e.value for e in at.sidebar.subheader),
        *(b.label for b in at.get("download_button")),
    ]
    vietnamese = {v for k, v in STRINGS["vi"].items() if v != STRINGS["en"].get(k)}
    assert not [s for s in shown if s in vietnamese], shown


def test_chat_filters_show_only_on_the_chat_page(seed_app):
    chat = start()
    assert any(s.label == "Loại văn bản" for s in chat.sidebar.selectbox)
    ledger = start("views/assignments.py")
    assert not any(s.label == "Loại văn bản" for s in ledger.sidebar.selectbox)


def test_sidebar_filter_restricts_the_cited_documents(seed_app):
    at = start()
    doc_type = next(s for s in at.sidebar.selectbox if s.label == "Loại văn bản")
    doc_type.set_value("Tin bài").run()
    ask(at, DROUGHT_VI)
    assert cards(at)
    assert all("Tin bài" in card for card in cards(at))


@pytest.fixture
def fresh_ledger(seed_app):
    """The seed store is shared by the session: each ledger test starts and ends with no staff
    state (only the ledger's table is cleared: user.db also holds conversations)."""
    import sqlite3

    from assistant.ledger.state import LedgerState

    path = LedgerState.for_store(seed_app.settings.store).path

    def clear() -> None:
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM ledger_task_state")

    clear()
    yield seed_app
    clear()


def task_code(engine, words: str) -> str:
    from assistant.ledger.state import LedgerState
    from assistant.ledger.views import with_documents

    documents = {d.doc_id: d for d in engine.documents()}
    records = with_documents(engine.assignments(), documents)
    attached = LedgerState.for_store(engine.settings.store).attach(records)
    [record] = [r for r in attached if r.task.startswith(words)]
    return record.key


def ledger_table(at: AppTest):
    return at.dataframe[0].value


def test_assignments_page_views_and_downloads(fresh_ledger):
    at = start("views/assignments.py")
    records = [r for r in fresh_ledger.assignments() if r.kind != "general"]
    dated = [r for r in records if r.deadline]  # the seeds' deadlines are all past
    assert at.title[0].value == "Nhiệm vụ được giao"
    assert at.caption[0].value == f"{len(records)} nhiệm vụ, {len(dated)} quá hạn"
    table = ledger_table(at)
    assert table.shape[0] == len(records)
    assert table["link"].str.startswith("documents?doc=").all()
    assert set(table["status"]) == {"chưa thực hiện"}
    # Dates as DD/MM/YYYY, an empty cell (not "None") where there is no deadline.
    assert "30/04/2024" in set(table["deadline"]) and "" in set(table["deadline"])
    assert "None" not in table.to_csv()
    assert table["ref"].str.contains("Số 1097-KL/TU, 03/07/2020, mục").any()

    at.text_input(key="ledger_body").set_value("Văn phòng Tỉnh ủy").run()
    filtered = ledger_table(at)
    assert 0 < filtered.shape[0] < len(records)
    assert all(
        "Văn phòng Tỉnh ủy" in lead + support
        for lead, support in zip(filtered["lead"], filtered["support"], strict=True)
    )
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải CSV", "Tải Excel", "Tải báo cáo Word"]

    at.text_input(key="ledger_body").set_value("").run()
    at.button_group(key="ledger_view").set_value("overdue").run()
    assert ledger_table(at).shape[0] == len(dated)
    at.button_group(key="ledger_view").set_value("7").run()
    assert at.info[0].value == "Không có nhiệm vụ nào khớp bộ lọc."

    at.button_group(key="ledger_view").set_value("all").run()
    by_body = at.dataframe[1].value
    assert list(by_body.columns) == [
        "Cơ quan",
        "Số nhiệm vụ",
        "Quá hạn",
        "Đang thực hiện",
        "Hoàn thành",
    ]
    assert "Văn phòng Tỉnh ủy" in set(by_body["Cơ quan"])
    by_notice = at.dataframe[2].value
    assert "Số 1097-KL/TU, 03/07/2020" in set(by_notice["Văn bản"])


def test_assignments_page_records_status_note_and_corrections(fresh_ledger):
    at = start("views/assignments.py")
    picker = at.selectbox(key="ledger_pick")
    code = task_code(fresh_ledger, "tổng hợp ý kiến")
    picker.set_value(code).run()
    at.radio(key=f"ledger_form_status_{code}").set_value("doing")
    at.text_area(key=f"ledger_note_{code}").set_value("Đã giao chuyên viên")
    at.text_input(key=f"ledger_lead_{code}").set_value("Ban Tuyên giáo Tỉnh ủy")
    soon = date.today() + timedelta(days=10)
    at.date_input(key=f"ledger_deadline_{code}").set_value(soon)
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Đã lưu 1 nhiệm vụ."

    at.multiselect(key="ledger_status").set_value(["doing"]).run()
    [row] = ledger_table(at).to_dict("records")
    assert row["status"] == "đang thực hiện" and row["note"] == "Đã giao chuyên viên"
    assert row["lead"] == "Ban Tuyên giáo Tỉnh ủy" and row["deadline"] == soon.strftime("%d/%m/%Y")
    assert (
        row["extracted"] == "Chủ trì theo văn bản: Văn phòng Tỉnh ủy; Hạn theo văn bản: (không ghi)"
    )
    # The corrected deadline is what the views use: due within 30 days, not within 7.
    at.multiselect(key="ledger_status").set_value([]).run()
    at.button_group(key="ledger_view").set_value("30").run()
    assert ledger_table(at)["task"].str.startswith("tổng hợp ý kiến").tolist() == [True]
    at.button_group(key="ledger_view").set_value("7").run()
    assert at.info[0].value == "Không có nhiệm vụ nào khớp bộ lọc."

    # Stored in the store's user.db: a new session (or a restart) sees it.
    again = start("views/assignments.py")
    again.multiselect(key="ledger_status").set_value(["doing"]).run()
    assert ledger_table(again).shape[0] == 1
    assert (Path(fresh_ledger.settings.store) / "user.db").exists()


def test_assignments_page_blank_correction_keeps_the_notice_value(fresh_ledger):
    at = start("views/assignments.py")
    code = at.selectbox(key="ledger_pick").value
    at.text_input(key=f"ledger_lead_{code}").set_value("   ")  # empty: as in the notice
    at.radio(key=f"ledger_form_status_{code}").set_value("done")
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert at.success[0].value == "Đã lưu 1 nhiệm vụ."
    at.multiselect(key="ledger_status").set_value(["done"]).run()
    [row] = ledger_table(at).to_dict("records")
    assert row["status"] == "hoàn thành" and row["extracted"] == ""


def test_assignments_page_in_english(fresh_ledger):
    at = start()
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page("views/assignments.py").run()
    assert at.title[0].value == "Assigned tasks"
    assert at.caption[0].value.endswith("overdue")
    table = ledger_table(at)
    assert set(table["status"]) == {"not started"}
    assert "30 April 2024" in set(table["deadline"])
    assert table["ref"].str.contains("No. 1097-KL/TU, 3 July 2020, section").any()
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel", "Download Word report"]
    assert list(at.dataframe[1].value.columns)[:3] == ["Body", "Tasks", "Overdue"]


def test_documents_page_opens_a_cited_span(seed_app):
    answer = seed_app.ask(DROUGHT_VI)
    cited = answer.citations[0]
    at = start("views/documents.py", doc=cited.doc_id, start=str(cited.start), end=str(cited.end))
    page = "".join(m.value for m in at.markdown)
    assert '<a href="#cited">' in page
    assert f'<mark id="cited" class="cited">{cited.text[:40]}' in page.replace("<br>", "\n")
    assert 'id="section-0"' in page
    assert at.dataframe[0].value.shape[0] == 3


@pytest.mark.slow
def test_upload_into_a_new_store_then_ask_renders_hostile_text_escaped(
    monkeypatch, use_fake_model, tmp_path
):
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_NOTICES", str(tmp_path / "notices"))
    at = start("views/documents.py")
    assert at.info[0].value.startswith("Chưa có kho văn bản.")  # the page's language

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
    at = start("views/documents.py", doc=doc.doc_id)
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
    assert at.error[0].value.startswith("Chưa có kho văn bản.")  # in the page's language
    ask(at, DROUGHT_VI)
    assert at.error[-1].value.startswith("Chưa có kho văn bản.")
    assert at.chat_input  # still there for the next try
    english = start(lang="en")
    assert english.error[0].value.startswith("No notice store")


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
        thread.join()  # each run is bounded by APP_TIMEOUT_S
    assert not errors, errors
    for at in sessions:
        assert 'class="cite-marker" href="#cite-1-1" target="_self">[1]</a>' in answers(at)[0]
    # One model and one engine for the whole server, not one per session or question.
    assert use_fake_model == [seed_app.embedder.name]
    assert ui.session.engine() is ui.session.engine(offline=True)


def test_llm_answer_is_streamed_then_checked(monkeypatch, seed_app):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    import assistant.answer.llm

    reply = "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo [1]. Sở Tài chính lo kinh phí [9]."
    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
    monkeypatch.setattr(assistant.answer.llm, "chat_model", lambda engine: model)
    monkeypatch.setenv("ASSISTANT_LLM", "fake:chat")

    at = start()
    assert at.sidebar.radio[1].value == "llm"
    ask(at, DROUGHT_VI)
    [shown] = answers(at)
    assert "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo" in shown
    assert '<a class="cite-marker" href="#cite-1-1" target="_self">[1]</a>' in shown
    assert "[9]" not in shown and "⚠" in shown  # a citation to a passage it never saw
    captions = [c.value for c in at.main.caption]
    assert "1 câu không có trích dẫn hợp lệ (đánh dấu ⚠)." in captions
    assert any(c.startswith("mô hình ngôn ngữ ·") for c in captions)


def test_assignments_page_without_a_store_says_so_in_vietnamese(
    monkeypatch, use_fake_model, tmp_path
):
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "nowhere"))
    at = start("views/assignments.py")
    [error] = [e.value for e in at.main.error]
    assert error.startswith("Chưa có kho văn bản.")  # not the English message


def test_an_unwritable_store_folder_gets_a_clear_message(monkeypatch, use_fake_model, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")  # the store path is a file: no user.db can be made in it
    monkeypatch.setenv("ASSISTANT_STORE", str(blocked))
    ui.session._user_state.clear()
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT_S).run()
    assert not at.exception
    assert at.error[0].value.startswith("Không mở được cơ sở dữ liệu hội thoại")
