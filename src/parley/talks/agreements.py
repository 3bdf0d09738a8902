"""Agreements that stand stage by stage: each stage's agreement has its own life.

A stage's agreement is initialled, signed, ratified where the stage needs ratification, and enters
into force; it can be abandoned at ratification, and an agreement in force can break down (a ceasefire
violated). A later stage that fails leaves the earlier agreements in force. The steps follow the
treaty-making stages of the Vienna Convention on the Law of Treaties (1969), articles 10–16 and 24
(entry into force), as :mod:`parley.talks.lifecycle` does for one draft.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from parley.talks.lifecycle import AgreementDraft, Step


class AgreementStatus(StrEnum):
    """Where a stage's agreement stands."""

    INITIALLED = "initialled"
    SIGNED = "signed"
    RATIFIED = "ratified"
    IN_FORCE = "in_force"
    ABANDONED = "abandoned"
    BROKEN_DOWN = "broken_down"


@dataclass(frozen=True)
class StageAgreement:
    """The agreement of one stage: its draft (the package over the stage's issues and what each party
    did with it), whether it needs ratification, when it entered into force and when it broke down."""

    stage: str
    draft: AgreementDraft
    needs_ratification: bool
    in_force_from: int | None = None
    broken_at: int | None = None
    broken_reason: str = ""

    @property
    def status(self) -> AgreementStatus:
        """Broken down, abandoned, in force, or the step every party has reached (initialled…)."""
        if self.broken_at is not None:
            return AgreementStatus.BROKEN_DOWN
        step = self.draft.status
        if step is Step.ABANDONED:
            return AgreementStatus.ABANDONED
        if self.in_force_from is not None:
            return AgreementStatus.IN_FORCE
        return AgreementStatus(step.value) if step is not Step.DRAFT else AgreementStatus.INITIALLED

    @property
    def in_force(self) -> bool:
        """Whether the agreement is in force now."""
        return self.status is AgreementStatus.IN_FORCE

    @property
    def issues(self) -> tuple[str, ...]:
        """The stage's issues, in the order of :attr:`package`."""
        return self.draft.issues

    @property
    def package(self) -> tuple[int, ...]:
        """The agreed options (indices) of the stage's issues."""
        return self.draft.outcome

    def broken(self, round: int, reason: str) -> StageAgreement:
        """This agreement, broken down at ``round`` for ``reason``."""
        return replace(self, broken_at=round, broken_reason=reason)
