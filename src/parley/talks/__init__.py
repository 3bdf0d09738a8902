"""The delegations process: referrals, stages, a moving front, the agreement's life and ratification,
and the whole process run from a plan."""

from parley.negotiators.envoy import Envoy
from parley.negotiators.opening_text import OpeningText
from parley.talks.front import (
    Front,
    FrontState,
    ReservationRule,
    StateVariable,
    advance,
    breakdown,
    cost_of_delay,
    reservation_values,
)
from parley.talks.lifecycle import Act, AgreementDraft, Step, with_opening
from parley.talks.process import Delegation, ProcessPlan, ProcessResult, run_process
from parley.talks.ratification import (
    EXACT_LIMIT,
    RatificationRule,
    Ratifier,
    WinSet,
    common_win_set,
    conclude,
    in_win_sets,
    ratify,
    ratify_draft,
    win_set,
)
from parley.talks.referral import CallablePrincipal, PreferencesPrincipal, as_principal
from parley.talks.ripeness import Ripeness, ripeness, ripeness_path
from parley.talks.stages import SeatsFactory, Stage, StageResult, StageStatus, TalksResult, run_talks
from parley.talks.subspace import fixed_row, restrict

__all__ = [
    "EXACT_LIMIT",
    "Act",
    "AgreementDraft",
    "CallablePrincipal",
    "Delegation",
    "Envoy",
    "Front",
    "FrontState",
    "OpeningText",
    "PreferencesPrincipal",
    "ProcessPlan",
    "ProcessResult",
    "RatificationRule",
    "Ratifier",
    "ReservationRule",
    "Ripeness",
    "SeatsFactory",
    "Stage",
    "StageResult",
    "StageStatus",
    "StateVariable",
    "Step",
    "TalksResult",
    "WinSet",
    "advance",
    "as_principal",
    "breakdown",
    "common_win_set",
    "conclude",
    "cost_of_delay",
    "fixed_row",
    "in_win_sets",
    "ratify",
    "ratify_draft",
    "reservation_values",
    "restrict",
    "ripeness",
    "ripeness_path",
    "run_process",
    "run_talks",
    "win_set",
    "with_opening",
]
