"""The record of a run as a narrative timeline a person can read, one line per event."""

from __future__ import annotations

from collections.abc import Callable

from parley.domain import OutcomeSpace
from parley.record import Event, EventData, EventKind, Record


def _package(space: OutcomeSpace, issues: tuple[str, ...] | None, outcome: tuple[int, ...] | None) -> str:
    """``issue=value`` for a package over ``issues`` (every issue of the space when None)."""
    if outcome is None:
        return ""
    names = issues if issues is not None and len(issues) == len(outcome) else space.issue_names
    parts = []
    for name, index in zip(names, outcome, strict=False):
        value = space.issues[space.issue_position(name)].value(int(index))
        parts.append(f"{name}={value:g}" if isinstance(value, float) else f"{name}={value}")
    return ", ".join(parts)


_VERBS: dict[EventKind, Callable[[Event, str], str]] = {
    EventKind.OFFER: lambda e, p: f"{e.party} offers {p}",
    EventKind.ACCEPT: lambda e, p: f"{e.party} accepts",
    EventKind.REJECT: lambda e, p: f"{e.party} rejects",
    EventKind.WALK_AWAY: lambda e, p: f"{e.party} walks away: the talks break down",
    EventKind.TEXT: lambda e, p: f"{e.party} proposes the text {p}",
    EventKind.AGREEMENT: lambda e, p: f"agreement on {p}",
    EventKind.DEADLINE: lambda e, p: "the deadline passes without agreement",
    EventKind.REFER_BACK: lambda e, p: f"{e.party}'s delegation refers {p} back to its principal",
    EventKind.REFERRAL_DECISION: lambda e, p: (
        f"{e.party}'s principal {'approves' if e.data.get('approved') else 'refuses'}"
        f" ({e.data.get('rounds_lost', 0)} round(s) lost)"
    ),
    EventKind.STAGE_OPENED: lambda e, p: f"stage '{e.data.get('stage')}' {_opens(e.data)}",
    EventKind.STAGE_CLOSED: lambda e, p: f"stage '{e.data.get('stage')}' closes: {e.data.get('status')}",
    EventKind.INITIALLED: lambda e, p: f"{e.party} initials {_agreement(e.data)}",
    EventKind.SIGNED: lambda e, p: f"{e.party} signs",
    EventKind.RATIFIED: lambda e, p: f"{e.party} ratifies ({_votes(e.data)})",
    EventKind.ABANDONED: lambda e, p: (
        f"{e.party} abandons the agreement: {e.data.get('reason', '')} ({_votes(e.data)})"
    ),
    EventKind.FRONT_MOVED: lambda e, p: (
        f"the front moves: {e.data.get('variable')} {float(e.data.get('change', 0)):+.2f}"
        f" → {float(e.data.get('value', 0)):.2f}"
    ),
    EventKind.IN_FORCE: lambda e, p: f"the agreement of stage '{e.data.get('stage')}' enters into force",
    EventKind.BROKEN_DOWN: lambda e, p: (
        f"the agreement of stage '{e.data.get('stage')}' breaks down: {e.data.get('reason', '')}"
    ),
    EventKind.PRESSURE: lambda e, p: (
        f"{e.data.get('patron')} presses {e.party}'s delegation while its conditions are unmet"
        f" (reservation {float(e.data.get('reservation_shift', 0)):+.3f},"
        f" authority {float(e.data.get('authority_shift', 0)):+.3f})"
    ),
    EventKind.NOTE: lambda e, p: str(e.data.get("note", "")),
}


def _opens(data: EventData) -> str:
    """How a stage opens: afresh, from a named text, or resuming after a breakdown."""
    resumed = data.get("resumed")
    verb = f"resumes (time {resumed})" if resumed else "opens"
    opening = data.get("opening")
    return f"{verb} from {opening}" if opening else verb


def _agreement(data: EventData) -> str:
    """Which agreement a step concerns: a stage's, or the draft."""
    stage = data.get("stage")
    return f"the agreement of stage '{stage}'" if stage else "the draft"


def _votes(data: EventData) -> str:
    votes = data.get("votes") or {}
    return ", ".join(f"{name}: {'yes' if vote else 'no'}" for name, vote in votes.items()) or "no ratifiers"


_LIFECYCLE = (
    EventKind.INITIALLED,
    EventKind.SIGNED,
    EventKind.RATIFIED,
    EventKind.ABANDONED,
    EventKind.IN_FORCE,
)


def timeline(space: OutcomeSpace, record: Record, show_front: bool = True) -> list[str]:
    """One readable line per event ("round 3 — North offers …"); stage packages name their issues."""
    lines, issues = [], None
    stage_issues: dict[str, tuple[str, ...]] = {}
    for event in record:
        if event.kind is EventKind.STAGE_OPENED:
            issues = tuple(event.data.get("issues", ())) or None
            stage_issues[str(event.data.get("stage"))] = issues or ()
        if event.kind is EventKind.FRONT_MOVED and not show_front:
            continue
        if event.kind in _LIFECYCLE:
            issues = stage_issues.get(str(event.data.get("stage"))) or None
        text = _VERBS[event.kind](event, _package(space, issues, event.outcome))
        lines.append(f"round {event.round:>3} — {text}")
    return lines
