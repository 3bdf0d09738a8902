"""Every package's public API, pinned (httpx's habit): a name added to or dropped from an ``__all__``
shows up here in review. Each exported name exists, and the faces reach the packages only through
these names (``tests/test_layers.py``)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "parley"

PUBLIC: dict[str, tuple[str, ...]] = {
    "parley": (
        "Analysis", "CategoricalIssue", "Deadline", "IntegerIssue", "Negotiator", "OutcomeSpace",
        "Party", "Preferences", "Process", "ProcessResult", "RealIssue", "Response", "Result",
        "Scenario", "ScenarioError", "Seat", "View", "__version__", "analyze", "load_example",
        "load_scenario", "make_negotiator", "negotiate", "pareto_frontier", "register",
        "run_process", "save_scenario",
    ),
    "parley.actors": (
        "AUTHORITY_MARGIN", "Actor", "AdvisorShare", "Briefing", "Cast", "Estimate", "LADDER", "Mandate",
        "MandateDraws", "MandateModel", "RUNGS", "RUNG_MEANINGS", "Role", "SituationReport",
        "StakeholderTable", "StatedExpectation", "Task", "WalkAway", "WalkAwayRule", "best_package",
        "describe_condition", "mandate_summary", "mandate_utility",
    ),
    "parley.analysis": (
        "AgreementZone", "Analysis", "ENUMERATION_LIMIT", "EquivalentOffers", "Frontier",
        "FrontierMethodError", "Improvement", "IssueChange", "Logroll", "Lottery", "SOLUTIONS", "Scale",
        "Solution",
        "Tradeoffs", "agreement_zone", "analyze", "bargaining_solutions", "count_acceptable",
        "distance_to_frontier", "dominates", "egalitarian", "equivalent_offers",
        "kalai_smorodinsky", "lottery_solutions", "max_welfare", "nash", "opposition",
        "pareto_frontier", "pareto_indices", "post_settlement", "tradeoffs", "utility_scale",
    ),
    "parley.batch": (
        "BatchResult", "KINDS", "Tactic", "run_alternating", "utility_matrix",
    ),
    "parley.cli": (
        "app", "main",
    ),
    "parley.domain": (
        "CategoricalIssue", "Condition", "Constraint", "IntegerIssue", "Issue", "IssueError",
        "OutcomeSpace", "RealIssue", "SpaceTooLargeError", "TABULATION_LIMIT", "Value",
    ),
    "parley.examples": (
        "EXAMPLES", "example_path", "example_path_text", "load_example",
    ),
    "parley.extras": (
        "EXTRAS", "MissingExtraError", "ensure_extra", "has_extra",
    ),
    "parley.forecast": (
        "CAVEAT", "Convergence", "EUResult", "EUSettings", "ExchangeResult", "ExchangeTable", "Interval",
        "ModelScore", "OfferChoice", "Outlook", "Probability", "SCORED", "SMPResult", "Sensitivity",
        "SpatialTable", "VotingRule", "absolute_errors", "brier", "compromise", "convergence", "correlation",
        "mean_absolute_errors", "median_voter", "nash_bargaining", "nash_position", "outlook",
        "point_forecasts", "proportion", "rank_inputs", "run_exchange", "run_expected_utility", "run_smp",
        "spearman", "weighted_mean", "weighted_median",
    ),
    "parley.formats": (
        "Case", "Format", "OverwriteError", "ScenarioError", "ScenarioWarning", "Variant",
        "apply_variant",
        "check_file_target", "check_folder_target", "detected_salience_scale",
        "dumps_yaml", "guess_format", "load_scenario", "load_yaml", "loads_yaml",
        "looks_like_exchange_records",
        "looks_like_ktab", "parse_setting", "parse_stakeholder_csv", "read_case", "read_cases",
        "read_exchange_records", "read_ktab_csv", "read_stakeholder_csv", "read_variants", "save_scenario",
        "save_yaml", "scenario_json_schema", "write_folder", "write_text_file",
    ),
    "parley.negotiators": (
        "AbsoluteTitForTat", "Aspiration", "BayesianModel", "BayesianNegotiator", "Boulware",
        "Conceder", "Delegate", "Envoy", "FrequencyModel", "FrequencyNegotiator", "Hardliner",
        "Linear", "ModelledConceder", "NEGOTIATORS", "Negotiator", "OpeningText", "OpponentModel",
        "Packages", "RandomNegotiator", "RelativeTitForTat", "Response", "TimeDependent",
        "TitForTat", "View", "candidate_outcomes", "make_negotiator", "register", "settle",
    ),
    "parley.preferences": (
        "HyperRectangle", "HyperRectangleUtility", "LinearAdditiveUtility", "LinearValue",
        "NormalizedUtility", "Preferences", "TIE_TOLERANCE", "TableValue", "UNACCEPTABLE",
        "Utility", "ValueFunction", "meets", "normalize", "tie_tolerance",
    ),
    "parley.protocols": (
        "AlternatingOffers", "AlternatingState", "Ask", "AskKind", "Ballot", "Deadline", "Ending",
        "MECHANISMS", "Mechanism", "Mediator", "Reply", "Result", "Seat", "SimultaneousOffers",
        "SimultaneousState", "SingleNegotiatingText", "State", "TextState", "VoteMediator", "drive",
        "drive_async", "fork", "make_mechanism", "negotiate", "register_mechanism", "simulate",
    ),
    "parley.record": (
        "ENDINGS", "Event", "EventData", "EventJson", "EventKind", "Record",
    ),
    "parley.report": (
        "ReportParts", "SECTION_IDS", "analysis_to_json", "describe_utility", "html_page",
        "mandates_section", "negotiation_figure", "process_figure", "render_report", "report_parts",
        "scenario_section", "section", "statements_section", "summarize", "table", "timeline",
        "trajectory_figure", "utility_space_figure", "write_negotiation_plot", "write_process_plot",
        "write_report", "write_utility_plot",
    ),
    "parley.room": (
        "Anchors", "Caller", "KEY_ENV", "KEY_FILE_ENV", "Room", "RoomCheck", "RoomRole", "Store",
        "Verdict", "WitnessError", "agreement_markdown", "create_app", "load_key", "read_witness",
        "record_export", "replay", "room_report", "verify_all", "verify_store",
    ),
    "parley.scenario": (
        "AgreementTemplate", "ArticleTemplate", "DEFAULT_ARTICLE", "MediatorView", "Metadata",
        "Party", "PathT", "Process", "STATUS_LINES", "Scenario", "SectionData", "Source",
        "Statement", "StatementKind", "TemplateError", "check_agreement", "default_process",
        "draft_agreement", "format_location", "format_value", "inline", "join_names",
    ),
    "parley.talks": (
        "Act", "AgreementDraft", "AgreementStatus", "BREAKER", "BreakdownRule", "CallablePrincipal",
        "Delegation", "EXACT_LIMIT", "Envoy", "Front", "FrontState", "NoDeal", "OpeningText", "Patron",
        "Pending", "PreferencesPrincipal", "Pressure", "ProcessPlan", "ProcessResult", "ProcessRun",
        "RatificationRule", "Ratifier", "ReservationRule", "Ripeness", "SeatsFactory", "Stage",
        "StageAgreement", "StageContext", "StageResult", "StageStatus", "StateVariable", "Step",
        "TalksResult", "WinSet", "advance", "always", "anticipated_cost", "as_principal", "breakdown",
        "breakdown_steps", "check_stages", "common_win_set", "conclude", "conclude_stage",
        "cost_of_delay", "fixed_row", "in_win_sets", "never", "open_share", "open_view",
        "opening_package", "passes",
        "pressures", "process_steps", "push", "ratify", "ratify_draft", "reservation_values",
        "restrict", "ripeness", "ripeness_path", "run_process", "run_process_async", "run_talks",
        "win_set", "with_opening",
    ),
    "parley.tournament": (
        "Progress", "RunOutcome", "RunSpec", "SUMMARY_COLUMNS", "Strategy", "TournamentError",
        "TournamentResult", "build_grid", "default_processes", "derive_seed", "load_table",
        "parse_strategy", "run_spec", "run_tournament", "save_table", "summary_frame",
        "table_format",
    ),
}  # fmt: skip


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_the_exports_are_pinned(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == list(PUBLIC[package])
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, missing


def test_every_package_is_pinned() -> None:
    packages = {f"parley.{p.name}" for p in SOURCE.iterdir() if (p / "__init__.py").exists()}
    assert packages | {"parley"} == set(PUBLIC)
