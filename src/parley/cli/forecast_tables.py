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

from parley.forecast import Convergence, ExchangeResult, VotingRule, run_exchange, run_smp
from parley.formats import (
    ScenarioError,
    looks_like_exchange_records,
    looks_like_ktab,
    read_exchange_records,
    read_ktab_csv,
)

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
    if looks_like_ktab(text):
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


def other_table_json(
    kind: TableKind, models: tuple[str, ...], path: Path, voting_rule: str = VotingRule.PROPORTIONAL.value
) -> dict[str, Any]:
    """The chosen models on a KTAB or exchange-model table, with the kind of table."""
    found: dict[str, Any] = {"table": {"kind": kind, "models": list(models)}}
    for model in models:
        found[model] = exchange_json(path) if model == "exchange" else smp_json(path, voting_rule)
    return found


def print_other_table(data: dict[str, Any], console: Console) -> None:
    """The text output of :func:`other_table_json`: each model's forecast per issue and how it ended."""
    for model in data["table"]["models"]:
        result = data[model]
        first, likely = result.get("round_1", {}), result.get("most_probable", {})
        heads = ["issue", "start", *(["after round 1"] if first else []), "forecast (last round)"]
        heads += ["most probable"] if likely else []
        table = Table(*heads, title=f"{model} model: {result['rounds']} rounds")
        for issue, value in result["forecast"].items():
            cells = [
                f"{result['start'][issue]:.2f}",
                *([f"{first[issue]:.2f}"] if first else []),
                f"{value:.2f}",
            ]
            table.add_row(escape(issue), *cells, *([f"{likely[issue]:.2f}"] if likely else []))
        console.print(table)
        convergence = result["convergence"]
        text = Convergence.from_json(convergence).text
        console.print(f"{model} model: {escape(text)}")
        if "at_ktab_round" in result:
            there = ", ".join(
                f"{escape(d)} {v['expected']:.2f} (most probable {v['most_probable']:.2f})"
                for d, v in result["at_ktab_round"].items()
            )
            console.print(f"KTAB's own stopping rule would end at round {result['ktab_round']}: {there}")


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
    if result.stop.value == "converged":
        return Convergence("converged", result.stopped_at).to_json()
    if result.stop.value == "cycle":
        return Convergence("cycles", result.stopped_at, result.period or None).to_json()
    return Convergence("round_limit").to_json()


def smp_json(path: Path, voting_rule: str = VotingRule.PROPORTIONAL.value) -> dict[str, Any]:
    """KTAB's spatial model on a KTAB table: the forecast per dimension (expected and most probable
    position), where KTAB's own stopping rule would have ended, and every actor's positions round by
    round with its position's probability."""
    rules = {rule.value: rule for rule in VotingRule}
    if voting_rule not in rules:
        raise ScenarioError(
            path, "--voting-rule", f"no voting rule {voting_rule!r}; KTAB's: {', '.join(rules)}"
        )
    result = run_smp(read_ktab_csv(path), voting_rule=rules[voting_rule])
    dims = result.dimensions
    found: dict[str, Any] = {
        "forecast": {f.dimension: f.expected for f in result.forecast},
        "most_probable": {f.dimension: f.most_probable for f in result.forecast},
        "start": {d: float(result.expected[0, k]) for k, d in enumerate(dims)},
        "rounds": result.rounds,
        "convergence": result.convergence.to_json(),
        "ktab_round": result.ktab_round,
        "positions": {
            actor: {d: [float(v) for v in result.positions[:, i, k]] for k, d in enumerate(dims)}
            for i, actor in enumerate(result.actors)
        },
        "probabilities": {
            actor: [float(p) for p in result.probability[:, i]] for i, actor in enumerate(result.actors)
        },
        "settings": {
            "voting_rule": result.settings.voting_rule.value,
            "victory": result.settings.victory.value,
        },
    }
    if result.ktab_round is not None:
        at = result.ktab_round
        found["at_ktab_round"] = {
            d: {
                "expected": float(result.expected[at, k]),
                "most_probable": float(result.most_probable[at, k]),
            }
            for k, d in enumerate(dims)
        }
    return found
