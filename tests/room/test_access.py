"""Who may do what: the authorization matrix of every API endpoint × every role × the caller's own room,
another room and a room that does not exist, written out in full; and what each role may *see* (a
delegation never sees another party's mandate, utilities or private notes; an observer no utilities or
mandates; a mediator exactly what the scenario grants it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from parley.examples import example_path_text
from parley.room import create_app
from parley.room.store import TOKENS
from tests.room.conftest import FACILITATOR, KEY, bearer, open_room, token_of

# --- the matrix ---------------------------------------------------------------------------------------------
#: The callers, in the column order of MATRIX: the server's facilitator key, then room X's links, then
#: callers without a valid token.
ROLES = (
    "server key",
    "room facilitator",
    "delegation A",
    "delegation B",
    "mediator",
    "observer",
    "principal A",
    "no token",
    "malformed",
    "unknown token",
)
#: The room each request names: the room the caller's link belongs to (X), another room (Y), none at all.
ROOMS = ("own", "other", "missing")

#: The expected status for (endpoint) × (room) × (role). Room X is fresh: delegation A is to open
#: (A's move is legal, B's is not its turn: 409), nobody has agreed yet (the agreement is a 409 for
#: everyone let in). A token of room X asking about room Y, or about no room, gets a 404 (a room's
#: existence is not revealed); a request without a valid token gets a 401 before anything else. Room X
#: runs one negotiation, so a front incident is a 409 there; an observer or a principal may not write at
#: the table (403), though both read it. Classes span rooms: only the server's key manages them (the
#: debrief of a class that does not exist, "{class_id}" here, is a 404 for it). Only a principal adjusts
#: a mandate, and room X holds its persons to no authority limit: a 409 for principal A. A fork opens a
#: room (the server's key only); room X runs one negotiation, so its fork is a 422.
#
#                                     server  fac    A      B      med    obs    prinA  none   bad    unknown
MATRIX: dict[tuple[str, str], dict[str, tuple[int, ...]]] = {
    ("GET", "/api/health"): {
        "own": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "other": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "missing": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    },
    ("POST", "/api/rooms"): {
        "own": (201, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (201, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "missing": (201, 403, 403, 403, 403, 403, 403, 401, 401, 401),
    },
    ("GET", "/api/rooms"): {
        "own": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
        "other": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
        "missing": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}"): {
        "own": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/moves"): {
        "own": (403, 403, 200, 409, 403, 403, 403, 401, 401, 401),
        "other": (403, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/notes"): {
        "own": (200, 200, 200, 200, 200, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/messages"): {
        "own": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/messages"): {
        "own": (200, 200, 200, 200, 200, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/incidents"): {
        "own": (409, 409, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (409, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/close"): {
        "own": (200, 200, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/record"): {
        "own": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/log"): {
        "own": (200, 200, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/verify"): {
        "own": (200, 200, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/checkpoint"): {  # the test server keeps no witness: 409 once let in
        "own": (409, 409, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (409, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/agreement"): {
        "own": (409, 409, 409, 409, 409, 409, 409, 401, 401, 401),
        "other": (409, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/report"): {
        "own": (200, 200, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("GET", "/api/rooms/{room_id}/stream"): {
        "own": (200, 200, 200, 200, 200, 200, 200, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/classes"): {
        "own": (201, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (201, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "missing": (201, 403, 403, 403, 403, 403, 403, 401, 401, 401),
    },
    ("GET", "/api/classes"): {
        "own": (200, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (200, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "missing": (200, 403, 403, 403, 403, 403, 403, 401, 401, 401),
    },
    ("GET", "/api/classes/{class_id}/debrief"): {
        "own": (404, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (404, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "missing": (404, 403, 403, 403, 403, 403, 403, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/links"): {
        "own": (200, 200, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (200, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/mandate"): {
        "own": (403, 403, 403, 403, 403, 403, 409, 401, 401, 401),
        "other": (403, 404, 404, 404, 404, 404, 404, 401, 401, 401),
        "missing": (404, 404, 404, 404, 404, 404, 404, 401, 401, 401),
    },
    ("POST", "/api/rooms/{room_id}/fork"): {
        "own": (422, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "other": (422, 403, 403, 403, 403, 403, 403, 401, 401, 401),
        "missing": (404, 403, 403, 403, 403, 403, 403, 401, 401, 401),
    },
}

#: A valid request of each endpoint (the path's room is filled in).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/rooms"): {"scenario": "textbook-split"},
    ("POST", "/api/rooms/{room_id}/moves"): {"client_id": "m1", "action": "offer", "indices": [5]},
    ("POST", "/api/rooms/{room_id}/notes"): {"client_id": "n1", "text": "a note", "private": True},
    ("POST", "/api/rooms/{room_id}/close"): {"reason": "done"},
    ("POST", "/api/rooms/{room_id}/messages"): {"client_id": "c1", "channel": "table", "text": "hello"},
    ("POST", "/api/rooms/{room_id}/incidents"): {"client_id": "i1", "changes": {"front": 1.0}},
    ("POST", "/api/classes"): {"name": "Group A", "rooms": 2, "setup": {"scenario": "textbook-split"}},
    ("POST", "/api/rooms/{room_id}/links"): {"label": "delegation:Beta"},
    ("POST", "/api/rooms/{room_id}/mandate"): {"client_id": "a1", "authority_limit": 0.6},
    ("POST", "/api/rooms/{room_id}/fork"): {"round": 0},
}
QUERIES: dict[tuple[str, str], dict[str, Any]] = {("GET", "/api/rooms/{room_id}/stream"): {"max_events": 1}}
MISSING_ROOM = "0123456789abcdef"


def api_endpoints() -> set[tuple[str, str]]:
    """Every (method, path) the app serves under /api/."""
    app = create_app("sqlite://", KEY)  # an in-memory database: only the routes are read
    found = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path.startswith("/api/"):
            found |= {(method, route.path) for method in route.methods - {"HEAD", "OPTIONS"}}
    app.state.service.store.close()
    return found


def test_the_matrix_classifies_every_endpoint() -> None:
    """A new endpoint fails here until its row is added to MATRIX."""
    assert set(MATRIX) == api_endpoints()


def test_the_matrix_has_a_status_for_every_role_and_room() -> None:
    for endpoint, rows in MATRIX.items():
        assert tuple(rows) == ROOMS, endpoint
        assert all(len(statuses) == len(ROLES) for statuses in rows.values()), endpoint


def headers_of(role: str, room: dict[str, Any]) -> dict[str, str]:
    links = {
        "room facilitator": "facilitator",
        "delegation A": "delegation:Alpha",
        "delegation B": "delegation:Beta",
        "mediator": "mediator",
        "observer": "observer:1",
        "principal A": "principal:Alpha",
    }
    if role in links:
        return token_of(room, links[role])
    return {
        "server key": FACILITATOR,
        "no token": {},
        "malformed": {"Authorization": "Basic dXNlcjpwYXNz"},
        "unknown token": bearer("an-unknown-token-of-the-right-length-0123456789"),
    }[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
def test_access(client: TestClient, method: str, path: str, role: str) -> None:
    """Each role against one endpoint, in its own room, another room and no room (fresh rooms each)."""
    own = open_room(client, scenario="textbook-split")
    other = open_room(client, scenario="textbook-split")
    headers = headers_of(role, own)
    for room, room_id in zip(ROOMS, (own["id"], other["id"], MISSING_ROOM), strict=True):
        expected = MATRIX[(method, path)][room][ROLES.index(role)]
        url = path.replace("{room_id}", room_id)
        body = BODIES.get((method, path))
        response = client.request(method, url, headers=headers, json=body, params=QUERIES.get((method, path)))
        assert response.status_code == expected, f"{role} {method} {url} ({room}): {response.text[:300]}"
        if response.status_code >= 400:
            detail = response.json()["detail"]
            assert isinstance(detail, str) and detail, response.text


#: A ratifying body's link (North's parliament), in a process room of the ceasefire scenario (room X)
#: against every endpoint: (own room, another room, no room). It reads what an observer reads and writes
#: nothing; its votes (moves) are refused unless its seat is a person's and it is asked (403 here: an
#: agent's seat).
RATIFIER: dict[tuple[str, str], tuple[int, int, int]] = {
    ("GET", "/api/classes"): (403, 403, 403),
    ("GET", "/api/classes/{class_id}/debrief"): (403, 403, 403),
    ("GET", "/api/health"): (200, 200, 200),
    ("GET", "/api/rooms"): (200, 200, 200),
    ("GET", "/api/rooms/{room_id}"): (200, 404, 404),
    ("GET", "/api/rooms/{room_id}/agreement"): (409, 404, 404),
    ("GET", "/api/rooms/{room_id}/log"): (403, 404, 404),
    ("GET", "/api/rooms/{room_id}/messages"): (200, 404, 404),
    ("GET", "/api/rooms/{room_id}/record"): (200, 404, 404),
    ("GET", "/api/rooms/{room_id}/report"): (403, 404, 404),
    ("GET", "/api/rooms/{room_id}/stream"): (200, 404, 404),
    ("GET", "/api/rooms/{room_id}/verify"): (403, 404, 404),
    ("POST", "/api/classes"): (403, 403, 403),
    ("POST", "/api/rooms"): (403, 403, 403),
    ("POST", "/api/rooms/{room_id}/close"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/checkpoint"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/fork"): (403, 403, 403),
    ("POST", "/api/rooms/{room_id}/incidents"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/links"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/mandate"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/messages"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/moves"): (403, 404, 404),
    ("POST", "/api/rooms/{room_id}/notes"): (403, 404, 404),
}


def test_the_ratifier_column_classifies_every_endpoint() -> None:
    assert set(RATIFIER) == set(MATRIX)


@pytest.mark.parametrize(("method", "path"), sorted(RATIFIER))
def test_a_ratifiers_access(client: TestClient, method: str, path: str) -> None:
    own = open_room(client, scenario="ceasefire", process=True)
    other = open_room(client, scenario="ceasefire", process=True)
    headers = token_of(own, "ratifier:North's parliament")
    for expected, room_id in zip(
        RATIFIER[(method, path)], (own["id"], other["id"], MISSING_ROOM), strict=True
    ):
        url = path.replace("{room_id}", room_id)
        body, query = BODIES.get((method, path)), QUERIES.get((method, path))
        response = client.request(method, url, headers=headers, json=body, params=query)
        assert response.status_code == expected, f"ratifier {method} {url}: {response.text[:300]}"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "Basic " + KEY,
        KEY,
        "Token " + KEY,
        "Bearer " + KEY + "x",
        "Bearer " + KEY[:-1],
    ],
)
def test_malformed_or_wrong_keys_get_401(client: TestClient, authorization: str) -> None:
    response = client.get("/api/rooms", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_the_scheme_is_case_insensitive(client: TestClient) -> None:
    assert client.get("/api/rooms", headers={"Authorization": f"bearer {KEY}"}).status_code == 200


def test_a_room_token_lists_only_its_own_room(client: TestClient) -> None:
    rooms = [open_room(client, scenario="textbook-split") for _ in range(3)]
    everything = client.get("/api/rooms", headers=FACILITATOR).json()
    assert [r["id"] for r in everything] == [r["id"] for r in rooms]
    for room in rooms:
        for label in room["links"]:
            listed = client.get("/api/rooms", headers=token_of(room, label)).json()
            assert [r["id"] for r in listed] == [room["id"]], label


def test_tokens_are_stored_only_as_digests(client: TestClient) -> None:
    room = open_room(client)
    store = client.app.state.service.store  # type: ignore[attr-defined]
    dumped = json.dumps([entry.to_json() for entry in store.entries(room["id"])])
    with store.engine.connect() as connection:
        dumped += str([tuple(row) for row in connection.execute(sa.select(TOKENS))])
    for link in room["links"].values():
        assert link["token"] not in dumped
    assert KEY not in dumped


def test_every_link_is_a_distinct_unguessable_token(client: TestClient) -> None:
    rooms = [open_room(client, observers=3) for _ in range(2)]
    tokens = [link["token"] for room in rooms for link in room["links"].values()]
    # facilitator, mediator, 3 observers, 2 delegations, 2 principals, 3 ratifying bodies (North's
    # parliament; South's parliament and South's patron, whose veto is a ratifier's)
    assert len(set(tokens)) == len(tokens) == 2 * 12
    assert all(len(token) >= 40 for token in tokens)
    assert all(
        link["url"].endswith(f"/room/{room['id']}#token={link['token']}")
        for room in rooms
        for link in room["links"].values()
    )


# --- what each role sees ------------------------------------------------------------------------------------
P = [1, 0, 5, 0, 2, 1]  # packages of the ceasefire scenario, as option indices
Q = [2, 1, 5, 3, 1, 2]
NOTES = {  # (who, private?) -> a text that must only reach those allowed to read it
    ("delegation:North", True): "north-private-aaa",
    ("delegation:North", False): "north-public-bbb",
    ("delegation:South", True): "south-private-ccc",
    ("delegation:South", False): "south-public-ddd",
    ("mediator", True): "mediator-private-eee",
    ("mediator", False): "mediator-public-fff",
    ("facilitator", True): "facilitator-private-ggg",
}


def walk(value: Any) -> Iterator[Any]:
    """Every value inside a JSON document (dicts, lists and scalars), depth first."""
    yield value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for child in children:
        yield from walk(child)


def dicts_with(document: Any, key: str) -> list[dict[str, Any]]:
    return [v for v in walk(document) if isinstance(v, dict) and key in v]


def floats(document: Any) -> set[float]:
    return {v for v in walk(document) if isinstance(v, float)}


def move(client: TestClient, room: dict[str, Any], party: str, client_id: str, **body: Any) -> None:
    url = f"/api/rooms/{room['id']}/moves"
    response = client.post(
        url, json={"client_id": client_id, **body}, headers=token_of(room, f"delegation:{party}")
    )
    assert response.status_code == 200, response.text


def add_notes(client: TestClient, room: dict[str, Any]) -> None:
    for i, ((label, private), text) in enumerate(NOTES.items()):
        headers = FACILITATOR if label == "facilitator" else token_of(room, label)
        body = {"client_id": f"note-{i}", "text": text, "private": private}
        response = client.post(f"/api/rooms/{room['id']}/notes", json=body, headers=headers)
        assert response.status_code == 200, response.text


@pytest.fixture
def talks(client: TestClient) -> dict[str, Any]:
    """A ceasefire room with two persons: North offered P, South countered with Q, and notes of all kinds."""
    room = open_room(client)
    move(client, room, "North", "m1", action="offer", indices=P)
    move(client, room, "South", "m2", action="reject", indices=Q)
    add_notes(client, room)
    return room


def everything_seen(client: TestClient, room: dict[str, Any], label: str) -> dict[str, Any]:
    """What ``label``'s link can read: its view, the record export, the room list and its live stream."""
    headers = token_of(room, label)
    base = f"/api/rooms/{room['id']}"
    seen = {
        "view": client.get(base, headers=headers).json(),
        "record": client.get(f"{base}/record", headers=headers).json(),
        "list": client.get("/api/rooms", headers=headers).json(),
    }
    stream = client.get(f"{base}/stream", params={"max_events": 1}, headers=headers)
    assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
    data = [json.loads(line[5:]) for line in stream.text.splitlines() if line.startswith("data:")]
    assert data and all(set(d) == {"room", "seq"} for d in data)  # the stream carries no content at all
    seen["stream"] = data
    return seen


def secrets_of(client: TestClient, room: dict[str, Any], party: str) -> dict[str, Any]:
    """The party's mandate as the facilitator sees it."""
    mandate: dict[str, Any] = client.get(f"/api/rooms/{room['id']}", headers=FACILITATOR).json()["mandates"][
        party
    ]
    return mandate


@pytest.mark.parametrize(("own", "other"), [("North", "South"), ("South", "North")])
def test_a_delegation_sees_nothing_private_of_the_other_side(
    client: TestClient, talks: dict[str, Any], own: str, other: str
) -> None:
    seen = everything_seen(client, talks, f"delegation:{own}")
    text = json.dumps(seen)
    theirs = secrets_of(client, talks, other)
    mine = secrets_of(client, talks, own)
    # their mandate: no summary, no reservation value, no authority limit; ours is there
    assert seen["view"]["mandate"] == mine
    assert "mandates" not in seen["view"] and "reservation_values" not in seen["view"]
    assert theirs["summary"] not in text and f"Mandate of {other}" not in text
    for found in dicts_with(seen, "reservation_value") + dicts_with(seen, "authority_limit"):
        assert found.get("party") == own, found
    assert theirs["reservation_value"] not in floats(seen)
    # utilities: ours only
    for utility in [d["utility"] for d in dicts_with(seen, "utility")]:
        assert set(utility) == {own}, utility
    assert any(dicts_with(seen["view"]["record"], "utility")) and any(dicts_with(seen["record"], "utility"))
    # notes: public ones and our own private ones; never theirs, the mediator's or the facilitator's private
    for (label, private), note in NOTES.items():
        visible = not private or label == f"delegation:{own}"
        assert (note in text) is visible, (label, private)
    assert "notes" not in seen["record"]
    assert "log" not in seen["view"] and "pending" in seen["view"]


def test_a_delegation_sees_only_its_own_utility_of_the_agreement(client: TestClient) -> None:
    room = open_room(client)
    move(client, room, "North", "m1", action="offer", indices=P)
    move(client, room, "South", "m2", action="accept")
    for own in ("North", "South"):
        view = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, f"delegation:{own}")).json()
        assert view["room"]["status"] == "ended" and view["room"]["agreement"] is not None
        assert set(view["agreement_utility"]) == {own}
        for utility in [d["utility"] for d in dicts_with(view, "utility")]:
            assert set(utility) == {own}


#: The keys that carry a side's private figures: its utilities, its mandate and its powers.
PRIVATE_KEYS = ("utility", "mandate", "mandates", "reservation_value", "authority_limit", "agreement_utility")


def assert_nothing_of_any_side(seen: dict[str, Any]) -> None:
    """``seen`` holds no side's utilities, mandate, reservation value or authority limit anywhere."""
    for key in PRIVATE_KEYS:
        assert not dicts_with(seen, key), key


def test_an_observer_sees_no_utilities_mandates_or_private_notes(
    client: TestClient, talks: dict[str, Any]
) -> None:
    seen = everything_seen(client, talks, "observer:1")
    text = json.dumps(seen)
    assert_nothing_of_any_side(seen)
    assert "pending" not in seen["view"] and "turn" not in seen["view"]
    for party in ("North", "South"):
        assert secrets_of(client, talks, party)["summary"] not in text
    for (label, private), note in NOTES.items():
        assert (note in text) is (not private), label
    assert [e["kind"] for e in seen["view"]["record"]] == ["offer", "reject", "offer"]


def test_the_facilitator_sees_everything(client: TestClient, talks: dict[str, Any]) -> None:
    for headers in (FACILITATOR, token_of(talks, "facilitator")):
        view = client.get(f"/api/rooms/{talks['id']}", headers=headers).json()
        text = json.dumps(view)
        assert set(view["mandates"]) == {"North", "South"}
        assert all(set(d["utility"]) == {"North", "South"} for d in dicts_with(view["record"], "utility"))
        assert all(note in text for note in NOTES.values())
        export = client.get(f"/api/rooms/{talks['id']}/record", headers=headers).json()
        assert all(note in json.dumps(export) for note in NOTES.values())


def test_a_simultaneous_offer_stays_sealed_until_everyone_has_offered(client: TestClient) -> None:
    room = open_room(client, protocol="simultaneous")
    move(client, room, "North", "m1", action="offer", indices=P)
    for label in ("delegation:South", "mediator", "observer:1"):
        seen = everything_seen(client, room, label)
        assert seen["view"]["record"] == [] and seen["record"]["record"] == [], label
        assert "pending" not in seen["view"] or seen["view"]["pending"] == [], label
        assert P not in [d.get("outcome") for d in walk(seen) if isinstance(d, dict)], label
    facilitator = client.get(f"/api/rooms/{room['id']}", headers=FACILITATOR).json()
    assert facilitator["pending"]["North"] == [{"action": "offer", "package": P}]
    move(client, room, "South", "m2", action="offer", indices=Q)
    south = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, "delegation:South")).json()
    assert [e["outcome"] for e in south["record"]] == []  # not yet committed: North is to answer first
    north = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, "delegation:North")).json()
    assert [e["outcome"] for e in north["record"]] == [P, Q]  # both offers are on the table now


# --- the mediator sees exactly its grants -------------------------------------------------------------------
GRANT_SETS = [
    [],
    ["mandates"],
    ["reservation_values"],
    ["utilities"],
    ["notes"],
    ["mandates", "notes"],
    ["reservation_values", "utilities"],
    ["mandates", "reservation_values", "utilities", "notes"],
]


def scenario_with_grants(grants: list[str]) -> str:
    text = example_path_text("ceasefire")
    section = "mediator:\n  sees: [mandates, notes]\n"
    assert section in text
    return text.replace(section, f"mediator:\n  sees: [{', '.join(grants)}]\n" if grants else "")


@pytest.mark.parametrize("grants", GRANT_SETS, ids=lambda g: "+".join(g) or "nothing")
def test_the_mediator_sees_exactly_its_grants(client: TestClient, grants: list[str]) -> None:
    room = open_room(client, scenario=None, scenario_yaml=scenario_with_grants(grants))
    move(client, room, "North", "m1", action="offer", indices=P)
    move(client, room, "South", "m2", action="reject", indices=Q)
    add_notes(client, room)
    seen = everything_seen(client, room, "mediator")
    view = seen["view"]
    text = json.dumps(seen)
    assert view["grants"] == grants
    mandates = {p: secrets_of(client, room, p) for p in ("North", "South")}
    # mandates: all of them, or none at all
    assert ("mandates" in view) is ("mandates" in grants)
    if "mandates" in grants:
        assert view["mandates"] == mandates
    else:
        assert not any(m["summary"] in text for m in mandates.values())
        assert not dicts_with(seen, "authority_limit")
    # reservation values: with the mandates, or on their own
    if "reservation_values" in grants and "mandates" not in grants:
        assert view["reservation_values"] == {p: m["reservation_value"] for p, m in mandates.items()}
    if not {"mandates", "reservation_values"} & set(grants):
        assert "reservation_values" not in view and not dicts_with(seen, "reservation_value")
    # utilities: every party's in the record, or none
    utilities = [d["utility"] for d in dicts_with(view["record"], "utility")]
    if "utilities" in grants:
        assert len(utilities) == 3 and all(set(u) == {"North", "South"} for u in utilities)
    else:
        assert not dicts_with(seen, "utility")
    # notes: the delegations' private notes, or only the public ones; its own; never the facilitator's private
    for (label, private), note in NOTES.items():
        visible = not private or label == "mediator" or ("notes" in grants and label.startswith("delegation"))
        assert (note in json.dumps(view)) is visible, (label, private)
    # the export never shows the mediator more than the view
    assert not dicts_with(seen["record"], "utility") or "utilities" in grants
    assert "notes" not in seen["record"] or "notes" in grants
    assert "turn" not in view and "pending" not in view


def test_the_mediators_record_export_follows_its_grants(client: TestClient) -> None:
    room = open_room(client, scenario=None, scenario_yaml=scenario_with_grants(["utilities", "notes"]))
    move(client, room, "North", "m1", action="offer", indices=P)
    add_notes(client, room)
    export = client.get(f"/api/rooms/{room['id']}/record", headers=token_of(room, "mediator")).json()
    assert [set(d["utility"]) for d in dicts_with(export["record"], "utility")] == [{"North", "South"}]
    assert NOTES[("delegation:North", True)] in json.dumps(export)
