"""A class debrief at the edge: pydantic views for JSON, a CSV table (one row per room) and one
self-contained HTML page (the summary, the rooms and a chart of the agreements against the frontier).

Every text on the page goes through :func:`html.escape`; plotly.js is embedded in the page, so it opens
without network access.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from html import escape

import numpy as np
import plotly.graph_objects as go  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field

from parley.domain import Value
from parley.report import html_page, section, table
from parley.room.debrief import ClassDebrief, ClassSummary, RoomDebrief
from parley.room.packages import NamedPackage
from parley.room.process_api import StageStatusExport


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoomDebriefView(_Body):
    """One room of the debrief; the agreement's figures are null when no package was agreed."""

    room: str
    title: str
    status: str
    agreed: bool
    package: NamedPackage | None = None
    utilities: dict[str, float] | None = Field(default=None, description="each party's, by its delegation")
    joint_gain: float | None = Field(default=None, description="sum of utilities minus reservation values")
    distance_to_frontier: float | None = Field(default=None, description="0 on the Pareto frontier")
    pareto_optimal: bool | None = None
    nash_share: float | None = Field(default=None, description="Nash product over the Nash solution's")
    rounds: int
    stages: list[StageStatusExport] = Field(default_factory=list)
    ratification: dict[str, bool | None] = Field(default_factory=dict)

    @classmethod
    def from_debrief(cls, debrief: RoomDebrief) -> RoomDebriefView:
        """The view of one room's debrief."""
        agreement = debrief.agreement
        return cls(
            room=debrief.room,
            title=debrief.title,
            status=debrief.status,
            agreed=agreement is not None,
            package=None if agreement is None else dict(agreement.package),
            utilities=None if agreement is None else dict(agreement.utilities),
            joint_gain=None if agreement is None else agreement.joint_gain,
            distance_to_frontier=None if agreement is None else agreement.distance_to_frontier,
            pareto_optimal=None if agreement is None else agreement.pareto_optimal,
            nash_share=None if agreement is None else agreement.nash_share,
            rounds=debrief.rounds,
            stages=[StageStatusExport(name=s.name, status=s.status) for s in debrief.stages],
            ratification=dict(debrief.ratification),
        )


class ClassSummaryView(_Body):
    """The class in figures (means of gain and distance over the agreed rooms)."""

    rooms: int
    agreements: int
    agreement_rate: float
    mean_joint_gain: float | None
    mean_distance_to_frontier: float | None
    mean_rounds: float

    @classmethod
    def from_debrief(cls, summary: ClassSummary) -> ClassSummaryView:
        """The view of a class summary."""
        return cls(
            rooms=summary.rooms,
            agreements=summary.agreements,
            agreement_rate=summary.agreement_rate,
            mean_joint_gain=summary.mean_joint_gain,
            mean_distance_to_frontier=summary.mean_distance_to_frontier,
            mean_rounds=summary.mean_rounds,
        )


class NashView(_Body):
    """The scenario's Nash bargaining solution: its package and each party's utility."""

    package: NamedPackage
    utilities: dict[str, float]


class ClassDebriefView(_Body):
    """A class's debrief: the scenario, its frontier (utility points, by party) and Nash solution,
    the summary and every room."""

    scenario: str
    parties: list[str]
    reservation_values: dict[str, float]
    frontier: list[dict[str, float]]
    nash: NashView | None
    summary: ClassSummaryView
    rooms: list[RoomDebriefView]

    @classmethod
    def from_debrief(cls, debrief: ClassDebrief) -> ClassDebriefView:
        """The view of a class debrief."""
        bench = debrief.benchmark
        parties = list(bench.parties)
        solution = bench.nash
        nash = None
        if solution is not None:
            nash = NashView(
                package=dict(bench.nash_package or {}),
                utilities=dict(zip(parties, (float(u) for u in solution.utilities), strict=True)),
            )
        return cls(
            scenario=bench.scenario,
            parties=parties,
            reservation_values=dict(zip(parties, bench.reservation, strict=True)),
            frontier=[
                dict(zip(parties, (float(u) for u in row), strict=True)) for row in bench.frontier.utilities
            ],
            nash=nash,
            summary=ClassSummaryView.from_debrief(debrief.summary),
            rooms=[RoomDebriefView.from_debrief(room) for room in debrief.rooms],
        )


# --- CSV -------------------------------------------------------------------------------------------
def _cell(value: float | bool | None) -> str:
    """A figure as a CSV cell: yes/no for a flag, the float's shortest exact form, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(float(value))


def _vote(vote: bool | None) -> str:
    return "-" if vote is None else "yes" if vote else "no"


def stages_text(room: RoomDebrief) -> str:
    """The room's stages as ``name=status;...`` (empty for a single negotiation)."""
    return ";".join(f"{stage.name}={stage.status}" for stage in room.stages)


def ratified_text(room: RoomDebrief) -> str:
    """The room's ratification as ``party=yes/no/-;...`` (empty when nothing was put to it)."""
    return ";".join(f"{party}={_vote(vote)}" for party, vote in room.ratification.items())


def debrief_header(debrief: ClassDebrief) -> list[str]:
    """The CSV's columns (one utility column per party)."""
    utilities = [f"utility_{party}" for party in debrief.parties]
    return [
        "room",
        "title",
        "status",
        "agreed",
        *utilities,
        "joint_gain",
        "distance_to_frontier",
        "pareto_optimal",
        "nash_share",
        "rounds",
        "stages",
        "ratified",
    ]


def debrief_row(debrief: ClassDebrief, room: RoomDebrief) -> list[str]:
    """One room's CSV row."""
    agreement = room.agreement
    utilities = [_cell(None if agreement is None else agreement.utilities[p]) for p in debrief.parties]
    figures = (
        (None, None, None, None)
        if agreement is None
        else (
            agreement.joint_gain,
            agreement.distance_to_frontier,
            agreement.pareto_optimal,
            agreement.nash_share,
        )
    )
    return [
        room.room,
        room.title,
        room.status,
        _cell(room.agreed),
        *utilities,
        *(_cell(figure) for figure in figures),
        str(room.rounds),
        stages_text(room),
        ratified_text(room),
    ]


def debrief_csv(debrief: ClassDebrief) -> str:
    """The debrief as CSV: a header, then one row per room."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(debrief_header(debrief))
    writer.writerows(debrief_row(debrief, room) for room in debrief.rooms)
    return out.getvalue()


# --- HTML ------------------------------------------------------------------------------------------
def _number(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def debrief_figure(debrief: ClassDebrief) -> go.Figure:
    """The first two parties' utility space: the frontier as a line, each room's agreement a labelled
        point labelled with its room ids (rooms that agreed the same utilities share one; their titles show
    on hover), the Nash solution a star."""
    bench = debrief.benchmark
    names = bench.parties
    front = bench.frontier.utilities
    order = np.argsort(front[:, 0])
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=front[order, 0],
            y=front[order, 1],
            mode="lines+markers",
            name="Pareto frontier",
            line={"color": "crimson"},
            marker={"size": 5},
        )
    )
    points: dict[tuple[float, float], list[RoomDebrief]] = {}
    for room in debrief.rooms:
        if room.agreement is not None:
            key = (room.agreement.utilities[names[0]], room.agreement.utilities[names[1]])
            points.setdefault(key, []).append(room)
    if points:
        figure.add_trace(
            go.Scatter(
                x=[x for x, _ in points],
                y=[y for _, y in points],
                mode="markers+text",
                name="agreements",
                text=[", ".join(escape(r.room) for r in rooms) for rooms in points.values()],
                hovertext=[
                    "<br>".join(escape(r.title or r.room) for r in rooms) for rooms in points.values()
                ],
                textposition="top center",
                marker={"size": 11, "color": "royalblue"},
            )
        )
    if bench.nash is not None:
        figure.add_trace(
            go.Scatter(
                x=[bench.nash.utilities[0]],
                y=[bench.nash.utilities[1]],
                mode="markers",
                name="Nash solution",
                marker={"size": 16, "symbol": "star", "color": "gold", "line": {"width": 1}},
            )
        )
    figure.add_vline(
        x=bench.reservation[0], line_dash="dash", annotation_text=escape(f"{names[0]} reservation")
    )
    figure.add_hline(
        y=bench.reservation[1], line_dash="dash", annotation_text=escape(f"{names[1]} reservation")
    )
    figure.update_layout(
        title=escape(bench.scenario),
        xaxis_title=escape(f"utility of {names[0]}"),
        yaxis_title=escape(f"utility of {names[1]}"),
        template="plotly_white",
    )
    return figure


def _summary_table(summary: ClassSummary) -> str:
    rows = [
        ("rooms", str(summary.rooms)),
        ("agreements", str(summary.agreements)),
        ("agreement rate", f"{summary.agreement_rate:.0%}"),
        ("mean joint gain (agreed rooms)", _number(summary.mean_joint_gain)),
        ("mean distance to the frontier (agreed rooms)", _number(summary.mean_distance_to_frontier)),
        ("mean rounds", _number(summary.mean_rounds, 1)),
    ]
    return table(["figure", "value"], [(escape(name), escape(value)) for name, value in rows])


def _room_cells(debrief: ClassDebrief, room: RoomDebrief) -> list[str]:
    agreement = room.agreement
    package = "–" if agreement is None else "; ".join(f"{k}={v}" for k, v in agreement.package.items())
    utilities = [_number(None if agreement is None else agreement.utilities[p]) for p in debrief.parties]
    optimal = "–" if agreement is None else "yes" if agreement.pareto_optimal else "no"
    cells = [
        f"<code>{escape(room.room)}</code>",
        escape(room.title),
        escape(room.status),
        escape(package),
        *(escape(u) for u in utilities),
        escape(_number(None if agreement is None else agreement.joint_gain)),
        escape(_number(None if agreement is None else agreement.distance_to_frontier)),
        escape(optimal),
        escape(_number(None if agreement is None else agreement.nash_share)),
        escape(str(room.rounds)),
        escape(stages_text(room).replace(";", "; ")),
        escape(ratified_text(room).replace(";", "; ")),
    ]
    return cells


def debrief_html(debrief: ClassDebrief) -> str:
    """The debrief as one self-contained HTML page: the summary, one row per room, the chart."""
    bench = debrief.benchmark
    header = [
        "room",
        "title",
        "status",
        "agreement",
        *(f"utility of {p}" for p in debrief.parties),
        "joint gain",
        "distance to frontier",
        "Pareto-optimal",
        "Nash share",
        "rounds",
        "stages",
        "ratified",
    ]
    rooms = table(header, [_room_cells(debrief, room) for room in debrief.rooms])
    nash = bench.nash_package
    note = (
        f"<p>{len(bench.frontier):,} packages on the Pareto frontier ({escape(bench.frontier.method)}); "
        + ("no Nash solution" if nash is None else "Nash solution: " + escape(_named(nash)))
        + ".</p>"
    )
    chart = '<p class="note">Fewer than two parties: no chart.</p>'
    if len(bench.parties) >= 2:
        figure = debrief_figure(debrief)
        chart = figure.to_html(full_html=False, include_plotlyjs=True, config={"responsive": True})
    sections = [
        section("summary", "Summary", _summary_table(debrief.summary)),
        section("rooms", "Rooms", rooms),
        section("frontier", "Agreements and the frontier", note + chart),
    ]
    links = [("summary", "Summary"), ("rooms", "Rooms"), ("frontier", "Frontier")]
    return html_page(escape(f"Debrief: {bench.scenario}"), links, sections)


def _named(package: Mapping[str, Value]) -> str:
    return "; ".join(f"{issue}={value}" for issue, value in package.items())
