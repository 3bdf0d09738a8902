"""A scenario's delegations process as built from its file: the runnable plan and what a report shows.

The plan (:class:`~parley.talks.ProcessPlan`) is what :func:`~parley.talks.run_process` runs; the cast,
the mandate models and the stakeholder tables are shown by the faces and sampled by the outlook. The
file's sections are kept as read (plain data, no file schema) so that saving writes them back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from parley.actors import Cast, MandateModel, StakeholderTable
from parley.preferences import Preferences
from parley.scenario.agreement import AgreementTemplate
from parley.talks import Delegation, ProcessPlan

#: Data as a file holds it: numbers, text, lists and mappings (option values may be mapping keys).
SectionData = (
    str | int | float | bool | None | list["SectionData"] | tuple["SectionData", ...]
    | dict[str | int | float, "SectionData"]
)  # fmt: skip

#: What a mediator in the negotiation room may see of the parties.
MediatorView = Literal["mandates", "reservation_values", "utilities", "notes"]


@dataclass(frozen=True)
class Process:
    """The delegations process: the runnable plan, the cast, each party's mandate model, the
    stakeholder tables (one per issue), the agreement's article templates and the mediator's grants."""

    plan: ProcessPlan
    cast: Cast
    mandates: Mapping[str, MandateModel] = field(default_factory=dict)
    stakeholders: Mapping[str, StakeholderTable] = field(default_factory=dict)
    agreement: AgreementTemplate | None = None
    mediator_sees: tuple[MediatorView, ...] = ()
    #: The delegations sections of the file, as read (empty when built in code).
    sections: Mapping[str, SectionData] = field(default_factory=dict, compare=False, repr=False)


def default_process(names: Sequence[str], preferences: Sequence[Preferences]) -> Process:
    """The process of a scenario without delegations sections: one delegation per party, negotiating
    with the party's own preferences over every issue in one stage, with no ratification or front."""
    delegations = tuple(Delegation(n, p, p) for n, p in zip(names, preferences, strict=True))
    return Process(ProcessPlan(delegations), Cast(tuple(names), ()))
