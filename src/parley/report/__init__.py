"""Summaries, plots and reports of scenarios, negotiations and process runs, for people (HTML, text) and
for machines (JSON); the room's pages and exports are built from these names."""

from parley.report.analysis_json import analysis_to_json
from parley.report.html_report import (
    SECTION_IDS,
    ReportParts,
    html_page,
    render_report,
    report_parts,
    write_report,
)
from parley.report.html_sections import mandates_section, scenario_section, section, statements_section, table
from parley.report.negotiation_plot import negotiation_figure, write_negotiation_plot
from parley.report.plots import utility_space_figure, write_utility_plot
from parley.report.process_plot import process_figure, write_process_plot
from parley.report.summary import describe_utility, summarize
from parley.report.timeline import timeline
from parley.report.trajectory_plot import trajectory_figure

__all__ = [
    "SECTION_IDS",
    "ReportParts",
    "analysis_to_json",
    "describe_utility",
    "html_page",
    "mandates_section",
    "negotiation_figure",
    "process_figure",
    "render_report",
    "report_parts",
    "scenario_section",
    "section",
    "statements_section",
    "summarize",
    "table",
    "timeline",
    "trajectory_figure",
    "utility_space_figure",
    "write_negotiation_plot",
    "write_process_plot",
    "write_report",
    "write_utility_plot",
]
