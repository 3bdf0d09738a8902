"""``parley negotiate --record`` and ``parley fork``: the record file, forks that keep the rounds before
them and go on (as recorded or otherwise), a room's exported record, and bad input ending in one message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.tournament.scenarios import write_sale
from typer.testing import CliRunner

from parley.cli.app import app
from parley.room.person import Action, Intent
from parley.room.service import RoomService
from parley.room.setup import RoomSetup
from parley.room.store import Store

runner = CliRunner()
PROTOCOLS = ["alternating", "simultaneous", "single-text"]


def invoke(*args: str) -> tuple[int, str]:
    """Exit code and output (whitespace folded) of ``parley ARGS``."""
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def recorded(tmp_path: Path, *args: str, name: str = "run.json") -> tuple[Path, dict[str, Any]]:
    """``parley negotiate ARGS --record`` into ``tmp_path/name``: the file and what it holds."""
    path = tmp_path / name
    code, output = invoke("negotiate", *args, "--record", str(path))
    assert code == 0, output
    return path, json.loads(path.read_text(encoding="utf-8"))


def forked(*args: str) -> dict[str, Any]:
    """``parley fork ARGS --json``, parsed."""
    result = runner.invoke(app, ["fork", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def timeless(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in event.items() if key != "elapsed"} for event in events]


def test_negotiate_records_what_a_run_needs(tmp_path: Path) -> None:
    args = ("ceasefire", "--a", "boulware", "--b", "tit-for-tat", "--rounds", "30", "--seed", "4")
    _, data = recorded(tmp_path, *args)
    assert data["format"] == "parley-negotiation-record/1"
    assert (data["scenario"], data["protocol"], data["rounds"], data["seed"]) == (
        "ceasefire",
        "alternating",
        30,
        4,
    )
    assert data["strategies"] == {"North": "boulware", "South": "tit-for-tat"}
    shown = json.loads(runner.invoke(app, ["negotiate", *args, "--json"]).stdout)
    assert timeless(data["events"]) == timeless(shown["events"])


def test_negotiate_keeps_an_existing_record_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text("mine", encoding="utf-8")
    code, output = invoke("negotiate", "ceasefire", "--record", str(path))
    assert code == 2 and "run.json exists; give --force to overwrite it" in output
    assert path.read_text(encoding="utf-8") == "mine"
    code, output = invoke("negotiate", "ceasefire", "--record", str(path), "--force")
    assert code == 0 and json.loads(path.read_text(encoding="utf-8"))["scenario"] == "ceasefire"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_fork_at_round_zero_replays_the_run(tmp_path: Path, protocol: str) -> None:
    path, data = recorded(tmp_path, "ceasefire", "--a", "random", "--b", "conceder", "--protocol", protocol)
    again = forked(str(path), "--at", "0")
    assert timeless(again["events"]) == timeless(data["events"])
    assert again["forked_from"] == {"record": str(path), "at": 0}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_fork_keeps_the_rounds_before_it_and_goes_on_otherwise(tmp_path: Path, protocol: str) -> None:
    path, data = recorded(
        tmp_path, "ceasefire", "--a", "boulware", "--b", "boulware", "--protocol", protocol, "--rounds", "12"
    )
    before = [event for event in data["events"] if event["round"] < 4]
    out = tmp_path / "fork.json"
    args = (str(path), "--at", "4", "--strategy", "conceder", "--strategy", "conceder", "--rounds", "20")
    code, output = invoke("fork", *args, "--seed", "9", "--record", str(out))
    assert code == 0, output
    continued = json.loads(out.read_text(encoding="utf-8"))
    assert continued["events"][: len(before)] == before  # the very events, times included
    assert continued["strategies"] == {"North": "conceder", "South": "conceder"}
    assert (continued["rounds"], continued["seed"]) == (20, 9)
    assert continued["forked_from"] == {"record": str(path), "at": 4}
    assert timeless(continued["events"]) != timeless(data["events"])
    again = forked(str(out), "--at", "4")  # a fork's record forks too
    assert again["events"][: len(before)] == before


def test_a_fork_finds_a_relative_scenario_beside_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_sale(tmp_path)
    monkeypatch.chdir(tmp_path)
    path, data = recorded(tmp_path, "sale.yaml", "--rounds", "10")
    assert data["scenario"] == "sale.yaml"
    monkeypatch.chdir(tmp_path.parent)
    assert timeless(forked(str(path), "--at", "0")["events"]) == timeless(data["events"])


def test_a_fork_of_a_rooms_exported_record(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rooms.db'}"
    service = RoomService(Store(url))
    room, _ = service.create(RoomSetup(scenario="ceasefire", process=False, limited_powers=False, rounds=10))
    service.act(room.id, "North", "m1", Intent(Action.OFFER, (1, 0, 5, 0, 2, 1)))
    service.act(room.id, "South", "m2", Intent(Action.REJECT, (2, 1, 5, 3, 1, 2)))
    service.act(room.id, "North", "m3", Intent(Action.OFFER, (1, 0, 5, 0, 2, 1)))
    service.store.close()
    exported = tmp_path / "room.json"
    code, output = invoke("export-room", room.id, "--database", url, "-o", str(exported))
    assert code == 0, output
    code, output = invoke("fork", str(exported), "--at", "1")
    assert code == 2 and "a room's record names no scenario file; give it with --scenario" in output
    code, output = invoke("fork", str(exported), "--at", "1", "--scenario", "ceasefire")
    assert code == 2 and "a room's record names no strategies; give one per party with --strategy" in output
    data = forked(
        str(exported),
        "--at",
        "1",
        "--scenario",
        "ceasefire",
        "--strategy",
        "conceder",
        "--strategy",
        "boulware",
    )
    assert [(e["kind"], e["round"], e["party"]) for e in data["events"][:3]] == [
        ("offer", 0, "North"),
        ("reject", 0, "South"),
        ("offer", 0, "South"),
    ]
    assert data["ending"] in ("agreement", "deadline", "breakdown") and data["rounds"] <= 10


def edited(tmp_path: Path, change: Any) -> Path:
    """A record file of a boulware/conceder run, changed by ``change`` (a function of its data)."""
    _, data = recorded(tmp_path, "ceasefire", "--rounds", "20", name="original.json")
    changed = tmp_path / "edited.json"
    changed.write_text(json.dumps(change(data)), encoding="utf-8")
    return changed


def replaced(data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**data, **fields}


def with_event(data: dict[str, Any], index: int, **fields: Any) -> dict[str, Any]:
    events = [dict(event) for event in data["events"]]
    events[index].update(fields)
    return {**data, "events": events}


@pytest.mark.parametrize(
    ("change", "args", "words"),
    [
        (lambda d: d, ("--at", "50"), "cannot fork at round 50: the record ends in round"),
        (lambda d: d, ("--at", "2", "--rounds", "1"), "round 2 is past the fork's deadline of 1 rounds"),
        (lambda d: d, ("--at", "1", "--strategy", "boulware"), "give one strategy per party"),
        (lambda d: d, ("--at", "1", "--strategy", "x", "--strategy", "y"), "no negotiator called 'x'"),
        (lambda d: d, ("--at", "1", "--protocol", "x"), "No such option"),
        (lambda d: replaced(d, format="x"), ("--at", "1"), "edited.json: format: Input tag 'x'"),
        (lambda d: replaced(d, rounds=0), ("--at", "1"), "edited.json: rounds: Input should be greater than"),
        (lambda d: replaced(d, protocol="auction"), ("--at", "1"), "no protocol called 'auction'"),
        (lambda d: replaced(d, scenario="nowhere"), ("--at", "1"), "nowhere: no such file or folder"),
        (
            lambda d: replaced(d, strategies={"A": "boulware", "B": "conceder"}),
            ("--at", "1"),
            "are not the scenario's",
        ),
        (lambda d: replaced(d, extra=1), ("--at", "1"), "edited.json: extra: Extra inputs are not permitted"),
        (
            lambda d: with_event(d, 1, kind="bogus"),
            ("--at", "1"),
            "edited.json: events.1.kind: Input should be",
        ),
        (lambda d: with_event(d, 1, round=-1), ("--at", "1"), "edited.json: events.1.round"),
        (
            lambda d: with_event(d, 1, party="North"),
            ("--at", "1"),
            "event 1 (round 0): the record has reject by North, where the mechanism asks South to respond",
        ),
        (
            lambda d: with_event(d, 1, outcome=[0, 0, 0, 0, 0, 0]),
            ("--at", "1"),
            "cannot fork at round 1: event 1: the mechanism made reject by South of [1, 0, 10, 0, 2, 1] in "
            "round 0, the record has reject by South of [0, 0, 0, 0, 0, 0] in round 0",
        ),
        (
            lambda d: with_event(d, 0, outcome=[9, 0, 0, 0, 0, 0]),
            ("--at", "1"),
            "seat 'North' proposed an invalid package",
        ),
    ],
)
def test_bad_input_ends_with_one_located_message(
    tmp_path: Path, change: Any, args: tuple[str, ...], words: str
) -> None:
    path = edited(tmp_path, change)
    code, output = invoke("fork", str(path), *args)
    assert code == 2, output
    assert words in output and "Traceback" not in output


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "broken.json: line 1, column 2: Expecting property name"),
        ("[]", "broken.json: the top level: Input should be a valid dictionary"),
        (
            '{"scenario": "x"}',
            "broken.json: the top level: Unable to extract tag using discriminator 'format'",
        ),
    ],
)
def test_a_file_that_is_no_record_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    code, output = invoke("fork", str(path), "--at", "0")
    assert code == 2 and words in output and "Traceback" not in output
    code, output = invoke("fork", str(tmp_path / "missing.json"), "--at", "0")
    assert code == 2 and "missing.json: No such file or directory" in output


def test_a_fork_keeps_an_existing_record_file_unless_forced(tmp_path: Path) -> None:
    path, _ = recorded(tmp_path, "ceasefire", "--rounds", "10")
    out = tmp_path / "fork.json"
    out.write_text("mine", encoding="utf-8")
    code, output = invoke("fork", str(path), "--at", "1", "--record", str(out))
    assert code == 2 and "fork.json exists; give --force to overwrite it" in output
    assert out.read_text(encoding="utf-8") == "mine"
    code, output = invoke("fork", str(path), "--at", "1", "--record", str(out), "--force")
    assert code == 0 and json.loads(out.read_text(encoding="utf-8"))["forked_from"]["at"] == 1


def test_fork_prints_the_trace_and_the_outcome(tmp_path: Path) -> None:
    path, _ = recorded(tmp_path, "ceasefire", "--rounds", "10")
    code, output = invoke("fork", str(path), "--at", "1")
    assert code == 0 and "Offer trace" in output and ("agreement" in output or "deadline" in output)
