"""What a driver brings into a running process: front incidents and a stage's clock running out."""

from __future__ import annotations

import pytest

from parley.examples import load_example
from parley.record import EventKind, Record
from parley.talks import ProcessRun, run_process
from parley.talks.asking import StageContext


def _run(seed: int = 1) -> ProcessRun:
    scenario = load_example("ceasefire")
    return ProcessRun(scenario.space, scenario.delegations.plan, seed)


def _context(run: ProcessRun) -> StageContext:
    assert run.context is not None
    return run.context


def _until_stage(run: ProcessRun, stage: str, asks: int = 0) -> None:
    """Answer as the simulation would until ``asks`` asks into ``stage``."""
    seen = 0
    while run.pending is not None:
        if run.context is not None and run.context.stage == stage:
            if seen == asks:
                return
            seen += 1
        run.answer(run.simulated())
    raise AssertionError(f"the process ended before stage {stage!r}")


def _finish(run: ProcessRun) -> Record:
    while run.pending is not None:
        run.answer(run.simulated())
    assert run.result is not None
    return run.result.record


def _trace(record: Record) -> list[tuple[object, ...]]:
    """Every event with its data (an event's equality leaves the data out)."""
    return [(e.kind, e.round, e.party, e.outcome, sorted(e.data.items())) for e in record]


def _with_incident(asks: int, change: float) -> list[tuple[object, ...]]:
    run = _run()
    _until_stage(run, "settlement", asks)
    run.incident({"eastern_front": change}, "an offensive near the river")
    return _trace(_finish(run))


def test_an_incident_moves_the_front_and_says_so_in_the_record() -> None:
    scenario = load_example("ceasefire")
    plain = _trace(run_process(scenario.space, scenario.delegations.plan, 1).record)
    run = _run()
    _until_stage(run, "settlement", 4)
    run.incident({"eastern_front": 10.0}, "an offensive near the river")
    record = _finish(run)
    moves = [e for e in record if e.kind is EventKind.FRONT_MOVED and "incident" in str(e.data["reason"])]
    assert len(moves) == 1
    assert moves[0].data["reason"] == "incident: an offensive near the river"
    assert moves[0].data["change"] == pytest.approx(10.0)
    assert _trace(record) != plain


def test_after_an_incident_the_reservation_values_follow_the_moved_front() -> None:
    def final(change: float) -> tuple[float, dict[str, float]]:
        run = _run()
        _until_stage(run, "settlement", 4)
        if change:
            run.incident({"eastern_front": change})
        _finish(run)
        assert run.result is not None and run.result.talks.front is not None
        return run.result.talks.front.values[0], run.result.talks.ripeness[-1].reservation_values

    (front, values), (moved, moved_values) = final(0.0), final(10.0)
    assert moved == pytest.approx(front + 10.0)
    assert moved_values["North"] == pytest.approx(values["North"] + 0.04)  # sensitivity 0.004 a unit
    assert moved_values["South"] == pytest.approx(values["South"] - 0.04)


def test_the_same_incident_at_the_same_ask_gives_the_same_record() -> None:
    assert _with_incident(4, 10.0) == _with_incident(4, 10.0)
    assert _with_incident(4, 10.0) != _with_incident(4, -10.0)


def test_an_incident_on_a_variable_the_front_lacks_is_refused() -> None:
    run = _run()
    with pytest.raises(ValueError, match="no front variable 'western_front'"):
        run.incident({"western_front": 1.0})
    assert not run.outside.incidents


def test_a_stage_whose_time_ran_out_ends_at_its_deadline_and_the_next_goes_on() -> None:
    run = _run()
    _until_stage(run, "ceasefire", 3)
    run.expire("ceasefire")
    run.answer(run.simulated())
    if run.pending is not None:
        assert _context(run).stage != "ceasefire"  # the stage ended at once
    record = _finish(run)
    deadlines = [e for e in record if e.kind is EventKind.DEADLINE]
    assert deadlines[0].data["reason"] == "the stage's time limit ran out"
    assert run.result is not None
    statuses = {stage.name: str(stage.status) for stage in run.result.talks.stages}
    assert statuses["ceasefire"] == "deadline"
    assert "settlement" in statuses
