"""The README's run path in a real browser: `streamlit run ui/app.py` on 127.0.0.1 over a store
ingested from the seeds with the real offline model, driven by Debian's chromium through
Selenium. Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import ARTIFACTS, click_when_ready, make_run

pytestmark = [pytest.mark.browser, pytest.mark.server]

QUESTION = "Which body must handle drought response?"
# The 2024 Lâm Đồng notice, item 2.3: the People's Committee party delegation leads the
# People's Committee to direct drought and forest-fire response (tests/eval q058).
EXPECTED_BODY = "Ban cán sự đảng"


@pytest.fixture
def server(seed_engine_real, tmp_path):
    """The app as the README runs it, on a free port, always stopped afterwards."""
    # The seeds this store was built from: `make run` re-ingests them (unchanged: no work).
    store = Path(seed_engine_real.settings.store)
    with make_run(
        seed_engine_real.settings, store.parent / "notices", ARTIFACTS / "streamlit.log", 90
    ) as url:
        yield url


def test_chat_page_answers_with_a_citation_in_chromium(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server)
    box = WebDriverWait(browser, 60).until(
        ready.element_to_be_clickable((By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]'))
    )
    browser.save_screenshot(str(ARTIFACTS / "chat-empty.png"))
    box.send_keys(QUESTION)
    box.send_keys(Keys.ENTER)
    try:
        # The first question also loads the model in the server: allow for a slow machine.
        WebDriverWait(browser, 180).until(
            ready.presence_of_element_located((By.CSS_SELECTOR, ".cite-card"))
        )
        # Elements of the previous run stay on the page, greyed, until this run ends.
        WebDriverWait(browser, 60).until(
            lambda page: not page.find_elements(By.CSS_SELECTOR, '[data-stale="true"]')
        )
    finally:
        browser.save_screenshot(str(ARTIFACTS / "chat-answer.png"))
    answer = browser.find_element(By.CSS_SELECTOR, ".answer").text
    cards = browser.find_elements(By.CSS_SELECTOR, ".cite-card")
    assert "not-found" not in browser.find_element(By.CSS_SELECTOR, ".answer").get_attribute(
        "class"
    ), answer
    assert EXPECTED_BODY in answer
    assert "[1]" in answer
    assert cards[0].text.startswith("[1]")
    summaries = [s.text for s in browser.find_elements(By.CSS_SELECTOR, "summary")]
    assert any("Xem trong văn bản [1]" in s for s in summaries), summaries


WORD_BUTTON = "//button[.//p[text()='Tải báo cáo Word']]"


def test_ledger_page_records_a_status_and_downloads_vietnamese_excel(
    server, browser, seed_engine_real, tmp_path
):
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.get(f"{server}/assignments")
    wait = WebDriverWait(browser, 120)
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="stDataFrame"]')))

    # Mark the first task done through the one-task form.
    click_when_ready(browser, "//summary[.//p[text()='Cập nhật một nhiệm vụ']]")
    click_when_ready(browser, "//label[.//p[text()='hoàn thành']]")
    click_when_ready(browser, "//button[.//p[text()='Lưu']]")
    wait.until(ready.presence_of_element_located((By.XPATH, "//*[text()='Đã lưu 1 nhiệm vụ.']")))
    # The Word report is the last element the page draws: the run is over once it is there.
    wait.until(ready.presence_of_element_located((By.XPATH, WORD_BUTTON)))
    wait.until(lambda page: not page.find_elements(By.CSS_SELECTOR, '[data-stale="true"]'))
    browser.save_screenshot(str(ARTIFACTS / "ledger.png"))

    click_when_ready(browser, "//button[.//p[text()='Tải Excel']]")
    target = downloads / "so-theo-doi-nhiem-vu.xlsx"
    WebDriverWait(browser, 60).until(lambda _: target.exists() and target.stat().st_size > 0)
    sheet = load_workbook(target)["Nhiệm vụ"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Nhiệm vụ", "Hạn"]
    assert headers[-1] == "Nguồn"
    first = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert first["Trạng thái"] == "hoàn thành"
    # Empty cells are empty (openpyxl reads them as None), never the word "None"; no paths.
    values = [c.value for line in sheet.iter_rows(min_row=2) for c in line if c.value is not None]
    values = [str(v) for v in values]
    assert "None" not in values
    store = str(seed_engine_real.settings.store)
    assert not any(store in v or "/notices/" in v for v in values)


GROWTH_VI = "Tăng trưởng kinh tế 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"
FOLLOW_UP_VI = "còn thu ngân sách thì sao?"
DOCS = REPO / "docs"


def _wait_idle(browser, answers: int, timeout: float = 180) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(
        lambda page: (
            len(page.find_elements(By.CSS_SELECTOR, ".answer")) >= answers
            and not page.find_elements(By.CSS_SELECTOR, '[data-stale="true"]')
            and not page.find_elements(By.CSS_SELECTOR, '[data-testid="stSpinner"]')
        )
    )


def _ask(browser, question: str, answers: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    box = WebDriverWait(browser, 60).until(
        ready.element_to_be_clickable((By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]'))
    )
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    _wait_idle(browser, answers)


def _in_view(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.height > 0 && r.top >= 0 && r.top < window.innerHeight;",
        element,
    )


def test_follow_up_reload_citation_link_and_english_in_chromium(server, browser):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from assistant.core.i18n import STRINGS

    browser.get(server)
    _ask(browser, GROWTH_VI, 1)
    _ask(browser, FOLLOW_UP_VI, 2)
    understood = browser.find_element(By.CSS_SELECTOR, ".understood").text
    assert understood == "Hiểu là: Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?"
    assert "36,81%" in browser.find_elements(By.CSS_SELECTOR, ".answer")[1].text
    browser.execute_script(
        "arguments[0].scrollIntoView()", browser.find_elements(By.CSS_SELECTOR, ".answer")[1]
    )
    browser.save_screenshot(str(ARTIFACTS / "chat-follow-up.png"))
    assert "c=" in browser.current_url

    # F5: the conversation is in the URL and in <store>/user.db.
    browser.refresh()
    _wait_idle(browser, 2, timeout=90)
    assert browser.find_element(By.CSS_SELECTOR, ".understood").text == understood

    # [1] of the follow-up's answer brings its card into view.
    marker = browser.find_elements(By.CSS_SELECTOR, ".answer")[1].find_element(
        By.CSS_SELECTOR, "a.cite-marker"
    )
    card_id = marker.get_attribute("href").split("#", 1)[1]
    browser.execute_script("window.scrollTo(0, 0)")
    marker.click()
    card = browser.find_element(By.ID, card_id)
    WebDriverWait(browser, 10).until(lambda page: _in_view(page, card))
    # "Show in document" opens the passage marked in its notice, right there.
    number = card_id.rsplit("-", 1)[1]
    expander = browser.execute_script(
        """const card = arguments[0].getBoundingClientRect();
        let best = null, gap = Infinity;
        for (const s of document.querySelectorAll('summary')) {
          if (!s.innerText.includes(arguments[1])) continue;
          const d = s.getBoundingClientRect().top - card.bottom;
          if (d >= -2 && d < gap) { gap = d; best = s; }
        }
        return best;""",
        card,
        f"Xem trong văn bản [{number}]",
    )
    expander.click()
    # The expander's body is drawn in steps (a rerun, then its opening): on a busy machine the
    # marked element can exist, visible but still empty, for a moment. Wait for its words.
    mark_id = f"cited-{card_id.removeprefix('cite-')}"
    mark = WebDriverWait(browser, 60, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda page: next(
            (
                m
                for m in page.find_elements(By.ID, mark_id)
                if m.is_displayed() and "thu ngân sách" in m.text.lower()
            ),
            False,
        )
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    assert _in_view(browser, mark)

    # English: no Vietnamese interface string left (answers and passages are the notices' own).
    click_when_ready(browser, "//section[@data-testid='stSidebar']//label[.//p[text()='English']]")
    WebDriverWait(browser, 60).until(
        lambda page: page.find_element(By.CSS_SELECTOR, "h1").text.startswith("Ask")
    )
    _wait_idle(browser, 2, timeout=60)
    chrome = browser.execute_script(
        """
        const skip = '.cite-card, .answer, .cite-context, [data-testid="stChatMessageContent"] pre,'
          + ' [class*="st-key-open-"], [data-testid="stChatMessage"] [data-testid="stText"]';
        const out = [];
        for (const el of document.querySelectorAll(
            'h1, h2, h3, label, summary, button, [data-testid="stCaptionContainer"],'
            + ' [data-testid="stSidebar"] p, .understood, [data-testid="stAlert"]')) {
          if (!el.closest(skip)) out.push(el.innerText);
        }
        const box = document.querySelector('[data-testid="stChatInputTextArea"]');
        out.push(box.getAttribute('placeholder'));
        return out;
        """
    )
    vietnamese = {
        v.split("{")[0].strip()
        for k, v in STRINGS["vi"].items()
        if v != STRINGS["en"][k] and len(v.split("{")[0].strip()) > 3
    }
    left = [(s, v) for s in chrome for v in vietnamese if v in s]
    assert not left, left
    browser.save_screenshot(str(ARTIFACTS / "chat-english.png"))
    assert "lang=en" in browser.current_url
    # Both sidebar choices (language, answer mode) still show what is chosen.
    checked = browser.find_elements(
        By.CSS_SELECTOR, '[data-testid="stSidebar"] input[type="radio"]:checked'
    )
    assert len(checked) == 2


def test_ledger_table_cell_edit_is_saved(server, browser, seed_engine_real):
    """A note typed into the table's note cell (glide data grid, driven by the keyboard) is
    stored in the store's user.db."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    from assistant.ledger.state import LedgerState
    from assistant.ledger.views import with_documents

    browser.get(f"{server}/assignments")
    wait = WebDriverWait(browser, 120)
    grid = wait.until(
        ready.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="stDataFrame"]'))
    )
    wait.until(ready.presence_of_element_located((By.XPATH, WORD_BUTTON)))
    # First data row, in the lead-body column (read-only): select it, then walk right to the
    # note column (lead -> task -> deadline -> overdue flag -> note) and type.
    size = grid.size
    ActionChains(browser).move_to_element_with_offset(
        grid, 250 - size["width"] // 2, 35 + 17 - size["height"] // 2
    ).click().perform()
    note = "Đã gọi điện nhắc"
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT * 4).send_keys(Keys.ENTER).perform()
    # Enter opens the cell's editor (an overlay textarea); typing before it exists loses keys.
    editor = wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, "textarea.gdg-input")))
    editor.send_keys(note)
    editor.send_keys(Keys.ENTER)
    try:
        wait.until(
            ready.presence_of_element_located((By.XPATH, "//*[text()='Đã lưu 1 nhiệm vụ.']"))
        )
    finally:
        browser.save_screenshot(str(ARTIFACTS / "ledger-edit.png"))
    engine = seed_engine_real
    documents = {d.doc_id: d for d in engine.documents()}
    records = with_documents(engine.assignments(), documents)
    attached = LedgerState.for_store(engine.settings.store).attach(records)
    assert [r.note for r in attached if r.note] == [note]
