"""A whole ceasefire exercise in headless Chromium, through the room's pages only.

A real ``parley serve`` process holds a process room of the ``ceasefire`` scenario: two person
delegations, South's principal a person, the settlement stage drafted as a single text by a person
mediator; the ratifying bodies are agents. North offers a ceasefire; it is below South's authority, so
South refers it back; South's principal approves it on her page and the ceasefire stage is agreed.
The delegations talk on the table and South consults its principal in caucus (North never sees the
caucus). The mediator tables the settlement text, both delegations accept it, the parliaments ratify:
both stages stand. Console errors fail the test; each page's screenshot is kept (copied to
``$PARLEY_ARTIFACTS`` when set). Skipped without Chromium or playwright.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chromium import ARGUMENTS, CHROMIUM, keep_screenshot, playwright_or_skip
from tests.room.conftest import KEY, Server, bearer

WAIT = 30_000  # milliseconds: a bound on each wait, never asserted as a duration
sync_api = playwright_or_skip()
expect = sync_api.expect

CEASEFIRE = {"ceasefire": "local", "monitoring": "joint_commission", "prisoner_exchange": 10}
SETTLEMENT = {"pullback_km": 0.0, "sanctions_relief": "full", "settlement_talks": "within_six_months"}
PAGES = ("delegation:North", "delegation:South", "principal:South", "mediator", "observer:1")


@pytest.fixture
def server(server_factory: Callable[[], Server]) -> Server:
    return server_factory()


def choose(page: Any, issues: list[dict[str, Any]], package: dict[str, Any]) -> None:
    """Set the builder's selects of ``package``'s issues (the stage's; the others are locked)."""
    for issue in issues:
        if issue["name"] in package:
            position = issue["options"].index(package[issue["name"]])
            page.select_option(f"[data-testid='select-{issue['name']}']", value=str(position))


def watch(page: Any, label: str, errors: list[str]) -> None:
    """Collect the page's console errors and page errors in ``errors``."""
    page.on("console", lambda m: m.type == "error" and errors.append(f"{label}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{label}: {e}"))


def stage(page: Any, name: str) -> Any:
    return page.locator(f"[data-testid='stage-{name}']")


def send_message(page: Any, channel: str, text: str) -> None:
    page.select_option("#message-channel", value=channel)
    page.fill("#message-text", text)
    page.click("#btn-message")
    expect(page.locator("#messages")).to_contain_text(text, timeout=WAIT)


def test_a_whole_ceasefire_exercise_in_the_browser(server: Server, tmp_path: Path) -> None:
    setup = {
        "scenario": "ceasefire",
        "title": "Ceasefire exercise",
        "process": True,
        "seats": {"North": {"kind": "person"}, "South": {"kind": "person"}},
        "principals": {"South": "person"},
        "mediator": "person",
        "stage_protocols": {"settlement": "single-text"},
    }
    exercise = {"name": "Ceasefire class", "rooms": 1, "setup": setup}
    answer = httpx.post(f"{server.url}/api/classes", json=exercise, headers=bearer(KEY), timeout=30)
    assert answer.status_code == 201, answer.text
    created = answer.json()["rooms"][0]
    class_id = answer.json()["id"]
    facilitator = httpx.get(f"{server.url}/api/rooms/{created['id']}", headers=bearer(KEY), timeout=30).json()
    issues = facilitator["room"]["issues"]
    errors: list[str] = []

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        try:
            pages: dict[str, Any] = {}
            for label in PAGES:
                page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
                page.set_default_timeout(WAIT)
                watch(page, label, errors)
                page.goto(created["links"][label]["url"], wait_until="load")
                expect(page.locator("#live")).to_have_text("live", timeout=WAIT)
                pages[label] = page
            north, south = pages["delegation:North"], pages["delegation:South"]
            principal, mediator, observer = pages["principal:South"], pages["mediator"], pages["observer:1"]

            # the process panel shows both stages, the ceasefire being played
            for page in pages.values():
                expect(stage(page, "ceasefire")).to_have_attribute("data-status", "open")
                expect(stage(page, "settlement")).to_have_attribute("data-status", "waiting")
            expect(north.locator("#turn")).to_contain_text("Your move: make an offer", timeout=WAIT)
            locked = north.locator("[data-testid='select-sanctions_relief']")
            expect(locked).to_be_disabled()  # not an issue of this stage

            # before the talks, South's principal raises its delegation's authority limit a little
            principal.fill("#authority-input", "0.52")
            principal.click("#btn-authority")
            expect(south.locator("#authority-limit")).to_have_text("0.520", timeout=WAIT)

            # the facilitator reports a front incident from the room page (the key kept in the tab)
            host = browser.new_context().new_page()
            watch(host, "facilitator", errors)
            host.goto(f"{server.url}/", wait_until="load")
            host.evaluate(f"sessionStorage.setItem('parley-facilitator-key', {KEY!r})")
            host.goto(f"{server.url}/room/{created['id']}", wait_until="load")
            host.select_option("#incident-variable", value="eastern_front")
            host.fill("#incident-change", "-2")
            host.fill("#incident-note", "shelling near the river")
            host.click("#btn-incident")
            expect(host.locator("#incident-change")).to_have_value("", timeout=WAIT)
            log = httpx.get(
                f"{server.url}/api/rooms/{created['id']}/log", headers=bearer(KEY), timeout=30
            ).json()
            incidents = [entry["payload"] for entry in log if entry["kind"] == "incident"]
            assert incidents == [{"changes": {"eastern_front": -2.0}, "note": "shelling near the river"}]

            # the table and a caucus
            send_message(north, "table", "North proposes a local ceasefire under a joint commission")
            expect(south.locator("#messages")).to_contain_text("North proposes a local ceasefire")
            expect(observer.locator("#messages")).to_contain_text("North proposes a local ceasefire")
            send_message(south, "caucus:South", "North offers a local ceasefire; may we take it?")
            expect(principal.locator("#messages")).to_contain_text("may we take it?", timeout=WAIT)
            send_message(principal, "caucus:South", "Refer it to me; I will approve it")
            expect(south.locator("#messages")).to_contain_text("I will approve it", timeout=WAIT)
            send_message(mediator, "mediator:North", "Could North offer a local ceasefire?")
            expect(north.locator("#messages")).to_contain_text("Could North offer", timeout=WAIT)
            send_message(north, "mediator:North", "We could, with a joint commission")
            expect(mediator.locator("#messages")).to_contain_text("with a joint commission", timeout=WAIT)

            # North offers; below South's authority, South refers it back; the principal approves
            choose(north, issues, CEASEFIRE)
            north.click("#btn-offer")
            expect(south.locator("#turn")).to_contain_text("Your move", timeout=WAIT)
            expect(south.locator("#btn-refer-back")).to_be_enabled(timeout=WAIT)
            south.click("#btn-refer-back")
            expect(principal.locator("#decision-panel")).to_be_visible(timeout=WAIT)
            expect(principal.locator("#decision-title")).to_contain_text("refers a package to you")
            principal.click("#btn-approve")
            for page in pages.values():
                expect(stage(page, "ceasefire")).to_have_attribute("data-status", "agreed", timeout=WAIT)
                expect(page.locator("[data-testid='agreement-ceasefire']")).to_be_visible(timeout=WAIT)

            # the mediator proposes the settlement package at the table, then tables it as the text;
            # a delegation loads the proposal into its builder
            expect(mediator.locator("#btn-table-text")).to_be_enabled(timeout=WAIT)
            choose(mediator, issues, SETTLEMENT)
            mediator.check("#message-attach")
            send_message(mediator, "table", "The mediator proposes a settlement")
            proposal = north.locator("[data-testid='proposal']")
            expect(proposal).to_contain_text("sanctions relief: full", timeout=WAIT)
            expect(observer.locator("[data-testid='proposal']")).to_contain_text("within six months")
            mediator.click("#btn-table-text")
            for page in (north, south):
                expect(page.locator("#btn-accept")).to_be_enabled(timeout=WAIT)
                page.click("#btn-accept")
                expect(page.locator("#error")).to_be_hidden()
            for page in pages.values():
                expect(page.locator("#process-status")).to_contain_text("Process: ratified", timeout=WAIT)
                for name in ("ceasefire", "settlement"):
                    expect(page.locator(f"[data-testid='agreement-{name}']")).to_have_attribute(
                        "data-status", "in_force", timeout=WAIT
                    )
            expect(north.locator("#agreement-text")).to_contain_text("Signed and ratified", timeout=WAIT)
            expect(principal.locator("#messages")).to_contain_text("South's principal (you)")
            for page, unseen in (
                (north, "may we take it?"),
                (observer, "may we take it?"),
                (mediator, "may we take it?"),
            ):
                assert unseen not in page.content()  # South's caucus stays South's and its principal's
            for page in (south, principal, observer):
                assert "Could North offer" not in page.content()  # the mediator's line to North is theirs
            # the class debrief: the room's agreement on the frontier plot, with the Nash point
            debrief_url = f"{server.url}/api/classes/{class_id}/debrief"
            debrief = httpx.get(debrief_url, params={"format": "html"}, headers=bearer(KEY), timeout=30)
            assert debrief.status_code == 200, debrief.text
            page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            page.set_content(debrief.text, wait_until="load")
            expect(page.locator(".plotly-graph-div")).to_be_visible(timeout=WAIT)
            traces = page.evaluate(
                "Array.from(document.querySelector('.plotly-graph-div').data, t => t.name)"
            )
            assert any("Pareto" in str(name) for name in traces), traces
            points = page.evaluate(
                "Array.from(document.querySelector('.plotly-graph-div').data).flatMap(t => t.text || [])"
            )
            assert any(created["id"] in str(text) for text in points), points
            pages["debrief"] = page
            data = httpx.get(debrief_url, headers=bearer(KEY), timeout=30).json()
            assert data["summary"]["agreements"] == 1 and data["rooms"][0]["agreed"]
            for label, page in pages.items():
                path = tmp_path / f"exercise-{label.replace(':', '-')}.png"
                page.screenshot(path=str(path), full_page=True)
                keep_screenshot(path)
        finally:
            browser.close()
    assert not errors, errors
    url = f"{server.url}/api/rooms/{created['id']}/record"
    record = httpx.get(url, headers=bearer(KEY), timeout=30).json()
    assert [(a["stage"], a["status"]) for a in record["agreements"]] == [
        ("ceasefire", "in_force"),
        ("settlement", "in_force"),
    ]
    assert record["ratification"] == {"North": True, "South": True}


def test_the_console_opens_a_class_and_gives_its_links_and_debrief(server: Server, tmp_path: Path) -> None:
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            page.set_default_timeout(WAIT)
            watch(page, "console", errors)
            page.goto(f"{server.url}/", wait_until="load")
            page.fill("#key", KEY)
            page.click("#btn-key")
            expect(page.locator("#key-state")).to_have_text("key set")
            page.select_option("#seat-North", value="agent")
            page.select_option("#seat-South", value="agent")
            page.fill("#class-name", "Group B")
            page.fill("#class-rooms", "2")
            page.click("#btn-open")
            expect(page.locator("#links-panel")).to_be_visible(timeout=WAIT)
            expect(page.locator("#links")).to_contain_text("Group B — room 2")
            with page.expect_download() as csv_download:
                page.click("#btn-links-csv")
            links = Path(csv_download.value.path()).read_text(encoding="utf-8")
            assert links.startswith("room,title,role,url") and "Group B — room 1" in links
            expect(page.locator("tr.class-row")).to_contain_text("Class: Group B", timeout=WAIT)
            expect(page.locator("tr.class-row")).to_contain_text("2 rooms, 2 ended")
            with page.expect_download() as debrief_download:
                page.click("[data-testid='debrief-html']")
            debrief = Path(debrief_download.value.path()).read_text(encoding="utf-8")
            assert "Group B — room 1" in debrief and "plotly" in debrief
            # a room of the class forked at round 2 into a rehearsal: its links are shown, it is listed
            page.once("dialog", lambda dialog: dialog.accept("2"))
            page.locator("tr[data-room] button", has_text="fork").first.click()
            expect(page.locator("#links")).to_contain_text("delegation North", timeout=WAIT)
            expect(page.locator("tr[data-room]")).to_have_count(3, timeout=WAIT)
            expect(page.locator("#rooms")).to_contain_text("fork at round 2")
            page.screenshot(path=str(tmp_path / "console-class.png"), full_page=True)
        finally:
            browser.close()
    assert not errors, errors
