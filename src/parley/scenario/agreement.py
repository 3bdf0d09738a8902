"""The draft text of an agreed package: a Markdown document built from a scenario's article templates.

A scenario's ``agreement`` section (:class:`~parley.scenarios.process_schema.AgreementSpec`) holds a
title, a preamble, article templates (one issue each, with a template per option where the wording
differs) and a closing. :func:`draft_agreement` fills them with the agreed options, adds a default
article for every issue no template covers, and lists the agreed terms in an annex, so the text never
drops a term even where a template paraphrases it. Templates are ``str.format``-style (checked with
:class:`string.Formatter`); the author's Markdown is kept, while inserted values are flattened to one
line and their Markdown characters escaped, so a value can never open a heading, a list or emphasis.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping, Sequence
from string import Formatter

from parley.domain import Issue, OutcomeSpace, RealIssue, Value
from parley.scenarios.errors import format_location
from parley.scenarios.model import Scenario
from parley.scenarios.process_schema import AgreementSpec, ArticleSpec

PathT = tuple[str | int, ...]

#: The article text for an issue that no template covers.
DEFAULT_ARTICLE = "The parties agree: {issue} — {value}."
#: The line under the title for each step of an agreement's life (other statuses are shown as given).
STATUS_LINES: Mapping[str, str] = {
    "draft": "Draft — not signed",
    "initialled": "Initialled — not yet signed",
    "signed": "Signed — subject to ratification",
    "ratified": "Signed and ratified",
    "abandoned": "Abandoned — not in force",
}
_BUILT_IN = frozenset({"value", "issue", "parties", "title"})
_ARTICLE_ONLY = frozenset({"value", "issue"})
# Markdown characters escaped in inserted values: "_" only where it could open or close emphasis,
# "&" only where it would start an entity such as "&amp;".
_SPECIAL = re.compile(r"[\\`*\[\]<>#~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")
# A value at the start of a line must not open a list: "- x", "+ x", "1. x" (but "-5" stays as it is).
_LIST_START = re.compile(r"^(?:([-+])(?!\d)|(\d+)([.)])(?=\s|$))")


class TemplateError(ValueError):
    """A problem in an ``agreement`` section, at ``path`` inside the scenario file."""

    def __init__(self, path: PathT, problem: str) -> None:
        super().__init__(f"{format_location(path)}: {problem}")
        self.path = path
        self.problem = problem


def format_value(value: Value) -> str:
    """An option as text: a name as it is, a whole number without ``.0``, a real with up to 12 digits."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".12g")
    return str(value)


def inline(text: str) -> str:
    """``text`` as inline Markdown text: one line, with the characters Markdown would act on escaped."""
    flat = _SPECIAL.sub(lambda match: "\\" + match[0], " ".join(text.split()))
    return _LIST_START.sub(lambda match: f"\\{match[1]}" if match[1] else f"{match[2]}\\{match[3]}", flat)


def join_names(names: Sequence[str]) -> str:
    """Names joined as in prose: ``A``, ``A and B``, ``A, B and C``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- checking ---------------------------------------------------------------------------------------
def check_agreement(space: OutcomeSpace, agreement: AgreementSpec) -> None:
    """Check an ``agreement`` section against the issues; raises :class:`TemplateError` at the first
    unknown issue, option that the issue does not hold, unknown placeholder or malformed template."""
    issues = {issue.name: issue for issue in space.issues}
    document = frozenset({"parties", "title", *issues})
    _check_template(agreement.title, document, ("agreement", "title"))
    for field in ("preamble", "closing"):
        template = getattr(agreement, field)
        if template is not None:
            _check_template(template, document, ("agreement", field))
    for i, article in enumerate(agreement.articles):
        path: PathT = ("agreement", "articles", i)
        if article.issue not in issues:
            known = ", ".join(issues)
            raise TemplateError((*path, "issue"), f"unknown issue {article.issue!r}; issues are {known}")
        for field in ("heading", "text"):
            template = getattr(article, field)
            if template is not None:
                _check_template(template, document | _ARTICLE_ONLY, (*path, field))
        _option_templates(issues[article.issue], article.options, (*path, "options"))
        for option, template in article.options.items():
            _check_template(template, document | _ARTICLE_ONLY, (*path, "options", str(option)))


def _check_template(template: str, names: frozenset[str], path: PathT) -> None:
    """A template parses, and names only known placeholders, without format specs or conversions."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in Formatter().parse(template)]
    except ValueError as error:
        raise TemplateError(path, f"malformed template: {error} (write {{{{ or }}}} for a brace)") from None
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name in _ARTICLE_ONLY and name not in names:
            raise TemplateError(path, f"{{{name}}} is only known inside an article")
        if name not in names:
            known = ", ".join(f"{{{n}}}" for n in sorted(names, key=lambda n: (n not in _BUILT_IN, n)))
            raise TemplateError(path, f"unknown placeholder {{{name}}}; placeholders are {known}")
        if spec or conversion:
            raise TemplateError(path, f"placeholder {{{name}}} takes no format spec or conversion")


def _option_templates(issue: Issue, options: Mapping[Value, str], path: PathT) -> dict[int, str]:
    """The option templates by option index; every key must be an option of the issue (a grid point
    of a real issue), given once."""
    by_index: dict[int, str] = {}
    for option, template in options.items():
        where = (*path, str(option))
        try:
            index = issue.index_of(option)
        except ValueError as error:
            raise TemplateError(where, str(error)) from None
        if isinstance(issue, RealIssue) and not math.isclose(float(option), issue.value(index), abs_tol=1e-9):
            grid = ", ".join(format_value(v) for v in issue.values().tolist())
            raise TemplateError(where, f"issue {issue.name!r} takes the values {grid}, not {option!r}")
        if index in by_index:
            raise TemplateError(where, f"option {format_value(issue.value(index))!r} is given twice")
        by_index[index] = template
    return by_index


# --- rendering --------------------------------------------------------------------------------------
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
    agreement = scenario.process.agreement if scenario.process is not None else None
    if agreement is None:
        title = "{title}" if scenario.metadata.title.strip() else "Agreement between {parties}"
        agreement = AgreementSpec(title=title, preamble="{parties} agree as follows.")
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
    articles = [*agreement.articles, *(ArticleSpec(issue=n) for n in space.issue_names if n not in covered)]
    issues = {issue.name: issue for issue in space.issues}
    for number, article in enumerate(articles, start=1):
        issue = issues[article.issue]
        own = {**shared, "value": terms[issue.name], "issue": inline(issue.name)}
        options = _option_templates(issue, article.options, ("options",))
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
