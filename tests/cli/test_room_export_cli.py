"""``parley export-room``: a room rebuilt from its database, written as JSON, HTML or the Markdown draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.room.person import Action, Intent
from parley.room.service import RoomService
from parley.room.setup import RoomSetup
from parley.room.store import Store

runner = CliRunner()
P = (1, 0, 5, 0, 2, 1)


@pytest.fixture
def agreed(tmp_path: Path) -> tuple[str, str, str]:
    """A database with a room that agreed on P and one still open: its URL and the two room ids."""
    url = f"sqlite:///{tmp_path / 'rooms.db'}"
    service = RoomService(Store(url))
    done, _ = service.create(RoomSetup(scenario="ceasefire", process=False, limited_powers=False))
    service.act(done.id, "North", "m1", Intent(Action.OFFER, P))
    service.act(done.id, "South", "m2", Intent(Action.ACCEPT))
    open_room, _ = service.create(RoomSetup(scenario="ceasefire", process=False))
    service.store.close()
    return url, done.id, open_room.id


def export(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["export-room", *args])
    return result.exit_code, " ".join(result.output.split())


def test_the_record_the_report_and_the_draft_are_written(
    agreed: tuple[str, str, str], tmp_path: Path
) -> None:
    url, room, _ = agreed
    for name in ("room.json", "room.html", "draft.md"):
        code, output = export(room, "--database", url, "-o", str(tmp_path / name))
        assert code == 0, output
    record = json.loads((tmp_path / "room.json").read_text(encoding="utf-8"))
    assert record["format"] == "parley-room-record/1"
    assert [event["kind"] for event in record["record"]] == ["offer", "accept", "agreement"]
    assert set(record["record"][0]["utility"]) == {"North", "South"}  # the facilitator's export
    assert "<!DOCTYPE html>" in (tmp_path / "room.html").read_text(encoding="utf-8")
    draft = (tmp_path / "draft.md").read_text(encoding="utf-8")
    assert draft.startswith("# ") and "Article 1" in draft


@pytest.mark.parametrize(
    ("which", "name", "words"),
    [
        ("missing", "x.json", "no room 'nosuchroom'"),
        ("open", "draft.md", "has reached no agreement"),
        ("open", "room.pdf", "use .json, .html or .md"),
    ],
)
def test_bad_requests_end_with_one_clear_message(
    agreed: tuple[str, str, str], tmp_path: Path, which: str, name: str, words: str
) -> None:
    url, _, open_room = agreed
    room = "nosuchroom" if which == "missing" else open_room
    code, output = export(room, "--database", url, "-o", str(tmp_path / name))
    assert code == 2 and words in output and "Traceback" not in output
    assert not (tmp_path / name).exists()
