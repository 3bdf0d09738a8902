"""Collective-decision models over stakeholder tables (compromise, median voter, Nash, expected utility)
and the Monte-Carlo outlook of a scenario's delegations process."""

from parley.forecast.convergence import Convergence, convergence
from parley.forecast.exchange import ExchangeResult, ExchangeTable, run_exchange
from parley.forecast.expected_utility import (
    EUResult,
    EUSettings,
    OfferChoice,
    Probability,
    run_expected_utility,
)
from parley.forecast.intervals import Interval, correlation, proportion
from parley.forecast.models import (
    compromise,
    median_voter,
    nash_bargaining,
    nash_position,
    weighted_mean,
    weighted_median,
)
from parley.forecast.outlook import CAVEAT, Outlook, outlook
from parley.forecast.scoring import (
    SCORED,
    ModelScore,
    absolute_errors,
    brier,
    mean_absolute_errors,
    point_forecasts,
)
from parley.forecast.sensitivity import Sensitivity, rank_inputs, spearman
from parley.forecast.smp import SMPResult, SpatialTable, VotingRule, run_smp

__all__ = [
    "CAVEAT",
    "SCORED",
    "Convergence",
    "EUResult",
    "EUSettings",
    "ExchangeResult",
    "ExchangeTable",
    "Interval",
    "ModelScore",
    "OfferChoice",
    "Outlook",
    "Probability",
    "SMPResult",
    "Sensitivity",
    "SpatialTable",
    "VotingRule",
    "absolute_errors",
    "brier",
    "compromise",
    "convergence",
    "correlation",
    "mean_absolute_errors",
    "median_voter",
    "nash_bargaining",
    "nash_position",
    "outlook",
    "point_forecasts",
    "proportion",
    "rank_inputs",
    "run_exchange",
    "run_expected_utility",
    "run_smp",
    "spearman",
    "weighted_mean",
    "weighted_median",
]
