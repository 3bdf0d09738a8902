"""Compromise packages: equivalent simultaneous offers, post-settlement settlements and logrolls.

- :func:`equivalent_offers`: multiple equivalent simultaneous offers (Medvec, Leonardelli, Claussen &
  Galinsky, "Choosing between multiple equivalent simultaneous offers", 2005).
- :func:`post_settlement`: packages that improve a tentative deal for everyone (Raiffa,
  "Post-settlement settlements", Negotiation Journal 1, 1985).
- :func:`tradeoffs`: what each one-issue change of a deal is worth to each side, and the logrolls
  that leave both better off (Pruitt, "Achieving integrative agreements", 1983).
"""

from parley.analysis.meso import EquivalentOffers, band_candidates, equivalent_offers
from parley.analysis.post_settlement import Improvement, deal_utilities, post_settlement
from parley.analysis.tradeoffs import IssueChange, Logroll, Tradeoffs, one_issue_variants, tradeoffs

__all__ = [
    "EquivalentOffers",
    "Improvement",
    "IssueChange",
    "Logroll",
    "Tradeoffs",
    "band_candidates",
    "deal_utilities",
    "equivalent_offers",
    "one_issue_variants",
    "post_settlement",
    "tradeoffs",
]
