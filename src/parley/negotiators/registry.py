"""Negotiators by name, so that a strategy is chosen with a string (CLI, tournaments).

The built-in strategies are listed here, in :data:`BUILT_IN`; their modules register nothing (and
never import this one at import time), so what :data:`NEGOTIATORS` holds does not depend on what was
imported before. Add one of your own in ten lines::

    from parley.negotiators import Negotiator, Response, register

    @register
    class Stubborn(Negotiator):
        '''Offers its best package and accepts nothing less.'''
        name = "stubborn"
        def propose(self, view):
            return view.space.outcome(...)  # or precompute the best package in start()
        def respond(self, view, offer):
            return Response.ACCEPT if view.utility(offer)[0] >= 0.99 else Response.REJECT
"""

from __future__ import annotations

from parley.negotiators.base import Negotiator
from parley.negotiators.bayesian import BayesianNegotiator
from parley.negotiators.delegate import Delegate
from parley.negotiators.envoy import Envoy
from parley.negotiators.frequency import FrequencyNegotiator
from parley.negotiators.hardliner import Hardliner, RandomNegotiator
from parley.negotiators.lookup import NEGOTIATORS, make_negotiator, register
from parley.negotiators.opening_text import OpeningText
from parley.negotiators.time_dependent import Aspiration, Boulware, Conceder, Linear, TimeDependent
from parley.negotiators.tit_for_tat import AbsoluteTitForTat, DefaultTitForTat, RelativeTitForTat

#: Every built-in strategy (a test fails when a concrete Negotiator subclass of parley is missing).
BUILT_IN: tuple[type[Negotiator], ...] = (
    Aspiration,
    BayesianNegotiator,
    Boulware,
    Conceder,
    Delegate,
    Envoy,
    FrequencyNegotiator,
    Hardliner,
    Linear,
    OpeningText,
    RandomNegotiator,
    TimeDependent,
    DefaultTitForTat,
    AbsoluteTitForTat,
    RelativeTitForTat,
)

for _built_in in BUILT_IN:
    register(_built_in)

__all__ = ["BUILT_IN", "NEGOTIATORS", "make_negotiator", "register"]
