"""Actors, briefings and mandates: who speaks for each party, and what the delegation may agree."""

from parley.actors.actors import Actor, Cast, Role
from parley.actors.briefings import Briefing, Estimate, SituationReport
from parley.actors.mandate import AUTHORITY_MARGIN, AdvisorShare, Mandate, MandateModel, mandate_utility
from parley.actors.opening import best_package
from parley.actors.pooling import MandateDraws
from parley.actors.stakeholders import StakeholderTable
from parley.actors.summary import mandate_summary
from parley.actors.tasks import Task, describe_condition
from parley.actors.walk_away import LADDER, RUNG_MEANINGS, RUNGS, StatedExpectation, WalkAway, WalkAwayRule

__all__ = [
    "AUTHORITY_MARGIN",
    "LADDER",
    "RUNGS",
    "RUNG_MEANINGS",
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
    "StatedExpectation",
    "Task",
    "WalkAway",
    "WalkAwayRule",
    "best_package",
    "describe_condition",
    "mandate_summary",
    "mandate_utility",
]
