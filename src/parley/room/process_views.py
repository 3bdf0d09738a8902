"""What a process room shows each role: the stages, agreements and front (public), a principal's
pending referral, a ratifying body's pending vote — each read from the committed shared record and
the ask the table waits on, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from parley.protocols import AskKind
from parley.record import Event, EventKind, Record
from parley.room.chain import LogEntry
from parley.room.packages import NamedPackage
from parley.room.process_api import AgreementView, Ballot, FrontPoint, ProcessView, Referral, StageView
from parley.room.process_table import ProcessTable
from parley.room.setup import Setting
from parley.talks import fixed_row, open_view

#: The agreement status each lifecycle event leaves a stage's agreement in.
STATUS_OF = {
    EventKind.INITIALLED: "initialled",
    EventKind.SIGNED: "signed",
    EventKind.RATIFIED: "ratified",
    EventKind.IN_FORCE: "in_force",
    EventKind.ABANDONED: "abandoned",
    EventKind.BROKEN_DOWN: "broken_down",
}


def stage_opened_at(log: Sequence[LogEntry], stage: str) -> str | None:
    """When ``stage`` last opened, by the log's time of its ``stage_opened`` event (None: not yet)."""
    for entry in reversed(log):
        if entry.kind != "engine":
            continue
        event = entry.payload.get("event")
        if not isinstance(event, dict) or event.get("kind") != "stage_opened":
            continue
        data = event.get("data")
        if isinstance(data, dict) and data.get("stage") == stage:
            return entry.at
    return None


def process_view(setting: Setting, log: Sequence[LogEntry] = ()) -> ProcessView | None:
    """The process's progress (None: the room runs one negotiation); ``log`` dates the stage being
    played, for its clock."""
    table = setting.table
    if not isinstance(table, ProcessTable):
        return None
    record = table.record
    context = table.context
    outcome = table.outcome()
    limits = setting.stage_time_limits
    stages = [
        StageView(
            name=stage.name,
            issues=list(stage.issues),
            protocol=stage.protocol,
            rounds=stage.rounds,
            status=status,
            round=(table.round - context.offset) if context is not None and context.stage == name else None,
            time_limit_s=limits.get(name),
            opened_at=stage_opened_at(log, name) if status == "open" and name in limits else None,
        )
        for stage, (name, status) in zip(table.plan.stages, table.stage_statuses(), strict=True)
    ]
    return ProcessView(
        stages=stages,
        current=None if context is None else context.stage,
        agreements=agreements(setting, record),
        ratification=dict(outcome.ratification),
        status=outcome.status,
        front=front_path(setting, record),
        assumptions=table.plan.assumptions(),
        fixed=_fixed(setting, table),
    )


def _fixed(setting: Setting, table: ProcessTable) -> NamedPackage:
    """The options of the issues the stage being played does not negotiate (empty between stages)."""
    context = table.context
    if context is None:
        return {}
    named = _named(setting, context.standing)
    return {issue: value for issue, value in named.items() if issue not in context.issues}


def agreements(setting: Setting, record: Record) -> list[AgreementView]:
    """Each agreed stage's agreement as it stands in ``record``."""
    table = setting.process
    stages = setting.built.plan.stages if table is None else table.plan.stages
    issues_of = {stage.name: stage.issues for stage in stages}
    packages: dict[str, tuple[int, ...]] = {}
    status: dict[str, str] = {}
    for event in record:
        stage = str(event.data.get("stage", ""))
        if event.kind is EventKind.STAGE_CLOSED and event.outcome is not None:
            packages[stage] = event.outcome
        elif event.kind in STATUS_OF and stage in packages:
            status[stage] = STATUS_OF[event.kind]  # the events come in the lifecycle's order
    return [
        AgreementView(
            stage=stage, status=state, package=stage_package(setting, issues_of[stage], packages[stage])
        )
        for stage, state in status.items()
    ]


def stage_package(setting: Setting, issues: tuple[str, ...], package: tuple[int, ...]) -> NamedPackage:
    """A stage's package as ``{issue: value}`` over the stage's issues."""
    space = setting.scenario.space
    named: NamedPackage = {}
    for issue, option in zip(issues, package, strict=True):
        value = space.issues[space.issue_names.index(issue)].value(int(option))
        named[issue] = value.item() if isinstance(value, np.generic) else value
    return named


def whole_space_record(setting: Setting, record: Record) -> Record:
    """``record`` with every stage package written over the whole space: a stage's events name only the
    stage's issues; the others stood, when the stage opened, at the agreements then in force and the
    status quo (as :class:`parley.talks.sequence.StagedTalks` set them)."""
    return Record(tuple(event for event, _ in lifted_events(setting, record)))


def lifted_events(setting: Setting, record: Record) -> list[tuple[Event, tuple[str, ...]]]:
    """Each event of ``record`` over the whole space (see :func:`whole_space_record`) with the issues
    open when it happened: those neither its stage nor an agreement in force settled (none unless the
    scenario's no deal is its own state, whose open issues count at each party's no-deal share)."""
    space = setting.scenario.space
    plan = setting.built.plan
    names = space.issue_names
    in_force: dict[str, dict[str, int]] = {}
    issues: tuple[str, ...] = ()
    open_issues: tuple[str, ...] = ()
    base = fixed_row(space, {}, plan.status_quo)
    lifted = []
    for event in record:
        stage = str(event.data.get("stage", ""))
        if event.kind is EventKind.STAGE_OPENED:
            issues = tuple(str(issue) for issue in event.data.get("issues", ()))
            standing = {issue: option for options in in_force.values() for issue, option in options.items()}
            base = fixed_row(space, standing, plan.status_quo)
            if plan.no_deal is not None:
                open_issues = tuple(n for n in names if n not in standing and n not in issues)
        outcome = event.outcome
        if outcome is not None and issues and len(outcome) == len(issues):
            row = base.copy()
            for issue, option in zip(issues, outcome, strict=True):
                row[names.index(issue)] = option
            event = replace(event, outcome=tuple(int(i) for i in row))
        if event.kind is EventKind.IN_FORCE and event.outcome is not None:
            in_force[stage] = {issue: event.outcome[names.index(issue)] for issue in issues}
        elif event.kind is EventKind.BROKEN_DOWN:
            in_force.pop(stage, None)
        lifted.append((event, open_issues))
    return lifted


def front_path(setting: Setting, record: Record) -> list[FrontPoint]:
    """The front: every variable's initial value at round 0, then each move."""
    front = setting.built.plan.front
    if front is None:
        return []
    points = [
        FrontPoint(round=0, variable=variable.name, value=float(variable.initial), reason="initial")
        for variable in front.variables
    ]
    for event in record:
        if event.kind is EventKind.FRONT_MOVED:
            data = event.data
            points.append(
                FrontPoint(
                    round=event.round,
                    variable=str(data.get("variable", "")),
                    value=float(data.get("value", 0.0)),
                    reason=str(data.get("reason", "")),
                )
            )
    return points


def referral(setting: Setting, party: str) -> Referral | None:
    """The package ``party``'s principal is asked about now (None: none)."""
    table = setting.table
    if not isinstance(table, ProcessTable) or table.awaited_kind is not AskKind.REFER:
        return None
    awaited = table.awaited
    if awaited is None or awaited.party != party or awaited.offer is None:
        return None
    delegation = setting.delegation(party)
    row = np.array([awaited.offer], dtype=setting.scenario.space.dtype)
    context = table.context
    open_issues = () if context is None else context.open_issues  # valued at the no-deal share
    principal, own = (open_view(p, open_issues) for p in (delegation.principal, delegation.preferences))
    return Referral(
        stage=None if context is None else context.stage,
        package=_named(setting, awaited.offer),
        principal_utility=_finite(float(principal.evaluate(row)[0])),
        delegation_utility=_finite(float(own.evaluate(row)[0])),
        authority_limit=table.authority.get(party, delegation.authority),
    )


def ballot(setting: Setting, name: str) -> Ballot | None:
    """The agreement ratifying body ``name`` is asked to vote on now (None: none)."""
    table = setting.table
    if not isinstance(table, ProcessTable) or table.awaited_kind is not AskKind.RATIFY:
        return None
    awaited = table.awaited
    if awaited is None or awaited.party != name or awaited.offer is None:
        return None
    closed = [e for e in table.record if e.kind is EventKind.STAGE_CLOSED and e.outcome is not None]
    stage = str(closed[-1].data.get("stage", "")) if closed else None
    return Ballot(stage=stage, package=_named(setting, awaited.offer))


def _named(setting: Setting, package: tuple[int, ...]) -> NamedPackage:
    space = setting.scenario.space
    return {
        name: value.item() if isinstance(value, np.generic) else value
        for name, value in space.values_of(package).items()
    }


def _finite(value: float) -> float | None:
    return value if np.isfinite(value) else None
