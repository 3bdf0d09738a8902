"""The in-memory scenario: the outcome space, the parties and their preferences, sources and attributed
statements, and the delegations process built from them. Formats read and write it; everything else
works on it."""

from parley.scenario.agreement import (
    DEFAULT_ARTICLE,
    STATUS_LINES,
    AgreementTemplate,
    ArticleTemplate,
    TemplateError,
    check_agreement,
    format_value,
    inline,
    join_names,
)
from parley.scenario.drafting import draft_agreement
from parley.scenario.locations import PathT, format_location
from parley.scenario.process import MediatorView, Process, SectionData, default_process
from parley.scenario.scenario import Metadata, Party, Scenario, Source, Statement, StatementKind

__all__ = [
    "DEFAULT_ARTICLE",
    "STATUS_LINES",
    "AgreementTemplate",
    "ArticleTemplate",
    "MediatorView",
    "Metadata",
    "Party",
    "PathT",
    "Process",
    "Scenario",
    "SectionData",
    "Source",
    "Statement",
    "StatementKind",
    "TemplateError",
    "check_agreement",
    "default_process",
    "draft_agreement",
    "format_location",
    "format_value",
    "inline",
    "join_names",
]
