"""Negotiation strategies: the interface, the registry, and the built-in strategies (one import a line).

The built-in strategies are listed in :mod:`parley.negotiators.registry`, so ``make_negotiator(name)``
knows them all whatever was imported first.
"""

from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.bayesian import BayesianModel, BayesianNegotiator
from parley.negotiators.delegate import Delegate
from parley.negotiators.envoy import Envoy
from parley.negotiators.frequency import FrequencyModel, FrequencyNegotiator
from parley.negotiators.hardliner import Hardliner, RandomNegotiator
from parley.negotiators.opening_text import OpeningText
from parley.negotiators.opponent_models import ModelledConceder, OpponentModel
from parley.negotiators.packages import Packages, candidate_outcomes, settle
from parley.negotiators.registry import NEGOTIATORS, make_negotiator, register
from parley.negotiators.time_dependent import Aspiration, Boulware, Conceder, Linear, TimeDependent
from parley.negotiators.tit_for_tat import AbsoluteTitForTat, RelativeTitForTat, TitForTat

__all__ = [
    "NEGOTIATORS",
    "AbsoluteTitForTat",
    "Aspiration",
    "BayesianModel",
    "BayesianNegotiator",
    "Boulware",
    "Conceder",
    "Delegate",
    "Envoy",
    "FrequencyModel",
    "FrequencyNegotiator",
    "Hardliner",
    "Linear",
    "ModelledConceder",
    "Negotiator",
    "OpeningText",
    "OpponentModel",
    "Packages",
    "RandomNegotiator",
    "RelativeTitForTat",
    "Response",
    "TimeDependent",
    "TitForTat",
    "View",
    "candidate_outcomes",
    "make_negotiator",
    "register",
    "settle",
]
