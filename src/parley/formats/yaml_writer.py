"""The in-memory scenario as parley YAML: exact, or refused for what the format cannot hold."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import yaml

from parley.domain import (
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    Issue,
    OutcomeSpace,
    RealIssue,
)
from parley.formats.errors import ScenarioError
from parley.formats.process_schema import ProcessSections, Rung, ScenarioFile
from parley.formats.safe_write import check_file_target, write_text_file
from parley.formats.yaml_schema import (
    CategoricalIssueSpec,
    ConditionSpec,
    ConstraintSpec,
    HyperRectangleUtilitySpec,
    IntegerIssueSpec,
    IssueSpec,
    LinearUtilitySpec,
    LinearValueSpec,
    PartySpec,
    RangeSpec,
    RealIssueSpec,
    RectangleSpec,
    ScaleSpec,
    SourceSpec,
    StatementSpec,
    UtilitySpec,
    ValueSpec,
)
from parley.preferences import (
    HyperRectangleUtility,
    LinearAdditiveUtility,
    LinearValue,
    NormalizedUtility,
    TableValue,
    Utility,
    ValueFunction,
)
from parley.scenario import Party, Scenario, Source, Statement


def save_yaml(scenario: Scenario, path: str | Path, force: bool = True) -> None:
    """Write ``scenario`` as a parley YAML file (written whole to a temporary file, then moved; an
    existing file is replaced only with ``force``)."""
    path = check_file_target(path, force)
    write_text_file(path, dumps_yaml(scenario), force)


def dumps_yaml(scenario: Scenario) -> str:
    """The YAML text of ``scenario``."""
    data = to_spec(scenario).model_dump(mode="python", exclude_defaults=True)
    data = {"parley": ScenarioFile.model_fields["parley"].default, **data}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def to_spec(scenario: Scenario) -> ScenarioFile:
    """The schema object of ``scenario``; raises :class:`ScenarioError` for what YAML cannot hold."""
    meta = scenario.metadata
    return ScenarioFile(
        title=meta.title,
        description=meta.description,
        date=meta.date,
        venue=meta.venue,
        sources=[_source_spec(s) for s in meta.sources],
        statements=[_statement_spec(s) for s in meta.statements],
        issues=[_issue_spec(issue) for issue in scenario.space.issues],
        constraints=[_constraint_spec(c) for c in scenario.space.constraints],
        parties=[_party_spec(party, scenario.space) for party in scenario.parties],
        **_process_sections(scenario),
    )


def _process_sections(scenario: Scenario) -> dict[str, object]:
    """The delegations sections as the file had them (none for a scenario without a process)."""
    if scenario.process is None:
        return {}
    return dict(ProcessSections.model_validate(scenario.process.sections))


def _source_spec(source: Source) -> SourceSpec:
    return SourceSpec(title=source.title, url=source.url, date=source.date, note=source.note)


def _statement_spec(statement: Statement) -> StatementSpec:
    source = _source_spec(statement.source) if statement.source is not None else None
    return StatementSpec(
        speaker=statement.speaker,
        quote=statement.quote,
        kind=statement.kind.value,
        date=statement.date,
        source=source,
        issue=statement.issue,
        party=statement.party,
        on_failure=cast(Rung | None, statement.on_failure),
    )


def _issue_spec(issue: Issue) -> IssueSpec:
    if isinstance(issue, CategoricalIssue):
        return CategoricalIssueSpec(
            name=issue.name, type="categorical", options=list(issue.options), description=issue.description
        )
    if isinstance(issue, IntegerIssue):
        return IntegerIssueSpec(
            name=issue.name, type="integer", min=issue.low, max=issue.high, description=issue.description
        )
    if isinstance(issue, RealIssue):
        return RealIssueSpec(
            name=issue.name,
            type="real",
            min=issue.low,
            max=issue.high,
            steps=issue.steps,
            description=issue.description,
        )
    raise ScenarioError(None, issue.name, f"issue kind {type(issue).__name__} cannot be written to YAML")


def _condition_spec(condition: Condition) -> ConditionSpec:
    if condition.options is not None:
        return list(condition.options)
    return RangeSpec(min=condition.low, max=condition.high)


def _conditions_spec(conditions: tuple[Condition, ...]) -> dict[str, ConditionSpec]:
    return {c.issue: _condition_spec(c) for c in conditions}


def _constraint_spec(constraint: Constraint) -> ConstraintSpec:
    return ConstraintSpec(
        name=constraint.name, when=_conditions_spec(constraint.when), then=_conditions_spec(constraint.then)
    )


def _party_spec(party: Party, space: OutcomeSpace) -> PartySpec:
    preferences = party.preferences
    return PartySpec(
        name=party.name,
        description=party.description,
        utility=_utility_spec(preferences.utility, space, party.name),
        reservation_value=preferences.reservation_value,
        discount_factor=preferences.discount_factor,
        red_lines=_conditions_spec(preferences.red_lines),
    )


def _utility_spec(utility: Utility, space: OutcomeSpace, party: str) -> UtilitySpec:
    scale = None
    if isinstance(utility, NormalizedUtility):
        scale, utility = ScaleSpec(low=utility.low, high=utility.high), utility.base
    if isinstance(utility, LinearAdditiveUtility):
        weights = dict(zip(space.issue_names, utility.weights, strict=True))
        values = {i.name: _value_spec(f, i) for i, f in zip(space.issues, utility.values, strict=True)}
        return LinearUtilitySpec(type="linear", weights=weights, values=values, scale=scale)
    if isinstance(utility, HyperRectangleUtility):
        rectangles = [
            RectangleSpec(
                utility=r.utility, include=_conditions_spec(r.include), exclude=_conditions_spec(r.exclude)
            )
            for r in utility.rectangles
        ]
        return HyperRectangleUtilitySpec(
            type="hyperrectangles", rectangles=rectangles, normalizer=utility.normalizer, scale=scale
        )
    raise ScenarioError(None, f"party {party}", f"a {type(utility).__name__} cannot be written to YAML")


def _value_spec(function: ValueFunction, issue: Issue) -> ValueSpec:
    if isinstance(function, LinearValue):
        return LinearValueSpec(slope=function.slope, intercept=function.intercept, clip=function.clip)
    if isinstance(function, TableValue):
        return {issue.value(i): value for i, value in enumerate(function.values)}
    raise ScenarioError(None, issue.name, f"a {type(function).__name__} cannot be written to YAML")
