"""What is efficient or fair: Pareto frontier, bargaining solutions, zone of agreement, compromises."""

from parley.analysis.agreement_count import count_acceptable
from parley.analysis.compromise import (
    EquivalentOffers,
    Improvement,
    IssueChange,
    Logroll,
    Tradeoffs,
    equivalent_offers,
    post_settlement,
    tradeoffs,
)
from parley.analysis.frontier import ENUMERATION_LIMIT, FrontierMethodError, pareto_frontier
from parley.analysis.frontier_result import Frontier
from parley.analysis.lotteries import Lottery, lottery_solutions
from parley.analysis.opposition import Scale, distance_to_frontier, opposition, utility_scale
from parley.analysis.overview import Analysis, analyze
from parley.analysis.pareto import dominates, pareto_indices
from parley.analysis.solutions import (
    SOLUTIONS,
    Solution,
    bargaining_solutions,
    egalitarian,
    kalai_smorodinsky,
    max_welfare,
    nash,
)
from parley.analysis.zone import AgreementZone, agreement_zone

__all__ = [
    "ENUMERATION_LIMIT",
    "SOLUTIONS",
    "AgreementZone",
    "Analysis",
    "EquivalentOffers",
    "Frontier",
    "FrontierMethodError",
    "Improvement",
    "IssueChange",
    "Logroll",
    "Lottery",
    "Scale",
    "Solution",
    "Tradeoffs",
    "agreement_zone",
    "analyze",
    "bargaining_solutions",
    "count_acceptable",
    "distance_to_frontier",
    "dominates",
    "egalitarian",
    "equivalent_offers",
    "kalai_smorodinsky",
    "lottery_solutions",
    "max_welfare",
    "nash",
    "opposition",
    "pareto_frontier",
    "pareto_indices",
    "post_settlement",
    "tradeoffs",
    "utility_scale",
]
