"""The mandate summary: readable, complete, ordered by weight."""

from __future__ import annotations

from parley.actors import MandateModel, Task, describe_condition, mandate_summary
from parley.domain import Condition
from tests.actors.conftest import TRUST


def test_summary_lists_everything(space, briefings):
    tasks = [
        Task("prisoners home", Condition("prisoners", low=2)),
        Task("partial relief", Condition("sanctions", options=("partial",)), required=False, bonus=0.1),
    ]
    red_line = Condition("ceasefire", options=("none",))
    mandate = MandateModel(space, "North", briefings, TRUST, red_lines=[red_line], tasks=tasks).expected()
    text = mandate_summary(mandate, space)
    lines = text.splitlines()
    assert lines[0] == "Mandate of North"
    assert "range [0, 1.1]" in lines[1]
    assert "reservation value: 0.325" in text
    assert "authority limit: 0.425" in text
    issue_lines = [line.split()[0] for line in lines[lines.index("  issues by weight:") + 1 :][:3]]
    assert issue_lines == ["ceasefire", "prisoners", "sanctions"]  # 0.45 > 0.371 > 0.35 (raw weights)
    assert "prefers full (1.00), none (0.20), local (0.00)" in text
    assert "red lines: ceasefire in {none}" in text
    assert "prisoners home (required): prisoners ≥ 2" in text
    assert "partial relief (optional, bonus +0.1): sanctions in {partial}" in text
    assert "    ceasefire = full" in text and "    prisoners = 4" in text
    assert "foreign affairs  trust 0.50" in text
    assert "front: east      trust 0.20  shaped" in text


def test_summary_without_tasks_or_red_lines(space, briefings):
    text = mandate_summary(MandateModel(space, "North", briefings, TRUST).expected(), space)
    assert "red lines: none" in text and "tasks: none" in text


def test_describe_condition():
    assert describe_condition(Condition("n", low=1, high=3)) == "n in [1, 3]"
    assert describe_condition(Condition("n", high=3.5)) == "n ≤ 3.5"
    assert describe_condition(Condition("c", options=("a", "b"))) == "c in {a, b}"
