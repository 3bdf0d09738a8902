"""Staged talks: a ceasefire first, a settlement later — each stage over its own issues, one record.

Stages run in order; a later stage opens only when the one before it is agreed (otherwise it is
``not_reached``). Each stage negotiates the sub-space of its issues (:mod:`parley.talks.subspace`):
issues of earlier agreed stages are fixed at the agreed options, issues not yet negotiated at the
``defaults`` (status quo) value, or at their first option when no default is given. Every stage
appends to one shared record: STAGE_OPENED (``data``: stage, issues) at the stage's first round, its
events with rounds shifted by that offset (their packages are over the stage's issues, in the order
STAGE_OPENED names them), and STAGE_CLOSED (``data``: stage, status; outcome: the stage package) at
its last round; the next stage starts one round later, so rounds keep increasing. Source for staged
(issue-by-issue) talks: Fershtman, "The importance of the agenda in bargaining", Games and Economic
Behavior 2(3), 1990.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from parley.domain import OutcomeSpace, Value
from parley.talks.asking import finish
from parley.talks.breakdown import BreakdownRule
from parley.talks.front import Front
from parley.talks.patrons import Patron
from parley.talks.sequence import Conclude, StagedTalks
from parley.talks.stage import SeatsFactory, Stage, StageResult, StageStatus, TalksResult

__all__ = ["SeatsFactory", "Stage", "StageResult", "StageStatus", "TalksResult", "check_stages", "run_talks"]


def run_talks(
    space: OutcomeSpace,
    seats_factory: SeatsFactory,
    stages: Sequence[Stage],
    seed: int,
    *,
    defaults: Mapping[str, Value] | None = None,
    front: Front | None = None,
    track_ripeness: bool = True,
    breakdown: BreakdownRule | None = None,
    drafts: Mapping[str, Mapping[str, int]] | None = None,
    conclude: Conclude | None = None,
    patrons: Sequence[Patron] = (),
) -> TalksResult:
    """Run ``stages`` in order over ``space`` with one seeded generator (Mesa style), one shared record.

    A stage opens once the agreements of the stages it comes after are in force (else it is
    ``not_reached``). ``conclude`` takes an agreed stage through its life (initialling, signing,
    ratification; :func:`parley.talks.run_process` gives one); without it an agreed stage is in force
    at once. ``breakdown`` is the rule a breakdown of talks follows (without one, the front's
    ``breakdown_cost``, charged to whoever broke off); ``drafts`` the named texts a stage can open
    from (issue → option index); ``patrons`` press their parties' delegations while their conditions
    are unmet. ``track_ripeness=False`` leaves ``ripeness`` empty and skips its per-round analysis
    (Monte-Carlo work that needs only the outcomes); everything else is identical.
    """
    check_stages(space, stages)
    if breakdown is None and front is not None and front.breakdown_cost:
        breakdown = BreakdownRule(dict(front.breakdown_cost))
    talks = StagedTalks(
        space, seats_factory, seed, defaults or {}, front, breakdown, drafts or {}, conclude, patrons
    )
    return finish(talks.run(stages, track_ripeness))


def check_stages(space: OutcomeSpace, stages: Sequence[Stage]) -> None:
    """Stage names unique; every stage issue known and negotiated in one stage only; ``after`` names
    earlier stages only."""
    names = [stage.name for stage in stages]
    issues = [issue for stage in stages for issue in stage.issues]
    for issue in issues:
        space.issue_position(issue)  # raises for an unknown issue
    if len(set(names)) != len(names) or len(set(issues)) != len(issues):
        raise ValueError("stage names must be unique and each issue negotiated in one stage only")
    for index, stage in enumerate(stages):
        unknown = set(stage.after or ()) - set(names[:index])
        if unknown:
            raise ValueError(
                f"stage {stage.name!r} comes after {sorted(unknown)}, which are not earlier stages"
            )
