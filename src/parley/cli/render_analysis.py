"""Rich tables for ``parley analyze``."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

SOLUTION_LABELS = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "egalitarian",
    "max_welfare": "max welfare",
}


def _package(outcome: dict[str, Any]) -> str:
    return ", ".join(
        f"{issue}={value:g}" if isinstance(value, float) else f"{issue}={value}"
        for issue, value in outcome.items()
    )


def _utilities(parties: list[str], utilities: list[float | None]) -> str:
    return ", ".join(
        f"{p}: {'—' if u is None else f'{u:.4f}'}" for p, u in zip(parties, utilities, strict=True)
    )


def render_analysis(data: dict[str, Any], console: Console) -> None:
    """Print the analysis (as made by :func:`parley.report.analysis_to_json`)."""
    parties = data["parties"]
    if data["title"]:
        console.print(f"[bold cyan]{data['title']}[/]")
    exact = "exact" if data["frontier_exact"] else "[yellow]not all points proven[/]"
    console.print(
        f"Outcomes: [bold]{data['outcomes']:,}[/]   "
        f"Pareto frontier: [bold]{data['frontier_size']:,}[/] points "
        f"({data['frontier_method']}, {exact})   Opposition: [bold]{_fmt(data['opposition'])}[/]"
    )
    table = Table(title="Bargaining solutions (over packages)", title_justify="left")
    for column in ("solution", "utilities", "package"):
        table.add_column(column)
    for key, label in SOLUTION_LABELS.items():
        solution = data.get(key)
        if solution is None:
            table.add_row(label, "no package every party accepts", "")
        else:
            table.add_row(label, _utilities(parties, solution["utilities"]), _package(solution["outcome"]))
    console.print(table)
    _render_reservations(data, console)
    if data.get("lotteries"):
        _render_lotteries(data, console)
    _render_zone(data, console)


def _render_reservations(data: dict[str, Any], console: Console) -> None:
    """Which reservation values the analysis used, and the mandates' where they differ."""
    own = dict(zip(data["parties"], data["reservation_values"], strict=True))
    console.print("Reservation values used: the parties' own (" + _values(own) + ")")
    mandates = data.get("mandate_reservation_values")
    if mandates and any(abs(mandates[p] - own.get(p, mandates[p])) > 1e-12 for p in mandates):
        console.print(
            "[yellow]The delegations' mandates differ[/] (" + _values(mandates) + "): `parley run` and the "
            "outlook hold the delegations to those, so a package acceptable here may not be there"
        )
    elif mandates:
        console.print("The delegations' mandates use the same values (`parley run` and the outlook too)")


def _values(values: dict[str, float]) -> str:
    return ", ".join(f"{party} {value:.3f}" for party, value in values.items())


def _render_lotteries(data: dict[str, Any], console: Console) -> None:
    table = Table(title="Solutions over lotteries between two packages", title_justify="left")
    for column in ("solution", "utilities", "lottery"):
        table.add_column(column)
    for key, lottery in data["lotteries"].items():
        if lottery is None:
            continue
        mix = " | ".join(
            f"{p['probability']:.2f}: {_package(p['outcome'])}"
            for p in lottery["packages"]
            if p["probability"] > 0
        )
        table.add_row(SOLUTION_LABELS[key], _utilities(data["parties"], lottery["utilities"]), mix)
    console.print(table)


def _render_zone(data: dict[str, Any], console: Console) -> None:
    zone = data["zone_of_agreement"]
    if not zone["exists"]:
        console.print("[bold red]No zone of agreement:[/] no package is acceptable to every party.")
        return
    count = "unknown (too large to count)" if zone["count"] is None else f"{zone['count']:,}"
    console.print(f"Zone of agreement: [bold]{count}[/] packages acceptable to every party")
    table = Table(title="Best acceptable package for each party", title_justify="left")
    for column in ("for", "utilities", "package"):
        table.add_column(column)
    for party, best in zone["best_for"].items():
        table.add_row(party, _utilities(data["parties"], best["utilities"]), _package(best["outcome"]))
    console.print(table)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"
