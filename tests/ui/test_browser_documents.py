"""Two notices with the same number, date and issuer (an uploaded copy), the copy under a file
name full of Markdown, in the real page: the copy opens as itself, its name shows as typed (no
bold, image or link: the browser fetches nothing), and deleting it deletes the copy, never the
original. Chromium + Selenium on the README's run command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.store.chroma import Store
from ingest.pipeline import Ingestor
from tests.conftest import SEEDS, make_settings
from tests.helpers import ARTIFACTS, click_when_ready, make_run

pytestmark = [pytest.mark.faults, pytest.mark.browser, pytest.mark.server]

ORIGINAL = "dak-lak-2020-07-03-ket-luan-1097-KL-TU.md"
COPY = "**đậm** ![ảnh](x.png) [liên kết](y.html).md"


def test_deleting_a_lookalike_copy_in_the_page_keeps_the_original(
    tmp_path,
    real_embedder,
    browser,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    notices = tmp_path / "notices"
    shutil.copytree(SEEDS, notices)
    text = (notices / ORIGINAL).read_text(encoding="utf-8")
    (notices / COPY).write_text(text + "\n\nBản sao tải lên.\n", encoding="utf-8")
    settings = make_settings(tmp_path / "store")
    summary = Ingestor(settings, real_embedder).run([notices])
    assert summary.ok and len(summary.added) == 4, summary.format()
    docs = {Path(d.source).name: d for d in Store(settings, settings.embed_model).documents()}
    original, copy = docs[ORIGINAL], docs[COPY]
    assert (original.number, original.date) == (copy.number, copy.date)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    with make_run(settings, notices, ARTIFACTS / "documents-twins.log") as url:
        browser.get(f"{url}/documents?doc={copy.doc_id}")
        wait = WebDriverWait(browser, 120)
        expander = "//summary[contains(., 'Xóa văn bản này khỏi kho')]"
        wait.until(ready.element_to_be_clickable((By.XPATH, expander)))
        # The name is text: no element was made from its Markdown.
        metadata = "//summary[contains(., 'Thông tin văn bản') or contains(., 'metadata')]"
        for summary_el in browser.find_elements(By.XPATH, metadata):
            summary_el.click()
        wait.until(
            ready.presence_of_element_located((By.XPATH, "//*[contains(text(), '**đậm**')]"))
        )
        assert not browser.find_elements(By.XPATH, "//img[contains(@src, 'x.png')]")
        assert not browser.find_elements(By.XPATH, "//a[contains(@href, 'y.html')]")
        assert not browser.find_elements(By.XPATH, "//strong[contains(., 'đậm')]")
        browser.save_screenshot(str(ARTIFACTS / "documents-twin-copy.png"))

        click_when_ready(browser, expander)
        confirm = "//label[.//p[text()='Tôi chắc chắn muốn xóa']]"
        wait.until(ready.element_to_be_clickable((By.XPATH, confirm))).click()
        delete = "//button[.//p[text()='Xóa văn bản này khỏi kho']]"
        wait.until(ready.element_to_be_clickable((By.XPATH, delete))).click()
        wait.until(
            ready.presence_of_element_located((By.XPATH, "//*[contains(text(), 'thùng rác')]"))
        )
    left = {d.doc_id for d in Store(settings, settings.embed_model).documents()}
    assert original.doc_id in left, "the original was deleted instead of the copy"
    assert copy.doc_id not in left
    assert (notices / ORIGINAL).exists() and not (notices / COPY).exists()
