"""parley: model, analyse, simulate and conduct negotiations between delegations.

The names a library user starts from; each package (``parley.analysis``, ``parley.talks``…) exports
the rest of its own public API.
"""

from parley.analysis import Analysis, analyze, pareto_frontier
from parley.domain import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
from parley.examples import load_example
from parley.formats import ScenarioError, load_scenario, save_scenario
from parley.negotiators import Negotiator, Response, View, make_negotiator, register
from parley.preferences import Preferences
from parley.protocols import Deadline, Result, Seat, negotiate
from parley.scenario import Party, Process, Scenario
from parley.talks import ProcessResult, run_process

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "CategoricalIssue",
    "Deadline",
    "IntegerIssue",
    "Negotiator",
    "OutcomeSpace",
    "Party",
    "Preferences",
    "Process",
    "ProcessResult",
    "RealIssue",
    "Response",
    "Result",
    "Scenario",
    "ScenarioError",
    "Seat",
    "View",
    "__version__",
    "analyze",
    "load_example",
    "load_scenario",
    "make_negotiator",
    "negotiate",
    "pareto_frontier",
    "register",
    "run_process",
    "save_scenario",
]
