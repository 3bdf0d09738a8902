"""The whole delegations process in one run: mandates → staged talks (with referrals and a moving
front) → initialling, signing and two-level ratification — all on one shared record.

A :class:`ProcessPlan` is plain data (built once when a scenario is read, and kept on its
:class:`parley.scenario.Process`); this module only runs it, with one seeded generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from parley.domain import OutcomeSpace, Value
from parley.negotiators.registry import make_negotiator
from parley.preferences import Preferences
from parley.protocols import Seat
from parley.record import Event, Record
from parley.talks.front import Front
from parley.talks.lifecycle import AgreementDraft, Step
from parley.talks.ratification import RatificationRule, Ratifier, ratify_draft
from parley.talks.referral import PreferencesPrincipal
from parley.talks.stages import Stage, StageStatus, TalksResult, run_talks


@dataclass(frozen=True)
class Delegation:
    """One party at the table: the delegation's preferences (its mandate), its strategy, its authority
    limit and referral cost, and the principal's preferences that decide referrals."""

    party: str
    preferences: Preferences
    principal: Preferences
    strategy: str = "boulware"
    authority: float | None = None
    referral_rounds: int = 1

    def seat(self) -> Seat:
        """A fresh seat: an envoy (the strategy, bound by the authority limit) with its principal."""
        authority = self.preferences.reservation_value if self.authority is None else self.authority
        negotiator = make_negotiator("envoy", inner=self.strategy, authority=authority)
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
    """Everything a run needs; ``stages`` empty means one stage over every issue."""

    delegations: tuple[Delegation, ...]
    stages: tuple[Stage, ...] = ()
    ratifiers: Mapping[str, tuple[Ratifier, ...]] = field(default_factory=dict)
    rules: Mapping[str, RatificationRule] = field(default_factory=dict)
    front: Front | None = None
    status_quo: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcessResult:
    """The talks (per stage), the draft's fate, each party's ratification and the full record."""

    talks: TalksResult
    draft: AgreementDraft | None
    ratification: dict[str, bool | None]
    record: Record

    @property
    def status(self) -> str:
        """``ratified``, ``abandoned`` (at ratification), or how the talks ended without a full agreement."""
        if self.draft is not None:
            return "ratified" if self.draft.status is Step.RATIFIED else "abandoned"
        failed = [stage for stage in self.talks.stages if stage.status is not StageStatus.AGREED]
        return failed[0].status.value if failed else "no agreement"


def run_process(
    space: OutcomeSpace, plan: ProcessPlan, seed: int, *, track_ripeness: bool = True
) -> ProcessResult:
    """Run the stages, then (if every stage is agreed) initial, sign and ratify the agreement.

    ``track_ripeness=False`` skips the per-round ripeness analysis (``talks.ripeness`` stays empty);
    the run is otherwise identical — what a Monte-Carlo outlook uses to go faster.
    """
    stages = plan.stages or (Stage("talks", tuple(space.issue_names)),)
    talks = run_talks(
        space,
        lambda stage: [delegation.seat() for delegation in plan.delegations],
        stages,
        seed,
        defaults=plan.status_quo,
        front=plan.front,
        track_ripeness=track_ripeness,
    )
    parties = tuple(delegation.party for delegation in plan.delegations)
    if talks.outcome is None:
        return ProcessResult(talks, None, dict.fromkeys(parties), talks.record)
    draft = AgreementDraft.of(space, talks.outcome, parties)
    closing = talks.stages[-1].last_round
    last_round = (closing if closing is not None else 0) + 1
    events: list[Event] = []
    for offset, step in enumerate((Step.INITIALLED, Step.SIGNED)):
        for party in parties:
            draft, event = draft.take(party, step, last_round + offset)
            events.append(event)
    votes: dict[str, bool | None] = dict.fromkeys(parties)
    for party in parties:  # each party's ratifiers vote by that party's rule (Putnam's level II)
        rule = plan.rules.get(party)
        one = {party: plan.ratifiers.get(party, ())}
        single = AgreementDraft(draft.issues, draft.outcome, (party,), draft.history)
        single, ratified = ratify_draft(single, one, last_round + 2, rule)
        events.extend(ratified)
        approved = single.status is Step.RATIFIED
        votes[party] = approved
        draft = AgreementDraft(draft.issues, draft.outcome, draft.parties, single.history)
        if not approved:
            break
    return ProcessResult(talks, draft, votes, talks.record.append(*events))
