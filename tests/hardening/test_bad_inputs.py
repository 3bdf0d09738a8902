"""Bad inputs end in one clear, located message and exit status 2 (or a correct result), never a
traceback: huge spaces, the wrong frontier method, vast integer issues, constraints that forbid
everything, typo'd keys, mistyped strategy parameters, and settings that deserve a warning."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from parley.analysis import FrontierMethodError, pareto_frontier
from parley.cli.app import app
from parley.domain import IntegerIssue, IssueError, OutcomeSpace
from parley.formats import ScenarioError, ScenarioWarning, loads_yaml
from parley.preferences import LinearAdditiveUtility, LinearValue
from parley.report.html_report import zone_size
from tests.hardening.scenarios import TWO_PARTIES

runner = CliRunner()


RECTANGLES = """\
title: Rectangles
issues:
  - {name: colour, type: categorical, options: [red, blue]}
parties:
  - name: A
    utility: {type: hyperrectangles, rectangles: [{utility: 1, include: {colour: [red]}}]}
  - name: B
    utility: {type: hyperrectangles, rectangles: [{utility: 1, include: {colour: [blue]}}]}
"""

HUGE_INTEGER = """\
title: Money
issues:
  - {name: money, type: integer, min: 0, max: 100000000000000}
  - {name: colour, type: categorical, options: [red, blue]}
parties:
  - name: A
    utility:
      type: linear
      weights: {money: 0.5, colour: 0.5}
      values: {money: {slope: 1.0e-14}, colour: {red: 1, blue: 0}}
  - name: B
    utility:
      type: linear
      weights: {money: 0.5, colour: 0.5}
      values: {money: {slope: -1.0e-14, intercept: 1}, colour: {red: 0, blue: 1}}
"""

FORBIDS_ALL = TWO_PARTIES.replace(
    "parties:\n",
    "constraints:\n"
    "  - {name: no red, when: {colour: [red]}}\n"
    "  - {name: no blue, when: {colour: [blue]}}\n"
    "parties:\n",
)


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    """Write ``text`` to a scenario file in ``tmp_path``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def failing(args: list[str], *words: str) -> str:
    """Run the command; assert exit 2, no traceback, and that every one of ``words`` is in the output."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output
    return result.output


# --- a zone of agreement too large to count -----------------------------------------------------------
def test_the_report_says_not_counted_for_an_uncounted_zone() -> None:
    assert "not counted" in zone_size(None)
    assert "1,234 packages" in zone_size(1234)


def test_report_on_a_zone_that_cannot_be_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parley.analysis.zone as zone

    monkeypatch.setattr(zone, "count_acceptable", lambda space, preferences: None)
    target = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(write(tmp_path, TWO_PARTIES)), "-o", str(target), "--runs", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "not counted" in target.read_text(encoding="utf-8")


# --- frontier methods that cannot work -------------------------------------------------------------
def test_enumeration_above_the_limit_is_refused_at_once(shared_dir: Path) -> None:
    folder = shared_dir / "domains" / "anac2014-50issues"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    failing(["analyze", str(folder), "--method", "enumeration"], "enumeration limit", "solver", str(folder))


def test_linear_on_the_50_issue_domain_is_refused(shared_dir: Path) -> None:
    folder = shared_dir / "domains" / "anac2014-50issues"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    failing(["analyze", str(folder), "--method", "linear"], "not all linear-additive", "solver", str(folder))


def test_enumeration_refused_on_a_small_file_too_large_to_enumerate(tmp_path: Path) -> None:
    path = write(tmp_path, HUGE_INTEGER)
    failing(["analyze", str(path), "--method", "enumeration"], "enumeration limit", "linear", "solver")


def test_linear_refused_for_hyperrectangles(tmp_path: Path) -> None:
    path = write(tmp_path, RECTANGLES)
    output = failing(["analyze", str(path), "--method", "linear"], "not all linear-additive", str(path))
    assert "enumeration" in output


def test_the_library_refuses_too(tmp_path: Path) -> None:
    scenario = loads_yaml(RECTANGLES)
    with pytest.raises(FrontierMethodError, match="methods that work here: enumeration"):
        pareto_frontier(scenario.space, [p.preferences for p in scenario.parties], method="linear")


# --- integer issues of any range -----------------------------------------------------------------------
def test_info_on_a_vast_integer_issue(tmp_path: Path) -> None:
    result = runner.invoke(app, ["info", str(write(tmp_path, HUGE_INTEGER)), "--json"])
    assert result.exit_code == 0, result.output
    assert '"cardinality": 200000000000002' in result.stdout


def test_a_vast_linear_integer_issue_evaluates_without_a_table() -> None:
    space = OutcomeSpace((IntegerIssue("money", 0, 10**14),))
    utility = LinearAdditiveUtility(space, (2.0,), (LinearValue(1e-14, 0.0, (0.0, 0.5)),))
    rows = np.array([[0], [10**13], [10**14]], dtype=np.int64)
    np.testing.assert_allclose(utility.evaluate(rows), [0.0, 0.2, 1.0])
    assert utility.outer_bounds(space) == (0.0, 1.0)


def test_tabulating_a_vast_integer_issue_is_refused_by_name() -> None:
    with pytest.raises(IssueError, match="'money' holds 100,000,000,000,001 whole numbers"):
        IntegerIssue("money", 0, 10**14).values()


def test_analysis_of_a_vast_integer_issue_is_a_clean_error(tmp_path: Path) -> None:
    failing(["analyze", str(write(tmp_path, HUGE_INTEGER))], "'money'", "too many to list")


def test_a_value_table_for_a_vast_integer_issue_is_located(tmp_path: Path) -> None:
    text = HUGE_INTEGER.replace("money: {slope: 1.0e-14}", "money: {0: 1, 1: 0}")
    with pytest.raises(ScenarioError, match=r"at parties\[0\]\.utility\.values\.money: .*linear value"):
        loads_yaml(text)


# --- constraints that forbid everything ----------------------------------------------------------------
@pytest.mark.parametrize("command", ["analyze", "negotiate", "info"])
def test_constraints_that_forbid_everything(tmp_path: Path, command: str) -> None:
    path = write(tmp_path, FORBIDS_ALL)
    output = failing([command, str(path)], "the constraints leave no feasible outcome", "at constraints")
    assert "red line" not in output


# --- typo'd keys ------------------------------------------------------------------------------------------
def test_a_typod_top_level_key_is_named_with_the_nearest(tmp_path: Path) -> None:
    path = write(tmp_path, TWO_PARTIES.replace("issues:", "isues:"))
    output = failing(["info", str(path)], "unknown key 'isues'", "did you mean 'issues'", "line 2")
    assert "Field required" not in output


def test_a_typod_nested_key_is_named_with_the_nearest() -> None:
    with pytest.raises(ScenarioError, match=r"unknown key 'optons' \(did you mean 'options'\?\)"):
        loads_yaml(TWO_PARTIES.replace("options: [red, blue]", "optons: [red, blue]"))


# --- strategy parameters -----------------------------------------------------------------------------
def test_a_mistyped_strategy_parameter_names_strategy_parameter_and_type() -> None:
    failing(["negotiate", "textbook-split", "--a", "boulware:e=abc"], "'boulware'", "parameter e", "number")


def test_an_unknown_strategy_parameter_lists_the_known_ones() -> None:
    failing(["negotiate", "textbook-split", "--a", "boulware:speed=2"], "'speed'", "e, k, tolerance")


# --- suspicious settings: warned, and the command still runs ----------------------------------------------
def test_negative_weights_and_an_unreachable_reservation_are_warned(tmp_path: Path) -> None:
    text = TWO_PARTIES.replace(
        "weights: {colour: 0.5, size: 0.5}", "weights: {colour: 0.5, size: -0.5}", 1
    ).replace("  - name: A\n", "  - name: A\n    reservation_value: 7.5\n")
    path = write(tmp_path, text)
    result = runner.invoke(app, ["info", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr
    assert "at parties[0].utility.weights.size" in result.stderr and "negative weight" in result.stderr
    assert "at parties[0].reservation_value" in result.stderr and "7.5" in result.stderr
    assert f"{path}, line " in result.stderr


def test_a_genius_folder_gets_the_same_warnings_naming_its_profile_file(
    shared_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "england"
    shutil.copytree(shared_dir / "domains" / "anac2010-EnglandZimbabwe", folder)
    profile = folder / "England.xml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace('<reservation value="0" />', '<reservation value="1.5" />')
    text = text.replace('<weight index="1" value="0.3031462333758278">', '<weight index="1" value="-0.3">')
    profile.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["info", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"{profile}, at weight of Size of Fund" in result.stderr and "negative weight" in result.stderr
    assert f"{profile}, at reservation value" in result.stderr and "1.5" in result.stderr
    assert "Zimbabwe.xml" not in result.stderr


def test_the_library_issues_scenario_warnings() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioWarning)
        loads_yaml(TWO_PARTIES.replace("  - name: B\n", "  - name: B\n    reservation_value: 3\n"))
    assert [str(w.message) for w in caught if w.category is ScenarioWarning] == [
        "<input>, line 12, at parties[1].reservation_value: party 'B' has reservation value 3, above the "
        "best utility any package gives it (1): it can accept no agreement"
    ]


def test_a_real_issue_of_too_many_steps_is_refused_by_name() -> None:
    # found by tests/fuzz (a GeniusWeb range whose step is a tiny fraction of its width)
    from parley.domain import IssueError, RealIssue

    with pytest.raises(IssueError, match=r"'x': .* steps are more than"):
        RealIssue("x", 0.0, 1.0, steps=10**30)
