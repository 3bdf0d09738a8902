"""The HTML report: its sections, self-containment, statements panel, escaping and the CLI command."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.examples import load_example
from parley.report.html_report import SECTION_IDS, forecast_for, render_report, report_parts
from parley.scenario import Source, Statement, StatementKind

_VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class _Checker(HTMLParser):
    """Records section ids and every tag that opens or closes out of order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.sections.append(dict(attrs).get("id") or "")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> at {self.getpos()}, open: {self.stack[-3:]}")
        else:
            self.stack.pop()


def _check(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker


@pytest.fixture(scope="module")
def ceasefire_page() -> str:
    parts = report_parts(load_example("ceasefire"), seed=1)
    return render_report(parts, forecast_for(parts, runs=20))


def test_every_section_is_there_in_order_and_the_html_is_well_formed(ceasefire_page: str) -> None:
    checker = _check(ceasefire_page)
    assert checker.sections == list(SECTION_IDS)
    assert checker.problems == []
    assert checker.stack == []


def test_the_report_is_self_contained_with_plotly_embedded_once(ceasefire_page: str) -> None:
    assert "<script src=" not in ceasefire_page.replace(" ", "")
    assert 'src="http' not in ceasefire_page
    assert ceasefire_page.count("window.PlotlyConfig") == 1
    assert ceasefire_page.count('class="plotly-graph-div"') >= 5  # utility space, offers, 3 forecast


def test_the_statements_panel_labels_a_claim_as_its_speakers(ceasefire_page: str) -> None:
    statements = ceasefire_page[ceasefire_page.index('<section id="statements">') :]
    claim = next(s for s in load_example("ceasefire").metadata.statements if s.kind is StatementKind.CLAIM)
    assert escape(f"claim by {claim.speaker}") in statements
    assert "not an established fact" in statements


def test_scenario_text_is_escaped() -> None:
    scenario = load_example("textbook-split")
    hostile = "<script>alert('x')</script>"
    statement = Statement(
        speaker=hostile,
        quote=hostile,
        kind=StatementKind.CLAIM,
        source=Source(title=hostile, url="javascript:alert(1)"),
    )
    metadata = replace(
        scenario.metadata,
        title=f"Split {hostile}",
        description=hostile,
        sources=(Source(title=hostile, url='https://example.org/"><script>'),),
        statements=(statement,),
    )
    page = render_report(report_parts(replace(scenario, metadata=metadata), seed=0))
    assert "alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert '"><script>' not in page
    assert _check(page).problems == []


def test_without_a_forecast_the_section_says_so() -> None:
    page = render_report(report_parts(load_example("textbook-logroll"), seed=0))
    assert "No forecast." in page


def test_cli_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "ceasefire", "-o", str(target), "--runs", "10"])
    assert result.exit_code == 0, result.output
    assert '<section id="forecast">' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "arguments",
    [["no-such-scenario", "-o", "out.html"], ["ceasefire", "-o", "no/such/folder/out.html"]],
)
def test_cli_bad_input_is_one_message_and_exit_2(tmp_path: Path, arguments: list[str]) -> None:
    result = CliRunner().invoke(app, ["report", *arguments, "--runs", "0"])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_the_forecast_shows_its_intervals_and_what_they_do_not_cover(ceasefire_page: str) -> None:
    assert "95 % Monte-Carlo intervals" in ceasefire_page
    assert "sampling noise of these runs only" in ceasefire_page
    assert '"error_x"' in ceasefire_page and '"arrayminus"' in ceasefire_page  # whiskers on the bars


def test_three_parties_get_a_chart_per_pair_not_a_silent_projection() -> None:
    from parley.formats import load_scenario

    scenario = load_scenario(Path(__file__).with_name("three_parties.yaml"))
    page = render_report(report_parts(scenario, seed=0))
    for pair in ("A and B", "A and C", "B and C"):
        assert page.count(f"<h3>{pair}</h3>") == 2  # the utility space and the offer trajectories
    assert "3 parties: the frontier has 3 dimensions" in page


def test_the_report_shows_both_notions_of_acceptable() -> None:
    page = render_report(report_parts(load_example("ceasefire"), seed=1))
    assert "<h3>Reservation values</h3>" in page and "its mandate&#x27;s (runs)" in page
    assert "Two notions of acceptable" in page and "0.350" in page and "0.335" in page  # North's two


def test_the_report_shows_the_walk_away_rule_and_each_statement_s_rung() -> None:
    page = render_report(report_parts(load_example("istanbul-2025"), seed=1))
    assert "One notion of acceptable: no deal is its own state" in page
    assert "Russia 0.5, the mean of Maria Zakharova" in page
    assert page.count("walk-away rung for Russia: gains") == 2
    assert page.count("walk-away rung for Ukraine: gains") == 2


def test_each_mandate_is_labelled_as_the_assumption_its_briefings_say_it_is() -> None:
    page = render_report(report_parts(load_example("istanbul-2025"), seed=1))
    assert page.count("<strong>Modelling assumption:</strong> pooled by the principal") == 2
    assert "Sergey Lavrov, Alexander Fomin, Igor Kostyukov" in page
