"""``parley whatif``: the outlook of structural variants of a scenario, side by side.

Each ``--set PATH=VALUE`` is one variant (one change to the scenario file); ``--variants FILE`` names
variants of several changes each. Every variant runs the same number of runs from the same master seed
(common random numbers: a difference between variants is not the luck of the draw), beside the scenario
as it is. This is where a model's assumptions are varied: the intervals of one outlook say nothing of
them.
"""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from parley.cli.app import _fail, _guarded, app
from parley.examples import EXAMPLES, example_path_text
from parley.forecast import outlook
from parley.formats import Variant, apply_variant, parse_setting, read_variants

BASELINE = "as it is"


def scenario_text(path: Path) -> tuple[str, str]:
    """The YAML text of a scenario file or built-in name, and the name to cite it by."""
    if path.is_file():
        return path.read_text(encoding="utf-8"), str(path)
    if not path.exists() and str(path) in EXAMPLES:
        return example_path_text(str(path)), str(path)
    _fail(f"{path}: whatif needs a parley YAML scenario file or a built-in scenario name")


def variant_summary(data: dict[str, Any]) -> dict[str, Any]:
    """What the comparison keeps of an outlook: every probability with its interval, and the statuses."""
    keep = ("stages", "in_force", "ratification", "status", "intervals", "expected_rounds", "caveat")
    return {key: data[key] for key in keep}


@app.command()
def whatif(
    path: Annotated[Path, typer.Argument(help="A parley YAML scenario file, or a built-in scenario's name.")],
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="One variant: PATH=VALUE in the scenario file (repeat for more variants)."
        ),
    ] = None,
    variants_file: Annotated[
        Path | None, typer.Option("--variants", help="A YAML list of {name, set: {PATH: VALUE}}.")
    ] = None,
    runs: Annotated[int, typer.Option(min=1, help="Monte-Carlo runs per variant.")] = 500,
    seed: Annotated[int, typer.Option(help="Master seed, the same for every variant.")] = 0,
    processes: Annotated[int | None, typer.Option(min=1, help="Local worker processes.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
) -> None:
    """Compare the outlook of structural variants of a scenario (strategies, stages, breakdown rule…)."""
    text, name = scenario_text(path)
    variants = [Variant(BASELINE)]
    for setting in settings or []:
        variants.append(Variant(setting, (_guarded(partial(parse_setting, setting)),)))
    if variants_file is not None:
        variants += _guarded(partial(read_variants, variants_file))
    if len(variants) == 1:
        _fail("give at least one variant: --set PATH=VALUE or --variants FILE")
    scenarios = [_guarded(partial(apply_variant, text, v, name)) for v in variants]
    results = _run_all(variants, scenarios, runs, seed, processes, show=not as_json)
    if as_json:
        document = {"scenario": name, "runs": runs, "seed": seed, "variants": results}
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        return
    _print(results, name, runs, seed)


def _run_all(
    variants: list[Variant], scenarios: list[Any], runs: int, seed: int, processes: int | None, show: bool
) -> list[dict[str, Any]]:
    """Each variant's outlook summary, under a progress bar over the variants (unless ``show`` is off)."""
    results: list[dict[str, Any]] = []
    columns = (TextColumn("variants"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True, disable=not show) as bar:
        task = bar.add_task("variants", total=len(variants))
        for variant, scenario in zip(variants, scenarios, strict=True):
            run = partial(outlook, scenario.space, scenario.delegations, runs, seed, processes)
            found = _guarded(run)
            results.append(
                {"name": variant.name, "set": dict(variant.settings), **variant_summary(found.to_json())}
            )
            bar.advance(task)
    return results


def _print(results: list[dict[str, Any]], name: str, runs: int, seed: int) -> None:
    console = Console(highlight=False)
    console.print(
        f"[bold cyan]{escape(name)}[/]: {len(results) - 1} variant(s), {runs:,} runs each, seed {seed}"
    )
    stages = list(dict.fromkeys(stage for result in results for stage in result["in_force"]))
    heads = (*(f"in force: {s}" for s in stages), "every agreement in force")
    table = Table("", *heads, title="What if: P(in force at the end) [95 % interval] (change)")
    base = results[0]
    for number, result in enumerate(results):
        cells = [_cell(result, base, "in_force", s) for s in stages]
        label = BASELINE if number == 0 else f"variant {number}"
        table.add_row(label, *cells, _cell(result, base, "ratification", "overall"))
    console.print(table)
    for number, result in enumerate(results[1:], start=1):
        console.print(f"variant {number}: {escape(result['name'])}")
    console.print(f"[dim]{escape(base['caveat'])}; — : the variant has no such stage[/]")


def _cell(result: dict[str, Any], base: dict[str, Any], group: str, key: str) -> str:
    """``p [low, high] (+change)``; a dash where the variant has no such stage."""
    if key not in result[group]:
        return "—"
    p, interval = result[group][key], result["intervals"][group][key]
    band = f" [{interval['low']:.2f}, {interval['high']:.2f}]"
    change = "" if result is base or key not in base[group] else f" ({p - base[group][key]:+.2f})"
    return f"{p:.3f}{band}{change}"
