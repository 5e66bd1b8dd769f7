"""Delete in the real page, then `make run` again (it ingests the notices folder on every
start): the notice stays deleted. Chromium + Selenium on the README's run command, over a
private store of the version pairs built with the default model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.store.chroma import Store
from ingest.pipeline import Ingestor
from tests.conftest import make_settings
from tests.helpers import ARTIFACTS, copy_pairs, make_run

pytestmark = [pytest.mark.browser, pytest.mark.server]

VICTIM = "d-chi-thi-12-CT-TU-2024.txt"


@pytest.fixture
def pairs_store(tmp_path, real_embedder):
    notices = copy_pairs(tmp_path / "notices")
    settings = make_settings(tmp_path / "store")
    summary = Ingestor(settings, real_embedder).run([notices])
    assert summary.ok, summary.format()
    return settings, notices


def test_a_notice_deleted_in_the_page_stays_deleted_after_make_run(
    pairs_store,
    browser,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    settings, notices = pairs_store
    docs = Store(settings, settings.embed_model).documents()
    victim = next(d for d in docs if Path(d.source).name == VICTIM)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    with make_run(settings, notices, ARTIFACTS / "lifecycle-run-1.log") as url:
        browser.get(f"{url}/documents?doc={victim.doc_id}")
        wait = WebDriverWait(browser, 120)
        # The relation is shown as a link to the notice it repeals.
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".doc-relations a")))
        assert "Bãi bỏ" in browser.find_element(By.CSS_SELECTOR, ".doc-relations").text
        expander = "//summary[contains(., 'Xóa văn bản này khỏi kho')]"
        wait.until(ready.element_to_be_clickable((By.XPATH, expander))).click()
        confirm = "//label[.//p[text()='Tôi chắc chắn muốn xóa']]"
        wait.until(ready.element_to_be_clickable((By.XPATH, confirm))).click()
        delete = "//button[.//p[text()='Xóa văn bản này khỏi kho']]"
        wait.until(ready.element_to_be_clickable((By.XPATH, delete))).click()
        wait.until(
            ready.presence_of_element_located((By.XPATH, "//*[contains(text(), 'thùng rác')]"))
        )
        browser.save_screenshot(str(ARTIFACTS / "documents-deleted.png"))
    assert not (notices / VICTIM).exists()
    assert (Path(settings.store) / "trash").is_dir()

    # The next start ingests the notices folder again: the deleted notice does not come back.
    log = ARTIFACTS / "lifecycle-run-2.log"
    with make_run(settings, notices, log) as url:
        assert "added 0" in log.read_text(), log.read_text()[-2000:]
        browser.get(f"{url}/documents?doc={victim.doc_id}")
        WebDriverWait(browser, 120).until(
            ready.presence_of_element_located(
                (By.XPATH, "//*[contains(text(), 'Văn bản này không còn trong kho.')]")
            )
        )
        # The notice it had repealed is in force again, and says so.
        older = next(d for d in docs if d.number == "05-CT/TU")
        browser.get(f"{url}/documents?doc={older.doc_id}")
        WebDriverWait(browser, 120).until(
            ready.text_to_be_present_in_element(
                (By.CSS_SELECTOR, ".doc-status"), "Đang có hiệu lực"
            )
        )
    left = {Path(d.source).name for d in Store(settings, settings.embed_model).documents()}
    assert VICTIM not in left and len(left) == len(docs) - 1
