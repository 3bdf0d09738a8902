"""The hash chain of a room's log: sealing links entries; every kind of tampering is found and located."""

from __future__ import annotations

import dataclasses
import json

import pytest

from parley.room.chain import GENESIS, ChainProblem, LogEntry, canonical_json, entry_hash, seal, verify_chain

ROOM = "r1"
ALTERED = "its content does not match its hash (altered)"
UNLINKED = "does not link to the entry before it"


def chain(length: int = 5, room: str = ROOM) -> list[LogEntry]:
    """A valid log of ``length`` entries: a room_created entry, then moves and engine events."""
    entries = [seal(room, 0, "room_created", "facilitator", None, None, {"setup": {}}, "t0", GENESIS)]
    for seq in range(1, length):
        kind, role, party, client = (
            ("action", "delegation", "A", f"c{seq}") if seq % 2 else ("engine", "engine", "A", None)
        )
        payload = {"n": seq, "nested": {"b": [1, 2.5, None], "a": "é"}}
        entries.append(seal(room, seq, kind, role, party, client, payload, f"t{seq}", entries[-1].hash))
    return entries


def problems(entries: list[LogEntry], room: str = ROOM) -> list[tuple[int, str]]:
    return [(p.seq, p.problem) for p in verify_chain(room, entries)]


def test_canonical_json_sorts_keys_and_has_no_spaces() -> None:
    assert canonical_json({"b": 1, "a": [1, {"d": None, "c": "é"}]}) == '{"a":[1,{"c":"é","d":null}],"b":1}'


def test_canonical_json_refuses_nan() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        canonical_json({"x": float("nan")})


def test_seal_links_to_the_previous_hash_and_hashes_every_field() -> None:
    entries = chain(3)
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert all(len(e.hash) == 64 and int(e.hash, 16) >= 0 for e in entries)
    first = entries[1]
    base = (first.room, first.seq, first.kind, first.role, first.party, first.client_id, first.payload)
    assert entry_hash(*base, first.at, first.prev_hash) == first.hash
    # every field takes part in the hash
    variants = [
        ("r2", *base[1:], first.at, first.prev_hash),
        (first.room, 9, *base[2:], first.at, first.prev_hash),
        (*base[:2], "note", *base[3:], first.at, first.prev_hash),
        (*base[:3], "observer", *base[4:], first.at, first.prev_hash),
        (*base[:4], "B", *base[5:], first.at, first.prev_hash),
        (*base[:5], "other-id", base[6], first.at, first.prev_hash),
        (*base[:6], {"n": 2}, first.at, first.prev_hash),
        (*base, "later", first.prev_hash),
        (*base, first.at, GENESIS),
    ]
    assert len({entry_hash(*v) for v in variants} | {first.hash}) == len(variants) + 1


def test_payload_key_order_does_not_change_the_hash() -> None:
    one = seal(ROOM, 0, "note", "mediator", None, "x", {"a": 1, "b": 2}, "t", GENESIS)
    two = seal(ROOM, 0, "note", "mediator", None, "x", {"b": 2, "a": 1}, "t", GENESIS)
    assert one.hash == two.hash


def test_to_json_round_trips_through_json() -> None:
    entry = chain(2)[1]
    data = json.loads(json.dumps(entry.to_json()))
    assert LogEntry(**data) == entry


def test_an_intact_chain_has_no_problems() -> None:
    assert verify_chain(ROOM, chain(6)) == []
    assert verify_chain(ROOM, []) == []


def test_a_changed_payload_is_located() -> None:
    entries = chain()
    entries[2] = dataclasses.replace(entries[2], payload={"n": 99})
    assert problems(entries) == [(2, ALTERED)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "note"),
        ("role", "facilitator"),
        ("party", "B"),
        ("client_id", "forged"),
        ("at", "1999-01-01"),
    ],
)
def test_every_changed_field_is_located(field: str, value: str) -> None:
    entries = chain()
    entries[3] = dataclasses.replace(entries[3], **{field: value})
    assert problems(entries) == [(3, ALTERED)]


def test_a_changed_hash_breaks_the_entry_and_the_next_link() -> None:
    entries = chain()
    entries[1] = dataclasses.replace(entries[1], hash="f" * 64)
    assert problems(entries) == [(1, ALTERED), (2, UNLINKED)]


def test_a_rewritten_entry_with_a_fresh_hash_breaks_the_next_link() -> None:
    """Resealing an altered entry does not help: its successor still names the old hash."""
    entries = chain()
    old = entries[2]
    entries[2] = seal(ROOM, 2, old.kind, old.role, old.party, old.client_id, {"n": -1}, old.at, old.prev_hash)
    assert problems(entries) == [(3, UNLINKED)]


def test_a_changed_previous_hash_is_located() -> None:
    entries = chain()
    entries[4] = dataclasses.replace(entries[4], prev_hash=GENESIS)
    assert problems(entries) == [(4, UNLINKED), (4, ALTERED)]


def test_a_deleted_entry_is_reported_as_missing() -> None:
    entries = chain()
    del entries[2]
    assert problems(entries) == [(3, "expected entry 2 (entries missing)"), (3, UNLINKED)]


def test_a_deleted_first_entry_is_reported() -> None:
    entries = chain()[1:]
    assert problems(entries) == [(1, "expected entry 0 (entries missing)"), (1, UNLINKED)]


def test_reordered_entries_are_located() -> None:
    entries = chain()
    entries[1], entries[2] = entries[2], entries[1]
    assert problems(entries) == [
        (2, "expected entry 1 (entries missing)"),
        (2, UNLINKED),
        (1, "expected entry 3 (entries missing)"),
        (1, UNLINKED),
        (3, "expected entry 2 (entries missing)"),
        (3, UNLINKED),
    ]


def test_an_entry_of_another_room_does_not_verify() -> None:
    """The room id is part of every hash: a log copied into another room is altered everywhere."""
    entries = chain(3)
    assert problems(entries, room="r2") == [(0, ALTERED), (1, ALTERED), (2, ALTERED)]


def test_problems_name_the_room_and_the_entry() -> None:
    problem = ChainProblem("abc", 7, ALTERED)
    assert str(problem) == f"room abc, entry 7: {ALTERED}"
