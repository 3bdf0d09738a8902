"""A plain, JSON-ready summary of a scenario: issues, outcome counts, parties and their settings.

It is the "analysis-ready" overview behind ``parley info`` and ``parley demo``: exact counts however
large the space, and, for spaces small enough to enumerate, what each party can get and how many
packages every party prefers to no agreement.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parley.domain import CategoricalIssue, Condition, IntegerIssue, Issue, RealIssue, SpaceTooLargeError
from parley.preferences import (
    HyperRectangleUtility,
    LinearAdditiveUtility,
    NormalizedUtility,
    Utility,
)
from parley.scenario import Party, Scenario, Statement

#: Spaces up to this size get the enumerated part of the summary (best packages, agreement zone).
ENUMERATION_LIMIT = 2_000_000


def summarize(scenario: Scenario, enumerate_limit: int = ENUMERATION_LIMIT) -> dict[str, Any]:
    """Everything ``parley info --json`` prints, as plain Python values."""
    space = scenario.space
    meta = scenario.metadata
    summary: dict[str, Any] = {
        "title": meta.title,
        "date": meta.date,
        "venue": meta.venue,
        "sources": [source.title for source in meta.sources],
        "statements": [_statement(statement) for statement in meta.statements],
        "issues": list(space.issue_names),
        "issue_details": [_issue_detail(issue) for issue in space.issues],
        "cardinality": space.cardinality,
        "outcomes": _feasible_count(scenario),
        "constraints": [_constraint_text(c.name, c.when, c.then) for c in space.constraints],
        "parties": list(scenario.party_names),
        "party_details": [_party_detail(party) for party in scenario.parties],
    }
    if space.cardinality <= enumerate_limit:
        summary["agreement"] = _agreement(scenario)
    return summary


def _statement(statement: Statement) -> dict[str, Any]:
    """A statement as plain values; a claim stays attributed to its speaker."""
    return {
        "speaker": statement.speaker,
        "kind": statement.kind.value,
        "date": statement.date,
        "quote": statement.quote,
        "issue": statement.issue,
        "source": None
        if statement.source is None
        else {"title": statement.source.title, "url": statement.source.url},
    }


def _feasible_count(scenario: Scenario) -> int:
    try:
        return scenario.space.feasible_count
    except SpaceTooLargeError:
        return scenario.space.cardinality


def _issue_detail(issue: Issue) -> dict[str, Any]:
    detail: dict[str, Any] = {"name": issue.name, "kind": issue.kind, "size": issue.size}
    if isinstance(issue, CategoricalIssue):
        detail["options"] = list(issue.options)
    elif isinstance(issue, IntegerIssue | RealIssue):
        detail["range"] = [issue.low, issue.high]
    return detail


def _condition_text(condition: Condition) -> str:
    if condition.options is not None:
        return f"{condition.issue} ∈ {{{', '.join(str(o) for o in condition.options)}}}"
    low = "-∞" if condition.low is None else f"{condition.low:g}"
    high = "∞" if condition.high is None else f"{condition.high:g}"
    return f"{condition.issue} ∈ [{low}, {high}]"


def _constraint_text(name: str, when: tuple[Condition, ...], then: tuple[Condition, ...]) -> str:
    condition = " and ".join(_condition_text(c) for c in when)
    rule = (
        f"if {condition} then {' and '.join(_condition_text(c) for c in then)}"
        if then
        else f"never {condition}"
    )
    return f"{name}: {rule}" if name else rule


def describe_utility(utility: Utility) -> str:
    """A short name for the kind of a utility."""
    if isinstance(utility, NormalizedUtility):
        return f"normalised {describe_utility(utility.base)}"
    if isinstance(utility, LinearAdditiveUtility):
        return "linear additive"
    if isinstance(utility, HyperRectangleUtility):
        return f"hyper-rectangles ({len(utility.rectangles)})"
    return type(utility).__name__


def _party_detail(party: Party) -> dict[str, Any]:
    preferences = party.preferences
    detail: dict[str, Any] = {
        "name": party.name,
        "utility": describe_utility(preferences.utility),
        "reservation_value": preferences.reservation_value,
        "discount_factor": preferences.discount_factor,
        "red_lines": [_condition_text(c) for c in preferences.red_lines],
    }
    if isinstance(preferences.utility, LinearAdditiveUtility):
        names = preferences.space.issue_names
        detail["weights"] = dict(zip(names, preferences.utility.weights, strict=True))
    return detail


def _agreement(scenario: Scenario) -> dict[str, Any]:
    """Enumerated facts: each party's best package and how many packages all parties accept."""
    outcomes = scenario.space.all_outcomes(limit=ENUMERATION_LIMIT)
    if not len(outcomes):
        return {"acceptable_to_all": 0, "best_for": {}}
    utilities = [party.preferences.evaluate(outcomes) for party in scenario.parties]
    accepted = [party.preferences.acceptable(outcomes) for party in scenario.parties]
    best_for = {
        party.name: _package(scenario, outcomes[int(np.argmax(values))])
        for party, values in zip(scenario.parties, utilities, strict=True)
    }
    acceptable = {party.name: int(mask.sum()) for party, mask in zip(scenario.parties, accepted, strict=True)}
    return {
        "acceptable_to": acceptable,
        "acceptable_to_all": int(np.logical_and.reduce(accepted).sum()),
        "best_for": best_for,
        "utility_ranges": {
            party.name: _finite_range(values)
            for party, values in zip(scenario.parties, utilities, strict=True)
        },
    }


def _finite_range(values: np.ndarray) -> list[float] | None:
    finite = values[np.isfinite(values)]
    return [float(finite.min()), float(finite.max())] if len(finite) else None


def _package(scenario: Scenario, outcome: np.ndarray) -> dict[str, Any]:
    values = [party.preferences.evaluate(outcome[None, :])[0] for party in scenario.parties]
    return {
        "package": scenario.space.values_of(outcome),
        "utilities": {
            p.name: (float(v) if np.isfinite(v) else None)
            for p, v in zip(scenario.parties, values, strict=True)
        },
    }
