"""The delegations sections of a scenario file → a runnable plan, with located errors.

Builds the cast, each party's mandate model (briefings pooled by the principal's trust weights), the
stages, the ratifiers and the front, checking every name against the scenario: an unknown actor in a
briefing, trust weights that do not sum to 1, a stage naming an unknown issue, an article template
with an unknown placeholder… each fails with the path inside the file. The sections themselves are
kept on the scenario as read, so saving a scenario writes them back unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from parley.actors import (
    AUTHORITY_MARGIN,
    Actor,
    Briefing,
    Cast,
    Estimate,
    MandateModel,
    Role,
    SituationReport,
    StakeholderTable,
    Task,
)
from parley.domain import Condition, Issue, OutcomeSpace
from parley.formats.process_schema import (
    ActorSpec,
    AgreementSpec,
    BriefingSpec,
    DraftSpec,
    EstimateSpec,
    MandateSpec,
    PatronSpec,
    ProcessSections,
    RatificationSpec,
    StageSpec,
    StakeholderSpec,
    TaskSpec,
    Uncertain,
    VariableSpec,
)
from parley.formats.yaml_build import Located, build_condition, build_utility
from parley.preferences import Preferences
from parley.scenario import (
    AgreementTemplate,
    ArticleTemplate,
    Party,
    PathT,
    Process,
    TemplateError,
    check_agreement,
)
from parley.talks import (
    BREAKER,
    BreakdownRule,
    Delegation,
    Front,
    NoDeal,
    Patron,
    ProcessPlan,
    RatificationRule,
    Ratifier,
    ReservationRule,
    Stage,
    StateVariable,
    check_stages,
)

T = TypeVar("T")


def _located(path: PathT, build: Callable[[], T]) -> T:
    """Run ``build``; a ValueError/KeyError from the model becomes a located error at ``path``."""
    try:
        return build()
    except (ValueError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        raise Located(path, str(message)) from None


def build_process(
    space: OutcomeSpace,
    parties: Sequence[Party],
    sections: ProcessSections,
    no_deal: NoDeal | None = None,
) -> Process:
    """A scenario's delegations process from its file's sections (defaults where a section is absent);
    raises :class:`Located` at the first name or value that does not fit the scenario. ``no_deal``:
    the no-deal state, whose walk-away values every advisor's reservation estimate takes."""
    names = tuple(party.name for party in parties)
    cast = _located(("actors",), lambda: Cast(names, tuple(_actor(a) for a in sections.actors)))
    issues = {issue.name: issue for issue in space.issues}
    spread = 0.0 if sections.no_deal is None else sections.no_deal.spread
    briefings = [
        _briefing(spec, cast, ("briefings", i), no_deal, spread) for i, spec in enumerate(sections.briefings)
    ]
    mandates = {
        party: _mandate_model(space, party, spec, briefings, issues, ("mandates", party))
        for party, spec in sections.mandates.items()
        if _known_party(party, names, ("mandates", party))
    }
    delegations = tuple(
        _delegation(p, mandates.get(p.name), sections.mandates.get(p.name), issues) for p in parties
    )
    ratifiers = {
        party: _ratifiers(space, party, spec, cast, delegations, ("ratification", party))
        for party, spec in sections.ratification.items()
        if _known_party(party, names, ("ratification", party))
    }
    patrons = tuple(_patron(spec, cast, issues, ("patrons", i)) for i, spec in enumerate(sections.patrons))
    for i, spec in enumerate(sections.patrons):
        if spec.ratification != "none":
            party = patrons[i].party
            voter = _patron_ratifier(space, spec, party, delegations, ("patrons", i))
            ratifiers[party] = (*ratifiers.get(party, ()), voter)
    front = _front(sections, mandates, delegations, names)
    drafts = {spec.name: _draft(spec, issues, ("drafts", i)) for i, spec in enumerate(sections.drafts)}
    stages = tuple(_stage(spec, issues, drafts, ("stages", i)) for i, spec in enumerate(sections.stages))
    plan = ProcessPlan(
        delegations=delegations,
        stages=_located(("stages",), lambda: _checked_stages(space, stages)),
        ratifiers=ratifiers,
        rules={party: _rule(spec) for party, spec in sections.ratification.items()},
        front=front,
        status_quo={
            name: _status_quo(issues, name, value, ("status_quo", name))
            for name, value in sections.status_quo.items()
        },
        breakdown=_breakdown(sections, front, names),
        drafts=drafts,
        patrons=patrons,
        no_deal=no_deal,
    )
    tables = {
        issue: _stakeholders(issue, rows, ("stakeholders", issue))
        for issue, rows in sections.stakeholders.items()
    }
    agreement = None if sections.agreement is None else _agreement(sections.agreement)
    if agreement is not None:
        try:  # the article templates: issues, options and placeholders
            check_agreement(space, agreement)
        except TemplateError as error:
            raise Located(error.path, error.problem) from None
    return Process(
        plan,
        cast,
        mandates,
        tables,
        agreement,
        tuple(sections.mediator.sees) if sections.mediator is not None else (),
        sections.model_dump(mode="python", exclude_defaults=True),
    )


def _agreement(spec: AgreementSpec) -> AgreementTemplate:
    articles = tuple(ArticleTemplate(a.issue, a.heading, a.text, dict(a.options)) for a in spec.articles)
    return AgreementTemplate(spec.title, spec.preamble, articles, spec.closing)


def _stakeholders(issue: str, rows: list[StakeholderSpec], path: PathT) -> StakeholderTable:
    """One issue's stakeholder table (at least one actor, each named once)."""
    names = [row.actor for row in rows]
    if not rows:
        raise Located(path, "a stakeholder table needs at least one actor")
    for i, name in enumerate(names):
        if name in names[:i]:
            raise Located((*path, i, "actor"), f"stakeholder {name!r} is listed twice")
    return StakeholderTable(
        tuple(names),
        np.array([row.capability for row in rows]),
        np.array([row.position for row in rows]),
        np.array([row.salience for row in rows]),
        issue,
    )


def _known_party(party: str, names: tuple[str, ...], path: PathT) -> bool:
    if party not in names:
        raise Located(path, f"unknown party {party!r}; parties are {', '.join(names)}")
    return True


def _actor(spec: ActorSpec) -> Actor:
    return Actor(spec.name, Role(spec.role), spec.party, spec.portfolio, spec.authority, spec.description)


def _estimate(value: Uncertain) -> Estimate:
    return Estimate(value.mean, value.spread) if isinstance(value, EstimateSpec) else Estimate(float(value))


def _estimates(table: dict[str | int | float, Uncertain]) -> dict[str | int | float, Estimate]:
    return {option: _estimate(value) for option, value in table.items()}


def _briefing(
    spec: BriefingSpec, cast: Cast, path: PathT, no_deal: NoDeal | None = None, spread: float = 0.0
) -> Briefing:
    """A briefing from an advisor of the cast (its party is the advisor's); with a no-deal state, its
    reservation estimate is the party's walk-away value (``spread`` around it)."""
    actor = _located((*path, "advisor"), lambda: cast.actor(spec.advisor))
    if actor.party is None:
        raise Located(
            (*path, "advisor"), f"{spec.advisor!r} belongs to no party, so cannot brief a principal"
        )
    reservation = None if spec.reservation is None else _estimate(spec.reservation)
    if no_deal is not None and actor.party in no_deal.values:
        if reservation is not None:
            raise Located(
                (*path, "reservation"),
                "the no_deal section derives the walk-away value from the side's statements; leave it out",
            )
        reservation = Estimate(no_deal.values[actor.party], spread)
    situation = tuple(SituationReport(s.variable, s.drift, s.spread, s.note) for s in spec.situation)
    return _located(
        path,
        lambda: Briefing(
            advisor=spec.advisor,
            party=actor.party or "",
            importance={issue: _estimate(v) for issue, v in spec.importance.items()},
            values={
                issue: {o: _estimate(v) for o, v in table.items()} for issue, table in spec.values.items()
            },
            reservation=reservation,
            situation=situation,
            notes=spec.notes,
        ),
    )


def _mandate_model(
    space: OutcomeSpace,
    party: str,
    spec: MandateSpec,
    briefings: list[Briefing],
    issues: dict[str, Issue],
    path: PathT,
) -> MandateModel:
    """The party's mandate model; its briefings are those given by its advisors."""
    total = sum(spec.trust.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise Located((*path, "trust"), f"trust weights must sum to 1, they sum to {total:g}")
    own = tuple(b for b in briefings if b.party == party)
    red_lines = tuple(
        build_condition(issue, cond, issues, (*path, "red_lines", issue))
        for issue, cond in spec.red_lines.items()
    )
    tasks = tuple(_task(task, issues, (*path, "tasks", i)) for i, task in enumerate(spec.tasks))
    if spec.authority_limit is not None and spec.authority_margin is not None:
        raise Located((*path, "authority_margin"), "give authority_limit or authority_margin, not both")
    margin = AUTHORITY_MARGIN if spec.authority_margin is None else spec.authority_margin
    model = _located(
        path,
        lambda: MandateModel(
            space, party, own, spec.trust, red_lines, tasks, spec.authority_limit, authority_margin=margin
        ),
    )
    _located(path, model.expected)  # surface aggregation problems (an issue nobody rates…) at load time
    return model


def _task(spec: TaskSpec, issues: dict[str, Issue], path: PathT) -> Task:
    """A delegation task on one issue: required (a constraint) or a bonus."""
    ((issue, condition),) = spec.condition.items()
    built: Condition = build_condition(issue, condition, issues, (*path, "condition", issue))
    return _located(path, lambda: Task(spec.name, built, spec.required, spec.bonus))


def _delegation(
    party: Party, model: MandateModel | None, spec: MandateSpec | None, issues: dict[str, Issue]
) -> Delegation:
    """The party's delegation: its mandate's preferences, or the party's own when it has no mandate."""
    if model is None or spec is None:
        return Delegation(party.name, party.preferences, party.preferences)
    path: PathT = ("mandates", party.name, "outside_competence")
    for i, name in enumerate(spec.outside_competence):
        _known_issue(name, issues, (*path, i))
    competence = None
    if spec.outside_competence:
        competence = tuple(name for name in issues if name not in spec.outside_competence)
    mandate = model.expected()
    return Delegation(
        party.name,
        mandate.preferences,
        mandate.preferences,
        strategy=spec.strategy,
        authority=mandate.authority_limit,
        referral_rounds=spec.referral_rounds,
        competence=competence,
    )


def _known_issue(name: str, issues: dict[str, Issue], path: PathT) -> None:
    if name not in issues:
        raise Located(path, f"unknown issue {name!r}; issues are {', '.join(issues)}")


def _stage(
    spec: StageSpec, issues: dict[str, Issue], drafts: dict[str, dict[str, int]], path: PathT
) -> Stage:
    for i, name in enumerate(spec.issues):
        _known_issue(name, issues, (*path, "issues", i))
    if spec.opening is not None and spec.opening not in drafts:
        known = ", ".join(drafts) or "none"
        raise Located((*path, "opening"), f"unknown draft {spec.opening!r}; drafts are {known}")
    return _located(
        path,
        lambda: Stage(
            spec.name,
            tuple(spec.issues),
            spec.protocol,
            spec.rounds,
            spec.freezes_front,
            ratification=spec.ratification,
            after=None if spec.after is None else tuple(spec.after),
            opening=spec.opening,
            pause=spec.pause,
            violation_hazard=spec.violation_hazard,
        ),
    )


def _checked_stages(space: OutcomeSpace, stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """The stages, once their names, issues and order are known to fit together."""
    check_stages(space, stages)
    return stages


def _draft(spec: DraftSpec, issues: dict[str, Issue], path: PathT) -> dict[str, int]:
    """A named draft's settled options, as option indices by issue."""
    return {
        name: _option_index(issues, name, value, (*path, "package", name))
        for name, value in spec.package.items()
    }


def _option_index(issues: dict[str, Issue], name: str, value: str | int | float, path: PathT) -> int:
    """The index of ``value`` among issue ``name``'s options (located errors for either)."""
    _known_issue(name, issues, path)
    return _located(path, lambda: issues[name].index_of(value))


def _breakdown(
    sections: ProcessSections, front: Front | None, names: tuple[str, ...]
) -> BreakdownRule | None:
    """The breakdown rule: its charged party and variables checked against the scenario."""
    spec = sections.breakdown
    if spec is None:
        return None
    if spec.charged != BREAKER:
        _known_party(spec.charged, names, ("breakdown", "charged"))
    known = {v.name for v in front.variables} if front is not None else set()
    for variable in spec.cost:
        if variable not in known:
            listed = ", ".join(sorted(known)) or "none (the scenario has no front)"
            raise Located(
                ("breakdown", "cost", variable), f"unknown state variable {variable!r}; variables: {listed}"
            )
    return BreakdownRule(
        dict(spec.cost),
        spec.charged,
        spec.resume_after,
        spec.resumes,
        spec.anticipated,
        spec.assumption,
        spec.tests,
    )


def _patron(spec: PatronSpec, cast: Cast, issues: dict[str, Issue], path: PathT) -> Patron:
    """A patron: an actor of the cast with the patron role and a party."""
    actor = _cast_actor(cast, spec.actor, (*path, "actor"))
    if actor.role is not Role.PATRON or actor.party is None:
        raise Located(
            (*path, "actor"), f"{spec.actor!r} is not a patron of a party (role patron, with a party)"
        )
    conditions = tuple(
        build_condition(issue, condition, issues, (*path, "conditions", issue))
        for issue, condition in spec.conditions.items()
    )
    return Patron(spec.actor, actor.party, conditions, spec.pressure.reservation, spec.pressure.authority)


def _patron_ratifier(
    space: OutcomeSpace, spec: PatronSpec, party: str, delegations: tuple[Delegation, ...], path: PathT
) -> Ratifier:
    """A patron's vote (or veto) in its party's ratification, by its own utility or the principal's."""
    preferences = next(d.principal for d in delegations if d.party == party)
    if spec.utility is not None:
        threshold = spec.threshold if spec.threshold is not None else 0.0
        preferences = Preferences(space, build_utility(spec.utility, space, (*path, "utility")), threshold)
    veto = spec.ratification == "veto"
    return Ratifier(spec.actor, party, preferences, spec.threshold, spec.weight, veto=veto, patron=True)


def _rule(spec: RatificationSpec) -> RatificationRule:
    return RatificationRule("all") if spec.rule == "all" else RatificationRule("weighted", spec.quota)


def _ratifiers(
    space: OutcomeSpace,
    party: str,
    spec: RatificationSpec,
    cast: Cast,
    delegations: tuple[Delegation, ...],
    path: PathT,
) -> tuple[Ratifier, ...]:
    """The party's ratifiers: actors of the party, each with its own utility or the principal's."""
    principal = next(d.principal for d in delegations if d.party == party)
    ratifiers = []
    for i, item in enumerate(spec.ratifiers):
        where = (*path, "ratifiers", i)
        actor = _cast_actor(cast, item.actor, (*where, "actor"))
        if actor.party != party:
            raise Located((*where, "actor"), f"{item.actor!r} is not an actor of {party!r}")
        preferences = principal
        if item.utility is not None:
            utility = build_utility(item.utility, space, (*where, "utility"))
            reservation = principal.reservation_value if item.threshold is None else item.threshold
            preferences = Preferences(space, utility, reservation)
        ratifiers.append(Ratifier(item.actor, party, preferences, item.threshold, item.weight))
    return tuple(ratifiers)


def _cast_actor(cast: Cast, name: str, path: PathT) -> Actor:
    return _located(path, lambda: cast.actor(name))


def _front(
    sections: ProcessSections,
    mandates: dict[str, MandateModel],
    delegations: tuple[Delegation, ...],
    names: tuple[str, ...],
) -> Front | None:
    """State variables (drift given, or pooled from a party's situation reports) and reservation rules."""
    spec = sections.front
    if spec is None:
        return None
    variables = [
        _variable(item, mandates, names, ("front", "variables", i)) for i, item in enumerate(spec.variables)
    ]
    base = {d.party: d.preferences.reservation_value for d in delegations}
    rules = []
    for party, rule in spec.reservation.items():
        _known_party(party, names, ("front", "reservation", party))
        rules.append(
            ReservationRule(party, base[party] if rule.base is None else rule.base, dict(rule.sensitivity))
        )
    return _located(("front",), lambda: Front(tuple(variables), tuple(rules), dict(spec.breakdown_cost)))


def _variable(
    item: VariableSpec, mandates: dict[str, MandateModel], names: tuple[str, ...], path: PathT
) -> StateVariable:
    """One state variable; its drift and spread are given, or pooled from a party's advisors."""
    drift, spread = item.drift, item.spread
    if item.drift_from is not None:
        _known_party(item.drift_from, names, (*path, "drift_from"))
        pooled = _pooled_situation(item.name, mandates.get(item.drift_from))
        if pooled is None:
            problem = f"no advisor of {item.drift_from!r} reports on {item.name!r}"
            raise Located((*path, "drift_from"), problem)
        drift = pooled[0] if drift is None else drift
        spread = pooled[1] if spread is None else spread
    bounds = item.bounds or (-math.inf, math.inf)

    def build() -> StateVariable:
        return StateVariable(item.name, item.initial, drift or 0.0, spread or 0.0, bounds)

    return _located(path, build)


def _pooled_situation(variable: str, model: MandateModel | None) -> tuple[float, float] | None:
    """Trust-weighted mean drift and spread of the reports on ``variable`` (None when nobody reports)."""
    if model is None:
        return None
    reports = [
        (model.trust[b.advisor], s) for b in model.briefings for s in b.situation if s.variable == variable
    ]
    total = sum(weight for weight, _ in reports)
    if not reports or total <= 0:
        return None
    drift = sum(weight * s.drift for weight, s in reports) / total
    spread = sum(weight * s.spread for weight, s in reports) / total
    return drift, spread


def _status_quo(
    issues: dict[str, Issue], name: str, value: str | int | float, path: PathT
) -> str | int | float:
    """The option an issue holds while nothing is agreed on it (checked against the issue)."""
    if name not in issues:
        raise Located(path, f"unknown issue {name!r}; issues are {', '.join(issues)}")
    _located(path, lambda: issues[name].index_of(value))
    return value
