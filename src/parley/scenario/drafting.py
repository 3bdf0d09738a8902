"""The draft text of an agreed package: a Markdown document built from the scenario's article templates.

:func:`draft_agreement` fills the templates (:mod:`parley.scenario.agreement`) with the agreed options,
adds a default article for every issue no template covers, and lists the agreed terms in an annex, so
the text never drops a term even where a template paraphrases it.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from string import Formatter

from parley.domain import Issue, OutcomeSpace
from parley.scenario.agreement import (
    DEFAULT_ARTICLE,
    STATUS_LINES,
    AgreementTemplate,
    ArticleTemplate,
    check_agreement,
    format_value,
    inline,
    join_names,
    option_templates,
)
from parley.scenario.scenario import Scenario


def draft_agreement(
    scenario: Scenario, package: tuple[int, ...] | Sequence[int], *, status: str = "draft"
) -> str:
    """The Markdown text of the agreement on ``package`` (one option index per issue, in issue order).

    ``# title``, a status line (see :data:`STATUS_LINES`; an empty ``status`` leaves it out), the
    preamble, numbered ``## Article N — heading`` sections in template order, a default article for
    every issue no template names, the closing and an annex listing the agreed terms. Without an
    ``agreement`` section the document has the scenario's title and one default article per issue.
    Raises ValueError for a package that does not fit the issues, and :class:`TemplateError` (a
    ValueError) for an agreement section that does not fit the scenario.
    """
    space = scenario.space
    indices = _indices(space, package)
    agreement = scenario.delegations.agreement
    if agreement is None:
        title = "{title}" if scenario.metadata.title.strip() else "Agreement between {parties}"
        agreement = AgreementTemplate(title=title, preamble="{parties} agree as follows.")
    check_agreement(space, agreement)
    terms = {i.name: inline(format_value(i.value(indices[i.name]))) for i in space.issues}
    shared = {
        **terms,
        "parties": inline(join_names(scenario.party_names)),
        "title": inline(scenario.metadata.title),
    }
    blocks = [f"# {_flat(_fill(agreement.title, shared))}"]
    if status.strip():
        blocks.append(f"*{inline(STATUS_LINES.get(status, status))}*")
    if agreement.preamble is not None:
        blocks.append(_fill(agreement.preamble, shared).strip())
    covered = {article.issue for article in agreement.articles}
    defaults = (ArticleTemplate(issue=name) for name in space.issue_names if name not in covered)
    articles = [*agreement.articles, *defaults]
    issues = {issue.name: issue for issue in space.issues}
    for number, article in enumerate(articles, start=1):
        issue = issues[article.issue]
        own = {**shared, "value": terms[issue.name], "issue": inline(issue.name)}
        options = option_templates(issue, article.options, ("options",))
        body = options.get(indices[issue.name], DEFAULT_ARTICLE if article.text is None else article.text)
        heading = _default_heading(issue) if article.heading is None else _fill(article.heading, own)
        blocks.extend([f"## Article {number} — {_flat(heading)}", _fill(body, own).strip()])
    if agreement.closing is not None:
        blocks.extend(["---", _fill(agreement.closing, shared).strip()])
    blocks.append("## Annex — Agreed terms")
    blocks.append("\n".join(f"- {inline(name)}: {value}" for name, value in terms.items()))
    return "\n\n".join(block for block in blocks if block) + "\n"


def _indices(space: OutcomeSpace, package: Sequence[int]) -> dict[str, int]:
    """Each issue's agreed option index; the package must hold one valid index per issue."""
    given = list(package)
    if len(given) != len(space.issues):
        names = ", ".join(space.issue_names)
        raise ValueError(f"a package holds one option index per issue ({names}), got {len(given)}")
    indices: dict[str, int] = {}
    for issue, index in zip(space.issues, given, strict=True):
        try:
            position = -1 if isinstance(index, bool) else operator.index(index)
        except TypeError:
            position = -1
        if not 0 <= position < issue.size:
            raise ValueError(f"issue {issue.name!r} takes option indices 0..{issue.size - 1}, got {index!r}")
        indices[issue.name] = position
    return indices


def _default_heading(issue: Issue) -> str:
    """An issue's name as a heading: ``prisoner_exchange`` → ``Prisoner exchange``."""
    words = " ".join(issue.name.replace("_", " ").split())
    return inline(words[:1].upper() + words[1:])


def _fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with its placeholders replaced (checked beforehand by :func:`check_agreement`)."""
    parts = Formatter().parse(template)
    return "".join(text + ("" if name is None else values[name]) for text, name, _, _ in parts)


def _flat(text: str) -> str:
    """One line, for a heading."""
    return " ".join(text.split())
