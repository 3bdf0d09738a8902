"""The replay page of a room's record (``/room/{id}/replay``): served with the pages' headers, its scripts
served as JavaScript, and in headless Chromium a trainer steps through a finished process room.

The room is the ``ceasefire`` scenario as a process with both delegations agents, so it has run to its
end when it opens: its record holds both stages' STAGE_OPENED, the front's moves and packages some of
which cross a party's red line. The browser test opens the page with the facilitator key in this tab's
sessionStorage (as the console leaves it), steps with Next, the slider and the arrow keys, and checks
each step's round, party, move, stage, front and utilities against the record fetched with httpx, and
the chart's lines against the packages so far; then a delegation's link (``#token=…``) shows its own
utilities only. Console errors fail it; a screenshot is kept (copied to ``$PARLEY_ARTIFACTS`` when set).
The browser test uses the system Chromium and is skipped without it or the ``playwright`` package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.chromium import ARGUMENTS, CHROMIUM, keep_screenshot, playwright_or_skip
from tests.room.conftest import FACILITATOR, KEY, Server, bearer, open_room, settled

WAIT = 30_000  # milliseconds: a bound on each wait, never asserted as a duration
SEATS = {"North": {"kind": "agent"}, "South": {"kind": "agent"}}
SETUP: dict[str, Any] = {"scenario": "ceasefire", "process": True, "seats": SEATS}
PARTIES = ("North", "South")


# --- what the page should show of an event (as replay-steps.js and room-format.js word it) -----------------
def label(value: Any) -> str:
    """A name or an option as the page shows it (JavaScript's String(): 10.0 reads "10")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("_", " ")


def utility_text(event: dict[str, Any], party: str) -> str:
    """``party``'s utility of the event's package as shown: 3 decimals, "unacceptable" or "–"."""
    utilities = event.get("utility", {})
    if event["package"] is None or party not in utilities:
        return "–"
    value = utilities[party]
    return "unacceptable" if value is None else f"{value:.3f}"


def front_at(record: list[dict[str, Any]], initial: dict[str, float], step: int) -> str:
    """The front as the page words it at ``step``: the initial values, then every move up to it."""
    front = dict(initial)
    for event in record[: step + 1]:
        if event["kind"] == "front_moved":
            front[event["data"]["variable"]] = event["data"]["value"]
    return ", ".join(f"{label(variable)} {value:.3f}" for variable, value in front.items()) or "—"


def stage_at(record: list[dict[str, Any]], step: int) -> str:
    opened = [e["data"]["stage"] for e in record[: step + 1] if e["kind"] == "stage_opened"]
    return label(opened[-1]) if opened else "—"


def points_up_to(record: list[dict[str, Any]], party: str, step: int) -> int:
    """How many points ``party``'s line has at ``step``: packages with a utility (not null) so far."""
    return sum(
        1
        for event in record[: step + 1]
        if event["package"] is not None and event.get("utility", {}).get(party) is not None
    )


# --- the page and its scripts -------------------------------------------------------------------------------
def test_the_replay_page_is_served_with_the_pages_headers(client: TestClient) -> None:
    room = open_room(client, **SETUP)
    page = client.get(f"/room/{room['id']}/replay")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert 'id="step-slider"' in html and 'type="range"' in html
    assert 'id="btn-previous"' in html and 'id="btn-next"' in html
    assert '<script type="module" src="/static/replay.js"></script>' in html
    # the Content-Security-Policy allows the server's own scripts only: no inline script or handler
    assert all(' src="/static/' in tag for tag in re.findall(r"<script[^>]*>", html))
    assert not re.search(r"\son[a-z]+\s*=", html)
    room_page = client.get(f"/room/{room['id']}")
    for header in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert page.headers[header] == room_page.headers[header], header
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_replay_scripts_and_what_they_import_are_javascript(client: TestClient) -> None:
    modules = ["replay.js"]
    for name in modules:
        script = client.get(f"/static/{name}")
        assert script.status_code == 200, name
        assert script.headers["content-type"].startswith("text/javascript"), name
        assert "innerHTML" not in script.text, name
        imported = re.findall(r'^(?:import [^\n]*|\}) from "\./([\w.-]+\.js)";$', script.text, re.MULTILINE)
        modules += [module for module in imported if module not in modules]
    assert {"replay-steps.js", "common.js", "room-format.js"} <= set(modules)
    assert "room-api.js" not in modules  # it reads the room's id from the address's last segment


def test_the_record_has_what_the_replay_shows(client: TestClient) -> None:
    room = open_room(client, **SETUP)
    export = client.get(f"/api/rooms/{room['id']}/record", headers=FACILITATOR).json()
    record = export["record"]
    kinds = [event["kind"] for event in record]
    assert kinds[0] == "stage_opened" and kinds.count("stage_opened") >= 2
    assert "front_moved" in kinds and "offer" in kinds
    offers = [event for event in record if event["kind"] == "offer"]
    assert all(set(event["utility"]) == set(PARTIES) for event in offers)
    assert any(None in event["utility"].values() for event in offers)  # a red line crossed: no point


# --- in the browser -----------------------------------------------------------------------------------------
def watch(page: Any, errors: list[str]) -> None:
    """Collect the page's console errors and page errors in ``errors``."""
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))


def test_a_trainer_steps_through_the_record_in_the_browser(
    server_factory: Callable[[], Server], tmp_path: Path
) -> None:
    sync_api = playwright_or_skip()
    expect = sync_api.expect
    server = server_factory()
    answer = httpx.post(
        f"{server.url}/api/rooms", json={**SETUP, "limited_powers": False}, headers=bearer(KEY), timeout=60
    )
    assert answer.status_code == 201, answer.text
    created = answer.json()
    room_id = created["id"]
    with httpx.Client(base_url=server.url, timeout=60) as http:
        settled(http, room_id)  # the agents play on in the background
    exported = httpx.get(f"{server.url}/api/rooms/{room_id}/record", headers=bearer(KEY), timeout=30).json()
    record: list[dict[str, Any]] = exported["record"]
    points = exported["room"]["process"]["front"]
    initial = {p["variable"]: p["value"] for p in points if p["reason"] == "initial"}
    offer = next(i for i, e in enumerate(record) if e["kind"] == "offer")
    second = [i for i, e in enumerate(record) if e["kind"] == "stage_opened"][1]
    later = next(i for i, e in enumerate(record) if i > second and e["package"] is not None)
    errors: list[str] = []
    screenshot = tmp_path / "replay.png"

    issues = [issue["name"] for issue in exported["room"]["issues"]]

    def check_step(
        page: Any, step: int, record: list[dict[str, Any]] = record, parties: tuple[str, ...] = PARTIES
    ) -> None:
        """The page shows step ``step`` of ``record`` (with ``parties``' utilities)."""
        event = record[step]
        expect(page.locator("#step-count")).to_have_text(f"step {step + 1} of {len(record)}")
        expect(page.locator("#step-slider")).to_have_value(str(step))
        expect(page.locator("#step-round")).to_have_text(str(event["round"] + 1))
        expect(page.locator("#step-party")).to_have_text(event["party"] or "—")
        expect(page.locator("#step-move")).to_have_attribute("data-kind", event["kind"])
        expect(page.locator("#step-stage")).to_have_text(stage_at(record, step))
        expect(page.locator("#step-front")).to_have_text(front_at(record, initial, step))
        expect(page.locator("#step-utilities-body tr")).to_have_count(len(parties))
        for party in parties:
            expect(page.locator(f"[data-testid='utility-{party}']")).to_have_text(utility_text(event, party))
            line = page.locator(f"[data-testid='line-{party}']")
            expect(line).to_have_attribute("data-points", str(points_up_to(record, party, step)))
        expect(page.locator("[data-testid='chart-marker']")).to_have_attribute("data-step", str(step))
        package = page.locator("#step-package li")
        if event["package"] is None:
            expect(page.locator("#step-no-package")).to_be_visible()
        else:
            pkg = event["package"]
            expected = [f"{label(issue)}: {label(pkg[issue])}" for issue in issues if issue in pkg]
            expect(package).to_have_text(expected)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        try:
            # the facilitator: the key kept in this tab, as the console keeps it
            page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            page.set_default_timeout(WAIT)
            page.goto(f"{server.url}/", wait_until="networkidle")
            page.evaluate("key => sessionStorage.setItem('parley-facilitator-key', key)", KEY)
            watch(page, errors)
            page.goto(f"{server.url}/room/{room_id}/replay", wait_until="load")
            expect(page.locator("#app")).to_be_visible(timeout=WAIT)
            expect(page.locator("#title")).to_have_text(f"Replay: {exported['room']['title']}")
            expect(page.locator("#utilities-panel")).to_be_visible()
            stages = [label(e["data"]["stage"]) for e in record if e["kind"] == "stage_opened"]
            expect(page.locator("[data-testid='chart-stage']")).to_have_text(stages)

            # the first step: the ceasefire stage opens; Previous goes nowhere
            check_step(page, 0)
            expect(page.locator("#step-move")).to_have_text("stage opened: ceasefire")
            expect(page.locator("#btn-previous")).to_be_disabled()

            # Next, step by step, to the first offer: its utilities appear, the lines start
            for step in range(1, offer + 1):
                page.click("#btn-next")
                check_step(page, step)
            assert record[offer]["party"] == "North"
            expect(page.locator("#step-move")).to_have_text("offer")
            expect(page.locator("[data-testid='utility-North']")).not_to_have_text("–")

            # the slider: into the settlement stage, the front moved since
            page.eval_on_selector(
                "#step-slider",
                "(slider, value) => { slider.value = value;"
                " slider.dispatchEvent(new Event('input', { bubbles: true })); }",
                str(later),
            )
            check_step(page, later)
            expect(page.locator("#step-stage")).to_have_text("settlement")
            assert front_at(record, initial, later) != front_at(record, initial, 0)

            # the arrow keys: the slider's own, then the page's (focus elsewhere); Home, End
            page.focus("#step-slider")
            page.keyboard.press("ArrowLeft")
            check_step(page, later - 1)
            page.click("#step-panel")
            page.keyboard.press("ArrowRight")
            check_step(page, later)
            page.keyboard.press("ArrowRight")
            check_step(page, later + 1)
            page.screenshot(path=str(screenshot), full_page=True)
            page.keyboard.press("End")
            check_step(page, len(record) - 1)
            expect(page.locator("#btn-next")).to_be_disabled()
            page.keyboard.press("Home")
            check_step(page, 0)

            # a delegation's link: kept for the room, taken out of the address; its own utilities only
            own = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            own.set_default_timeout(WAIT)
            watch(own, errors)
            token = created["links"]["delegation:North"]["token"]
            own.goto(f"{server.url}/room/{room_id}/replay#token={token}", wait_until="load")
            expect(own.locator("#app")).to_be_visible(timeout=WAIT)
            assert "token" not in own.url, own.url
            assert own.evaluate(f"sessionStorage.getItem('parley-room-token:{room_id}')") == token
            mine = httpx.get(f"{server.url}/api/rooms/{room_id}/record", headers=bearer(token), timeout=30)
            north_record: list[dict[str, Any]] = mine.json()["record"]
            assert all(set(e.get("utility", {})) <= {"North"} for e in north_record)
            check_step(own, 0, north_record, ("North",))
            north_offer = next(i for i, e in enumerate(north_record) if e["package"] is not None)
            for step in range(1, north_offer + 1):
                own.click("#btn-next")
                check_step(own, step, north_record, ("North",))
            expect(own.locator("[data-testid='line-South']")).to_have_count(0)
        finally:
            browser.close()

    assert errors == []
    assert screenshot.stat().st_size > 10_000
    keep_screenshot(screenshot)
