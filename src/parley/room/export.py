"""What a room leaves behind: its record as JSON, the draft agreement (Markdown) and an HTML report."""

from __future__ import annotations

from html import escape

import numpy as np

from parley.preferences import Preferences
from parley.protocols import Ending, Result
from parley.report import (
    html_page,
    mandates_section,
    negotiation_figure,
    scenario_section,
    section,
    statements_section,
    timeline,
)
from parley.room.access import Caller, RoomRole
from parley.room.api import ExportedScenario, RecordExport
from parley.room.process_api import StageStatusExport
from parley.room.process_views import agreements
from parley.room.room_state import Room
from parley.room.views import log_head, mediator_grants, mediator_reads, notes, public_record, public_room
from parley.scenario import draft_agreement

FORMAT = "parley-room-record/1"


def record_export(room: Room, caller: Caller) -> RecordExport:
    """The room's record as ``caller`` may see it: public events with packages written out, plus the
    caller's own utilities (a delegation) or everyone's (the facilitator; the mediator if granted), and
    the notes the facilitator (or a mediator granted ``notes``) may read."""
    setting = room.setting
    grants = mediator_grants(setting) if caller.role is RoomRole.MEDIATOR else ()
    preferences: dict[str, Preferences] = {}
    if caller.role is RoomRole.FACILITATOR or "utilities" in grants:
        preferences = {p: setting.delegation(p).preferences for p in setting.parties}
    elif caller.role is RoomRole.DELEGATION and caller.party is not None:
        preferences = {caller.party: setting.delegation(caller.party).preferences}
    export = RecordExport(
        format=FORMAT,
        room=public_room(room),
        scenario=ExportedScenario(title=setting.scenario.metadata.title, protocol=setting.setup.protocol),
        record=public_record(setting, setting.table.record, preferences),
        log=log_head(room),
    )
    process = setting.process
    if process is not None:
        outcome = process.outcome()
        export.stages = [StageStatusExport(name=stage.name, status=stage.status) for stage in outcome.stages]
        export.ratification = dict(outcome.ratification)
        export.agreements = agreements(setting, process.record)
    if caller.role is RoomRole.FACILITATOR:
        export.notes = notes(room, lambda note: True)
    elif "notes" in grants:
        export.notes = notes(room, lambda note: mediator_reads(note, grants))
    return export


def agreement_markdown(room: Room) -> str | None:
    """The agreement of the agreed package, from the scenario's article templates (None before): a draft
    in a single negotiation; in a process room, the package in force, ratified or in force in part."""
    agreement = room.setting.table.agreement
    if agreement is None:
        return None
    status = "draft"
    if room.setting.process is not None:  # the package in force at the end of the process
        outcome = room.setting.table.outcome()
        stages = ", ".join(f"{stage.name}: {stage.status}" for stage in outcome.stages)
        status = "ratified" if outcome.status == "ratified" else f"In force in part ({stages})"
    return draft_agreement(room.setting.scenario, agreement, status=status)


def room_result(room: Room) -> Result:
    """The room's negotiation so far, as an engine result (for the charts)."""
    setting = room.setting
    table = setting.table
    agreement = table.agreement
    utilities = None
    if agreement is not None:
        row = np.array([agreement], dtype=setting.scenario.space.dtype)
        utilities = tuple(float(setting.delegation(p).preferences.evaluate(row)[0]) for p in setting.parties)
    ending = table.ending or Ending.DEADLINE
    return Result(ending, agreement, utilities, table.round, table.record, 0.0)


def room_report(room: Room) -> str:
    """One self-contained HTML page: the scenario, the mandates, the offers in the utility space, the
    timeline, the draft agreement and the statements."""
    setting = room.setting
    scenario = setting.scenario
    status = public_room(room).status
    header = (
        f"<p>Room <code>{escape(room.id)}</code>, {escape(setting.setup.protocol)} protocol, "
        f"status <strong>{escape(status)}</strong>, {len(room.log)} log entries, "
        f"chain head <code>{escape(room.head.hash[:16])}…</code>.</p>"
    )
    body = [header]
    if len(scenario.parties) >= 2:
        figure = negotiation_figure(scenario, room_result(room))
        body.append(figure.to_html(full_html=False, include_plotlyjs=True, config={"responsive": True}))
    lines = timeline(scenario.space, setting.table.record, show_front=False)
    body.append('<ul class="timeline">' + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
    draft = agreement_markdown(room)
    agreement = f"<pre>{escape(draft)}</pre>" if draft else '<p class="note">No agreement yet.</p>'
    sections = [
        section("room", "The room", "\n".join(body)),
        section("agreement", "Draft agreement", agreement),
        scenario_section(scenario),
        mandates_section(scenario, setting.built.mandates),
        statements_section(scenario),
    ]
    links = [
        ("room", "Room"),
        ("agreement", "Agreement"),
        ("scenario", "Scenario"),
        ("mandates", "Mandates"),
        ("statements", "Statements"),
    ]
    return html_page(escape(setting.setup.title or scenario.metadata.title or "Room"), links, sections)
