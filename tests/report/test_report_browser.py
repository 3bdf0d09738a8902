"""The report of the built-in ``ceasefire`` scenario in headless Chromium: no errors, every section
visible, the charts drawn. A screenshot is kept (copied to ``$PARLEY_ARTIFACTS`` when that is set).

It uses the system Chromium (``/usr/bin/chromium``; ``.ci/run`` installs the Debian package) and never
downloads a browser; without Chromium or the ``playwright`` package it is skipped.
"""

from __future__ import annotations

from pathlib import Path

from tests.chromium import ARGUMENTS, CHROMIUM, keep_screenshot, playwright_or_skip

from parley.examples import load_example
from parley.report.html_report import SECTION_IDS, write_report

sync_api = playwright_or_skip()


def test_the_ceasefire_report_renders_without_errors(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(load_example("ceasefire"), report, seed=0, runs=50)
    errors: list[str] = []
    screenshot = tmp_path / "report.png"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
            page.goto(report.as_uri(), wait_until="load")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            for identifier in SECTION_IDS:
                section = page.locator(f"section#{identifier}")
                section.scroll_into_view_if_needed()
                assert section.is_visible(), identifier
            assert page.locator(".js-plotly-plot").count() >= 5
            assert page.locator("#forecast .js-plotly-plot").count() >= 1
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert screenshot.stat().st_size > 10_000
    keep_screenshot(screenshot, "report-ceasefire.png")
