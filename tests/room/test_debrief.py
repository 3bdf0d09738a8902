"""A trainer's debrief of a class of rooms of one scenario: each agreement measured against the
scenario's frontier and Nash solution (checked here against an enumeration of the whole space), the
class's figures, the CSV and the HTML page."""

from __future__ import annotations

import csv
import io
import json
import math
from html import escape

import numpy as np
import pytest

from parley.analysis import dominates
from parley.negotiators.packages import settle
from parley.room.debrief import ClassDebrief, class_debrief, room_debrief
from parley.room.debrief_api import ClassDebriefView, debrief_csv, debrief_html
from parley.room.person import Action, Intent
from parley.room.service import Room, RoomService
from parley.room.setup import RoomSetup, SeatSetup
from parley.room.store import Store

AGENTS = {"North": SeatSetup(kind="agent"), "South": SeatSetup(kind="agent")}
HOSTILE = '<script>alert("x")</script> & co'


@pytest.fixture
def service(database_url: str) -> RoomService:
    return RoomService(Store(database_url))


@pytest.fixture
def rooms(service: RoomService) -> list[Room]:
    """Three rooms of agents (seeds 0, 1, 2; the first with a hostile title) and one of persons."""
    opened = []
    for seed in (0, 1, 2):
        title = HOSTILE if seed == 0 else f"group {seed}"
        setup = RoomSetup(scenario="ceasefire", process=False, seats=AGENTS, seed=seed, title=title)
        opened.append(service.create(setup)[0])
    opened.append(service.create(RoomSetup(scenario="ceasefire", process=False, title="persons"))[0])
    return opened


@pytest.fixture
def debrief(rooms: list[Room]) -> ClassDebrief:
    return class_debrief(rooms)


def space_utilities(room: Room) -> np.ndarray:
    """Every feasible package's utilities (rows × parties), by the delegations' preferences, settled (to
    12 decimals, as the debrief compares them)."""
    setting = room.setting
    outcomes = setting.scenario.space.all_outcomes()
    utilities = np.column_stack(
        [setting.delegation(p).preferences.evaluate(outcomes) for p in setting.parties]
    )
    finite: np.ndarray = settle(utilities[np.isfinite(utilities).all(axis=1)])
    return finite


def test_agreed_rooms_are_measured_against_the_whole_space(rooms: list[Room], debrief: ClassDebrief) -> None:
    everything = space_utilities(rooms[0])
    reservation = [rooms[0].setting.delegation(p).preferences.reservation_value for p in ("North", "South")]
    gains = np.maximum(everything - reservation, 0.0)
    best_product = float(np.prod(gains, axis=1).max())
    assert debrief.benchmark.nash_product == pytest.approx(best_product)
    for room, measured in zip(rooms[:3], debrief.rooms[:3], strict=True):
        agreement = measured.agreement
        assert agreement is not None and measured.status == "agreement"
        package = room.setting.table.agreement
        assert package is not None
        space = room.setting.scenario.space
        assert dict(agreement.package) == space.values_of(package)
        row = np.array([package], dtype=space.dtype)
        own = [float(room.setting.delegation(p).preferences.evaluate(row)[0]) for p in ("North", "South")]
        assert list(agreement.utilities.values()) == own
        assert agreement.joint_gain == pytest.approx(sum(own) - sum(reservation))
        optimal = not bool(dominates(everything, settle(np.array(own))).any())
        assert agreement.pareto_optimal is optimal
        assert agreement.distance_to_frontier >= 0.0
        assert (agreement.distance_to_frontier == 0.0) is optimal
        assert agreement.nash_share is not None and 0.0 < agreement.nash_share <= 1.0
        assert agreement.nash_share == pytest.approx(
            float(np.prod(np.subtract(own, reservation))) / best_product
        )
        assert measured.rounds == room.setting.table.outcome().round == 15
        assert measured.stages == () and dict(measured.ratification) == {}


def test_what_the_agents_of_the_ceasefire_agree(debrief: ClassDebrief) -> None:
    """The figures of the class: the agents all agree the same package, short of the frontier."""
    agreements = [room.agreement for room in debrief.rooms[:3]]
    assert all(a is not None for a in agreements)
    packages = {json.dumps(dict(a.package), sort_keys=True) for a in agreements if a is not None}
    assert len(packages) == 1
    first = agreements[0]
    assert first is not None
    assert first.pareto_optimal is False
    assert first.distance_to_frontier == pytest.approx(0.10829, abs=1e-5)
    assert first.nash_share == pytest.approx(0.62467, abs=1e-5)
    summary = debrief.summary
    assert (summary.rooms, summary.agreements, summary.agreement_rate) == (4, 3, 0.75)
    assert summary.mean_joint_gain == pytest.approx(first.joint_gain)
    assert summary.mean_joint_gain == pytest.approx(0.73379, abs=1e-5)
    assert summary.mean_distance_to_frontier == pytest.approx(first.distance_to_frontier)
    assert summary.mean_rounds == pytest.approx((15 * 3 + 0) / 4)


def test_the_persons_room_has_no_agreement(debrief: ClassDebrief) -> None:
    persons = debrief.rooms[3]
    assert persons.title == "persons" and persons.status == "open"
    assert persons.agreement is None and not persons.agreed and persons.rounds == 0


def test_the_frontier_and_the_nash_solution(rooms: list[Room], debrief: ClassDebrief) -> None:
    """The frontier is every non-dominated utility vector of the enumerated space; Nash is on it."""
    everything = space_utilities(rooms[0])
    front = debrief.benchmark.frontier.utilities
    expected = {tuple(u) for u in everything if not dominates(everything, u).any()}
    assert {tuple(u) for u in front} == expected
    nash = debrief.benchmark.nash
    assert nash is not None and tuple(nash.utilities) in expected
    assert debrief.benchmark.nash_package is not None


def test_an_agreement_on_the_nash_solution_is_on_the_frontier(
    service: RoomService, debrief: ClassDebrief
) -> None:
    """Persons agree the Nash solution's package: distance 0, Pareto-optimal, the whole Nash product."""
    room, _ = service.create(RoomSetup(scenario="ceasefire", process=False, limited_powers=False))
    nash = debrief.benchmark.nash
    assert nash is not None
    package = tuple(int(i) for i in nash.outcome)
    for number, action in enumerate((Action.OFFER, Action.ACCEPT)):
        awaited = room.setting.table.awaited
        assert awaited is not None
        service.act(
            room.id, awaited.party, f"move-{number}", Intent(action, package if number == 0 else None)
        )
    assert room.setting.table.agreement == package
    agreement = room_debrief(room).agreement
    assert agreement is not None
    assert agreement.distance_to_frontier == 0.0 and agreement.pareto_optimal is True
    assert agreement.nash_share == pytest.approx(1.0)
    joined = class_debrief([room])
    assert (joined.summary.agreement_rate, joined.summary.mean_distance_to_frontier) == (1.0, 0.0)


def test_the_json_view(debrief: ClassDebrief) -> None:
    view = ClassDebriefView.from_debrief(debrief)
    document = json.loads(view.model_dump_json())
    assert document["summary"]["agreement_rate"] == 0.75
    assert document["parties"] == ["North", "South"]
    assert len(document["frontier"]) == len(debrief.benchmark.frontier)
    assert [r["room"] for r in document["rooms"]] == [r.room for r in debrief.rooms]
    assert document["rooms"][3]["agreed"] is False and document["rooms"][3]["package"] is None
    first = debrief.rooms[0].agreement
    assert first is not None and document["rooms"][0]["utilities"] == dict(first.utilities)
    assert ClassDebriefView.model_validate(document) == view


def test_the_csv_parses_back(debrief: ClassDebrief) -> None:
    rows = list(csv.DictReader(io.StringIO(debrief_csv(debrief))))
    assert len(rows) == 4
    assert list(rows[0]) == [
        "room", "title", "status", "agreed", "utility_North", "utility_South", "joint_gain",
        "distance_to_frontier", "pareto_optimal", "nash_share", "rounds", "stages", "ratified",
    ]  # fmt: skip
    assert [row["room"] for row in rows] == [room.room for room in debrief.rooms]
    assert rows[0]["title"] == HOSTILE
    first = debrief.rooms[0].agreement
    assert first is not None
    assert float(rows[0]["utility_North"]) == first.utilities["North"]  # exact: written in full
    assert float(rows[0]["joint_gain"]) == first.joint_gain
    assert rows[0]["agreed"] == "yes" and rows[0]["pareto_optimal"] == "no" and rows[0]["rounds"] == "15"
    assert (rows[3]["agreed"], rows[3]["status"], rows[3]["joint_gain"], rows[3]["nash_share"]) == (
        "no",
        "open",
        "",
        "",
    )
    assert sum(row["agreed"] == "yes" for row in rows) == 3


def test_the_html_page_is_escaped_and_offline(debrief: ClassDebrief) -> None:
    page = debrief_html(debrief)
    assert page.startswith("<!DOCTYPE html>")
    for room in debrief.rooms:
        assert room.room in page
    assert HOSTILE not in page and "<script>alert" not in page
    assert escape(HOSTILE) in page
    assert 'class="plotly-graph-div"' in page
    assert "Nash solution" in page and "Pareto frontier" in page
    assert '<script src="http' not in page  # plotly.js is embedded
    assert "75%" in page


def test_rooms_of_different_scenarios_are_refused(service: RoomService, rooms: list[Room]) -> None:
    other, _ = service.create(RoomSetup(scenario="textbook-split", process=False))
    with pytest.raises(ValueError, match="rooms of different scenarios"):
        class_debrief([*rooms, other])
    with pytest.raises(ValueError):
        class_debrief([])


def test_a_process_room_has_its_stages(service: RoomService, rooms: list[Room]) -> None:
    process, _ = service.create(RoomSetup(scenario="ceasefire", process=True, seats=AGENTS))
    measured = room_debrief(process)
    outcome = process.setting.table.outcome()
    assert [(s.name, s.status) for s in measured.stages] == [(s.name, s.status) for s in outcome.stages]
    assert [s.name for s in measured.stages] == ["ceasefire", "settlement"]
    assert dict(measured.ratification) == dict(outcome.ratification)
    assert measured.status == outcome.status
    if outcome.package is None:
        assert measured.agreement is None
        assert measured.rounds == max(event.round for event in process.setting.table.record)
    together = class_debrief([*rooms, process])  # the same scenario, as a process
    assert together.summary.rooms == 5
    row = list(csv.DictReader(io.StringIO(debrief_csv(together))))[-1]
    assert row["stages"] == ";".join(f"{s.name}={s.status}" for s in outcome.stages)
    votes = {"True": "yes", "False": "no", "None": "-"}
    assert row["ratified"] == ";".join(f"{p}={votes[str(v)]}" for p, v in outcome.ratification.items())
    assert not math.isnan(together.summary.mean_rounds)
