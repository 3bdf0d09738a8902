"""What the roles of the process see, and nothing more: a principal its own delegation's mandate and
utilities, never the other side's, only public notes and its own caucus; a ratifying body no mandate
and no utility; and so on across the view, the record export, the messages and the stream."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from tests.room.conftest import FACILITATOR, open_room, token_of
from tests.room.test_access import (
    NOTES,
    add_notes,
    assert_nothing_of_any_side,
    dicts_with,
    everything_seen,
    floats,
    secrets_of,
)
from tests.room.test_process_crash import stage_packages

CAUCUS = {"North": "north-caucus-hhh", "South": "south-caucus-iii"}


def _room(client: TestClient) -> dict[str, Any]:
    """A ceasefire process room: persons everywhere, North offered, South countered, notes and caucus."""
    room = open_room(
        client,
        scenario="ceasefire",
        process=True,
        principals={"North": "person", "South": "person"},
        ratifiers={"North's parliament": "person", "South's parliament": "person"},
    )
    packages = stage_packages()
    for k, party in enumerate(("North", "South")):
        body = {"client_id": f"m{k}", "action": "offer", "indices": packages[5 + 7 * k]}
        answer = client.post(
            f"/api/rooms/{room['id']}/moves", json=body, headers=token_of(room, f"delegation:{party}")
        )
        assert answer.status_code == 200, answer.text
    add_notes(client, room)
    for party, text in CAUCUS.items():
        body = {"client_id": f"c-{party}", "channel": f"caucus:{party}", "text": text}
        answer = client.post(
            f"/api/rooms/{room['id']}/messages", json=body, headers=token_of(room, f"principal:{party}")
        )
        assert answer.status_code == 200, answer.text
    return room


def _seen(client: TestClient, room: dict[str, Any], label: str) -> dict[str, Any]:
    seen = everything_seen(client, room, label)
    seen["messages"] = client.get(f"/api/rooms/{room['id']}/messages", headers=token_of(room, label)).json()
    return seen


def test_a_principal_sees_its_own_side_only(client: TestClient) -> None:
    room = _room(client)
    for own, other in (("North", "South"), ("South", "North")):
        seen = _seen(client, room, f"principal:{own}")
        text = json.dumps(seen)
        theirs, mine = secrets_of(client, room, other), secrets_of(client, room, own)
        assert (
            seen["view"]["mandate"]["party"] == own and seen["view"]["mandate"]["summary"] == mine["summary"]
        )
        assert theirs["summary"] not in text and f"Mandate of {other}" not in text
        assert theirs["reservation_value"] not in floats(seen)
        for found in dicts_with(seen, "reservation_value") + dicts_with(seen, "authority_limit"):
            assert found.get("party") == own, found
        for utility in [d["utility"] for d in dicts_with(seen, "utility")]:
            assert set(utility) <= {own}, utility
        for (_, private), note in NOTES.items():
            assert (note in text) is (not private)
        assert CAUCUS[own] in text and CAUCUS[other] not in text


def test_a_ratifying_body_sees_no_mandate_and_no_utility(client: TestClient) -> None:
    room = _room(client)
    seen = _seen(client, room, "ratifier:North's parliament")
    text = json.dumps(seen)
    assert_nothing_of_any_side(seen)
    for party in ("North", "South"):
        assert secrets_of(client, room, party)["summary"] not in text
        assert CAUCUS[party] not in text
    for (_, private), note in NOTES.items():
        assert (note in text) is (not private)
    assert seen["messages"]["writable"] == []


def test_the_facilitator_reads_every_caucus(client: TestClient) -> None:
    room = _room(client)
    messages = client.get(f"/api/rooms/{room['id']}/messages", headers=FACILITATOR).json()["messages"]
    assert {m["text"] for m in messages} == set(CAUCUS.values())
