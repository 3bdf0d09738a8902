"""The whole delegations process in one run: mandates → staged talks (with referrals, a moving front,
breakdowns that cost ground and talks that resume, patrons who press) → each stage's agreement
initialled, signed, ratified by two-level ratification where it needs it, and in force — all on one
shared record. A later stage that fails leaves the earlier agreements in force.

A :class:`ProcessPlan` is plain data (built once when a scenario is read, and kept on its
:class:`parley.scenario.Process`); this module only runs it, with one seeded generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from parley.domain import OutcomeSpace, Value
from parley.negotiators import Envoy
from parley.preferences import Preferences
from parley.protocols import Ask, AskKind, Reply, Seat, State
from parley.record import Event, EventKind, Record
from parley.talks.agreements import AgreementStatus, StageAgreement
from parley.talks.asking import PauseFor, Pending, Steps, finish, never
from parley.talks.breakdown import BreakdownRule, anticipated_cost
from parley.talks.front import Front
from parley.talks.lifecycle import AgreementDraft, Step
from parley.talks.no_deal import NoDeal, open_view
from parley.talks.outside import Interventions
from parley.talks.patrons import Patron
from parley.talks.ratification import RatificationRule, Ratifier, passes
from parley.talks.referral import PreferencesPrincipal
from parley.talks.sequence import StagedTalks
from parley.talks.stages import Stage, StageStatus, TalksResult, check_stages


@dataclass(frozen=True)
class Delegation:
    """One party at the table: the delegation's preferences (its mandate), its strategy, its powers
    (authority limit and the issues in its competence; None: all), the referral's cost, and the
    principal's preferences that decide referrals."""

    party: str
    preferences: Preferences
    principal: Preferences
    strategy: str = "boulware"
    authority: float | None = None
    referral_rounds: int = 1
    competence: tuple[str, ...] | None = None
    #: The strategy's parameters (name, value), when it is not played with its defaults.
    strategy_params: tuple[tuple[str, float | int | str | bool], ...] = ()

    def seat(self, breakdown_cost: float = 0.0) -> Seat:
        """A fresh seat: an envoy (the strategy, bound by the powers) with its principal;
        ``breakdown_cost`` is what the envoy expects breaking off to cost it (it knows the rule)."""
        authority = self.preferences.reservation_value if self.authority is None else self.authority
        negotiator = Envoy(
            self.strategy,
            dict(self.strategy_params) or None,
            authority=authority,
            competence=self.competence,
            breakdown_cost=breakdown_cost,
        )
        principal = PreferencesPrincipal(self.principal)
        return Seat(
            self.party,
            self.preferences,
            negotiator,
            principal=principal,
            referral_rounds=self.referral_rounds,
        )


@dataclass(frozen=True)
class ProcessPlan:
    """Everything a run needs; ``stages`` empty means one stage over every issue.

    ``breakdown``: the rule a breakdown of talks follows (None: the front's ``breakdown_cost``, charged
    to whoever broke off); ``drafts``: named texts a stage can open from (issue → option index);
    ``patrons``: outside powers that press their parties' delegations.
    """

    delegations: tuple[Delegation, ...]
    stages: tuple[Stage, ...] = ()
    ratifiers: Mapping[str, tuple[Ratifier, ...]] = field(default_factory=dict)
    rules: Mapping[str, RatificationRule] = field(default_factory=dict)
    front: Front | None = None
    status_quo: Mapping[str, Value] = field(default_factory=dict)
    breakdown: BreakdownRule | None = None
    drafts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    patrons: tuple[Patron, ...] = ()
    #: The no-deal state (None: issues not agreed hold their ``status_quo`` options instead).
    no_deal: NoDeal | None = None

    def opening_from(self, draft: str) -> ProcessPlan:
        """This plan with every stage whose issues ``draft`` settles opening from it (a ValueError for an
        unknown draft, or one that settles no issue of any stage)."""
        if draft not in self.drafts:
            known = ", ".join(self.drafts) or "none"
            raise ValueError(f"no draft {draft!r} in the scenario; drafts: {known}")
        settled = set(self.drafts[draft])
        stages = tuple(
            replace(stage, opening=draft) if settled & set(stage.issues) else stage for stage in self.stages
        )
        if stages == self.stages:
            raise ValueError(f"draft {draft!r} settles no issue of a stage of this process")
        return replace(self, stages=stages)

    def assumptions(self) -> list[str]:
        """The plan's modelling assumptions in words (the breakdown rule, each patron's pressure), for
        every face that shows a run to label them as assumptions."""
        lines = []
        rule = self.rule()
        if rule is not None:
            costs = ", ".join(f"{name} {cost:g}" for name, cost in rule.cost.items())
            resume = (
                "no resumption" if rule.resume_after is None else f"resume after {rule.resume_after} round(s)"
            )
            text = f"breakdown rule: costs {rule.charged} ground ({costs}); {resume}"
            if rule.anticipated:
                text += "; the delegations anticipate it"
            if rule.assumption:
                text += f" — {rule.assumption}"
            if rule.tests:
                text += f" (tests: {rule.tests})"
            lines.append(text)
        for patron in self.patrons:
            lines.append(
                f"patron {patron.name} of {patron.party}: reservation {patron.reservation_shift:+g}, "
                f"authority {patron.authority_shift:+g} while its conditions are unmet"
            )
        return lines + self._parameter_assumptions()

    def _parameter_assumptions(self) -> list[str]:
        """The modelling choices every run rests on: strategies and powers, the front, the thresholds."""
        seats = ", ".join(
            f"{d.party} {d.strategy}"
            + ("" if d.authority is None else f" (authority limit {d.authority:.3f})")
            for d in self.delegations
        )
        lines = [f"strategies and powers: {seats}"]
        if self.no_deal is not None:
            lines.append(
                f"no deal is its own state ({self.no_deal.state}); walk-away values "
                + (f"by {self.no_deal.rule}: " if self.no_deal.rule else ": ")
                + "; ".join(self.no_deal.basis or [f"{p} {v:.3g}" for p, v in self.no_deal.values.items()])
                + "; an issue nothing is agreed on counts at each side's no-deal share"
            )
        if self.front is not None:
            moves = "; ".join(
                f"{v.name} drifts {v.drift:+.3g} ± {v.spread:.3g} a round" for v in self.front.variables
            )
            sensitivities = "; ".join(
                f"{r.party} {', '.join(f'{s:+g} per unit of {v}' for v, s in r.sensitivity.items())}"
                for r in self.front.rules
                if r.sensitivity
            )
            lines.append(
                f"the front: {moves}"
                + (f"; reservation values move {sensitivities}" if sensitivities else "")
            )
        thresholds = ", ".join(
            f"{r.name} {r.threshold:g}" if r.threshold is not None else f"{r.name} its reservation value"
            for ratifiers in self.ratifiers.values()
            for r in ratifiers
            if r.threshold is not None or self.no_deal is not None
        )
        if thresholds:
            lines.append(f"ratification thresholds: {thresholds}")
        return lines

    def rule(self) -> BreakdownRule | None:
        """The breakdown rule in effect (the plan's, or one from the front's breakdown cost)."""
        if self.breakdown is not None:
            return self.breakdown
        if self.front is not None and self.front.breakdown_cost:
            return BreakdownRule(dict(self.front.breakdown_cost))
        return None


@dataclass(frozen=True)
class ProcessResult:
    """The talks (per stage), each stage's agreement, each party's ratification and the full record.

    ``ratification``: per party, True when it ratified every agreement put to it, False when it refused
    one, None when none was put to it.
    """

    talks: TalksResult
    ratification: dict[str, bool | None]
    record: Record

    @property
    def agreements(self) -> tuple[StageAgreement, ...]:
        """Each concluded stage's agreement, in stage order."""
        return self.talks.agreements

    @property
    def outcome(self) -> tuple[int, ...]:
        """The full package in force at the end (agreements in force; every other issue at the status quo)."""
        return self.talks.standing

    @property
    def status(self) -> str:
        """``ratified`` (every stage's agreement in force), ``partial`` (some in force), ``abandoned`` or
        ``broken_down`` (an agreement was, none stands), or how the talks failed (``deadline``…)."""
        standing = self.talks.in_force
        if standing and len(standing) == len(self.talks.stages):
            return "ratified"
        if standing:
            return "partial"
        for status in (AgreementStatus.BROKEN_DOWN, AgreementStatus.ABANDONED):
            if any(agreement.status is status for agreement in self.agreements):
                return status.value
        failed = [stage for stage in self.talks.stages if stage.status is not StageStatus.AGREED]
        return failed[0].status.value if failed else "no agreement"


def run_process(
    space: OutcomeSpace, plan: ProcessPlan, seed: int, *, track_ripeness: bool = True
) -> ProcessResult:
    """Run the stages in turn; each agreed stage is initialled, signed, ratified (where the stage needs
    it) and enters into force before the next opens (see :mod:`parley.talks.sequence`). Every ask is
    answered as in a simulation; :class:`parley.talks.ProcessRun` pauses where a driver answers.

    ``track_ripeness=False`` skips the per-round ripeness analysis (``talks.ripeness`` stays empty);
    the run is otherwise identical — what a Monte-Carlo outlook uses to go faster.
    """
    return finish(process_steps(space, plan, seed, track_ripeness=track_ripeness))


def process_steps(
    space: OutcomeSpace,
    plan: ProcessPlan,
    seed: int,
    *,
    track_ripeness: bool = True,
    pause_for: PauseFor = never,
    outside: Interventions | None = None,
) -> Steps[ProcessResult]:
    """The whole process, ask by ask: the asks ``pause_for`` picks (a seat's move, a principal's
    referral, a mediator's text, a ratifier's vote) are yielded for a driver to answer; ``outside``
    brings a driver's front incidents and stage time limits in (see :mod:`parley.talks.outside`)."""
    stages = plan.stages or (Stage("talks", tuple(space.issue_names)),)
    check_stages(space, stages)
    parties = tuple(delegation.party for delegation in plan.delegations)
    rule = plan.rule()
    costs = {d.party: anticipated_cost(plan.front, rule, d.party) for d in plan.delegations}
    votes: dict[str, bool | None] = dict.fromkeys(parties)

    def seats(stage: Stage) -> list[Seat]:
        return [delegation.seat(costs[delegation.party]) for delegation in plan.delegations]

    def conclude(
        stage: Stage,
        package: tuple[int, ...],
        row: np.ndarray,
        round: int,
        record: Record,
        open_issues: frozenset[str],
    ) -> Steps[tuple[StageAgreement, list[Event]]]:
        return conclude_stage(
            plan, parties, votes, stage, package, row, round, record, pause_for, open_issues
        )

    talks = StagedTalks(
        space,
        seats,
        seed,
        plan.status_quo,
        plan.front,
        rule,
        plan.drafts,
        conclude,
        plan.patrons,
        pause_for,
        outside,
        open_valued=plan.no_deal is not None,
    )
    result = yield from talks.run(stages, track_ripeness)
    return ProcessResult(result, votes, result.record)


def conclude_stage(
    plan: ProcessPlan,
    parties: tuple[str, ...],
    votes: dict[str, bool | None],
    stage: Stage,
    package: tuple[int, ...],
    row: np.ndarray,
    round: int,
    record: Record,
    pause_for: PauseFor = never,
    open_issues: frozenset[str] = frozenset(),
) -> Steps[tuple[StageAgreement, list[Event]]]:
    """Every party initials (``round``) and signs (``round + 1``) the stage's agreement; where the stage
    needs ratification, each party's ratifiers vote on ``row`` (the full package that would stand with
    it) by its rule at ``round + 2`` (Putnam's level II; the first refusal abandons it); then it enters
    into force. Each ratifier's vote is an ask (RATIFY) a driver may answer. ``votes`` gathers each
    party's decisions; ratifiers judge ``open_issues`` at their no-deal share (see
    :mod:`parley.talks.no_deal`)."""
    draft = AgreementDraft(stage.issues, package, parties)
    events: list[Event] = []
    for offset, step in enumerate((Step.INITIALLED, Step.SIGNED)):
        for party in parties:
            draft, event = draft.take(party, step, round + offset)
            events.append(_tagged(event, stage.name))
    if stage.ratification:
        for party in parties:
            ratifiers = tuple(
                replace(r, preferences=open_view(r.preferences, open_issues))
                for r in plan.ratifiers.get(party, ())
            )
            ballot: dict[str, bool] = {}
            for ratifier in ratifiers:
                context = State(round + 2, record.append(*events))
                ballot[ratifier.name] = yield from _vote(ratifier, row, context, pause_for)
            approved = passes(ratifiers, list(ballot.values()), plan.rules.get(party))
            if approved:
                draft, event = draft.take(party, Step.RATIFIED, round + 2)
            else:
                reason = f"outside {party}'s win-set: ratification failed"
                draft, event = draft.abandon(party, round + 2, reason)
            events.append(replace(event, data={**event.data, "stage": stage.name, "votes": ballot}))
            votes[party] = approved and votes[party] is not False
            if not approved:
                return StageAgreement(stage.name, draft, True), events
    in_force = round + (2 if stage.ratification else 1)
    events.append(Event(EventKind.IN_FORCE, in_force, 0.0, None, package, {"stage": stage.name}))
    return StageAgreement(stage.name, draft, stage.ratification, in_force), events


def _vote(ratifier: Ratifier, row: np.ndarray, context: State, pause_for: PauseFor) -> Steps[bool]:
    """``ratifier``'s vote on ``row``: its own (the simulation's), or a driver's answer to the ask."""
    own = bool(ratifier.approves(row[None, :])[0])
    ask = Ask(ratifier.name, AskKind.RATIFY, context, None, tuple(int(i) for i in row))
    if not pause_for(ask):
        return own
    reply = yield Pending(ask, lambda: Reply.decision(own), partial(_checked_vote, ratifier))
    return bool(_checked_vote(ratifier, reply).approved)


def _checked_vote(ratifier: Ratifier, reply: Reply) -> Reply:
    """A ratifier's reply: a yes or a no (Reply.approved), else a ValueError."""
    if reply.approved is None:
        raise ValueError(f"ratifier {ratifier.name!r} must answer yes or no (Reply.approved)")
    return reply


def _tagged(event: Event, stage: str) -> Event:
    """``event`` with the stage it belongs to in its data."""
    return replace(event, data={**event.data, "stage": stage})
