"""Two delegations negotiate to an agreement in headless Chromium, through the room's pages only.

A real ``parley serve`` process holds a ceasefire room with two person seats. North and South each
open their own join link in a separate browser context (no shared storage). North offers, South sees
the offer arrive over the live stream (the page is not reloaded), South counter-offers, North accepts;
both pages then show the agreement and the draft agreement text. Throughout, neither page may hold
anything of the other side's mandate: its instructions (advisors, tasks, the summary's lines) and its
distinctive numbers are looked for in the page's HTML and in every API response the page received.
Console errors and page errors fail the test. A screenshot of each page is kept (copied to
``$PARLEY_ARTIFACTS`` when that is set).

It uses the system Chromium (``/usr/bin/chromium``) and never downloads a browser; without Chromium or
the ``playwright`` package it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chromium import ARGUMENTS, CHROMIUM, keep_screenshot, playwright_or_skip
from tests.room.conftest import KEY, Server, bearer

WAIT = 30_000  # milliseconds: a generous bound on each wait, never asserted as a duration
PARTIES = ("North", "South")

sync_api = playwright_or_skip()
expect = sync_api.expect

#: Text that passes through HTML serialisation and JSON encoding unchanged, so a needle of it is found
#: in page.content() and in a response body alike.
PLAIN = re.compile(r"[A-Za-z0-9 .,:;'()%+_/-]+")


# --- what must stay on one side --------------------------------------------------------------------------
def secrets_of(mandate: dict[str, Any], others: list[str]) -> list[str]:
    """Distinctive strings of one party's mandate (from the facilitator's view) that appear in none of
    ``others`` (the other party's own mandate and the public view): the mandate's heading, each line of
    its instructions, its advisors and tasks, and the long decimals of its numbers."""
    summary: str = mandate["summary"]
    lines = [line.strip() for line in summary.splitlines()]
    candidates = [line for line in lines if len(line) >= 12]
    advisors = lines[lines.index(next(x for x in lines if x.startswith("advisors"))) + 1 :]
    candidates += [re.split(r"\s{2,}", line)[0] for line in advisors if line]
    candidates += [task["name"] for task in mandate["tasks"]]
    numbers = [mandate["reservation_value"], mandate["authority_limit"], *mandate["weights"].values()]
    candidates += [repr(float(n)) for n in numbers if len(repr(float(n))) >= 8]
    found = []
    for needle in dict.fromkeys(candidates):
        if PLAIN.fullmatch(needle) and not any(needle in other for other in others):
            found.append(needle)
    return found


@dataclass
class Side:
    """One delegation's browser page and what it has received."""

    party: str
    page: Any
    responses: list[Any] = field(default_factory=list)
    bodies: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self) -> None:
        """Keep the page's API responses (not the endless event stream) and its errors."""

        def response(answer: Any) -> None:
            if "/api/" in answer.url and not answer.url.split("?")[0].endswith("/stream"):
                self.responses.append(answer)

        def console(message: Any) -> None:
            if message.type == "error":
                self.errors.append(f"{self.party} console: {message.text}")

        self.page.on("response", response)
        self.page.on("console", console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.party} page error: {error}"))

    def read_bodies(self) -> list[tuple[str, str]]:
        """Every API response body received so far, with its URL."""
        while len(self.bodies) < len(self.responses):
            answer = self.responses[len(self.bodies)]
            self.bodies.append((answer.url, answer.text()))
        return self.bodies


def assert_nothing_of(side: Side, needles: list[str], owner: str, checkpoint: str) -> None:
    """``side``'s page and every API body it received hold none of ``owner``'s ``needles``."""
    content = side.page.content()
    shown = [needle for needle in needles if needle in content]
    assert not shown, f"{checkpoint}: {side.party}'s page shows {owner}'s mandate: {shown}"
    for url, body in side.read_bodies():
        leaked = [needle for needle in needles if needle in body]
        assert not leaked, f"{checkpoint}: {url} sent {side.party} {owner}'s mandate: {leaked}"


# --- driving a page ----------------------------------------------------------------------------------------
def choose(page: Any, issues: list[dict[str, Any]], package: dict[str, Any]) -> None:
    """Set the offer builder to ``package`` ({issue: value}) with its <select>s."""
    for issue in issues:
        position = issue["options"].index(package[issue["name"]])
        page.select_option(f"[data-testid='select-{issue['name']}']", value=str(position))


def builder_package(page: Any, issues: list[dict[str, Any]]) -> dict[str, Any]:
    """The package the offer builder shows."""
    return {
        issue["name"]: issue["options"][int(page.input_value(f"[data-testid='select-{issue['name']}']"))]
        for issue in issues
    }


@pytest.fixture
def server(server_factory: Callable[[], Server]) -> Server:
    """A ``parley serve`` process (stopped by ``server_factory`` after the test)."""
    return server_factory()


def test_two_delegations_reach_an_agreement_in_the_browser(server: Server, tmp_path: Path) -> None:
    seats = {party: {"kind": "person"} for party in PARTIES}
    answer = httpx.post(
        f"{server.url}/api/rooms",
        json={
            "scenario": "ceasefire",
            "protocol": "alternating",
            "rounds": 20,
            "seats": seats,
            "process": False,
        },
        headers=bearer(KEY),
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    created = answer.json()
    room_id = created["id"]

    def facilitator_view() -> dict[str, Any]:
        response = httpx.get(f"{server.url}/api/rooms/{room_id}", headers=bearer(KEY), timeout=30)
        assert response.status_code == 200, response.text
        view: dict[str, Any] = response.json()
        return view

    first = facilitator_view()
    assert [p["seat"] for p in first["room"]["parties"]] == ["person", "person"]
    issues = first["room"]["issues"]
    mandates = first["mandates"]
    observer = created["links"]["observer:1"]["token"]
    public = httpx.get(f"{server.url}/api/rooms/{room_id}", headers=bearer(observer), timeout=30).text

    # what each side's page must never hold of the other's mandate
    needles: dict[str, list[str]] = {}
    for party in PARTIES:
        other = next(p for p in PARTIES if p != party)
        assert mandates[party]["summary"].strip(), party
        needles[party] = secrets_of(
            mandates[party], [mandates[other]["summary"], str(mandates[other]), public]
        )
        assert f"Mandate of {party}" in needles[party], needles[party]
        assert any(f"{party}'s" in needle for needle in needles[party]), needles[party]  # its advisors
        for task in mandates[party]["tasks"]:
            assert task["name"] in needles[party], (task, needles[party])
        assert len(needles[party]) >= 10, needles[party]

    def check_secrets(checkpoint: str) -> None:
        for party, side in sides.items():
            other = next(p for p in PARTIES if p != party)
            assert_nothing_of(side, needles[other], other, checkpoint)

    north_offer = {
        "ceasefire": "local",
        "monitoring": "joint_commission",
        "prisoner_exchange": 6,
        "pullback_km": 10.0,
        "sanctions_relief": "partial",
        "settlement_talks": "within_two_years",
    }
    south_offer = {**north_offer, "ceasefire": "full"}
    screenshots: dict[str, Path] = {}
    sides: dict[str, Side] = {}

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        try:
            for party in PARTIES:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                side = Side(party, context.new_page())
                side.page.set_default_timeout(WAIT)
                side.watch()
                side.page.goto(created["links"][f"delegation:{party}"]["url"], wait_until="load")
                sides[party] = side
            north, south = sides["North"].page, sides["South"].page

            # each page shows its own delegation and mandate, and has taken the token out of the address
            for party, side in sides.items():
                page = side.page
                expect(page.locator("#who")).to_have_text(f"Delegation of {party}", timeout=WAIT)
                expect(page.locator("#live")).to_have_text("live", timeout=WAIT)
                assert "token" not in page.url, page.url
                token = created["links"][f"delegation:{party}"]["token"]
                kept = page.evaluate(f"sessionStorage.getItem('parley-room-token:{room_id}')")
                assert kept == token
                expect(page.locator("#mandate")).to_contain_text("Reservation value", timeout=WAIT)
                expect(page.locator("#reservation-value")).to_have_text(
                    f"{mandates[party]['reservation_value']:.3f}"
                )
                for task in mandates[party]["tasks"]:
                    expect(page.locator("#mandate")).to_contain_text(task["name"])
                expect(page.locator("#suggestions li").first).to_be_visible(timeout=WAIT)
            expect(north.locator("#turn")).to_contain_text("Your move: make an offer", timeout=WAIT)
            expect(south.locator("#turn")).to_contain_text("Waiting for North", timeout=WAIT)
            for button in ("#btn-accept", "#btn-reject", "#btn-refer-back"):
                expect(north.locator(button)).to_be_disabled()
            for button in ("#btn-offer", "#btn-accept", "#btn-walk-away"):
                expect(south.locator(button)).to_be_disabled()
            expect(north.locator("#btn-walk-away")).to_be_enabled()
            check_secrets("on opening")
            for party, side in sides.items():  # the needles would be seen: each page holds its own
                content = side.page.content()
                received = "\n".join(body for _, body in side.read_bodies())
                assert f"Mandate of {party}" in content
                assert all(needle in received for needle in needles[party]), party

            # walking away asks first: dismissing the question leaves the room as it was
            north.once("dialog", lambda dialog: dialog.dismiss())
            north.click("#btn-walk-away")
            expect(north.locator("#turn")).to_contain_text("Your move: make an offer")
            assert facilitator_view()["room"]["status"] == "open"

            # North offers, and the server's answer is lost on the way back: the page sends the move
            # again with the same client id, and the server applies it once. South's page is updated
            # by the stream, not reloaded.
            south.evaluate("window.__notReloaded = true")
            client_ids: list[str] = []

            def lose_the_first_answer(route: Any) -> None:
                client_ids.append(route.request.post_data_json["client_id"])
                if len(client_ids) == 1:
                    route.fetch()  # the server applies the move ...
                    route.abort("connectionreset")  # ... but the page never hears of it
                else:
                    route.continue_()

            north.route("**/api/rooms/*/moves", lose_the_first_answer)
            choose(north, issues, north_offer)
            north.click("#btn-offer")
            expect(north.locator("#builder-hint")).to_contain_text("Sent: offer", timeout=WAIT)
            expect(north.locator("#builder-hint")).to_contain_text("the server had it already")
            expect(north.locator("#turn")).to_contain_text("Waiting for South", timeout=WAIT)
            expect(north.locator("#error")).to_be_hidden()
            north.unroute("**/api/rooms/*/moves")
            assert len(client_ids) == 2 and client_ids[0] == client_ids[1], client_ids
            log = httpx.get(f"{server.url}/api/rooms/{room_id}/log", headers=bearer(KEY), timeout=30).json()
            assert [e["client_id"] for e in log if e["kind"] == "action"] == client_ids[:1]
            record = facilitator_view()["record"]
            assert [e["kind"] for e in record] == ["offer"]
            offered = record[0]
            assert offered["party"] == "North"
            assert offered["package"] == north_offer
            expect(south.locator("#turn")).to_contain_text("Your move: respond", timeout=WAIT)
            expect(south.locator("#offer-utility")).to_have_text(f"{offered['utility']['South']:.3f}")
            expect(south.locator("#offer")).to_contain_text("joint commission")
            assert south.evaluate("window.__notReloaded === true")
            expect(south.locator("#history tbody tr")).to_have_count(1)
            expect(south.locator("#history tbody tr").first).to_contain_text(
                f"{offered['utility']['South']:.3f}"
            )
            expect(south.locator("#chart .main-svg").first).to_be_attached(timeout=WAIT)
            check_secrets("after North's offer")
            screenshots["South-responding"] = tmp_path / "room-south-responding.png"
            south.screenshot(path=str(screenshots["South-responding"]), full_page=True)

            # a suggested compromise loads into South's offer builder
            south.click("[data-testid='suggestion-0']")
            south_token = created["links"]["delegation:South"]["token"]
            own = httpx.get(f"{server.url}/api/rooms/{room_id}", headers=bearer(south_token), timeout=30)
            suggested = [s["package"] for s in own.json()["suggestions"]]
            assert builder_package(south, issues) in suggested

            # South counter-offers; North sees it live and keeps a private note
            choose(south, issues, south_offer)
            expect(south.locator("#btn-offer")).to_have_text("Counter-offer this package")
            south.click("#btn-offer")
            expect(south.locator("#turn")).to_contain_text("Waiting for North", timeout=WAIT)
            countered = next(
                e for e in facilitator_view()["record"] if e["party"] == "South" and e["kind"] == "offer"
            )
            assert countered["package"] == south_offer
            expect(north.locator("#turn")).to_contain_text("Your move: respond", timeout=WAIT)
            expect(north.locator("#offer-utility")).to_have_text(f"{countered['utility']['North']:.3f}")
            expect(north.locator("#history tbody tr")).to_have_count(3)
            note = "North keeps this to itself: the eastern bridge matters most"
            north.fill("#note-text", note)
            expect(north.locator("#note-private")).to_be_checked()
            north.click("#btn-note")
            expect(north.locator("#notes")).to_contain_text(note, timeout=WAIT)
            needles["North"].append(note)
            check_secrets("after South's counter-offer")

            # North accepts: both pages show the agreement and the draft text
            north.click("#btn-accept")
            final = facilitator_view()
            assert final["room"]["agreement"] == south_offer
            draft = httpx.get(f"{server.url}/api/rooms/{room_id}/agreement", headers=bearer(KEY), timeout=30)
            assert draft.status_code == 200, draft.text
            heading = draft.text.splitlines()[0].lstrip("# ").strip()
            assert heading
            for party, side in sides.items():
                page = side.page
                expect(page.locator("#agreement-panel")).to_be_visible(timeout=WAIT)
                expect(page.locator("#turn")).to_contain_text("ended with an agreement", timeout=WAIT)
                expect(page.locator("#status")).to_have_text("ended: agreement")
                expect(page.locator("#agreement-text")).to_contain_text(heading, timeout=WAIT)
                expect(page.locator("#agreement-text")).to_contain_text("Annex")
                expect(page.locator("#agreement")).to_contain_text("full")
                utility = final["agreement_utility"][party]
                expect(page.locator("#agreement-summary")).to_contain_text(f"Utility for you: {utility:.3f}")
                expect(page.locator("#builder-panel")).to_be_hidden()
            assert south.evaluate("window.__notReloaded === true")
            check_secrets("after the agreement")

            for party, side in sides.items():
                screenshots[party] = tmp_path / f"room-{party.lower()}.png"
                side.page.screenshot(path=str(screenshots[party]), full_page=True)
        finally:
            browser.close()

    # the connection reset caused above is the only failure a page may report
    errors = [e for side in sides.values() for e in side.errors if "ERR_CONNECTION_RESET" not in e]
    assert errors == []
    for path in screenshots.values():
        assert path.stat().st_size > 10_000
    for path in screenshots.values():
        keep_screenshot(path)
