"""Tournaments: grids of negotiations (strategies × scenarios × repetitions) on local or Dask workers."""

from parley.tournament.executors import Progress, default_processes
from parley.tournament.runner import RunOutcome, run_spec
from parley.tournament.spec import RunSpec, Strategy, build_grid, derive_seed, parse_strategy
from parley.tournament.storage import load_table, save_table, table_format
from parley.tournament.table import SUMMARY_COLUMNS, summary_frame
from parley.tournament.tournament import TournamentError, TournamentResult, run_tournament

__all__ = [
    "SUMMARY_COLUMNS",
    "Progress",
    "RunOutcome",
    "RunSpec",
    "Strategy",
    "TournamentError",
    "TournamentResult",
    "build_grid",
    "default_processes",
    "derive_seed",
    "load_table",
    "parse_strategy",
    "run_spec",
    "run_tournament",
    "save_table",
    "summary_frame",
    "table_format",
]
