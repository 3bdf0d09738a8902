"""``parley negotiate`` and ``parley tournament``: trace table, JSON contract, plot, clean failures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.tournament.scenarios import BROKER, BUYER, SELLER, write_sale
from typer.testing import CliRunner

from parley.cli.app import app
from parley.tournament import load_table

runner = CliRunner()


@pytest.fixture
def sale_file(tmp_path: Path) -> Path:
    """A small bilateral scenario on disk."""
    return write_sale(tmp_path)


def test_negotiate_prints_the_trace_and_the_outcome(sale_file: Path) -> None:
    result = runner.invoke(
        app, ["negotiate", str(sale_file), "--a", "boulware", "--b", "conceder", "--rounds", "20"]
    )
    assert result.exit_code == 0, result.output
    for words in ("Offer trace", "round", "action", "u(Buyer)", "u(Seller)", "offer", "price="):
        assert words in result.output
    assert "agreement" in result.output or "no agreement" in result.output


def test_negotiate_json_contract(sale_file: Path) -> None:
    result = runner.invoke(app, ["negotiate", str(sale_file), "--json", "--rounds", "20", "--seed", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"ending", "agreement", "utilities", "rounds", "events", "strategies", "protocol", "seed"} <= set(
        data
    )
    assert data["ending"] in ("agreement", "breakdown", "deadline")
    assert data["strategies"] == {"Buyer": "boulware", "Seller": "conceder"}
    assert data["protocol"] == "alternating" and data["seed"] == 3
    assert isinstance(data["rounds"], int) and data["events"]
    assert data["events"][0]["kind"] == "offer" and data["events"][0]["party"] == "Buyer"
    if data["ending"] == "agreement":
        assert set(data["agreement"]) == {"price", "delivery", "warranty"}
        assert set(data["utilities"]) == {"Buyer", "Seller"}
    else:
        assert data["agreement"] is None and data["utilities"] is None


def test_negotiate_is_reproducible_under_a_seed(sale_file: Path) -> None:
    args = ["negotiate", str(sale_file), "--json", "--a", "random", "--b", "conceder", "--seed", "5"]
    first, second = (json.loads(runner.invoke(app, args).stdout) for _ in range(2))
    for data in (first, second):
        for event in data["events"]:
            event.pop("elapsed")
    assert first == second


def test_negotiate_plot_is_self_contained(sale_file: Path, tmp_path: Path) -> None:
    plot = tmp_path / "offers.html"
    result = runner.invoke(app, ["negotiate", str(sale_file), "--rounds", "20", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    html = plot.read_text(encoding="utf-8")
    assert "<html" in html and "plotly" in html.lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=", html)
    for name in ("offers by Buyer", "offers by Seller", "Pareto frontier"):
        assert name in html


def test_negotiate_three_parties_with_one_strategy_per_seat(tmp_path: Path) -> None:
    path = write_sale(tmp_path, "trio", (BUYER, SELLER, BROKER))
    args = ["negotiate", str(path), "--json", "--rounds", "10"]
    result = runner.invoke(
        app, [*args, "--strategy", "boulware", "--strategy", "conceder", "--strategy", "linear"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["strategies"] == {
        "Buyer": "boulware",
        "Seller": "conceder",
        "Broker": "linear",
    }
    result = runner.invoke(app, args)  # --a and --b alone name two of three seats
    assert result.exit_code == 2 and "3 parties" in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--a", "nobody"], "no negotiator called 'nobody'"),
        (["--b", "conceder:e"], "is not key=value"),
        (["--protocol", "shouting"], "no protocol called 'shouting'"),
        (["--a", "hardliner:colour=1"], "cannot build the negotiators"),
    ],
)
def test_negotiate_bad_input_exits_2_with_a_message(sale_file: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["negotiate", str(sale_file), *extra])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_negotiate_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["negotiate", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "error:" in result.output and "Traceback" not in result.output


def test_tournament_writes_results_and_prints_the_summary(sale_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "results.csv"
    args = ["tournament", str(sale_file), "--strategies", "boulware,conceder", "--rounds", "20"]
    result = runner.invoke(app, [*args, "--repetitions", "2", "--processes", "1", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Tournament summary" in result.output and "boulware" in result.output
    table = load_table(output)
    assert len(table) == 8 and set(table.scenario) == {"sale"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--strategies", "boulware,nobody"], "no negotiator called 'nobody'"),
        (["--protocol", "shouting"], "no protocol called 'shouting'"),
        (["-o", "results.xlsx"], "cannot tell the table format"),
    ],
)
def test_tournament_bad_input_exits_2(sale_file: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["tournament", str(sale_file), "--processes", "1", *extra])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
