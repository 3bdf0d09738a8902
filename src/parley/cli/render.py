"""Rich tables for scenario summaries (the CLI's human-readable output)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def render_summary(summary: dict[str, Any], console: Console, intro: str = "") -> None:
    """Print a scenario summary (as made by :func:`parley.report.summarize`) as tables."""
    if intro:
        console.print(f"[bold]{intro}[/]")
    if summary["title"]:
        console.print(f"[bold cyan]{summary['title']}[/]")
    facts = [
        f"{label}: {summary[key]}" for label, key in (("date", "date"), ("venue", "venue")) if summary[key]
    ]
    if facts:
        console.print("  ".join(facts))
    console.print(_issues_table(summary))
    console.print(f"Outcomes: [bold]{summary['outcomes']:,}[/] feasible of {summary['cardinality']:,}")
    for constraint in summary["constraints"]:
        console.print(f"  constraint: {constraint}")
    console.print(_parties_table(summary))
    if summary.get("statements"):
        console.print(_statements_table(summary["statements"]))
    if "agreement" in summary:
        _render_agreement(summary["agreement"], console)


def _issues_table(summary: dict[str, Any]) -> Table:
    table = Table(title="Issues", title_justify="left")
    for column in ("issue", "kind", "options", "count"):
        table.add_column(column)
    for issue in summary["issue_details"]:
        if "options" in issue:
            options = ", ".join(str(o) for o in issue["options"])
        else:
            options = f"{issue['range'][0]:g} … {issue['range'][1]:g}"
        table.add_row(issue["name"], issue["kind"], options, str(issue["size"]))
    return table


def _parties_table(summary: dict[str, Any]) -> Table:
    table = Table(title="Parties", title_justify="left")
    for column in ("party", "utility", "reservation value", "discount", "red lines"):
        table.add_column(column)
    for party in summary["party_details"]:
        table.add_row(
            party["name"],
            party["utility"],
            f"{party['reservation_value']:.3g}",
            "none" if party["discount_factor"] == 1.0 else f"{party['discount_factor']:.3g}",
            "; ".join(party["red_lines"]) or "none",
        )
    return table


def _statements_table(statements: list[dict[str, Any]]) -> Table:
    """Who said what: claims are labelled as their speaker's, never as facts."""
    table = Table(title="Statements (as made; claims are their speakers')", title_justify="left")
    for column in ("date", "speaker", "kind", "statement", "source"):
        table.add_column(column)
    for item in statements:
        kind = f"claim of {item['speaker']}" if item["kind"] == "claim" else item["kind"]
        source = item["source"]["title"] if item["source"] else ""
        issue = f" [issue: {item['issue']}]" if item["issue"] else ""
        cells = (item["date"], item["speaker"], kind, f"“{item['quote']}”{issue}", source)
        table.add_row(*(escape(cell) for cell in cells))
    return table


def _render_agreement(agreement: dict[str, Any], console: Console) -> None:
    if not agreement.get("best_for"):
        console.print("No feasible outcome.")
        return
    console.print(
        f"Packages every party prefers to no agreement: [bold]{agreement['acceptable_to_all']:,}[/]"
        + "".join(f"  ({name}: {count:,})" for name, count in agreement["acceptable_to"].items())
    )
    table = Table(title="Best package for each party", title_justify="left")
    table.add_column("for")
    table.add_column("package")
    table.add_column("utilities")
    for name, best in agreement["best_for"].items():
        package = ", ".join(f"{issue}={_short(value)}" for issue, value in best["package"].items())
        utilities = ", ".join(
            f"{party}: {'red line' if u is None else f'{u:.3f}'}" for party, u in best["utilities"].items()
        )
        table.add_row(name, package, utilities)
    console.print(table)


def _short(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
