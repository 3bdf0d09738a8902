"""Writing GENIUS XML: domains and self-contained profiles, exact or refused (see :mod:`genius_xml`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # building and serialising only
from pathlib import Path

import numpy as np

from parley.domain import (
    CategoricalIssue,
    Condition,
    IntegerIssue,
    Issue,
    OutcomeSpace,
    RealIssue,
)
from parley.formats._encoding import (
    Additive,
    EncodingError,
    additive_form,
    check_plain,
    render_exactly,
    shifts,
    unwrap,
)
from parley.formats.safe_write import write_text_file
from parley.preferences import HyperRectangle, HyperRectangleUtility, Preferences

# --- writing ----------------------------------------------------------------------------------------
_KINDS = {"categorical": "discrete", "integer": "integer", "real": "real"}


def _fmt(value: float) -> str:
    """Shortest text that reads back as the same double."""
    return repr(float(value))


def _issue_element(issue: Issue, index: int) -> ET.Element:
    """The ``<issue>`` element of one parley issue (no evaluations)."""
    kind = _KINDS[issue.kind]
    attrs = {"index": str(index), "name": issue.name, "etype": kind, "type": kind, "vtype": kind}
    if isinstance(issue, IntegerIssue):
        attrs |= {"lowerbound": str(issue.low), "upperbound": str(issue.high)}
    element = ET.Element("issue", attrs)
    if isinstance(issue, CategoricalIssue):
        for k, option in enumerate(issue.options, 1):
            ET.SubElement(element, "item", {"index": str(k), "value": option})
    elif isinstance(issue, RealIssue):
        ET.SubElement(element, "range", {"lowerbound": _fmt(issue.low), "upperbound": _fmt(issue.high)})
    return element


def _utility_space(space: OutcomeSpace) -> tuple[ET.Element, ET.Element, list[ET.Element]]:
    """``<utility_space>``, its ``<objective>`` and the issue elements, for ``space``."""
    root = ET.Element("utility_space", {"number_of_issues": str(len(space.issues))})
    objective_attrs = {
        "index": "0",
        "etype": "objective",
        "type": "objective",
        "description": "",
        "name": "root",
    }
    objective = ET.SubElement(root, "objective", objective_attrs)
    issues = [_issue_element(issue, i + 1) for i, issue in enumerate(space.issues)]
    objective.extend(issues)
    return root, objective, issues


def _serialise(root: ET.Element) -> str:
    """Indented XML text with a declaration."""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def genius_domain_xml(space: OutcomeSpace) -> str:
    """The GENIUS domain file (``negotiation_template``) of ``space``."""
    if space.constraints:
        raise EncodingError("GENIUS cannot express constraints on the outcome space")
    template = ET.Element("negotiation_template")
    template.append(_utility_space(space)[0])
    return _serialise(template)


def _write_additive(objective: ET.Element, issues: list[ET.Element], form: Additive) -> None:
    """Evaluations, evaluators and weights that reproduce ``form`` exactly under GENIUS's rules.

    Every evaluation ends up in [0, 1] (GENIUS divides discrete evaluations by their maximum and clamps
    integer/real ones to [0, 1]): each issue's contribution is shifted to be non-negative (the shifts
    sum to the utility's constant) and divided by its maximum, which becomes the weight. A value line
    that GENIUS's clamp cuts is written unchanged, which is exact only for an unscaled profile.
    """
    if form.clamped and (form.scale != 1 or form.constant != 0):
        raise EncodingError("a clamped value line cannot be rescaled exactly; write the profile unnormalised")
    contributions = form.contributions
    movable = [i for i in range(len(contributions)) if i not in form.clamped]
    moved = shifts([float(contributions[i].min()) for i in movable], form.constant) if movable else []
    shift = dict(zip(movable, moved, strict=True))
    for i, (issue, element, line) in enumerate(zip(form.base.space.issues, issues, form.lines, strict=True)):
        if i in form.clamped:
            assert line is not None
            _write_line(element, issue, *line)
            weight = form.base.weights[i]
        else:
            values = contributions[i] + shift[i]
            top = float(values.max())
            weight = top if top > 0 else 0.0
            if line is None:
                evaluations = np.maximum(values / top, 0.0) if top > 0 else np.zeros_like(values)
                for item, evaluation in zip(element.findall("item"), evaluations, strict=True):
                    item.set("evaluation", _fmt(evaluation))
            else:
                factor = form.scale * form.base.weights[i] / top if top > 0 else 0.0
                offset = shift[i] / top if top > 0 else 0.0
                _write_line(element, issue, factor * line[0], factor * line[1] + offset)
        ET.SubElement(objective, "weight", {"index": str(i + 1), "value": _fmt(weight)})


def _write_line(element: ET.Element, issue: Issue, slope: float, intercept: float) -> None:
    """A linear ``<evaluator>``: ``intercept + slope·x`` in GENIUS's integer or real parameters."""
    if isinstance(issue, IntegerIssue):
        attrs = {"ftype": "linear", "slope": _fmt(slope), "offset": _fmt(intercept + slope * issue.low)}
    else:
        attrs = {"ftype": "linear", "parameter0": _fmt(intercept), "parameter1": _fmt(slope)}
    ET.SubElement(element, "evaluator", attrs)


def _bounds(condition: Condition, space: OutcomeSpace) -> tuple[str, str]:
    """GENIUS ``min``/``max`` text of a condition (a numeric range, or contiguous options)."""
    issue = space.issues[space.issue_position(condition.issue)]
    if isinstance(issue, CategoricalIssue):
        raise EncodingError(f"GENIUS hyper-rectangles need numeric issues; {issue.name!r} is categorical")
    values = issue.values()
    if condition.options is not None:
        indices = sorted(issue.index_of(option) for option in condition.options)
        if indices != list(range(indices[0], indices[-1] + 1)):
            raise EncodingError(f"options {condition.options} of {issue.name!r} are not one contiguous range")
        low, high = float(values[indices[0]]), float(values[indices[-1]])
    else:
        low = issue.low if condition.low is None else max(condition.low, issue.low)  # type: ignore[attr-defined]
        high = issue.high if condition.high is None else min(condition.high, issue.high)  # type: ignore[attr-defined]
    if isinstance(issue, IntegerIssue):
        return str(int(np.ceil(low))), str(int(np.floor(high)))
    return _fmt(low), _fmt(high)


def _write_rectangles(
    objective: ET.Element, utility: HyperRectangleUtility, scale: float, constant: float
) -> None:
    """The ANAC 2014 ``<utility>`` block; a constant becomes a rectangle covering every outcome."""
    space = utility.space
    block = ET.SubElement(objective, "utility", {"maxutility": _fmt(utility.normalizer)})
    ufun = ET.SubElement(block, "ufun", {"type": "PlainUfun", "weight": "1", "aggregation": "sum"})
    rectangles = [HyperRectangle(r.utility * scale, r.include, r.exclude) for r in utility.rectangles]
    if constant != 0:
        numeric = [i for i in space.issues if not isinstance(i, CategoricalIssue)]
        everywhere = tuple(Condition(i.name, low=i.low, high=i.high) for i in numeric[:1])  # type: ignore[attr-defined]
        rectangles.append(HyperRectangle(constant * utility.normalizer, everywhere))
    for rectangle in rectangles:
        element = ET.SubElement(ufun, "hyperRectangle", {"utility": _fmt(rectangle.utility)})
        for tag, conditions in (("INCLUDES", rectangle.include), ("EXCLUDES", rectangle.exclude)):
            for condition in conditions:
                low, high = _bounds(condition, space)
                index = str(space.issue_position(condition.issue) + 1)
                ET.SubElement(element, tag, {"index": index, "min": low, "max": high})


def genius_profile_xml(preferences: Preferences) -> str:
    """A self-contained GENIUS profile (issues repeated) for ``preferences``; raises EncodingError."""
    root, objective, issues = _utility_space(preferences.space)
    scale, constant, base = unwrap(preferences.utility)
    if isinstance(base, HyperRectangleUtility):
        check_plain(preferences, "GENIUS")
        root.set("type", "nonlinear")
        _write_rectangles(objective, base, scale, constant)
    else:
        _write_additive(objective, issues, additive_form(preferences, "GENIUS"))
    ET.SubElement(root, "discount_factor", {"value": _fmt(preferences.discount_factor)})
    ET.SubElement(root, "reservation", {"value": _fmt(preferences.reservation_value)})
    return _serialise(root)


def genius_domain_text(space: OutcomeSpace, path: Path) -> str:
    """The domain file's text, or a ScenarioError naming ``path`` when GENIUS cannot hold ``space``."""
    return render_exactly(path, lambda: genius_domain_xml(space), "negotiation_template")


def genius_profile_text(preferences: Preferences, path: Path) -> str:
    """A profile file's text, or a ScenarioError naming ``path`` when GENIUS cannot hold it."""
    return render_exactly(path, lambda: genius_profile_xml(preferences), "utility_space")


def write_genius_domain(space: OutcomeSpace, path: str | Path) -> Path:
    """Write ``space`` as a GENIUS domain file."""
    path = Path(path)
    return write_text_file(path, genius_domain_text(space, path))


def write_genius_profile(preferences: Preferences, path: str | Path) -> Path:
    """Write ``preferences`` as a self-contained GENIUS profile file."""
    path = Path(path)
    return write_text_file(path, genius_profile_text(preferences, path))
