"""Classes of rooms (a trainer's groups, opened together, listed, debriefed side by side) and re-issued
links (the old link stops working at once, across a restart)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from parley.room import create_app
from tests.room.conftest import FACILITATOR, KEY, bearer, settled

AGENTS = {"North": {"kind": "agent"}, "South": {"kind": "agent"}}


def _open_class(client: TestClient, rooms: int = 3, **setup: Any) -> dict[str, Any]:
    body = {
        "name": "Tuesday group",
        "rooms": rooms,
        "setup": {"scenario": "ceasefire", "process": False, **setup},
    }
    response = client.post("/api/classes", json=body, headers=FACILITATOR)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    for room in created["rooms"]:
        settled(client, room["id"])  # agents play on in the background
    return created


def test_a_class_opens_its_rooms_with_numbered_titles_and_a_links_csv(client: TestClient) -> None:
    created = _open_class(client)
    assert [room["title"] for room in created["rooms"]] == [f"Tuesday group — room {i}" for i in (1, 2, 3)]
    rows = list(csv.DictReader(io.StringIO(created["links_csv"])))
    labels = set(created["rooms"][0]["links"])
    assert {"delegation:North", "delegation:South", "principal:North", "facilitator"} <= labels
    assert len(rows) == 3 * len(labels)
    first = created["rooms"][0]
    assert {(r["room"], r["role"], r["url"]) for r in rows if r["room"] == first["id"]} == {
        (first["id"], label, link["url"]) for label, link in first["links"].items()
    }
    listed = client.get("/api/rooms", headers=FACILITATOR).json()
    assert {room["class_id"] for room in listed} == {created["id"]}
    classes = client.get("/api/classes", headers=FACILITATOR).json()
    assert [(c["id"], c["name"], c["rooms"], c["open"]) for c in classes] == [
        (created["id"], "Tuesday group", 3, 3)
    ]


def test_classes_are_rebuilt_from_the_logs_newest_first(database_url: str) -> None:
    with TestClient(create_app(database_url, KEY)) as client:
        older = _open_class(client, rooms=1)
        newer = _open_class(client, rooms=2, seats=AGENTS)
    with TestClient(create_app(database_url, KEY)) as client:
        classes = client.get("/api/classes", headers=FACILITATOR).json()
        assert [(c["id"], c["rooms"]) for c in classes] == [(newer["id"], 2), (older["id"], 1)]
        assert classes[0]["ended"] == 2  # the agents played both rooms to their end


def test_a_wrong_set_up_opens_no_room(client: TestClient) -> None:
    body = {"name": "x", "rooms": 2, "setup": {"scenario": "ceasefire", "seats": {"East": {"kind": "agent"}}}}
    response = client.post("/api/classes", json=body, headers=FACILITATOR)
    assert response.status_code == 422 and "no party 'East'" in response.text
    assert client.get("/api/rooms", headers=FACILITATOR).json() == []


def test_a_class_debrief_as_json_csv_and_a_page(client: TestClient) -> None:
    created = _open_class(client, seats=AGENTS)
    url = f"/api/classes/{created['id']}/debrief"
    data = client.get(url, headers=FACILITATOR).json()
    assert [room["room"] for room in data["rooms"]] == [room["id"] for room in created["rooms"]]
    agreed = [room for room in data["rooms"] if room["agreed"]]
    assert agreed and all(room["distance_to_frontier"] >= 0 for room in agreed)
    assert data["summary"]["rooms"] == 3 and data["summary"]["agreements"] == len(agreed)
    table = client.get(url, params={"format": "csv"}, headers=FACILITATOR)
    assert table.headers["content-type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(table.text)))) == 4
    page = client.get(url, params={"format": "html"}, headers=FACILITATOR)
    assert page.headers["content-type"].startswith("text/html")
    assert all(room["id"] in page.text for room in created["rooms"])
    assert client.get("/api/classes/nosuchclass/debrief", headers=FACILITATOR).status_code == 404


def test_a_reissued_link_replaces_the_old_one_across_a_restart(database_url: str) -> None:
    with TestClient(create_app(database_url, KEY)) as client:
        room = _open_class(client, rooms=1)["rooms"][0]
        old = room["links"]["delegation:North"]["token"]
        south = room["links"]["delegation:South"]["token"]
        facilitator = bearer(room["links"]["facilitator"]["token"])
        url = f"/api/rooms/{room['id']}/links"
        answer = client.post(url, json={"label": "delegation:North"}, headers=facilitator)
        assert answer.status_code == 200, answer.text
        new = answer.json()["token"]
        assert answer.json()["url"].endswith(f"/room/{room['id']}#token={new}")
        assert client.get(f"/api/rooms/{room['id']}", headers=bearer(old)).status_code == 401
        assert client.get(f"/api/rooms/{room['id']}", headers=bearer(new)).json()["party"] == "North"
        assert client.get(f"/api/rooms/{room['id']}", headers=bearer(south)).status_code == 200
        unknown = client.post(url, json={"label": "delegation:East"}, headers=facilitator)
        assert unknown.status_code == 422
        observer = client.post(url, json={"label": "observer:1"}, headers=FACILITATOR)
        assert observer.status_code == 200
        old_observer = room["links"]["observer:1"]["token"]
        assert client.get(f"/api/rooms/{room['id']}", headers=bearer(old_observer)).status_code == 401
    with TestClient(create_app(database_url, KEY)) as client:
        assert client.get(f"/api/rooms/{room['id']}", headers=bearer(old)).status_code == 401
        assert client.get(f"/api/rooms/{room['id']}", headers=bearer(new)).status_code == 200
