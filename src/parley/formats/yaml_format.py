"""parley's own YAML scenario format: load (with located errors), save, round-trip.

Loading runs in three steps, each of which reports the file, the path inside it and the line:
YAML syntax (PyYAML), shapes and types (the pydantic schema), then meaning (names and options that
must match the issues) while the in-memory :class:`Scenario` is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from parley.domain import (
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    Issue,
    IssueError,
    OutcomeSpace,
    RealIssue,
)
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    LinearValue,
    NormalizedUtility,
    Preferences,
    TableValue,
    Utility,
    ValueFunction,
)
from parley.scenarios import yaml_locate
from parley.scenarios.errors import ScenarioError, format_location
from parley.scenarios.model import Metadata, Party, Scenario, Source, Statement, StatementKind
from parley.scenarios.process_schema import ProcessSections, ScenarioFile
from parley.scenarios.yaml_schema import (
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

Path_ = tuple[str | int, ...]
#: Refuse documents whose aliases expand to more values than this (the YAML "billion laughs").
MAX_EXPANDED_NODES = 1_000_000


class Located(Exception):  # noqa: N818 (a signal carrying a location, caught by the loader)
    """A problem at a path inside the file, turned into a ScenarioError (with the line) by the loader."""

    def __init__(self, path: Path_, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


# --- loading ----------------------------------------------------------------------------------------
def load_yaml(path: str | Path) -> Scenario:
    """Read a scenario file; raises :class:`ScenarioError` naming the file, place and problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(path, "", f"cannot read the file: {error}") from None
    return loads_yaml(text, file=path)


def loads_yaml(text: str, file: str | Path | None = None) -> Scenario:
    """Parse a scenario from YAML text (``file`` only names it in error messages)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None and yaml_locate.expanded_size(root) > MAX_EXPANDED_NODES:
            raise ScenarioError(
                file, "", f"the document expands to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)"
            )
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(file, "", f"not valid YAML: {problem}", line=line) from None
    if not isinstance(data, dict):
        raise ScenarioError(file, "", "a scenario file must be a YAML mapping with issues and parties")
    try:
        spec = ScenarioFile.model_validate(data)
    except ValidationError as error:
        raise _schema_error(error, data, root, file) from None
    try:
        return from_spec(spec)
    except Located as located:
        line = yaml_locate.line_of(root, located.path)
        raise ScenarioError(file, format_location(located.path), located.problem, line=line) from None


def _schema_error(
    error: ValidationError, data: Any, root: yaml.Node | None, file: str | Path | None
) -> ScenarioError:
    """The first schema violation, located; the count of the others is mentioned."""
    first = error.errors()[0]
    path = yaml_locate.clean_path(first["loc"], data)
    more = error.error_count() - 1
    problem = first["msg"] + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
    return ScenarioError(file, format_location(path), problem, line=yaml_locate.line_of(root, path))


def from_spec(spec: ScenarioFile) -> Scenario:
    """Build the in-memory scenario from a validated schema object (raises ``Located``)."""
    issues = tuple(_issue(issue, ("issues", i)) for i, issue in enumerate(spec.issues))
    _check_unique([issue.name for issue in issues], "issues", "issue")
    by_name = {issue.name: issue for issue in issues}
    constraints = tuple(_constraint(c, by_name, ("constraints", i)) for i, c in enumerate(spec.constraints))
    try:
        space = OutcomeSpace(issues, constraints)
    except IssueError as error:
        raise Located(("constraints",), str(error)) from None
    _check_unique([party.name for party in spec.parties], "parties", "party")
    parties = tuple(_party(party, space, ("parties", i)) for i, party in enumerate(spec.parties))
    sources = tuple(_source(s) for s in spec.sources)
    statements = tuple(_statement(s, by_name, ("statements", i)) for i, s in enumerate(spec.statements))
    metadata = Metadata(spec.title, spec.description, spec.date, spec.venue, sources, statements)
    process = _process_sections(spec)
    if process is not None:
        from parley.scenarios.process_format import build_process  # the process layer sits above this module

        build_process(space, parties, process)  # checks every name now; errors are located
    return Scenario(space, parties, metadata, process)


def _process_sections(spec: ScenarioFile) -> ProcessSections | None:
    """The delegations sections as read (None when the file has none)."""
    sections = ProcessSections(**{name: getattr(spec, name) for name in ProcessSections.model_fields})
    return sections if sections.model_dump(exclude_defaults=True) else None


def _source(spec: SourceSpec) -> Source:
    return Source(spec.title, spec.url, spec.date, spec.note)


def _statement(spec: StatementSpec, issues: dict[str, Issue], path: Path_) -> Statement:
    """A statement; the issue it concerns, if any, must exist."""
    if spec.issue is not None and spec.issue not in issues:
        raise Located((*path, "issue"), f"unknown issue {spec.issue!r}; issues are {', '.join(issues)}")
    source = _source(spec.source) if spec.source is not None else None
    return Statement(spec.speaker, spec.quote, StatementKind(spec.kind), spec.date, source, spec.issue)


def _check_unique(names: list[str], field: str, what: str) -> None:
    for index, name in enumerate(names):
        if name in names[:index]:
            raise Located((field, index, "name"), f"{what} name {name!r} is used twice")


def _issue(spec: IssueSpec, path: Path_) -> Issue:
    try:
        if isinstance(spec, CategoricalIssueSpec):
            return CategoricalIssue(
                spec.name, tuple(str(o) for o in spec.options), description=spec.description
            )
        if isinstance(spec, IntegerIssueSpec):
            return IntegerIssue(spec.name, spec.min, spec.max, description=spec.description)
        return RealIssue(spec.name, spec.min, spec.max, spec.steps, description=spec.description)
    except IssueError as error:
        raise Located(path, str(error)) from None


def build_condition(issue_name: str, spec: ConditionSpec, issues: dict[str, Issue], path: Path_) -> Condition:
    """A condition checked against its issue (unknown issue or option: located error)."""
    if issue_name not in issues:
        raise Located(path, f"unknown issue {issue_name!r}; issues are {', '.join(issues)}")
    if isinstance(spec, RangeSpec):
        condition = Condition(issue_name, low=spec.min, high=spec.max)
    else:
        condition = Condition(issue_name, options=tuple(spec))
    try:
        condition.mask(issues[issue_name])
    except IssueError as error:
        raise Located(path, str(error)) from None
    return condition


def _conditions(
    specs: dict[str, ConditionSpec], issues: dict[str, Issue], path: Path_
) -> tuple[Condition, ...]:
    return tuple(build_condition(name, spec, issues, (*path, name)) for name, spec in specs.items())


def _constraint(spec: ConstraintSpec, issues: dict[str, Issue], path: Path_) -> Constraint:
    when = _conditions(spec.when, issues, (*path, "when"))
    then = _conditions(spec.then, issues, (*path, "then"))
    return Constraint(when, then, spec.name)


def _party(spec: PartySpec, space: OutcomeSpace, path: Path_) -> Party:
    issues = {issue.name: issue for issue in space.issues}
    utility = build_utility(spec.utility, space, (*path, "utility"))
    red_lines = _conditions(spec.red_lines, issues, (*path, "red_lines"))
    preferences = Preferences(space, utility, spec.reservation_value, spec.discount_factor, red_lines)
    return Party(spec.name, preferences, spec.description)


def build_utility(spec: UtilitySpec, space: OutcomeSpace, path: Path_) -> Utility:
    base: Utility
    if isinstance(spec, LinearUtilitySpec):
        base = _linear(spec, space, path)
    else:
        issues = {issue.name: issue for issue in space.issues}
        rectangles = tuple(
            _rectangle(r, issues, (*path, "rectangles", i)) for i, r in enumerate(spec.rectangles)
        )
        base = HyperRectangleUtility(space, rectangles, spec.normalizer)
    if spec.scale is not None:
        return NormalizedUtility(base, spec.scale.low, spec.scale.high)
    return base


def _rectangle(spec: RectangleSpec, issues: dict[str, Issue], path: Path_) -> HyperRectangle:
    include = _conditions(spec.include, issues, (*path, "include"))
    return HyperRectangle(spec.utility, include, _conditions(spec.exclude, issues, (*path, "exclude")))


def _linear(spec: LinearUtilitySpec, space: OutcomeSpace, path: Path_) -> LinearAdditiveUtility:
    for field in ("weights", "values"):
        given = getattr(spec, field)
        for name in given:
            if name not in space.issue_names:
                raise Located(
                    (*path, field, name), f"unknown issue {name!r}; issues are {', '.join(space.issue_names)}"
                )
        missing = [name for name in space.issue_names if name not in given]
        if missing:
            raise Located(
                (*path, field), f"no {field[:-1]} for issue{'s' * (len(missing) > 1)} {', '.join(missing)}"
            )
    values = tuple(_value(spec.values[i.name], i, (*path, "values", i.name)) for i in space.issues)
    return LinearAdditiveUtility(space, tuple(spec.weights[name] for name in space.issue_names), values)


def _value(spec: ValueSpec, issue: Issue, path: Path_) -> ValueFunction:
    """A value function for ``issue``: a linear one for numeric issues, or a table naming every option."""
    if isinstance(spec, LinearValueSpec):
        if isinstance(issue, CategoricalIssue):
            raise Located(
                path, f"issue {issue.name!r} is categorical: give a value for each option, not a slope"
            )
        if spec.clip is not None and spec.clip[0] > spec.clip[1]:
            raise Located((*path, "clip"), f"clip range {list(spec.clip)} is empty")
        return LinearValue(spec.slope, spec.intercept, spec.clip)
    table: list[float | None] = [None] * issue.size
    for option, value in spec.items():
        try:
            index = issue.index_of(option)
        except IssueError as error:
            raise Located((*path, str(option)), str(error)) from None
        if table[index] is not None:
            raise Located((*path, str(option)), f"option {option!r} is given a value twice")
        table[index] = value
    missing = [str(issue.value(i)) for i, value in enumerate(table) if value is None]
    if missing:
        raise Located(path, f"no value for option{'s' * (len(missing) > 1)} {', '.join(missing)}")
    return TableValue(tuple(v for v in table if v is not None))


# --- saving -----------------------------------------------------------------------------------------
def save_yaml(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` as a parley YAML file (written whole to a temporary file, then moved)."""
    path = Path(path)
    text = dumps_yaml(scenario)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


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
        **(dict(scenario.process) if scenario.process is not None else {}),
    )


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
