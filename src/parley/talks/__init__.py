"""The delegations process: referrals, stages, a moving front, the agreement's life and ratification,
and the draft text of an agreed package."""

from parley.talks.drafting import draft_agreement
from parley.talks.envoy import Envoy
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
from parley.talks.lifecycle import Act, AgreementDraft, OpeningText, Step, with_opening
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
from parley.talks.subspace import restrict

__all__ = [
    "EXACT_LIMIT",
    "Act",
    "AgreementDraft",
    "CallablePrincipal",
    "Envoy",
    "Front",
    "FrontState",
    "OpeningText",
    "PreferencesPrincipal",
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
    "draft_agreement",
    "in_win_sets",
    "ratify",
    "ratify_draft",
    "reservation_values",
    "restrict",
    "ripeness",
    "ripeness_path",
    "run_talks",
    "win_set",
    "with_opening",
]
