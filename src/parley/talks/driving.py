"""Driving the whole process: stop where someone must answer, resume when the answer comes.

A :class:`ProcessRun` runs :func:`parley.talks.process_steps` until an ask that ``pause_for`` picks —
a person's seat, a principal asked for a referral (REFER), a mediator's text (DRAFT), a ratifier's
vote (RATIFY) — and holds it as :attr:`ProcessRun.pending` until :meth:`ProcessRun.answer` brings the
reply; every other ask is answered as in a simulation. :func:`run_process_async` awaits each answer.
Whoever answers, the same answers give the same record as :func:`parley.talks.run_process`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from parley.domain import OutcomeSpace
from parley.protocols import Ask, Reply
from parley.talks.asking import PauseFor, Pending, StageContext, Steps, always
from parley.talks.outside import Incident, Interventions
from parley.talks.process import ProcessPlan, ProcessResult, process_steps


class ProcessRun:
    """One run of the process that pauses at the asks ``pause_for`` picks (every ask by default)."""

    def __init__(
        self,
        space: OutcomeSpace,
        plan: ProcessPlan,
        seed: int,
        *,
        pause_for: PauseFor = always,
        track_ripeness: bool = True,
    ) -> None:
        #: Front incidents and expired stages a driver brings in (see :mod:`parley.talks.outside`).
        self.outside = Interventions()
        self._steps: Steps[ProcessResult] = process_steps(
            space, plan, seed, track_ripeness=track_ripeness, pause_for=pause_for, outside=self.outside
        )
        self._plan = plan
        self._pending: Pending | None = None
        self.result: ProcessResult | None = None
        self._go(None)

    @property
    def pending(self) -> Ask | None:
        """The ask waiting for an answer (None once the process has ended)."""
        return None if self._pending is None else self._pending.ask

    @property
    def context(self) -> StageContext | None:
        """Where the pending ask stands in the process (None: no ask, or an ask of the process itself)."""
        return None if self._pending is None else self._pending.context

    @property
    def done(self) -> bool:
        """Whether the process has ended (:attr:`result` holds it)."""
        return self.result is not None

    def simulated(self) -> Reply:
        """The answer the simulation would give to the pending ask."""
        if self._pending is None:
            raise RuntimeError("the process has ended: no ask is pending")
        return self._pending.simulated()

    def incident(self, changes: dict[str, float], note: str = "") -> None:
        """A front incident: each named variable moves by its change when the stage next settles (a
        ValueError for a variable the front does not have)."""
        front = self._plan.front
        known = [] if front is None else [variable.name for variable in front.variables]
        for name in changes:
            if name not in known:
                raise ValueError(f"no front variable {name!r}; the front has: {', '.join(known) or 'none'}")
        self.outside.incidents.append(Incident(tuple(changes.items()), note))

    def expire(self, stage: str) -> None:
        """``stage``'s time has run out: it ends with a DEADLINE at the next reply while it is played."""
        self.outside.expired.add(stage)

    def answer(self, reply: Reply) -> Ask | None:
        """Answer the pending ask and run on to the next pause: the new pending ask, or None at the end.

        A reply the ask does not allow raises ValueError and changes nothing: the ask stays pending."""
        if self._pending is None:
            raise RuntimeError("the process has ended: no ask is pending")
        self._go(self._pending.check(reply))
        return self.pending

    def _go(self, reply: Reply | None) -> None:
        try:
            self._pending = next(self._steps) if reply is None else self._steps.send(reply)
        except StopIteration as stop:
            self._pending, self.result = None, stop.value


async def run_process_async(
    space: OutcomeSpace,
    plan: ProcessPlan,
    seed: int,
    answer: Callable[[Ask], Awaitable[Reply]],
    *,
    pause_for: PauseFor = always,
    track_ripeness: bool = True,
) -> ProcessResult:
    """The whole process, awaiting ``answer`` for every ask ``pause_for`` picks (remote or slow
    negotiators, people); the others are answered as in a simulation."""
    run = ProcessRun(space, plan, seed, pause_for=pause_for, track_ripeness=track_ripeness)
    while run.pending is not None:
        run.answer(await answer(run.pending))
    assert run.result is not None
    return run.result
