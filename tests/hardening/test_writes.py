"""Writes that lose nothing: every command that writes refuses an existing target without ``--force``
(exit 2, naming the path and ``--force``), writes whole files through a temporary one, and replaces a
folder whole (never old profiles beside new ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.formats import OverwriteError, load_scenario, write_folder, write_text_file
from tests.hardening.scenarios import TWO_PARTIES

runner = CliRunner()

SIMPLE = TWO_PARTIES.replace("title: Small", "title: Simple")


def source(tmp_path: Path) -> Path:
    """A small scenario file in ``tmp_path``."""
    path = tmp_path / "simple.yaml"
    path.write_text(SIMPLE, encoding="utf-8")
    return path


def refused(args: list[str], path: Path) -> None:
    """The command exits 2 with a message naming ``path`` and ``--force``, and no traceback."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert str(path) in result.output and "--force" in result.output, result.output
    assert "Errno" not in result.output and "Traceback" not in result.output


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders a write left behind in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- convert ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_convert_into_an_existing_folder_needs_force_and_replaces_it_whole(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    stale = "old-profile.xml" if fmt == "genius" else "old-profile.json"
    (folder / stale).write_text("stale", encoding="utf-8")
    refused(["convert", str(source(tmp_path)), str(folder), "--to", fmt], folder)
    assert (folder / stale).read_text(encoding="utf-8") == "stale"
    result = runner.invoke(app, ["convert", str(source(tmp_path)), str(folder), "--to", fmt, "--force"])
    assert result.exit_code == 0, result.output
    assert not (folder / stale).exists()
    assert load_scenario(folder).party_names == ("A", "B")
    assert leftovers(tmp_path) == []


def test_convert_over_a_converted_folder_loads_again(tmp_path: Path) -> None:
    folder = tmp_path / "gw"
    for _ in range(2):
        args = ["convert", str(source(tmp_path)), str(folder), "--to", "geniusweb", "--force"]
        assert runner.invoke(app, args).exit_code == 0
    assert load_scenario(folder).party_names == ("A", "B")


def test_convert_into_an_empty_folder_needs_no_force(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = runner.invoke(app, ["convert", str(source(tmp_path)), str(folder), "--to", "genius"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["A.xml", "B.xml", "domain.xml"]


def test_convert_onto_an_existing_yaml_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("mine", encoding="utf-8")
    refused(["convert", str(source(tmp_path)), str(target)], target)
    assert target.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(app, ["convert", str(source(tmp_path)), str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert load_scenario(target).party_names == ("A", "B")
    assert leftovers(tmp_path) == []


def test_convert_onto_a_file_with_another_suffix_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = runner.invoke(app, ["convert", str(source(tmp_path)), str(target), *extra])
        assert result.exit_code == 2, result.output
        assert str(target) in result.output and "is a file" in result.output
        assert "Errno" not in result.output
    assert target.read_text(encoding="utf-8") == "mine"


# --- report, plots, records ------------------------------------------------------------------------------
def test_report_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("mine", encoding="utf-8")
    refused(["report", str(source(tmp_path)), "-o", str(target), "--runs", "0"], target)
    assert target.read_text(encoding="utf-8") == "mine"
    args = ["report", str(source(tmp_path)), "-o", str(target), "--runs", "0", "--force"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert leftovers(tmp_path) == []


def test_analyze_plot_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "plot.html"
    target.write_text("mine", encoding="utf-8")
    refused(["analyze", str(source(tmp_path)), "--plot", str(target)], target)
    assert target.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(app, ["analyze", str(source(tmp_path)), "--plot", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert "plotly" in target.read_text(encoding="utf-8")


def test_negotiate_plot_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "plot.html"
    target.write_text("mine", encoding="utf-8")
    refused(["negotiate", str(source(tmp_path)), "--plot", str(target)], target)
    assert target.read_text(encoding="utf-8") == "mine"


def test_process_run_plot_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "plot.html"
    target.write_text("mine", encoding="utf-8")
    refused(["run", "ceasefire", "--plot", str(target)], target)
    assert target.read_text(encoding="utf-8") == "mine"


# --- the writers themselves ------------------------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_file(target, "new \udcff", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_a_failed_folder_write_leaves_the_old_folder_whole(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    write_folder(folder, {"a.txt": "A", "b.txt": "B"})
    with pytest.raises(UnicodeEncodeError):
        write_folder(folder, {"a.txt": "new", "c.txt": "bad \udcff"}, force=True)
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == {"a.txt": "A", "b.txt": "B"}
    assert leftovers(tmp_path) == []


def test_the_writers_refuse_without_force(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    write_text_file(target, "one", force=False)
    with pytest.raises(OverwriteError, match=r"x\.txt exists; give --force"):
        write_text_file(target, "two", force=False)
    folder = tmp_path / "f"
    write_folder(folder, {"a": "1"}, force=False)
    with pytest.raises(OverwriteError, match="exists and is not empty; give --force"):
        write_folder(folder, {"b": "2"}, force=False)
    with pytest.raises(OverwriteError, match="no folder"):
        write_text_file(tmp_path / "missing" / "x.txt", "three")
