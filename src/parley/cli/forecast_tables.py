"""Which kind of table ``parley forecast FILE`` was given, and the models that apply to it.

Three kinds are read: actor tables (Actor, Capability, Position, Salience: the compromise, median,
Nash and expected-utility models), KTAB's spatial-model CSV (``smp``) and the exchange model's
``#A/#P/#M/#D`` records (``exchange``). ``--model all`` runs every model that applies; a model that
does not apply to the table is refused with the ones that do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parley.forecast import Convergence, ExchangeResult, run_exchange
from parley.formats import ScenarioError, looks_like_exchange_records, read_exchange_records

TableKind = Literal["actors", "ktab", "exchange"]
#: The models each kind of table takes, in the order ``all`` runs them.
MODELS_OF: dict[TableKind, tuple[str, ...]] = {
    "actors": ("compromise", "median", "nash", "eu"),
    "ktab": ("smp",),
    "exchange": ("exchange",),
}
#: What each kind of table is, in words (for messages).
DESCRIBED: dict[TableKind, str] = {
    "actors": "an actor table (Actor,Capability,Position,Salience)",
    "ktab": "a KTAB spatial-model table",
    "exchange": "an exchange-model table (#A/#P/#M/#D records)",
}


def table_kind(path: Path) -> TableKind:
    """The kind of table at ``path``, from its text."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if looks_like_exchange_records(text):
        return "exchange"
    if _looks_like_ktab(text):
        return "ktab"
    return "actors"


def chosen_models(kind: TableKind, model: str, path: Path) -> tuple[str, ...]:
    """The models to run: ``all`` of the table's, or the one named (a ScenarioError if it does not
    apply to this kind of table)."""
    models = MODELS_OF[kind]
    if model == "all":
        return models
    if model not in models:
        raise ScenarioError(
            path, "--model", f"{model} does not apply to {DESCRIBED[kind]}; use {', '.join(models)} or all"
        )
    return (model,)


def other_table_json(kind: TableKind, models: tuple[str, ...], path: Path) -> dict[str, Any]:
    """The chosen models on a KTAB or exchange-model table, with the kind of table."""
    found: dict[str, Any] = {"table": {"kind": kind, "models": list(models)}}
    for model in models:
        found[model] = exchange_json(path) if model == "exchange" else smp_json(path)
    return found


def print_other_table(data: dict[str, Any], console: Console) -> None:
    """The text output of :func:`other_table_json`: each model's forecast per issue and how it ended."""
    for model in data["table"]["models"]:
        result = data[model]
        first = result.get("round_1", {})
        heads = ("issue", "start", *(("after round 1",) if first else ()), "forecast (last round)")
        table = Table(*heads, title=f"{model} model: {result['rounds']} rounds")
        for issue, value in result["forecast"].items():
            cells = (
                f"{result['start'][issue]:.2f}",
                *((f"{first[issue]:.2f}",) if first else ()),
                f"{value:.2f}",
            )
            table.add_row(escape(issue), *cells)
        console.print(table)
        convergence = result["convergence"]
        text = Convergence(convergence["status"], convergence["round"], convergence["period"]).text
        console.print(f"{model} model: {escape(text)}")


def exchange_json(path: Path) -> dict[str, Any]:
    """The exchange model on an exchange-model table: the forecast per issue, the outcomes and every
    actor's positions round by round, the exchanges made and how the rounds ended."""
    table = read_exchange_records(path)
    result = run_exchange(table)
    names = dict(zip(table.issue_ids, table.issue_names, strict=True))
    return {
        "forecast": {names[issue]: value for issue, value in result.forecast.items()},
        "start": {names[i]: float(v) for i, v in zip(table.issue_ids, result.outcomes[0], strict=True)},
        "round_1": {
            names[i]: float(v)
            for i, v in zip(table.issue_ids, result.outcomes[min(1, result.rounds)], strict=True)
        },
        "rounds": result.rounds,
        "convergence": _stop_json(result),
        "exchanges": len(result.exchanges),
        "outcomes": {
            names[issue]: [float(v) for v in result.outcomes[:, j]] for j, issue in enumerate(table.issue_ids)
        },
        "positions": {
            actor: {
                names[issue]: [None if np.isnan(v) else float(v) for v in result.positions[:, i, j]]
                for j, issue in enumerate(table.issue_ids)
            }
            for i, actor in enumerate(table.actor_names)
        },
    }


def _stop_json(result: ExchangeResult) -> dict[str, object]:
    """How the exchange rounds ended, in the form of :class:`~parley.forecast.Convergence`."""
    status = {"converged": "converged", "cycle": "cycles", "round_limit": "round_limit"}[result.stop.value]
    return {
        "status": status,
        "round": result.stopped_at if status != "round_limit" else None,
        "period": result.period or None,
        "spread": None,
        "over": 0,
    }


def _looks_like_ktab(text: str) -> bool:
    """Whether ``text`` is a KTAB spatial-model CSV (a scenario line, then Actor,Description,Influence)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 2 and lines[1].replace(" ", "").lower().startswith("actor,description,influence")


def smp_json(path: Path) -> dict[str, Any]:
    """KTAB's spatial model on a KTAB table (see :mod:`parley.forecast.smp`)."""
    raise ScenarioError(path, "--model smp", "the spatial model of politics is not available yet")
