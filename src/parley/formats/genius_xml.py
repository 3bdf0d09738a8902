"""GENIUS XML domains and profiles ⇄ parley outcome spaces and preferences.

Reading follows GENIUS exactly and keeps the file's own utility scale (nothing is renormalised):

* discrete issue: table value = evaluation / (largest evaluation of that issue) (``EvaluatorDiscrete``);
  an item without ``evaluation`` counts 0; all evaluations 0 gives a table of zeros (GENIUS would
  divide by zero); a negative largest evaluation is refused. Duplicated item values: the last one
  wins, as in GENIUS's value map (other-AMPOvsCity lists ``value="0"`` twice).
* integer issue: ``offset + slope·(v − lowerbound)`` → ``LinearValue(slope, offset − slope·lowerbound)``.
* real issue: ``parameter0 + parameter1·x`` → ``LinearValue(parameter1, parameter0)`` (``ftype``
  ``constant`` → ``parameter0``), discretised into ``real_steps`` points.
* both clamped to [0, 1] as GENIUS's ``EvaluatorInteger``/``EvaluatorReal`` do (``clip=(0, 1)``;
  other-IntegerDomain's price evaluation reaches 1.1 before the clamp).
* weights ``<weight index=i>`` link to the issue with that ``index`` in the same file; a missing
  weight or evaluator is an error. An issue without type attributes is discrete (other-AMPOvsCity).
* ANAC 2014 ``<utility maxutility>`` with one ``PlainUfun``/``sum`` ufun of hyper-rectangles →
  :class:`HyperRectangleUtility`; ``INCLUDES``/``EXCLUDES`` ``index`` is the 1-based issue index.
* ``discount_factor`` 0, 1 or absent → no discount; ``reservation`` absent → 0. ``type="UNCERTAIN"``
  profiles (genius-partydomain) are read as their underlying linear profile; ``similarity_function``
  blocks (anac2011-Car) are ignored, as GENIUS's additive space ignores them.

Writing is exact or refused: discrete contributions become evaluation ``c/max c`` with weight
``max c``; a constant offset (from a :class:`NormalizedUtility`) or negative discrete values are
absorbed by shifting constants between issues when that keeps every evaluation non-negative,
otherwise a :class:`ScenarioError` explains why GENIUS cannot hold the profile. Red lines and
constrained spaces are refused. XML is parsed only through ``defusedxml``: DTDs, entities and
external references are refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # building and serialising only; parsing uses defusedxml
from dataclasses import dataclass
from pathlib import Path

from parley.domain import (
    CategoricalIssue,
    Condition,
    IntegerIssue,
    Issue,
    IssueError,
    OutcomeSpace,
    RealIssue,
)
from parley.formats._xml import XmlDocument, float_attr, int_attr, number_attr, parse_xml, text_attr
from parley.formats.genius_xml_writer import (
    genius_domain_xml,
    genius_profile_xml,
    write_genius_domain,
    write_genius_profile,
)
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    LinearValue,
    Preferences,
    TableValue,
    Utility,
    ValueFunction,
)

__all__ = [
    "classify",
    "genius_domain_xml",
    "genius_profile_xml",
    "issue_specs",
    "parse_xml",
    "read_genius_domain",
    "read_genius_profile",
    "write_genius_domain",
    "write_genius_profile",
]

PROFILE_MARKERS = ("weight", "evaluator", "utility")

#: GENIUS clamps the evaluations of integer and real issues to [0, 1].
GENIUS_CLAMP = (0.0, 1.0)


# --- issues -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueSpec:
    """One ``<issue>`` element: its index, the issue it defines, and where it sits in the file."""

    index: int | None
    issue: Issue
    element: ET.Element
    location: str


def _kind(doc: XmlDocument, element: ET.Element, location: str) -> str:
    """The issue type from ``type``/``vtype``/``etype`` (absent: discrete)."""
    kinds = {element.get(a) for a in ("type", "vtype", "etype")} - {None}
    if len(kinds) > 1:
        raise doc.error(element, location, f"conflicting issue types {sorted(k for k in kinds if k)}")
    kind = kinds.pop() if kinds else "discrete"
    if kind not in ("discrete", "integer", "real"):
        raise doc.error(
            element, location, f"unsupported issue type {kind!r} (nested objectives are not supported)"
        )
    return str(kind)


def _issue(doc: XmlDocument, element: ET.Element, location: str, real_steps: int) -> Issue:
    """Build the parley issue an ``<issue>`` element defines."""
    name = text_attr(doc, element, location, "name")
    kind = _kind(doc, element, location)
    try:
        if kind == "integer":
            low = int_attr(doc, element, location, "lowerbound")
            return IntegerIssue(name, low, int_attr(doc, element, location, "upperbound"))
        if kind == "real":
            bounds = element.find("range")
            where = f"{location}/range"
            if bounds is None:
                raise doc.error(element, location, "a real issue needs a <range> child")
            low_r = float_attr(doc, bounds, where, "lowerbound")
            return RealIssue(name, low_r, float_attr(doc, bounds, where, "upperbound"), steps=real_steps)
        options = [
            text_attr(doc, item, f"{location}/item[{k}]", "value")
            for k, item in enumerate(element.findall("item"), 1)
        ]
        return CategoricalIssue(name, tuple(dict.fromkeys(options)))
    except IssueError as exc:
        raise doc.error(element, location, str(exc)) from None


def utility_space_of(doc: XmlDocument) -> tuple[ET.Element, str]:
    """The ``<utility_space>`` element (the root, or a child of ``<negotiation_template>``)."""
    if doc.root.tag == "utility_space":
        return doc.root, "utility_space"
    if doc.root.tag == "negotiation_template":
        space = doc.root.find("utility_space")
        if space is None:
            raise doc.error(doc.root, "negotiation_template", "no <utility_space> element")
        return space, "negotiation_template/utility_space"
    raise doc.error(doc.root, doc.root.tag, f"not a GENIUS file: root element is <{doc.root.tag}>")


def objective_of(doc: XmlDocument) -> tuple[ET.Element, str]:
    """The single root ``<objective>`` and its location."""
    space, location = utility_space_of(doc)
    objectives = space.findall("objective")
    if len(objectives) != 1:
        raise doc.error(space, location, f"expected exactly one <objective>, found {len(objectives)}")
    if objectives[0].find("objective") is not None:
        raise doc.error(objectives[0], f"{location}/objective", "nested objectives are not supported")
    return objectives[0], f"{location}/objective"


def issue_specs(doc: XmlDocument, real_steps: int = 11) -> list[IssueSpec]:
    """Every ``<issue>`` of the file, in file order."""
    objective, location = objective_of(doc)
    specs = []
    for k, element in enumerate(objective.findall("issue"), 1):
        where = f"{location}/issue[{k}]"
        index = int_attr(doc, element, where, "index") if element.get("index") is not None else None
        specs.append(IssueSpec(index, _issue(doc, element, where, real_steps), element, where))
    return specs


def classify(doc: XmlDocument) -> str:
    """``"domain"`` or ``"profile"``, decided by content; raises when the file is neither."""
    if doc.root.tag == "negotiation_template":
        return "domain"
    objective, _ = objective_of(doc)
    markers = any(next(objective.iter(m), None) is not None for m in PROFILE_MARKERS)
    markers = markers or doc.root.find("utility") is not None
    if markers or any(item.get("evaluation") is not None for item in objective.iter("item")):
        return "profile"
    if objective.find("issue") is not None:
        return "domain"
    raise doc.error(
        doc.root, "utility_space", "neither a domain (no issues) nor a profile (no weights or utility)"
    )


def _space(doc: XmlDocument, specs: list[IssueSpec]) -> OutcomeSpace:
    """The outcome space of a list of issue specs."""
    if not specs:
        raise doc.error(doc.root, objective_of(doc)[1], "the objective has no <issue> elements")
    try:
        return OutcomeSpace(tuple(spec.issue for spec in specs))
    except IssueError as exc:
        raise doc.error(doc.root, objective_of(doc)[1], str(exc)) from None


def read_genius_domain(path: str | Path, real_steps: int = 11) -> OutcomeSpace:
    """The outcome space of a GENIUS domain file (or of a self-contained profile's issue list)."""
    return genius_domain(parse_xml(Path(path)), real_steps)


def genius_domain(doc: XmlDocument, real_steps: int = 11) -> OutcomeSpace:
    """The outcome space of a parsed GENIUS domain (or self-contained profile)."""
    return _space(doc, issue_specs(doc, real_steps))


# --- profiles -------------------------------------------------------------------------------------
def _match(doc: XmlDocument, specs: list[IssueSpec], space: OutcomeSpace) -> dict[str, IssueSpec]:
    """Check the profile's issues against the domain's; returns the specs by issue name."""
    by_name: dict[str, IssueSpec] = {}
    for spec in specs:
        name = spec.issue.name
        if name not in space.issue_names:
            raise doc.error(
                spec.element, spec.location, f"issue {name!r} is not in the domain {list(space.issue_names)}"
            )
        domain_issue = space.issues[space.issue_position(name)]
        if type(domain_issue) is not type(spec.issue):
            raise doc.error(
                spec.element,
                spec.location,
                f"issue {name!r} is {spec.issue.kind} here but {domain_issue.kind} in the domain",
            )
        if isinstance(domain_issue, CategoricalIssue):
            unknown = set(spec.issue.values()) - set(domain_issue.options)
            if unknown:
                raise doc.error(
                    spec.element,
                    spec.location,
                    f"values {sorted(unknown)} of issue {name!r} are not in the domain",
                )
        elif (spec.issue.low, spec.issue.high) != (domain_issue.low, domain_issue.high):  # type: ignore[attr-defined]
            raise doc.error(
                spec.element,
                spec.location,
                f"bounds of issue {name!r} differ from the domain's {domain_issue}",
            )
        by_name[name] = spec
    return by_name


def _discrete_table(doc: XmlDocument, spec: IssueSpec, issue: CategoricalIssue, weight: float) -> TableValue:
    """GENIUS EvaluatorDiscrete: evaluation / max evaluation, per option of the domain issue."""
    evaluations: dict[str, float] = {}
    for k, item in enumerate(spec.element.findall("item"), 1):
        if item.get("evaluation") is not None:
            evaluations[item.get("value", "")] = float_attr(
                doc, item, f"{spec.location}/item[{k}]", "evaluation"
            )
    if not evaluations and weight != 0:
        raise doc.error(
            spec.element, spec.location, f"issue {issue.name!r} has weight {weight} but no evaluations"
        )
    top = max(evaluations.values(), default=0.0)
    if top < 0:
        raise doc.error(
            spec.element, spec.location, "all evaluations are negative; GENIUS divides them by their maximum"
        )
    return TableValue(
        tuple(evaluations.get(option, 0.0) / top if top > 0 else 0.0 for option in issue.options)
    )


def _evaluator(doc: XmlDocument, spec: IssueSpec) -> LinearValue:
    """GENIUS integer/real evaluator as a linear value function of the issue value."""
    element = spec.element.find("evaluator")
    where = f"{spec.location}/evaluator"
    if element is None:
        raise doc.error(
            spec.element, spec.location, f"{spec.issue.kind} issue {spec.issue.name!r} has no <evaluator>"
        )
    ftype = element.get("ftype", "")
    if isinstance(spec.issue, IntegerIssue) and ftype == "linear":
        slope = float_attr(doc, element, where, "slope")
        return LinearValue(
            slope=slope,
            intercept=float_attr(doc, element, where, "offset") - slope * spec.issue.low,
            clip=GENIUS_CLAMP,
        )
    if isinstance(spec.issue, RealIssue) and ftype == "linear":
        return LinearValue(
            slope=float_attr(doc, element, where, "parameter1"),
            intercept=float_attr(doc, element, where, "parameter0"),
            clip=GENIUS_CLAMP,
        )
    if isinstance(spec.issue, RealIssue) and ftype == "constant":
        return LinearValue(
            slope=0.0, intercept=float_attr(doc, element, where, "parameter0"), clip=GENIUS_CLAMP
        )
    raise doc.error(element, where, f"unsupported evaluator ftype {ftype!r} for a {spec.issue.kind} issue")


def _linear(doc: XmlDocument, space: OutcomeSpace, by_name: dict[str, IssueSpec]) -> LinearAdditiveUtility:
    """The additive utility: one weight and one value function per domain issue."""
    objective, location = objective_of(doc)
    indices = {spec.index: spec for spec in by_name.values()}
    weights: dict[str, float] = {}
    for k, element in enumerate(objective.findall("weight"), 1):
        where = f"{location}/weight[{k}]"
        index = int_attr(doc, element, where, "index")
        if index not in indices:
            raise doc.error(element, where, f"weight for index {index}, but no issue has that index")
        weights[indices[index].issue.name] = float_attr(doc, element, where, "value")
    values: list[ValueFunction] = []
    for issue in space.issues:
        spec = by_name.get(issue.name)
        if spec is None:
            raise doc.error(objective, location, f"the profile does not evaluate issue {issue.name!r}")
        if issue.name not in weights:
            raise doc.error(
                spec.element, spec.location, f"no <weight> for issue {issue.name!r} (index {spec.index})"
            )
        if isinstance(issue, CategoricalIssue):
            values.append(_discrete_table(doc, spec, issue, weights[issue.name]))
        else:
            values.append(_evaluator(doc, spec))
    return LinearAdditiveUtility(space, tuple(weights[i.name] for i in space.issues), tuple(values))


def _conditions(
    doc: XmlDocument, rect: ET.Element, where: str, tag: str, names: dict[int, str]
) -> tuple[Condition, ...]:
    """The INCLUDES or EXCLUDES conditions of one hyper-rectangle."""
    found = []
    for k, element in enumerate(rect.findall(tag), 1):
        at = f"{where}/{tag}[{k}]"
        index = int_attr(doc, element, at, "index")
        if index not in names:
            raise doc.error(element, at, f"no issue has index {index}")
        low, high = number_attr(doc, element, at, "min"), number_attr(doc, element, at, "max")
        found.append(Condition(names[index], low=low, high=high))
    return tuple(found)


def _hyperrectangles(
    doc: XmlDocument, space: OutcomeSpace, specs: list[IssueSpec], utility: ET.Element, where: str
) -> HyperRectangleUtility:
    """ANAC 2014 nonlinear utility: a sum of hyper-rectangle utilities over ``maxutility``."""
    names = {spec.index: spec.issue.name for spec in specs if spec.index is not None}
    names = names or {i + 1: name for i, name in enumerate(space.issue_names)}
    normalizer = float_attr(doc, utility, where, "maxutility")
    ufuns = list(utility)
    if len(ufuns) != 1 or ufuns[0].tag != "ufun":
        raise doc.error(utility, where, "expected exactly one <ufun> inside <utility>")
    ufun, where = ufuns[0], f"{where}/ufun"
    settings = (
        ufun.get("type", "PlainUfun"),
        ufun.get("aggregation", "sum"),
        float_attr(doc, ufun, where, "weight", 1.0),
    )
    if settings != ("PlainUfun", "sum", 1.0):
        raise doc.error(
            ufun, where, f"only type='PlainUfun' aggregation='sum' weight=1 is supported, got {settings}"
        )
    rectangles = []
    for k, rect in enumerate(ufun, 1):
        at = f"{where}/{rect.tag}[{k}]"
        if rect.tag != "hyperRectangle" or any(c.tag not in ("INCLUDES", "EXCLUDES") for c in rect):
            raise doc.error(
                rect, at, f"unsupported element <{rect.tag}> (expected hyperRectangle of INCLUDES/EXCLUDES)"
            )
        include = _conditions(doc, rect, at, "INCLUDES", names)
        exclude = _conditions(doc, rect, at, "EXCLUDES", names)
        rectangles.append(HyperRectangle(float_attr(doc, rect, at, "utility"), include, exclude))
    try:
        return HyperRectangleUtility(space, tuple(rectangles), normalizer=normalizer)
    except (IssueError, ValueError) as exc:
        raise doc.error(utility, where, str(exc)) from None


def read_genius_profile(
    path: str | Path, space: OutcomeSpace | None = None, real_steps: int = 11
) -> Preferences:
    """A party's preferences from a GENIUS profile, over ``space`` (default: the profile's own issues)."""
    return genius_profile(parse_xml(Path(path)), space, real_steps)


def genius_profile(doc: XmlDocument, space: OutcomeSpace | None = None, real_steps: int = 11) -> Preferences:
    """A party's preferences from a parsed GENIUS profile (see :func:`read_genius_profile`)."""
    if doc.root.tag != "utility_space":
        raise doc.error(doc.root, doc.root.tag, "this is a domain file, not a profile")
    specs = issue_specs(doc, real_steps)
    space = space if space is not None else _space(doc, specs)
    by_name = _match(doc, specs, space)
    objective, location = objective_of(doc)
    utility_element, at = objective.find("utility"), f"{location}/utility"
    if utility_element is None:
        utility_element, at = doc.root.find("utility"), "utility_space/utility"
    utility: Utility
    if utility_element is not None:
        utility = _hyperrectangles(doc, space, specs, utility_element, at)
    else:
        utility = _linear(doc, space, by_name)
    discount_element = doc.root.find("discount_factor")
    discount = 1.0
    if discount_element is not None:
        discount = float_attr(doc, discount_element, "utility_space/discount_factor", "value", 1.0)
        if not 0 <= discount <= 1:
            raise doc.error(
                discount_element,
                "utility_space/discount_factor",
                f"discount factor {discount} is outside [0, 1]",
            )
        discount = 1.0 if discount == 0 else discount
    reservation_element = doc.root.find("reservation")
    reservation = 0.0
    if reservation_element is not None:
        reservation = float_attr(doc, reservation_element, "utility_space/reservation", "value", 0.0)
    return Preferences(space, utility, reservation_value=reservation, discount_factor=discount)
