"""The loop of staged talks: stages opened in turn, each played (and resumed after a breakdown), its
agreement concluded, the front fighting on in between, all on one shared record.

Record layout: each attempt at a stage is STAGE_OPENED (``data``: stage, issues, and ``opening`` /
``resumed`` when it opens from a text or resumes) at the attempt's first round, the mechanism's
events with rounds shifted by that offset (packages over the stage's issues), and STAGE_CLOSED
(``data``: stage, status; outcome: the stage package) at its last round. A concluded stage's steps
(initialled, signed, ratified, in force) follow, one round each; the next attempt or stage starts
one round later, so rounds keep increasing. Pauses (before a stage, or before talks resume) are
rounds of fighting with only the front's events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from parley.domain import OutcomeSpace, Value
from parley.negotiators import Envoy, OpeningText
from parley.protocols import Ending, Seat
from parley.record import Event, EventData, EventKind, Record
from parley.talks._stage_run import Fighting, Played, stage_seats, stage_steps
from parley.talks.agreements import StageAgreement
from parley.talks.asking import PauseFor, StageContext, Steps, never, within
from parley.talks.breakdown import BreakdownRule, breakdown_steps
from parley.talks.front import Front, moved_events, push
from parley.talks.lifecycle import AgreementDraft
from parley.talks.no_deal import seat_with_open
from parley.talks.opening import opening_package
from parley.talks.outside import Interventions
from parley.talks.patrons import Patron, Pressure, pressures
from parley.talks.ripeness import Ripeness
from parley.talks.stage import ENDING_STATUS, SeatsFactory, Stage, StageResult, StageStatus, TalksResult
from parley.talks.subspace import fixed_row

#: Concludes an agreed stage, ask by ask: (stage, stage package, the full package that would stand
#: with it, the first free round, the shared record so far, the issues that would stay open) → the
#: agreement as it ends up and its events (each at its own round).
Conclude = Callable[
    [Stage, tuple[int, ...], np.ndarray, int, Record, frozenset[str]],
    Steps[tuple[StageAgreement, list[Event]]],
]
#: The opening of a stage attempt: the text's name and its options (issue → option index).
Opening = tuple[str, Mapping[str, int]]


class StagedTalks:
    """Staged talks in progress: the shared record so far, the agreements, the front and the next round."""

    def __init__(
        self,
        space: OutcomeSpace,
        seats_factory: SeatsFactory,
        seed: int,
        defaults: Mapping[str, Value],
        front: Front | None,
        breakdown: BreakdownRule | None,
        drafts: Mapping[str, Mapping[str, int]],
        conclude: Conclude | None,
        patrons: Sequence[Patron],
        pause_for: PauseFor = never,
        outside: Interventions | None = None,
        open_valued: bool = False,
    ) -> None:
        self.space, self.seats_factory, self.defaults = space, seats_factory, defaults
        self.open_valued = open_valued  # open issues count at each party's no-deal share
        self.breakdown, self.drafts, self.concluder, self.patrons = breakdown, drafts, conclude, patrons
        self.pause_for, self.outside = pause_for, outside
        front_rng, self.stage_rng = np.random.default_rng(seed).spawn(2)
        self.fighting = None if front is None else Fighting(front, front.initial_state(), front_rng)
        self.events: list[Event] = []
        self.results: list[StageResult] = []
        self.agreements: list[StageAgreement] = []
        self.ripeness: list[Ripeness] = []
        self.agreed: dict[str, int] = {}
        self.offset = 0  # the next free round of the shared record

    # --- the stages ------------------------------------------------------------------------------
    def run(self, stages: Sequence[Stage], track_ripeness: bool) -> Steps[TalksResult]:
        """Every stage in turn, then what the talks produced."""
        for index, stage in enumerate(stages):
            yield from self.take(stage, stages[index - 1].name if index else None, track_ripeness)
        return self.result()

    def take(self, stage: Stage, previous: str | None, track_ripeness: bool) -> Steps[None]:
        """Open ``stage`` if the agreements it comes after are in force, play it (resuming after a
        breakdown as the rule allows) and conclude its agreement."""
        after = stage.after if stage.after is not None else ((previous,) if previous else ())
        standing = {agreement.stage for agreement in self.agreements if agreement.in_force}
        if not set(after) <= standing:
            self.results.append(StageResult(stage.name, StageStatus.NOT_REACHED))
            return
        self.fight(stage.pause)
        first = self.offset
        opening = self._named_opening(stage)
        resumed = 0
        while True:
            played = yield from self.play(stage, opening, resumed, track_ripeness)
            rule = self.breakdown
            if played.ending is not Ending.BREAKDOWN or rule is None or rule.resume_after is None:
                break
            if resumed >= rule.resumes:
                break
            self.fight(rule.resume_after)
            resumed += 1
            opening = (
                None
                if played.last_text is None
                else ("last draft", dict(zip(stage.issues, played.last_text, strict=True)))
            )
        status = ENDING_STATUS.get(played.ending, StageStatus.DEADLINE)
        self.results.append(StageResult(stage.name, status, played.outcome, first, self.offset - 1))
        if played.outcome is not None:
            self.agreed.update(zip(stage.issues, played.outcome, strict=True))
            yield from self.conclude(stage, played.outcome)

    def _named_opening(self, stage: Stage) -> Opening | None:
        """The named draft the stage opens from (None: none)."""
        if stage.opening is None:
            return None
        if stage.opening not in self.drafts:
            known = ", ".join(self.drafts) or "none"
            raise ValueError(
                f"stage {stage.name!r} opens from an unknown draft {stage.opening!r}; drafts: {known}"
            )
        return stage.opening, self.drafts[stage.opening]

    def play(
        self, stage: Stage, opening: Opening | None, resumed: int, track_ripeness: bool
    ) -> Steps[Played]:
        """One attempt at ``stage``: pressure, seats, the mechanism; its events go on the shared record."""
        standing = self.standing()
        pressure, pressed = pressures(self.space, self.patrons, standing, self.offset)
        seats = [_pressed(seat, pressure.get(seat.name)) for seat in self.seats_factory(stage)]
        if self.open_valued:
            seats = [seat_with_open(seat, self.open_issues(stage)) for seat in seats]
        self.parties = tuple(seat.name for seat in seats)
        sub, seats = stage_seats(self.space, stage.issues, seats, standing)
        if opening is not None:
            package = opening_package(sub, seats[0].preferences, opening[1], self.stage_rng.spawn(1)[0])
            seats[0] = replace(seats[0], negotiator=OpeningText(seats[0].negotiator, package=package))
        rng = self.stage_rng.spawn(1)[0]
        shifts = {party: p.reservation for party, p in pressure.items()}
        opened = [self._opened(stage, opening, resumed), *pressed]
        steps = stage_steps(
            sub,
            seats,
            stage.protocol,
            stage.rounds,
            self.fighting,
            rng,
            stage.options,
            track_ripeness,
            shifts,
            self.pause_for,
            None if self.outside is None else (stage.name, self.outside),
        )
        if self.pause_for is not never:  # a driver answers some asks: tell it where they stand
            before = Record((*self.events, *opened))
            context = StageContext(
                stage.name,
                stage.issues,
                stage.protocol,
                stage.rounds,
                sub,
                tuple(seats),
                tuple(int(i) for i in standing),
                before,
                self.offset,
                tuple(sorted(self.open_issues(stage))) if self.open_valued else (),
            )
            steps = within(steps, context)
        played = yield from steps
        record = played.record
        if played.ending is Ending.BREAKDOWN:
            record = record.append(*self._breakdown_events(played, max([0, *(e.round for e in record)])))
        self._attempt(stage, played, record, opened)
        return played

    def _opened(self, stage: Stage, opening: Opening | None, resumed: int) -> Event:
        """The STAGE_OPENED event of an attempt at ``stage`` (from a text, or resumed)."""
        data: EventData = {"stage": stage.name, "issues": list(stage.issues)}
        if opening is not None:
            data["opening"] = opening[0]
        if resumed:
            data["resumed"] = resumed
        return Event(EventKind.STAGE_OPENED, self.offset, 0.0, data=data)

    def _breakdown_events(self, played: Played, round: int) -> list[Event]:
        """The ground a breakdown costs the party the rule charges (none while a ceasefire holds)."""
        fighting, rule = self.fighting, self.breakdown
        if fighting is None or rule is None or fighting.state.frozen or not rule.cost:
            return []
        charged = rule.charged_party(played.breaker)
        steps = breakdown_steps(fighting.front, rule, charged)
        fighting.state, moves = push(fighting.front, fighting.state, steps)
        events = moved_events(moves, round, "breakdown")
        return [replace(e, data={**e.data, "charged": charged or ""}) for e in events]

    def _attempt(self, stage: Stage, played: Played, record: Record, opened: list[Event]) -> None:
        """Put one attempt on the shared record: its opening events (opened, pressure), the stage's
        events shifted to the shared rounds, closed."""
        offset = self.offset
        shifted = [replace(event, round=event.round + offset) for event in record]
        last = max([offset, *(event.round for event in shifted)])
        status = ENDING_STATUS.get(played.ending, StageStatus.DEADLINE)
        closed: EventData = {"stage": stage.name, "status": status.value}
        self.note([*opened, *shifted, Event(EventKind.STAGE_CLOSED, last, 0.0, None, played.outcome, closed)])
        self.ripeness.extend(replace(r, round=r.round + offset) for r in played.ripeness)
        self.offset = last + 1

    def conclude(self, stage: Stage, package: tuple[int, ...]) -> Steps[None]:
        """Take the agreed stage through its life; a ceasefire in force freezes the front."""
        with_it = fixed_row(
            self.space, {**self.in_force(), **dict(zip(stage.issues, package, strict=True))}, self.defaults
        )
        if self.concluder is None:
            draft = AgreementDraft(stage.issues, package, self.parties)
            agreement, events = StageAgreement(stage.name, draft, False, self.offset), list[Event]()
        else:
            record = Record(tuple(self.events))
            open_issues = self.open_issues(stage) if self.open_valued else frozenset[str]()
            agreement, events = yield from self.concluder(
                stage, package, with_it, self.offset, record, open_issues
            )
        self.agreements.append(agreement)
        self.note(events)
        self.offset = max([self.offset - 1, *(event.round for event in events)]) + 1
        if agreement.in_force and stage.freezes_front and self.fighting is not None:
            self.fighting.hold(stage.name, stage.violation_hazard)

    # --- the front and the record ----------------------------------------------------------------
    def fight(self, rounds: int) -> None:
        """``rounds`` rounds of fighting without talks (a pause)."""
        for round in range(self.offset, self.offset + rounds):
            if self.fighting is not None:
                self.note(self.fighting.round(round))
        self.offset += rounds

    def note(self, events: Sequence[Event]) -> None:
        """Append ``events`` to the shared record; a ceasefire violated breaks its agreement down."""
        for event in events:
            if event.kind is EventKind.BROKEN_DOWN:
                self._break(str(event.data.get("stage", "")), event.round, str(event.data.get("reason", "")))
        self.events.extend(events)

    def _break(self, stage: str, round: int, reason: str) -> None:
        for index, agreement in enumerate(self.agreements):
            if agreement.stage == stage and agreement.in_force:
                self.agreements[index] = agreement.broken(round, reason)

    def in_force(self) -> dict[str, int]:
        """The options of every agreement in force, by issue."""
        options: dict[str, int] = {}
        for agreement in self.agreements:
            if agreement.in_force:
                options.update(zip(agreement.issues, agreement.package, strict=True))
        return options

    def open_issues(self, stage: Stage) -> frozenset[str]:
        """The issues neither ``stage`` nor an agreement in force settles."""
        settled = set(self.in_force()) | set(stage.issues)
        return frozenset(name for name in self.space.issue_names if name not in settled)

    def standing(self) -> np.ndarray:
        """The full package in force now: agreements in force, every other issue at its default."""
        return fixed_row(self.space, self.in_force(), self.defaults)

    def result(self) -> TalksResult:
        """What the talks produced."""
        concluded = all(result.status is StageStatus.AGREED for result in self.results)
        outcome = (
            tuple(int(i) for i in fixed_row(self.space, self.agreed, self.defaults)) if concluded else None
        )
        return TalksResult(
            tuple(self.results),
            Record(tuple(self.events)),
            dict(self.agreed),
            outcome,
            None if self.fighting is None else self.fighting.state,
            tuple(self.ripeness),
            tuple(self.agreements),
            tuple(int(i) for i in self.standing()),
        )


def _pressed(seat: Seat, pressure: Pressure | None) -> Seat:
    """``seat`` under a patron's pressure: its reservation value and (an envoy's) authority shifted."""
    if pressure is None:
        return seat
    preferences = seat.preferences.with_reservation(seat.preferences.reservation_value + pressure.reservation)
    negotiator = seat.negotiator
    if isinstance(negotiator, Envoy) and pressure.authority:
        negotiator = Envoy(
            negotiator.inner,
            authority=negotiator.authority + pressure.authority,
            competence=negotiator.competence,
            breakdown_cost=negotiator.breakdown_cost,
        )
    return replace(seat, preferences=preferences, negotiator=negotiator)
