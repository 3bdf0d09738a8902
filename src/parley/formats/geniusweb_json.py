"""GeniusWeb JSON domains and ``LinearAdditiveUtilitySpace`` profiles ⇄ parley spaces and preferences.

Reading: ``utility = Σ issueWeights[i] · valueUtilities[i][v]`` (no renormalisation). Value sets
``{"values": [...]}`` become categorical issues; ``{"range": {"low", "high", "step"}}`` becomes an
integer issue (whole bounds, step 1) or a real issue with one point per step. Profiles may use
``DiscreteValueSetUtilities`` or the older ``discreteutils`` key (geniusweb-* folders), and
``NumberValueSetUtilities`` (linear between ``lowValue`` and ``highValue``, 0 outside, as in
GeniusWeb). A value missing from ``valueUtilities`` is worth 0, as in GeniusWeb. ``reservationBid``
(present in every geniusweb-* profile) gives the reservation value: that bid's utility (issues a
partial bid omits contribute 0). GeniusWeb has no discount factor.

Writing is exact or refused: profiles that already follow GeniusWeb's rules (weights summing to 1,
utilities in [0, 1]) are written as they are; other linear utilities whose values all lie in [0, 1]
are re-encoded exactly; anything else raises. A non-zero reservation value becomes the
``reservationBid`` of an outcome with exactly that utility, which must exist.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from parley.domain import CategoricalIssue, IntegerIssue, Issue, IssueError, OutcomeSpace, RealIssue
from parley.formats._encoding import Additive, EncodingError, additive_form, render_exactly
from parley.formats.errors import ScenarioError
from parley.formats.safe_write import write_text_file
from parley.preferences import LinearAdditiveUtility, LinearValue, Preferences, TableValue, ValueFunction

PROFILE_KEY = "LinearAdditiveUtilitySpace"
DISCRETE_KEYS = ("DiscreteValueSetUtilities", "discreteutils")
#: Largest space searched for an outcome whose utility equals the reservation value.
RESERVATION_SEARCH_LIMIT = 2_000_000


def load_json(path: Path) -> Any:
    """Parse a JSON file; syntax errors become a ScenarioError with the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(path, "", f"cannot read the file: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(path, "", f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None


def _join(location: str, key: str) -> str:
    """``location.key`` (or ``key`` at the top)."""
    return f"{location}.{key}" if location else key


def _mapping(value: Any, file: Path | None, location: str) -> dict[str, Any]:
    """``value`` as a JSON object, or a located error."""
    if not isinstance(value, dict):
        raise ScenarioError(file, location, f"expected an object, got {type(value).__name__}")
    return value


def _number(value: Any, file: Path | None, location: str) -> float:
    """A finite JSON number (numeric strings, as BigDecimal may be written, are accepted)."""
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
    except (TypeError, ValueError):
        raise ScenarioError(file, location, f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ScenarioError(file, location, f"expected a finite number, got {value!r}")
    return number


def _numeric_issue(name: str, bounds: dict[str, Any], file: Path | None, location: str) -> Issue:
    """A GeniusWeb number range: values ``low, low+step, …`` up to ``high``."""
    low, high, step = (_number(bounds.get(k), file, _join(location, k)) for k in ("low", "high", "step"))
    if step <= 0 or high < low:
        raise ScenarioError(file, location, f"need step > 0 and high >= low, got {low}..{high} step {step}")
    if low == int(low) and high == int(high) and step == 1:
        return IntegerIssue(name, int(low), int(high))
    ratio = (high - low) / step
    count = round(ratio) if abs(ratio - round(ratio)) < 1e-9 else math.floor(ratio)
    last = high if abs(ratio - round(ratio)) < 1e-9 else low + count * step
    return RealIssue(name, low, last, steps=count + 1)


def space_from_json(data: Any, file: Path | None, location: str = "") -> OutcomeSpace:
    """The outcome space of a GeniusWeb domain object ``{"name", "issuesValues"}``."""
    values = _mapping(
        _mapping(data, file, location).get("issuesValues"), file, _join(location, "issuesValues")
    )
    issues: list[Issue] = []
    try:
        for name, spec in values.items():
            where = _join(_join(location, "issuesValues"), name)
            spec = _mapping(spec, file, where)
            if isinstance(spec.get("values"), list) and all(isinstance(v, str) for v in spec["values"]):
                issues.append(CategoricalIssue(name, tuple(spec["values"])))
            elif "range" in spec:
                issues.append(
                    _numeric_issue(name, _mapping(spec["range"], file, f"{where}.range"), file, where)
                )
            else:
                raise ScenarioError(
                    file, where, "expected {'values': [strings]} or {'range': {low, high, step}}"
                )
        return OutcomeSpace(tuple(issues))
    except IssueError as exc:
        raise ScenarioError(file, _join(location, "issuesValues"), str(exc)) from None


def read_geniusweb_domain(path: str | Path) -> OutcomeSpace:
    """The outcome space of a GeniusWeb domain file."""
    path = Path(path)
    return space_from_json(load_json(path), path)


def _checked_value_function(issue: Issue, spec: Any, file: Path | None, where: str) -> ValueFunction:
    """:func:`_value_function`, with an issue's own error (too many values to tabulate…) located."""
    try:
        return _value_function(issue, _mapping(spec, file, where), file, where)
    except IssueError as exc:
        raise ScenarioError(file, where, str(exc)) from None


def _value_function(issue: Issue, spec: dict[str, Any], file: Path | None, where: str) -> ValueFunction:
    """One issue's ``ValueSetUtilities``."""
    kinds = [k for k in spec if k in (*DISCRETE_KEYS, "NumberValueSetUtilities")]
    if len(spec) != 1 or not kinds:
        raise ScenarioError(
            file, where, f"expected one of {[*DISCRETE_KEYS, 'NumberValueSetUtilities']}, got {list(spec)}"
        )
    body, where = _mapping(spec[kinds[0]], file, _join(where, kinds[0])), _join(where, kinds[0])
    if kinds[0] in DISCRETE_KEYS:
        if not isinstance(issue, CategoricalIssue):
            raise ScenarioError(
                file, where, f"issue {issue.name!r} is numeric; it needs NumberValueSetUtilities"
            )
        table = _mapping(body.get("valueUtilities"), file, _join(where, "valueUtilities"))
        for value in table:
            if value not in issue.options:
                raise ScenarioError(
                    file,
                    _join(where, f"valueUtilities.{value}"),
                    f"issue {issue.name!r} has no value {value!r}",
                )
        at = _join(where, "valueUtilities")
        return TableValue(tuple(_number(table.get(o, 0.0), file, _join(at, o)) for o in issue.options))
    if isinstance(issue, CategoricalIssue):
        raise ScenarioError(
            file, where, f"issue {issue.name!r} is discrete; it needs DiscreteValueSetUtilities"
        )
    lv, lu, hv, hu = (
        _number(body.get(k), file, _join(where, k))
        for k in ("lowValue", "lowUtility", "highValue", "highUtility")
    )
    if hv <= lv:
        raise ScenarioError(file, where, f"highValue {hv} must exceed lowValue {lv}")
    slope = (hu - lu) / (hv - lv)
    points = issue.values().astype(np.float64)
    inside = (points >= lv) & (points <= hv)
    if inside.all():
        return LinearValue(slope=slope, intercept=lu - slope * lv)
    return TableValue(tuple(np.where(inside, lu + slope * (points - lv), 0.0)))


def _reservation(utility: LinearAdditiveUtility, bid: Any, file: Path | None, where: str) -> float:
    """Utility of the ``reservationBid`` (issues it omits contribute 0)."""
    values = _mapping(_mapping(bid, file, where).get("issuevalues"), file, _join(where, "issuevalues"))
    total = 0.0
    for name, value in values.items():
        at = _join(_join(where, "issuevalues"), name)
        try:
            position = utility.space.issue_position(name)
            total += float(utility.tables[position][utility.space.issues[position].index_of(value)])
        except IssueError as exc:
            raise ScenarioError(file, at, str(exc)) from None
    return total


def preferences_from_json(data: Any, file: Path | None, space: OutcomeSpace | None = None) -> Preferences:
    """Preferences from a parsed GeniusWeb profile, over ``space`` (default: its embedded domain)."""
    top = _mapping(data, file, "")
    if PROFILE_KEY not in top:
        raise ScenarioError(
            file, "", f"unsupported profile: expected a {PROFILE_KEY!r} object, got keys {list(top)}"
        )
    body = _mapping(top[PROFILE_KEY], file, PROFILE_KEY)
    if space is None:
        if "domain" not in body:
            raise ScenarioError(
                file, PROFILE_KEY, "the profile embeds no 'domain'; read it with its domain file"
            )
        space = space_from_json(body["domain"], file, _join(PROFILE_KEY, "domain"))
    at_u, at_w = _join(PROFILE_KEY, "issueUtilities"), _join(PROFILE_KEY, "issueWeights")
    utilities, weights = (
        _mapping(body.get("issueUtilities"), file, at_u),
        _mapping(body.get("issueWeights"), file, at_w),
    )
    for at, names in ((at_u, utilities), (at_w, weights)):
        for name in names:
            if name not in space.issue_names:
                raise ScenarioError(
                    file, _join(at, name), f"unknown issue {name!r}; the domain has {list(space.issue_names)}"
                )
    for name in space.issue_names:
        if name not in utilities or name not in weights:
            raise ScenarioError(
                file, PROFILE_KEY, f"issue {name!r} needs both an issueUtilities and an issueWeights entry"
            )
    values = tuple(
        _checked_value_function(issue, utilities[issue.name], file, _join(at_u, issue.name))
        for issue in space.issues
    )
    utility = LinearAdditiveUtility(
        space, tuple(_number(weights[n], file, _join(at_w, n)) for n in space.issue_names), values
    )
    reservation = 0.0
    if body.get("reservationBid") is not None:
        reservation = _reservation(
            utility, body["reservationBid"], file, _join(PROFILE_KEY, "reservationBid")
        )
    return Preferences(space, utility, reservation_value=reservation)


def read_geniusweb_profile(path: str | Path, space: OutcomeSpace | None = None) -> Preferences:
    """Preferences from a GeniusWeb profile file, over ``space`` (default: its embedded domain)."""
    path = Path(path)
    return preferences_from_json(load_json(path), path, space)


# --- writing ---------------------------------------------------------------------------------------
def domain_to_json(space: OutcomeSpace, name: str = "domain") -> dict[str, Any]:
    """The GeniusWeb domain object of ``space``."""
    if space.constraints:
        raise EncodingError("GeniusWeb cannot express constraints on the outcome space")
    values: dict[str, Any] = {}
    for issue in space.issues:
        if isinstance(issue, CategoricalIssue):
            values[issue.name] = {"values": list(issue.options)}
        elif isinstance(issue, IntegerIssue):
            values[issue.name] = {"range": {"low": issue.low, "high": issue.high, "step": 1}}
        elif isinstance(issue, RealIssue):
            step = (issue.high - issue.low) / (issue.steps - 1) if issue.steps > 1 else 1.0
            values[issue.name] = {"range": {"low": issue.low, "high": issue.high, "step": step}}
    return {"name": name, "issuesValues": values}


def _encode(form: Additive) -> tuple[list[float], list[np.ndarray]]:
    """Weights summing to 1 and per-option values in [0, 1] giving exactly the same utilities."""
    weights, tables = list(form.base.weights), list(form.value_tables)
    direct = form.scale == 1 and form.constant == 0 and min(weights) >= 0 and abs(sum(weights) - 1) <= 1e-9
    if direct and all(t.min() >= 0 and t.max() <= 1 for t in tables):
        return weights, tables
    parts = form.contributions
    lowest = sum(float(c.min()) for c in parts) + form.constant
    highest = sum(float(c.max()) for c in parts) + form.constant
    if lowest < -1e-9 or highest > 1 + 1e-9:
        raise EncodingError(
            f"GeniusWeb utilities lie in [0, 1] but this profile ranges over [{lowest:.6g}, {highest:.6g}]; "
            "normalise it first"
        )
    spans = [float(c.max() - c.min()) for c in parts]
    spans[0] += max(lowest, 0.0) + max(1.0 - highest, 0.0)
    lifted = [c - c.min() for c in parts]
    lifted[0] = lifted[0] + max(lowest, 0.0)
    values = [
        np.clip(v / s, 0.0, 1.0) if s > 0 else np.zeros_like(v) for v, s in zip(lifted, spans, strict=True)
    ]
    return spans, values


def _utilities(issue: Issue, values: np.ndarray) -> dict[str, Any]:
    """One issue's ``ValueSetUtilities`` object."""
    if isinstance(issue, CategoricalIssue):
        table = {option: float(v) for option, v in zip(issue.options, values, strict=True)}
        return {"DiscreteValueSetUtilities": {"valueUtilities": table}}
    if issue.size < 2:
        raise EncodingError(
            f"GeniusWeb number ranges need highValue > lowValue; issue {issue.name!r} has one value"
        )
    points = issue.values()
    return {
        "NumberValueSetUtilities": {
            "lowValue": points[0].item(),
            "lowUtility": float(values[0]),
            "highValue": points[-1].item(),
            "highUtility": float(values[-1]),
        }
    }


def _reservation_bid(preferences: Preferences) -> dict[str, Any]:
    """A bid whose utility is exactly the reservation value (searched by enumeration)."""
    space, target = preferences.space, preferences.reservation_value
    if space.cardinality > RESERVATION_SEARCH_LIMIT:
        raise EncodingError(f"the space is too large to find a bid worth the reservation value {target}")
    best, gap = None, math.inf
    for chunk in space.enumerate(chunk_size=1 << 16):
        distances = np.abs(preferences.utility.evaluate(chunk) - target)
        k = int(distances.argmin())
        if distances[k] < gap:
            best, gap = chunk[k], float(distances[k])
    if best is None or gap > 1e-12 * max(1.0, abs(target)):
        raise EncodingError(f"GeniusWeb stores a reservation bid, and no outcome has utility {target}")
    return {"issuevalues": space.values_of(best)}


def profile_to_json(
    preferences: Preferences,
    name: str = "profile",
    domain_name: str = "domain",
    ignore_discount: bool = False,
) -> dict[str, Any]:
    """The GeniusWeb profile object of ``preferences``; raises EncodingError when it cannot be exact."""
    if preferences.discount_factor != 1 and not ignore_discount:
        raise EncodingError(
            f"GeniusWeb profiles have no discount factor (this one is {preferences.discount_factor}); "
            "pass ignore_discount=True to drop it"
        )
    form = additive_form(preferences, "GeniusWeb")
    if form.clamped:
        names = ", ".join(preferences.space.issues[i].name for i in sorted(form.clamped))
        raise EncodingError(
            f"GeniusWeb number utilities are straight lines; the values of {names} are clamped"
        )
    weights, values = _encode(form)
    issues = preferences.space.issues
    body: dict[str, Any] = {
        "issueUtilities": {i.name: _utilities(i, v) for i, v in zip(issues, values, strict=True)},
        "issueWeights": {i.name: float(w) for i, w in zip(issues, weights, strict=True)},
        "domain": domain_to_json(preferences.space, domain_name),
        "name": name,
    }
    if preferences.reservation_value != 0:
        body["reservationBid"] = _reservation_bid(preferences)
    return {PROFILE_KEY: body}


def _json_text(path: Path, build: Callable[[], Mapping[str, Any]], location: str) -> str:
    """Indented JSON text of ``build()``, or a ScenarioError naming ``path`` when it cannot be exact."""
    return render_exactly(path, lambda: json.dumps(build(), indent=2, ensure_ascii=False) + "\n", location)


def geniusweb_domain_text(space: OutcomeSpace, path: Path, name: str = "domain") -> str:
    """The GeniusWeb domain file's text for ``space``."""
    return _json_text(path, lambda: domain_to_json(space, name), "issuesValues")


def geniusweb_profile_text(
    preferences: Preferences,
    path: Path,
    name: str = "profile",
    domain_name: str = "domain",
    ignore_discount: bool = False,
) -> str:
    """A GeniusWeb profile file's text for ``preferences``."""
    return _json_text(
        path, lambda: profile_to_json(preferences, name, domain_name, ignore_discount), PROFILE_KEY
    )


def write_geniusweb_domain(space: OutcomeSpace, path: str | Path, name: str = "domain") -> Path:
    """Write ``space`` as a GeniusWeb domain file."""
    path = Path(path)
    return write_text_file(path, geniusweb_domain_text(space, path, name))


def write_geniusweb_profile(
    preferences: Preferences,
    path: str | Path,
    name: str = "profile",
    domain_name: str = "domain",
    ignore_discount: bool = False,
) -> Path:
    """Write ``preferences`` as a GeniusWeb ``LinearAdditiveUtilitySpace`` profile file."""
    path = Path(path)
    text = geniusweb_profile_text(preferences, path, name, domain_name, ignore_discount)
    return write_text_file(path, text)
