"""Breakdown with consequences: who a breakdown of talks costs, how much ground, and whether talks resume.

A :class:`BreakdownRule` is a modelling assumption (it may cite the statement it tests): when a
stage's talks break off, the party it charges (the one that broke off, by default) loses ``cost``
ground on each state variable of the front. The direction is against that party: a variable whose
rise raises the party's reservation value (a positive sensitivity of its reservation rule) falls, one
with a negative sensitivity rises; a variable the party's rule ignores moves by the cost as written.
Reservation values then follow the front as always. With ``resume_after`` the talks resume after that
many rounds of fighting, from the last text on the table, at most ``resumes`` times. Negotiators that
know the rule (``anticipated``) weigh what breaking off would cost them. Source of the idea:
Fearon, "Rationalist explanations for war", International Organization 49(3), 1995 (war as the costly
outside option of bargaining).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from parley.talks.front import Front

#: ``charged`` value naming whichever party broke off.
BREAKER = "breaker"


@dataclass(frozen=True)
class BreakdownRule:
    """Who a breakdown costs and how much ground per variable, and whether (and when) talks resume."""

    cost: Mapping[str, float] = field(default_factory=dict)
    charged: str = BREAKER
    resume_after: int | None = None
    resumes: int = 1
    anticipated: bool = False
    assumption: str = ""
    tests: str = ""

    def __post_init__(self) -> None:
        if self.resume_after is not None and self.resume_after < 0:
            raise ValueError(f"talks cannot resume after {self.resume_after} rounds")
        if self.resumes < 0:
            raise ValueError(f"talks cannot resume {self.resumes} times")

    def charged_party(self, breaker: str | None) -> str | None:
        """The party this breakdown costs: the named one, or the one that broke off."""
        return breaker if self.charged == BREAKER else self.charged


def breakdown_steps(front: Front, rule: BreakdownRule, charged: str | None) -> list[float]:
    """Per variable of ``front``, how far a breakdown charged to ``charged`` moves it (see the module)."""
    sensitivity = next((dict(r.sensitivity) for r in front.rules if r.party == charged), {})
    steps = []
    for variable in front.variables:
        cost = float(rule.cost.get(variable.name, 0.0))
        slope = sensitivity.get(variable.name, 0.0)
        steps.append(cost if slope == 0 else -math.copysign(abs(cost), slope))
    return steps


def anticipated_cost(front: Front | None, rule: BreakdownRule | None, party: str) -> float:
    """What breaking off would cost ``party``'s reservation value, if it knows the rule and is charged
    when it breaks off (0 otherwise): ``Σ_v |cost_v · sensitivity_v|``."""
    if front is None or rule is None or not rule.anticipated:
        return 0.0
    if rule.charged not in (BREAKER, party):
        return 0.0
    sensitivity = next((dict(r.sensitivity) for r in front.rules if r.party == party), {})
    return sum(abs(float(cost) * sensitivity.get(name, 0.0)) for name, cost in rule.cost.items())
