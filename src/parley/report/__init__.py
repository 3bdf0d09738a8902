"""Summaries and reports of scenarios, for people and for machines."""

from parley.report.summary import describe_utility, summarize

__all__ = ["describe_utility", "summarize"]
