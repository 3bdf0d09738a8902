"""From a validated YAML scenario file to the in-memory model: issues, constraints, utilities, parties,
sources and statements, each checked against the others; a problem raises :class:`Located` with its
path inside the file (the loader adds the file and the line)."""

from __future__ import annotations

from collections.abc import Sequence

from parley.domain import (
    TABULATION_LIMIT,
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    Issue,
    IssueError,
    OutcomeSpace,
    RealIssue,
    SpaceTooLargeError,
)
from parley.formats.yaml_schema import (
    CategoricalIssueSpec,
    ConditionSpec,
    ConstraintSpec,
    IntegerIssueSpec,
    IssueSpec,
    LinearUtilitySpec,
    LinearValueSpec,
    PartySpec,
    RangeSpec,
    RectangleSpec,
    ScenarioCore,
    SourceSpec,
    StatementSpec,
    UtilitySpec,
    ValueSpec,
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
from parley.scenario import Metadata, Party, PathT, Source, Statement, StatementKind


class Located(Exception):  # noqa: N818 (a signal carrying a location, caught by the loader)
    """A problem at a path inside the file, turned into a ScenarioError (with the line) by the loader."""

    def __init__(self, path: PathT, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def build_core(spec: ScenarioCore) -> tuple[OutcomeSpace, tuple[Party, ...], Metadata]:
    """The outcome space, the parties and the metadata of a validated file (raises :class:`Located`)."""
    issues = tuple(_issue(issue, ("issues", i)) for i, issue in enumerate(spec.issues))
    _check_unique([issue.name for issue in issues], "issues", "issue")
    by_name = {issue.name: issue for issue in issues}
    constraints = tuple(_constraint(c, by_name, ("constraints", i)) for i, c in enumerate(spec.constraints))
    try:
        space = OutcomeSpace(issues, constraints)
    except IssueError as error:
        raise Located(("constraints",), str(error)) from None
    _check_feasible(space)
    _check_unique([party.name for party in spec.parties], "parties", "party")
    parties = tuple(_party(party, space, ("parties", i)) for i, party in enumerate(spec.parties))
    sources = tuple(_source(s) for s in spec.sources)
    statements = tuple(_statement(s, by_name, ("statements", i)) for i, s in enumerate(spec.statements))
    check_statement_sides(spec.statements, [party.name for party in spec.parties])
    metadata = Metadata(spec.title, spec.description, spec.date, spec.venue, sources, statements)
    return space, parties, metadata


def check_statement_sides(statements: Sequence[StatementSpec], names: Sequence[str]) -> None:
    """Every statement's ``party`` is a party of the file, and a statement coded ``on_failure`` has one
    (the walk-away rule counts it for that side)."""
    for i, statement in enumerate(statements):
        if statement.party is not None and statement.party not in names:
            raise Located(
                ("statements", i, "party"),
                f"unknown party {statement.party!r}; parties are {', '.join(names)}",
            )
        if statement.on_failure is not None and statement.party is None:
            raise Located(
                ("statements", i, "on_failure"),
                "a statement coded on_failure needs the party its speaker speaks for",
            )


def _check_feasible(space: OutcomeSpace) -> None:
    """Refuse constraints that forbid every outcome (checked when their combinations can be listed)."""
    if not space.constraints:
        return
    try:
        empty = space.feasible_count == 0
    except SpaceTooLargeError:
        return  # too many combinations to check here; sampling and enumeration report it if it happens
    if empty:
        problem = "the constraints leave no feasible outcome: they rule out every package"
        raise Located(("constraints",), problem)


def _source(spec: SourceSpec) -> Source:
    return Source(spec.title, spec.url, spec.date, spec.note)


def _statement(spec: StatementSpec, issues: dict[str, Issue], path: PathT) -> Statement:
    """A statement; the issue it concerns, if any, must exist."""
    if spec.issue is not None and spec.issue not in issues:
        raise Located((*path, "issue"), f"unknown issue {spec.issue!r}; issues are {', '.join(issues)}")
    source = _source(spec.source) if spec.source is not None else None
    kind = StatementKind(spec.kind)
    return Statement(
        spec.speaker, spec.quote, kind, spec.date, source, spec.issue, spec.party, spec.on_failure
    )


def _check_unique(names: list[str], field: str, what: str) -> None:
    for index, name in enumerate(names):
        if name in names[:index]:
            raise Located((field, index, "name"), f"{what} name {name!r} is used twice")


def _issue(spec: IssueSpec, path: PathT) -> Issue:
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


def build_condition(issue_name: str, spec: ConditionSpec, issues: dict[str, Issue], path: PathT) -> Condition:
    """A condition checked against its issue (unknown issue or option: located error)."""
    if issue_name not in issues:
        raise Located(path, f"unknown issue {issue_name!r}; issues are {', '.join(issues)}")
    try:
        if isinstance(spec, RangeSpec):
            condition = Condition(issue_name, low=spec.min, high=spec.max)
        else:
            condition = Condition(issue_name, options=tuple(spec))
        condition.mask(issues[issue_name])
    except IssueError as error:
        raise Located(path, str(error)) from None
    return condition


def _conditions(
    specs: dict[str, ConditionSpec], issues: dict[str, Issue], path: PathT
) -> tuple[Condition, ...]:
    return tuple(build_condition(name, spec, issues, (*path, name)) for name, spec in specs.items())


def _constraint(spec: ConstraintSpec, issues: dict[str, Issue], path: PathT) -> Constraint:
    when = _conditions(spec.when, issues, (*path, "when"))
    then = _conditions(spec.then, issues, (*path, "then"))
    return Constraint(when, then, spec.name)


def _party(spec: PartySpec, space: OutcomeSpace, path: PathT) -> Party:
    issues = {issue.name: issue for issue in space.issues}
    utility = build_utility(spec.utility, space, (*path, "utility"))
    red_lines = _conditions(spec.red_lines, issues, (*path, "red_lines"))
    preferences = Preferences(space, utility, spec.reservation_value, spec.discount_factor, red_lines)
    return Party(spec.name, preferences, spec.description)


def build_utility(spec: UtilitySpec, space: OutcomeSpace, path: PathT) -> Utility:
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


def _rectangle(spec: RectangleSpec, issues: dict[str, Issue], path: PathT) -> HyperRectangle:
    include = _conditions(spec.include, issues, (*path, "include"))
    return HyperRectangle(spec.utility, include, _conditions(spec.exclude, issues, (*path, "exclude")))


def _linear(spec: LinearUtilitySpec, space: OutcomeSpace, path: PathT) -> LinearAdditiveUtility:
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


def _value(spec: ValueSpec, issue: Issue, path: PathT) -> ValueFunction:
    """A value function for ``issue``: a linear one for numeric issues, or a table naming every option."""
    if isinstance(spec, LinearValueSpec):
        if isinstance(issue, CategoricalIssue):
            raise Located(
                path, f"issue {issue.name!r} is categorical: give a value for each option, not a slope"
            )
        if spec.clip is not None and spec.clip[0] > spec.clip[1]:
            raise Located((*path, "clip"), f"clip range {list(spec.clip)} is empty")
        return LinearValue(spec.slope, spec.intercept, spec.clip)
    if issue.size > TABULATION_LIMIT:
        raise Located(
            path,
            f"issue {issue.name!r} holds {issue.size:,} values, too many for a value per option "
            f"(at most {TABULATION_LIMIT:,}); give a linear value (slope, intercept) instead",
        )
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
