"""The query page in a real headless Chromium (issue 14, item 3): pick a saved query, fill its parameter by name
completion, run it, and see the table (linking to entity pages) and the bar chart. Debian's `chromium` and
`chromium-driver`; `.ci/run` installs them, and this module tries to when they are missing and it runs as root."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def _browser_or_skip() -> None:
    if os.path.exists(CHROMIUM) and os.path.exists(DRIVER):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"], capture_output=True, timeout=600)
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        pytest.skip("no headless browser: Debian's chromium and chromium-driver are not installed and could not be "
                    "installed here (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1000",
                 "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(flag)
    # the system driver, given by path: Selenium Manager would otherwise try to download one
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def test_saved_query_with_completion_shows_table_and_chart(browser, oncograph_server, tmp_path, kg) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    base = oncograph_server[0]
    wait = WebDriverWait(browser, 20)
    browser.get(f"{base}/")
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#query-select option[value='metastasis-sites-of']")))
    Select(browser.find_element(By.ID, "query-select")).select_by_value("metastasis-sites-of")
    field = wait.until(ready.presence_of_element_located((By.ID, "param-cancer")))
    field.send_keys("lung canc")
    choice = wait.until(ready.element_to_be_clickable(
        (By.XPATH, "//ul[@id='param-cancer-suggestions']/li[.='lung cancer']")))
    choice.click()
    assert field.get_attribute("value") == "lung cancer"
    browser.find_element(By.ID, "run-saved").click()
    expected = kg.query("metastasis-sites-of", cancer="lung cancer").records()  # the same question, asked locally
    wait.until(ready.text_to_be_present_in_element((By.ID, "status"), f"{len(expected)} rows"))
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#results-table td")]
    assert "adrenal gland" in cells and "CTCA: Stage 4 cancer" in cells
    link = browser.find_element(By.LINK_TEXT, "adrenal gland")
    assert link.get_attribute("href") == f"{base}/resource/site-adrenal-gland"
    bars = {bar.get_attribute("data-label"): float(bar.get_attribute("data-value"))
            for bar in browser.find_elements(By.CSS_SELECTOR, "#chart svg rect")}
    highest: dict[str, float] = {}
    for row in expected:
        if row.get("percent") is not None:
            highest[row["siteLabel"]] = max(float(row["percent"]), highest.get(row["siteLabel"], 0.0))
    assert bars == highest and bars["adrenal gland"] == 16.7  # a bar per site with a number, its highest percent
    assert browser.find_element(By.ID, "download-csv").get_attribute("href").endswith(
        "/queries/metastasis-sites-of?cancer=lung+cancer&format=csv")
    browser.save_screenshot(str(tmp_path / "page.png"))
    link.click()  # the entity page, as HTML
    wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "h2"), "adrenal gland"))
