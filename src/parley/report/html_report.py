"""One self-contained HTML report of a scenario (``parley report``).

Sections, each a ``<section>`` with a stable id: ``scenario`` (the scenario and its sources),
``mandates``, ``utility-space`` (the analysis), ``trajectories`` (one seeded process run: offers in
utility space and the narrative timeline), ``forecast`` (a Monte-Carlo outlook, when one is given) and
``statements`` (statements and claims). plotly.js is embedded once, in the first chart, so the file
opens without network access. All scenario text is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import plotly.graph_objects as go  # type: ignore[import-untyped]

from parley.analysis import Analysis, analyze
from parley.forecast import outlook
from parley.formats import check_file_target, write_text_file
from parley.report.forecast_plot import ForecastView, forecast_figures, forecast_view
from parley.report.html_sections import mandates_section, scenario_section, section, statements_section
from parley.report.plots import utility_space_figure
from parley.report.timeline import timeline
from parley.report.trajectory_plot import trajectory_figure
from parley.scenario import Process, Scenario
from parley.talks import ProcessResult, run_process

#: Called with (runs done, runs in all) as the outlook goes.
Progress = Callable[[int, int], None]

#: Section ids, in the order they appear.
SECTION_IDS = ("scenario", "mandates", "utility-space", "trajectories", "forecast", "statements")

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 0 auto; padding: 1em 2em;
       color: #222; line-height: 1.45; }
nav a { margin-right: 1em; }
section { border-top: 1px solid #ddd; padding-top: 0.5em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }  /* long packages and links wrap instead of running off the page */
th { background: #f4f4f8; }
pre { background: #f7f7f7; padding: 0.7em; overflow-x: auto; font-size: 0.88em; white-space: pre-wrap;
      overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
.kind { white-space: nowrap; padding: 0 0.3em; border-radius: 3px; }
.kind-fact { background: #e3f2e1; }
.kind-claim { background: #fdecc8; }
.kind-position { background: #e1ecf7; }
.timeline { max-height: 28em; overflow-y: auto; list-style: none; padding-left: 0.5em;
            font-family: ui-monospace, monospace; font-size: 0.88em; }
.note { color: #666; font-style: italic; }
"""


@dataclass(frozen=True)
class ReportParts:
    """What the report draws: the scenario's process plan, its analysis and one seeded run."""

    scenario: Scenario
    built: Process
    analysis: Analysis
    run: ProcessResult
    seed: int


def report_parts(scenario: Scenario, seed: int) -> ReportParts:
    """Analyse the utility space and run the scenario's process once with ``seed``."""
    built = scenario.delegations
    analysis = analyze(scenario.space, [party.preferences for party in scenario.parties])
    return ReportParts(scenario, built, analysis, run_process(scenario.space, built.plan, seed), seed)


class _Charts:
    """Turns figures into HTML divs; the first one carries plotly.js."""

    def __init__(self) -> None:
        self.embedded = False

    def __call__(self, figure: go.Figure) -> str:
        include = not self.embedded
        self.embedded = True
        html: str = figure.to_html(full_html=False, include_plotlyjs=include, config={"responsive": True})
        return html


def zone_size(count: int | None) -> str:
    """How many packages the zone of agreement holds, in words ("not counted" when the space is too
    large to count with the parties' utilities)."""
    if count is None:
        return " (packages every party prefers to no agreement: not counted, the space is too large)"
    return f" ({count:,} packages every party prefers to no agreement)"


def _utility_section(parts: ReportParts, chart: _Charts) -> str:
    if len(parts.scenario.parties) < 2:
        return section("utility-space", "Utility space", '<p class="note">One party only: no chart.</p>')
    frontier = parts.analysis.frontier
    zone = parts.analysis.zone
    text = (
        f"<p>{len(frontier):,} packages on the Pareto frontier ({escape(frontier.method)}); "
        f"{'a' if zone.exists else 'no'} zone of agreement"
        f"{zone_size(zone.count) if zone.exists else ''}.</p>"
    )
    parties = len(parts.scenario.parties)
    if parties == 2:
        return section(
            "utility-space",
            "Utility space",
            text + chart(utility_space_figure(parts.scenario, parts.analysis)),
        )
    names = parts.scenario.party_names
    text += (
        f'<p class="note">{parties} parties: the frontier has {parties} dimensions, so it is drawn once for '
        "each pair of parties (a package on the frontier may look dominated in a pair's projection).</p>"
    )
    pairs = [
        f"<h3>{escape(names[x])} and {escape(names[y])}</h3>"
        + chart(utility_space_figure(parts.scenario, parts.analysis, x, y))
        for x, y in itertools.combinations(range(parties), 2)
    ]
    return section("utility-space", "Utility space", text + "\n".join(pairs))


def _trajectory_section(parts: ReportParts, chart: _Charts) -> str:
    run, scenario = parts.run, parts.scenario
    lines = timeline(scenario.space, run.record, show_front=False)
    agreements = {agreement.stage: agreement for agreement in run.agreements}
    stages = "".join(
        f"<li>{escape(s.name)}: {escape(s.status.value)}"
        + (
            f"; its agreement {escape(agreements[s.name].status.value.replace('_', ' '))}"
            if s.name in agreements
            else ""
        )
        + "</li>"
        for s in run.talks.stages
    )
    body = [f"<p>One run with seed {parts.seed}: <strong>{escape(run.status)}</strong>.</p><ul>{stages}</ul>"]
    labelled = "".join(f"<li>Assumption: {escape(line)}</li>" for line in parts.built.plan.assumptions())
    if labelled:
        body.append(f'<ul class="assumptions">{labelled}</ul>')
    names = scenario.party_names
    for x, y in itertools.combinations(range(len(names)), 2):  # one chart per pair beyond two parties
        if len(names) > 2:
            body.append(f"<h3>{escape(names[x])} and {escape(names[y])}</h3>")
        frontier, plan = parts.analysis.frontier, parts.built.plan
        figure = trajectory_figure(scenario, run, frontier, plan.status_quo, x, y, plan.no_deal is not None)
        body.append(chart(figure))
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    body.append(f'<h3>Timeline</h3>\n<ul class="timeline">{items}</ul>')
    return section("trajectories", "Offer trajectories", "\n".join(body))


def _forecast_section(view: ForecastView | None, chart: _Charts) -> str:
    if view is None:
        return section("forecast", "Forecast and sensitivity", '<p class="note">No forecast.</p>')
    note = f'<p class="note">{escape(view.note)}</p>' if view.note else ""
    charts = "\n".join(chart(figure) for figure in forecast_figures(view))
    return section("forecast", "Forecast and sensitivity", note + charts)


def render_report(parts: ReportParts, forecast: ForecastView | None = None) -> str:
    """The whole report as one HTML document."""
    chart = _Charts()
    scenario = parts.scenario
    title = escape(scenario.metadata.title or "Scenario")
    sections = [
        scenario_section(scenario),
        mandates_section(scenario, parts.built.mandates),
        _utility_section(parts, chart),
        _trajectory_section(parts, chart),
        _forecast_section(forecast, chart),
        statements_section(scenario),
    ]
    headings = ("Scenario", "Mandates", "Utility space", "Trajectories", "Forecast", "Statements")
    return html_page(title, list(zip(SECTION_IDS, headings, strict=True)), sections)


#: The report's Content-Security-Policy: it is self-contained (plotly and its charts inline), so it may
#: load nothing, send nothing and run only its own inline scripts, wherever the file is opened.
REPORT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)


def html_page(title: str, links: list[tuple[str, str]], sections: list[str]) -> str:
    """A report page: ``title`` (escaped HTML), a navigation bar of ``(anchor, heading)`` links, the
    sections (HTML); its CSP (:data:`REPORT_CSP`) in a ``<meta http-equiv>``."""
    nav = " ".join(f'<a href="#{anchor}">{heading}</a>' for anchor, heading in links)
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{REPORT_CSP}">\n'
        f"<title>{title} — parley report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<nav>{nav}</nav>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def forecast_for(parts: ReportParts, runs: int, progress: Progress | None = None) -> ForecastView:
    """A Monte-Carlo outlook of ``runs`` runs (in this process, seeded like the report's run)."""
    found = outlook(parts.scenario.space, parts.built, runs, parts.seed, processes=1, progress=progress)
    return forecast_view(found)


def write_report(
    scenario: Scenario,
    path: str | Path,
    *,
    seed: int,
    runs: int = 200,
    progress: Progress | None = None,
    force: bool = True,
) -> ReportParts:
    """Build the report of ``scenario`` and write it to ``path``; ``runs=0`` leaves out the forecast.

    ``progress(done, total)`` is called as the outlook's runs finish. The file is written whole and
    moved into place; an existing one is replaced only with ``force``.
    """
    check_file_target(path, force)
    parts = report_parts(scenario, seed)
    view = forecast_for(parts, runs, progress) if runs > 0 else None
    write_text_file(path, render_report(parts, view), force)
    return parts
