"""A process room of a scenario whose no deal is its own state shows each offer's utility as the engine
valued it: the issues nothing is agreed on at each side's no-deal share, never a red line crossed by an
issue nobody negotiated yet."""

from __future__ import annotations

import numpy as np
import pytest

from parley.examples import load_example
from parley.record import EventKind
from parley.room.process_table import ProcessTable
from parley.room.setup import RoomSetup, build_setting
from parley.room.views import public_record
from parley.talks import open_view


def test_offers_in_the_room_record_are_valued_with_the_open_issues_at_their_no_deal_share() -> None:
    scenario = load_example("istanbul-2025")
    seats = {party.name: {"kind": "agent"} for party in scenario.parties}
    setup = RoomSetup.model_validate(
        {"scenario": "istanbul-2025", "seed": 1, "process": True, "seats": seats}
    )
    setting = build_setting(setup, setup.scenario_text())
    table = setting.table
    assert isinstance(table, ProcessTable)
    ukraine = setting.delegation("Ukraine").preferences
    events = public_record(setting, table.record, {"Ukraine": ukraine})
    humanitarian = ("prisoner_exchange", "children", "next_step")
    offers = [e for e in events if e.kind is EventKind.OFFER and e.round < 12]
    assert offers
    for event in offers:
        assert event.outcome is not None
        utility = event.utility["Ukraine"] if event.utility else None
        # the territory issue is open in the humanitarian stage: its red line does not bind there
        assert utility is not None
        opened = [n for n in scenario.space.issue_names if n not in humanitarian]
        row = np.array([event.outcome], dtype=scenario.space.dtype)
        assert utility == pytest.approx(float(open_view(ukraine, opened).evaluate(row)[0]))
