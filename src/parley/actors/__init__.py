"""Actors, briefings and mandates: who speaks for each party, and what the delegation may agree."""

from parley.actors.actors import Actor, Cast, Role
from parley.actors.briefings import Briefing, Estimate, SituationReport
from parley.actors.mandate import AUTHORITY_MARGIN, AdvisorShare, Mandate, MandateModel, mandate_utility
from parley.actors.opening import best_package
from parley.actors.pooling import MandateDraws
from parley.actors.stakeholders import StakeholderTable
from parley.actors.summary import mandate_summary
from parley.actors.tasks import Task, describe_condition

__all__ = [
    "AUTHORITY_MARGIN",
    "Actor",
    "AdvisorShare",
    "Briefing",
    "Cast",
    "Estimate",
    "Mandate",
    "MandateDraws",
    "MandateModel",
    "Role",
    "SituationReport",
    "StakeholderTable",
    "Task",
    "best_package",
    "describe_condition",
    "mandate_summary",
    "mandate_utility",
]
