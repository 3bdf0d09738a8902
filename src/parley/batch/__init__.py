"""The vectorised fast path: many bilateral negotiations simulated at once with numpy."""

from parley.batch.alternating import BatchResult, run_alternating
from parley.batch.profiles import utility_matrix
from parley.batch.tactics import KINDS, Tactic

__all__ = ["KINDS", "BatchResult", "Tactic", "run_alternating", "utility_matrix"]
