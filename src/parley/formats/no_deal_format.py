"""The ``no_deal`` section: each side's walk-away value by the rule of :mod:`parley.actors.walk_away`.

The statements coded ``on_failure`` (with the ``party`` their speaker speaks for) are the rule's input;
the values it gives become each party's reservation value and every advisor's estimate of it, so the
analysis (the parties) and the runs (the mandates) share one notion of acceptable. A reservation value
written by hand next to a ``no_deal`` section must equal the derived one (a located error otherwise).
"""

from __future__ import annotations

import math

from parley.actors import StatedExpectation, WalkAway, WalkAwayRule
from parley.formats.process_schema import NoDealSpec, ScenarioFile
from parley.formats.yaml_build import Located, check_statement_sides
from parley.talks import NoDeal

#: How the rule is named wherever a run's assumptions are shown.
RULE_NAME = "the walk-away ladder (docs/real-world-scenarios.md, rule 3)"


def walk_aways(spec: ScenarioFile) -> dict[str, WalkAway] | None:
    """Each party's walk-away value from the file's coded statements (None without a ``no_deal``)."""
    if spec.no_deal is None:
        return None
    try:
        rule = WalkAwayRule(
            {str(rung): value for rung, value in spec.no_deal.ladder.items()}, spec.no_deal.default
        )
    except ValueError as error:
        raise Located(("no_deal", "ladder"), str(error)) from None
    names = [party.name for party in spec.parties]
    check_statement_sides(spec.statements, names)
    expectations = [
        StatedExpectation(s.party, s.on_failure, s.speaker, s.date)
        for s in spec.statements
        if s.on_failure is not None and s.party is not None
    ]
    return rule.values(names, expectations)


def with_walk_away_reservations(spec: ScenarioFile, values: dict[str, WalkAway]) -> ScenarioFile:
    """``spec`` with every party's reservation value set to its walk-away value (a hand-written one
    that differs is a located error)."""
    parties = []
    for index, party in enumerate(spec.parties):
        derived = values[party.name].value
        if "reservation_value" in party.model_fields_set and not math.isclose(
            party.reservation_value, derived, abs_tol=1e-9
        ):
            raise Located(
                ("parties", index, "reservation_value"),
                f"{party.reservation_value:g} differs from {derived:.6g}, the walk-away value the no_deal "
                "rule derives from the side's statements; leave it out",
            )
        parties.append(party.model_copy(update={"reservation_value": derived}))
    return spec.model_copy(update={"parties": parties})


def no_deal_state(spec: NoDealSpec, values: dict[str, WalkAway]) -> NoDeal:
    """The plan's no-deal state: its words, each side's value and the line explaining it."""
    basis = tuple(value.explain() for value in values.values())
    rule = RULE_NAME + (f" — {spec.assumption}" if spec.assumption else "")
    return NoDeal(spec.state, {party: value.value for party, value in values.items()}, basis, rule)
