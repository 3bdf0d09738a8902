"""The draft text of an agreed package: placeholders, option templates, default articles, a default
document without an ``agreement`` section, Markdown-safe values and refused packages."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.domain import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
from parley.examples import load_example
from parley.scenario import (
    AgreementTemplate,
    ArticleTemplate,
    Metadata,
    Party,
    Scenario,
    TemplateError,
    draft_agreement,
    format_value,
    inline,
    join_names,
)
from tests.strategies import PROPERTY
from tests.talks.tables import linear

CEASEFIRE = load_example()


def small(agreement: AgreementTemplate | None, parties: tuple[str, ...] = ("A", "B", "C")) -> Scenario:
    """Three issues (categorical, integer, real) between ``parties``, with ``agreement`` if given."""
    space = OutcomeSpace(
        (
            CategoricalIssue("scope", ("none", "local", "full")),
            IntegerIssue("prisoners", 0, 10),
            RealIssue("pullback_km", 0.0, 2.5, 3),
        )
    )
    tables = [[0.0, 0.5, 1.0], [i / 10 for i in range(11)], [0.0, 0.5, 1.0]]
    cast = tuple(Party(name, linear(space, tables)) for name in parties)
    return with_agreement(Scenario(space, cast, Metadata(title="Test talks")), agreement)


def with_agreement(scenario: Scenario, agreement: AgreementTemplate | None) -> Scenario:
    """``scenario`` with ``agreement`` as its article templates (none: the default document)."""
    if agreement is None:
        return scenario
    return replace(scenario, process=replace(scenario.delegations, agreement=agreement))


def sections(text: str) -> list[str]:
    """The blocks of a Markdown document, as :func:`draft_agreement` separates them."""
    return text.rstrip("\n").split("\n\n")


# --- templates ---------------------------------------------------------------------------------------
def test_placeholders_are_filled() -> None:
    agreement = AgreementTemplate(
        title="{title}: agreement of {parties}",
        preamble="{parties} agree on a {scope} ceasefire and {prisoners} prisoners.",
        articles=(
            ArticleTemplate(issue="prisoners", heading="On {issue}", text="{value} of {issue} ({scope})."),
        ),
        closing="Signed by {parties}.",
    )
    text = draft_agreement(small(agreement), (2, 7, 1))
    assert sections(text)[:3] == [
        "# Test talks: agreement of A, B and C",
        "*Draft — not signed*",
        "A, B and C agree on a full ceasefire and 7 prisoners.",
    ]
    assert "## Article 1 — On prisoners\n\n7 of prisoners (full)." in text
    assert "---\n\nSigned by A, B and C.\n\n## Annex — Agreed terms" in text


def test_an_option_template_replaces_the_text_for_its_option_only() -> None:
    article = ArticleTemplate(
        issue="pullback_km",
        text="Heavy weapons pull back {value} km.",
        options={0: "No pull-back.", 2.5: "A full pull-back of {value} km."},
    )
    scenario = small(AgreementTemplate(title="T", articles=(article,)))
    assert "No pull-back." in draft_agreement(scenario, (0, 0, 0))
    assert "Heavy weapons pull back 1.25 km." in draft_agreement(scenario, (0, 0, 1))
    assert "A full pull-back of 2.5 km." in draft_agreement(scenario, (0, 0, 2))


def test_uncovered_issues_get_default_articles_after_the_templates() -> None:
    agreement = AgreementTemplate(
        title="T", articles=(ArticleTemplate(issue="pullback_km", heading="Weapons"),)
    )
    text = draft_agreement(small(agreement), (1, 3, 2))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Article 1 — Weapons",
        "## Article 2 — Scope",
        "## Article 3 — Prisoners",
        "## Annex — Agreed terms",
    ]
    assert "The parties agree: pullback_km — 2.5." in text  # an article without text: the default one
    assert "The parties agree: scope — local." in text
    assert "The parties agree: prisoners — 3." in text
    assert text.endswith("- scope: local\n- prisoners: 3\n- pullback_km: 2.5\n")


def test_without_an_agreement_section_a_default_document() -> None:
    text = draft_agreement(small(None, ("A", "B")), (0, 10, 1))
    assert sections(text)[:4] == [
        "# Test talks",
        "*Draft — not signed*",
        "A and B agree as follows.",
        "## Article 1 — Scope",
    ]
    assert text.count("## Article ") == 3
    untitled = replace(small(None, ("A",)), metadata=Metadata())
    assert draft_agreement(untitled, (0, 0, 0)).startswith("# Agreement between A\n")
    plain = replace(CEASEFIRE, process=None)
    assert draft_agreement(plain, (0,) * 6).startswith(f"# {CEASEFIRE.metadata.title}\n")


def test_the_ceasefire_example_reads_as_an_agreement() -> None:
    text = draft_agreement(CEASEFIRE, (2, 1, 5, 3, 1, 1), status="initialled")
    assert text.startswith("# Agreement between North and South on a ceasefire and further talks\n")
    assert "*Initialled — not yet signed*" in text
    assert "The parties cease all hostilities along the entire line of contact" in text
    assert "verifies compliance with the full ceasefire" in text  # {ceasefire} in another article
    assert "Each party releases 500 of the persons it holds" in text
    assert "a distance of 15 km" in text
    assert text.count("## Article ") == 6 and "{" not in text


@pytest.mark.parametrize(
    ("status", "line"),
    [("draft", "*Draft — not signed*"), ("ratified", "*Signed and ratified*"), ("agreed ad *ref*", None)],
)
def test_status_line(status: str, line: str | None) -> None:
    text = draft_agreement(small(None), (0, 0, 0), status=status)
    assert sections(text)[1] == (line or r"*agreed ad \*ref\**")
    assert sections(draft_agreement(small(None), (0, 0, 0), status=""))[1] == "A, B and C agree as follows."


# --- values stay text ---------------------------------------------------------------------------------
def test_values_cannot_break_headings_or_open_markup() -> None:
    space = OutcomeSpace(
        (CategoricalIssue("scope", ("line\n# injected", "*all*", "- item", "within_a_day")),)
    )
    parties = (Party("A", linear(space, [[0, 1, 2, 3]])), Party("B [x]", linear(space, [[3, 2, 1, 0]])))
    agreement = AgreementTemplate(
        title="{scope}", articles=(ArticleTemplate(issue="scope", heading="On {value}"),)
    )
    scenario = with_agreement(Scenario(space, parties, Metadata(title="T")), agreement)
    first = draft_agreement(scenario, (0,))
    assert first.startswith("# line \\# injected\n") and "## Article 1 — On line \\# injected\n" in first
    assert "# injected" not in first.replace("\\# injected", "")
    assert "# \\*all\\*\n" in draft_agreement(scenario, (1,))
    assert "- scope: \\- item" in draft_agreement(scenario, (2,))
    assert "within_a_day" in draft_agreement(scenario, (3,))  # an underscore inside a word stays
    assert inline(join_names(scenario.party_names)) == "A and B \\[x\\]"


def test_numbers_read_as_numbers() -> None:
    assert [format_value(v) for v in (3, 5.0, 0.30000000000000004, 2.5, "full")] == [
        "3",
        "5",
        "0.3",
        "2.5",
        "full",
    ]
    assert join_names([]) == "" and join_names(["A"]) == "A" and join_names(["A", "B"]) == "A and B"
    assert inline("-5") == "-5" and inline("1. one") == "1\\. one" and inline("a  \n b") == "a b"
    assert inline("A & B") == "A & B" and inline("&amp;") == "\\&amp;" and inline("x|y") == "x|y"


# --- refused packages and sections ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("package", "words"),
    [
        ((0, 0), "one option index per issue"),
        ((0, 0, 0, 0), "got 4"),
        ((3, 0, 0), "'scope' takes option indices 0..2, got 3"),
        ((0, -1, 0), "'prisoners' takes option indices 0..10, got -1"),
        ((0, 0, 1.0), "'pullback_km' takes option indices 0..2, got 1.0"),
        ((0, True, 0), "got True"),
        ((0, "1", 0), "got '1'"),
    ],
)
def test_a_package_that_does_not_fit_is_refused(package: tuple[object, ...], words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(".", r"\.")):
        draft_agreement(small(None), package)  # type: ignore[arg-type]


def test_numpy_indices_are_accepted() -> None:
    assert draft_agreement(small(None), np.array([1, 2, 0])) == draft_agreement(small(None), [1, 2, 0])


def test_a_section_built_in_memory_is_checked_too() -> None:
    agreement = AgreementTemplate(title="T", articles=(ArticleTemplate(issue="scope", text="{valu}"),))
    with pytest.raises(TemplateError, match=r"agreement\.articles\[0\]\.text: unknown placeholder \{valu\}"):
        draft_agreement(small(agreement), (0, 0, 0))


# --- property ------------------------------------------------------------------------------------------
@PROPERTY
@given(st.tuples(*(st.integers(0, issue.size - 1) for issue in CEASEFIRE.space.issues)))
def test_every_agreed_value_appears_in_the_ceasefire_text(package: tuple[int, ...]) -> None:
    text = draft_agreement(CEASEFIRE, package)
    for issue, index in zip(CEASEFIRE.space.issues, package, strict=True):
        assert f"\n- {issue.name}: {format_value(issue.value(index))}\n" in text
    headings = [line for line in text.splitlines() if line.startswith("## Article ")]
    assert [h.split(" — ")[0] for h in headings] == [f"## Article {n}" for n in range(1, 7)]
    assert "{" not in text and "}" not in text
