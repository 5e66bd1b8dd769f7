"""Fixtures of the page tests: the fake model in the app (AppTest) and a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ui.session

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def use_fake_model(monkeypatch, fake_embedder) -> list[str]:
    """The app loads the fake embedding; returns the list of model loads the app asked for."""
    loads: list[str] = []

    def load(name: str, batch_size: int = 32):
        assert name == fake_embedder.name, f"the app asked for the model {name!r}"
        loads.append(name)
        return fake_embedder

    monkeypatch.setattr(ui.session, "load_embedder", load)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", fake_embedder.name)
    return loads


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        where = "in CI" if os.environ.get("CI") else "on this machine"
        pytest.fail(
            f"{', '.join(missing)} not found {where}: the browser test needs Debian's chromium "
            "and chromedriver. Install them with `sudo apt-get install chromium chromium-driver`."
        )


@pytest.fixture
def browser(tmp_path):
    """Headless Debian chromium through Selenium, always quit afterwards."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,2000",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
