"""``parley fork``: a recorded negotiation forked at a round and played on, the same way or another.

The record file is one ``parley negotiate --record`` wrote (or a room's exported record): the rounds
before ``--at`` are kept exactly as recorded, and the negotiation goes on from there with the record's
strategies, round limit and seed, or with the ones given (``--strategy`` per party, ``--rounds``,
``--seed``). Every problem with the input exits with status 2 and one message that says where.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import numpy as np
import typer
from rich.console import Console

from parley.cli.app import _fail, _guarded, app
from parley.cli.negotiation_commands import RealSteps, _check_protocol, _load, _seats, _strategy
from parley.cli.record_file import (
    ForkOrigin,
    Recorded,
    RecordFileError,
    read_record_file,
    record_file,
    writable,
    write_record_file,
)
from parley.cli.render_negotiation import negotiation_json, print_negotiation
from parley.protocols import Deadline, Result, make_mechanism, simulate
from parley.protocols import fork as fork_negotiation
from parley.scenario import Scenario
from parley.tournament import Strategy

T = TypeVar("T")


def _read(action: Callable[[], T]) -> T:
    """Run ``action``; a record file that cannot be read or written exits with status 2."""
    try:
        return action()
    except RecordFileError as error:
        _fail(str(error))


@app.command()
def fork(
    path: Annotated[
        Path, typer.Argument(help="A record file (parley negotiate --record, or a room's exported record).")
    ],
    at: Annotated[int, typer.Option("--at", min=0, help="The round to fork at (earlier rounds are kept).")],
    strategy: Annotated[
        list[str] | None,
        typer.Option(help="Strategy per party, in order (repeat; default: the record's strategies)."),
    ] = None,
    rounds: Annotated[int | None, typer.Option(min=1, help="Round limit (default: the record's).")] = None,
    seed: Annotated[
        int | None, typer.Option(help="Seed of the continuation (default: the record's).")
    ] = None,
    scenario: Annotated[
        str | None, typer.Option(help="The scenario, if not the record's (a room's record names none).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    record: Annotated[Path | None, typer.Option(help="Write the continued record file here.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite the --record file if it exists.")] = False,
    real_steps: RealSteps = 11,
) -> None:
    """Fork a recorded negotiation at a round and play it on; show the continued trace and outcome."""
    recorded = _read(lambda: read_record_file(path))
    if record is not None:
        _read(lambda: writable(record, force))
    _check_protocol(recorded.protocol)
    source = _scenario_source(path, recorded, scenario)
    loaded = _load(Path(source), real_steps)
    chosen = _strategies(path, recorded, strategy)
    _check_parties(path, recorded, loaded)
    limit = rounds if rounds is not None else recorded.rounds
    chosen_seed = seed if seed is not None else (recorded.seed or 0)
    result = _continued(path, loaded, chosen, recorded, at, limit, chosen_seed)
    labels = [s.label for s in chosen]
    origin = ForkOrigin(record=str(path), at=at)
    if record is not None:
        strategies = dict(zip(loaded.party_names, labels, strict=True))
        file = record_file(source, recorded.protocol, limit, chosen_seed, strategies, result.record, origin)
        _guarded(lambda: write_record_file(record, file))
    if as_json:
        data = negotiation_json(loaded, result, labels, recorded.protocol, chosen_seed)
        data["forked_from"] = origin.model_dump()
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    print_negotiation(loaded, result, Console())
    if record is not None:
        Console(stderr=True).print(f"wrote {record}")


def _scenario_source(path: Path, recorded: Recorded, given: str | None) -> str:
    """The scenario to load: the one given, else the record's (a relative path not found from here is
    looked for beside the record file); exit 2 when neither names one."""
    source = given if given is not None else recorded.scenario
    if source is None:
        _fail(f"{path}: a room's record names no scenario file; give it with --scenario")
    beside = path.parent / source  # a relative path given to `parley negotiate` elsewhere
    if given is None and not Path(source).exists() and not Path(source).is_absolute() and beside.exists():
        return str(beside)
    return source


def _strategies(path: Path, recorded: Recorded, given: list[str] | None) -> list[Strategy]:
    """The strategies given, else the record's (exit 2 when neither is there)."""
    if given:
        return [_strategy(text) for text in given]
    if recorded.strategies is None:
        _fail(f"{path}: a room's record names no strategies; give one per party with --strategy")
    return [_strategy(text) for text in recorded.strategies.values()]


def _check_parties(path: Path, recorded: Recorded, scenario: Scenario) -> None:
    """Exit 2 unless the record's parties are the scenario's, in order."""
    names = tuple(scenario.party_names)
    if recorded.parties is not None and recorded.parties != names:
        _fail(
            f"{path}: the record's parties ({', '.join(recorded.parties)}) are not the scenario's "
            f"({', '.join(names)})"
        )


def _continued(
    path: Path,
    scenario: Scenario,
    strategies: list[Strategy],
    recorded: Recorded,
    at: int,
    rounds: int,
    seed: int,
) -> Result:
    """The negotiation forked at ``at`` and simulated to its end (exit 2 if the record does not replay)."""
    seats = _seats(scenario, strategies)
    rng = np.random.default_rng(seed)
    mechanism = make_mechanism(recorded.protocol, scenario.space, seats, Deadline(rounds=rounds), rng)
    try:
        state = fork_negotiation(mechanism, recorded.record, at)
    except ValueError as error:
        _fail(f"{path}: cannot fork at round {at}: {error}")
    try:
        return simulate(mechanism, state)
    except ValueError as error:
        _fail(str(error))
