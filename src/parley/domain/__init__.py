"""Issues, constraints and outcome spaces: what could be agreed, independent of who wants what."""

from parley.domain.constraints import Condition, Constraint
from parley.domain.issues import (
    TABULATION_LIMIT,
    CategoricalIssue,
    IntegerIssue,
    Issue,
    IssueError,
    RealIssue,
    Value,
)
from parley.domain.space import OutcomeSpace, SpaceTooLargeError

__all__ = [
    "TABULATION_LIMIT",
    "CategoricalIssue",
    "Condition",
    "Constraint",
    "IntegerIssue",
    "Issue",
    "IssueError",
    "OutcomeSpace",
    "RealIssue",
    "SpaceTooLargeError",
    "Value",
]
