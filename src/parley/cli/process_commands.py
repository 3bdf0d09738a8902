"""``parley mandate`` (briefings → mandate) and ``parley run`` (the whole delegations process)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape

from parley.actors import mandate_summary
from parley.cli.app import _fail, _guarded, app
from parley.cli.scenario_source import SCENARIO_HELP, load_scenario_argument
from parley.formats import check_file_target
from parley.record import EventKind
from parley.report import timeline, write_process_plot
from parley.scenario import Process, Scenario
from parley.talks import ProcessResult, Stage, ratify, run_process, win_set

#: The seed of the win-set sampling shown with a run (exact counts need none; large spaces are sampled).
WIN_SET_SEED = 0


@app.command()
def mandate(
    scenario_path: Annotated[Path, typer.Argument(metavar="SCENARIO", help=SCENARIO_HELP)],
    party: Annotated[str, typer.Option("--party", help="The party whose mandate to build.")],
    seed: Annotated[
        int | None, typer.Option(help="Sample the mandate from the briefings' uncertainty.")
    ] = None,
) -> None:
    """Turn a party's briefings into its delegation's mandate and print a readable summary."""
    scenario = _guarded(lambda: load_scenario_argument(scenario_path))
    built = scenario.delegations
    if party not in scenario.party_names:
        _fail(f"no party {party!r}; parties are {', '.join(scenario.party_names)}")
    model = built.mandates.get(party)
    if model is None:
        _fail(f"the scenario gives {party!r} no briefings and trust weights, so no mandate to build")
    result = model.expected() if seed is None else model.sample(np.random.default_rng(seed))
    Console(highlight=False).print(escape(mandate_summary(result, scenario.space)))


@app.command()
def run(
    scenario_path: Annotated[Path, typer.Argument(metavar="SCENARIO", help=SCENARIO_HELP)],
    seed: Annotated[int, typer.Option(help="Seed of the run (fighting, strategies).")] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of the timeline.")
    ] = False,
    plot: Annotated[Path | None, typer.Option(help="Write the front and ripeness over time (HTML).")] = None,
    opening: Annotated[
        str | None,
        typer.Option(help="A draft of the scenario (its drafts section) that every stage opens from."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace the --plot file if it exists.")] = False,
) -> None:
    """Run the whole process — mandates, stages, referrals, moving front, each stage's agreement."""
    if plot is not None:
        _guarded(lambda: check_file_target(plot, force))
    scenario = _guarded(lambda: load_scenario_argument(scenario_path))
    built = scenario.delegations
    plan = built.plan
    if opening is not None:
        try:
            plan = built.plan.opening_from(opening)
        except ValueError as error:
            _fail(f"--opening: {error}")
    result = _guarded(lambda: run_process(scenario.space, plan, seed))
    if plot is not None:
        _guarded(lambda: write_process_plot(scenario, result, plot, force))
    if as_json:
        sys.stdout.write(json.dumps(process_json(scenario, result, built), ensure_ascii=False) + "\n")
        return
    _print_run(scenario, built, result)


def win_sets(scenario: Scenario, built: Process, result: ProcessResult) -> dict[str, dict[str, Any]]:
    """Each party's win-set (outcomes its ratifiers would approve), whether the agreement lies in it,
    and, where patrons vote in the party's ratification, the win-set without them."""
    report = {}
    for party, ratifiers in built.plan.ratifiers.items():
        rule = built.plan.rules.get(party)
        found = win_set(scenario.space, ratifiers, rule, rng=np.random.default_rng(WIN_SET_SEED))
        inside = None
        if result.talks.outcome is not None:
            inside = bool(ratify(ratifiers, np.array([result.talks.outcome]), rule)[0])
        report[party] = {"count": found.count, "exact": found.exact, "agreement_inside": inside}
        own = tuple(r for r in ratifiers if not r.patron)
        if len(own) < len(ratifiers):
            alone = win_set(scenario.space, own, rule, rng=np.random.default_rng(WIN_SET_SEED))
            report[party]["without_patrons"] = alone.count
    return report


def agreements_json(scenario: Scenario, result: ProcessResult) -> list[dict[str, Any]]:
    """One entry per stage agreement: its stage, status, package and the rounds of its life."""
    space = scenario.space
    return [
        {
            "stage": agreement.stage,
            "status": agreement.status.value,
            "package": {
                name: space.issues[space.issue_position(name)].value(int(index))
                for name, index in zip(agreement.issues, agreement.package, strict=True)
            },
            "needs_ratification": agreement.needs_ratification,
            "in_force_from": agreement.in_force_from,
            "broken_at": agreement.broken_at,
        }
        for agreement in result.agreements
    ]


def process_json(scenario: Scenario, result: ProcessResult, built: Process | None = None) -> dict[str, Any]:
    """The run as one JSON-ready object: stages, ratification per party, status and the full record."""
    space = scenario.space
    stages = []
    for stage in result.talks.stages:
        names = next((s.issues for s in _stage_defs(result) if s.name == stage.name), ())
        outcome = None
        if stage.outcome is not None:
            outcome = {
                n: space.issues[space.issue_position(n)].value(int(i))
                for n, i in zip(names, stage.outcome, strict=True)
            }
        stages.append({"name": stage.name, "status": stage.status.value, "outcome": outcome})
    agreement = None if result.talks.outcome is None else space.values_of(result.talks.outcome)
    return {
        "scenario": scenario.metadata.title,
        "status": result.status,
        "stages": stages,
        "agreements": agreements_json(scenario, result),
        "agreement": agreement,
        "in_force": space.values_of(result.outcome),
        "ratification": result.ratification,
        "assumptions": built.plan.assumptions() if built is not None else [],
        "reservation_source": "mandates",
        "reservation_values": {d.party: d.preferences.reservation_value for d in built.plan.delegations}
        if built is not None
        else {},
        "win_sets": win_sets(scenario, built, result) if built is not None else {},
        "ripeness": [
            {"round": r.round, "ripe": r.ripe, "reservation_values": dict(r.reservation_values)}
            for r in result.talks.ripeness
        ],
        "events": result.record.to_json(),
    }


def _stage_defs(result: ProcessResult) -> list[Any]:
    """Stage definitions as recorded (name and issues from the STAGE_OPENED events)."""
    return [
        Stage(str(e.data["stage"]), tuple(e.data["issues"]))
        for e in result.record
        if e.kind is EventKind.STAGE_OPENED
    ]


def _print_run(scenario: Scenario, built: Process, result: ProcessResult) -> None:
    """The narrative: who is at the table with which mandate, the timeline, the outcome."""
    console = Console(highlight=False)
    console.print(f"[bold cyan]{escape(scenario.metadata.title or 'Scenario')}[/]")
    for delegation in built.plan.delegations:
        authority = delegation.authority
        limit = "" if authority is None else f", authority limit {authority:.3f}"
        console.print(
            f"{escape(delegation.party)}: strategy {delegation.strategy}, reservation value "
            f"{delegation.preferences.reservation_value:.3f}{limit}"
            + (" (mandate from briefings)" if delegation.party in built.mandates else "")
        )
    own = {p.name: p.preferences.reservation_value for p in scenario.parties}
    mandated = {d.party: d.preferences.reservation_value for d in built.plan.delegations}
    if any(abs(mandated[p] - own.get(p, mandated[p])) > 1e-12 for p in mandated):
        shown = ", ".join(f"{p} {v:.3f}" for p, v in own.items())
        console.print(
            f"[dim]The delegations are held to their mandates' reservation values above; the parties' own "
            f"({escape(shown)}) are what `parley analyze` uses.[/]"
        )
    console.print("[bold]Timeline[/]")
    for line in timeline(scenario.space, result.record):
        console.print(escape(line))
    console.print(f"[bold]Outcome:[/] {escape(result.status)}")
    agreements = {agreement.stage: agreement for agreement in result.agreements}
    for stage in result.talks.stages:
        agreement = agreements.get(stage.name)
        standing = "" if agreement is None else f"; its agreement {agreement.status.value.replace('_', ' ')}"
        console.print(f"  stage {escape(stage.name)}: {stage.status.value}{escape(standing)}")
    sets = win_sets(scenario, built, result)
    for party, vote in result.ratification.items():
        verdict = "not put to ratification" if vote is None else ("ratified" if vote else "rejected")
        extra = ""
        if party in sets:
            found = sets[party]
            size = f"{found['count']:,}" + ("" if found["exact"] else " (estimated)")
            if "without_patrons" in found:
                size += f" ({found['without_patrons']:,} without its patrons)"
            where = {
                True: "the agreement lies inside it",
                False: "the agreement lies outside it",
                None: "no agreement",
            }
            extra = f"; win-set {size} packages, {where[found['agreement_inside']]}"
        console.print(f"  {escape(party)}: {verdict}{escape(extra)}")
    for line in built.plan.assumptions():
        console.print(f"  [yellow]assumption:[/] {escape(line)}")
    ripe = [r.round for r in result.talks.ripeness if r.ripe]
    if result.talks.ripeness:
        first = f"first ripe in round {ripe[0]}" if ripe else "never ripe"
        console.print(f"  ripeness: {first} ({len(ripe)} of {len(result.talks.ripeness)} rounds ripe)")
