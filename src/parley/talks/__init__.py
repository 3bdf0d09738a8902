"""The delegations process: referrals, stages, a moving front, the agreement's life and ratification,
and the whole process run from a plan."""

from parley.negotiators.envoy import Envoy
from parley.negotiators.opening_text import OpeningText
from parley.talks.agreements import AgreementStatus, StageAgreement
from parley.talks.asking import Pending, StageContext, always, never
from parley.talks.breakdown import BREAKER, BreakdownRule, anticipated_cost, breakdown_steps
from parley.talks.driving import ProcessRun, run_process_async
from parley.talks.front import (
    Front,
    FrontState,
    ReservationRule,
    StateVariable,
    advance,
    breakdown,
    cost_of_delay,
    push,
    reservation_values,
)
from parley.talks.lifecycle import Act, AgreementDraft, Step, with_opening
from parley.talks.no_deal import NoDeal, open_share, open_view
from parley.talks.opening import opening_package
from parley.talks.patrons import Patron, Pressure, pressures
from parley.talks.process import (
    Delegation,
    ProcessPlan,
    ProcessResult,
    conclude_stage,
    process_steps,
    run_process,
)
from parley.talks.ratification import (
    EXACT_LIMIT,
    RatificationRule,
    Ratifier,
    WinSet,
    common_win_set,
    conclude,
    in_win_sets,
    passes,
    ratify,
    ratify_draft,
    win_set,
)
from parley.talks.referral import CallablePrincipal, PreferencesPrincipal, as_principal
from parley.talks.ripeness import Ripeness, ripeness, ripeness_path
from parley.talks.stages import (
    SeatsFactory,
    Stage,
    StageResult,
    StageStatus,
    TalksResult,
    check_stages,
    run_talks,
)
from parley.talks.subspace import fixed_row, restrict

__all__ = [
    "BREAKER",
    "EXACT_LIMIT",
    "Act",
    "AgreementDraft",
    "AgreementStatus",
    "BreakdownRule",
    "CallablePrincipal",
    "Delegation",
    "Envoy",
    "Front",
    "FrontState",
    "NoDeal",
    "OpeningText",
    "Patron",
    "Pending",
    "PreferencesPrincipal",
    "Pressure",
    "ProcessPlan",
    "ProcessResult",
    "ProcessRun",
    "RatificationRule",
    "Ratifier",
    "ReservationRule",
    "Ripeness",
    "SeatsFactory",
    "Stage",
    "StageAgreement",
    "StageContext",
    "StageResult",
    "StageStatus",
    "StateVariable",
    "Step",
    "TalksResult",
    "WinSet",
    "advance",
    "always",
    "anticipated_cost",
    "as_principal",
    "breakdown",
    "breakdown_steps",
    "check_stages",
    "common_win_set",
    "conclude",
    "conclude_stage",
    "cost_of_delay",
    "fixed_row",
    "in_win_sets",
    "never",
    "open_share",
    "open_view",
    "opening_package",
    "passes",
    "pressures",
    "process_steps",
    "push",
    "ratify",
    "ratify_draft",
    "reservation_values",
    "restrict",
    "ripeness",
    "ripeness_path",
    "run_process",
    "run_process_async",
    "run_talks",
    "win_set",
    "with_opening",
]
