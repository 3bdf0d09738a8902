"""A scenario's article templates for the text of an agreement, and the checks that they fit its issues.

An :class:`AgreementTemplate` holds a title, a preamble, article templates (one issue each, with a
template per option where the wording differs) and a closing; :func:`parley.scenario.draft_agreement`
fills them in. Templates are ``str.format``-style (checked with :class:`string.Formatter`) and may use
``{value}`` (the agreed option of an article's issue), ``{issue}``, ``{parties}``, ``{title}`` and
``{<issue name>}``; the author's Markdown is kept, while inserted values are flattened to one line and
their Markdown characters escaped (:func:`inline`), so a value can never open a heading, a list or
emphasis.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from string import Formatter

from parley.domain import Issue, OutcomeSpace, RealIssue, Value
from parley.scenario.locations import PathT, format_location

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


@dataclass(frozen=True)
class ArticleTemplate:
    """One article of the agreement on one issue: a heading, a template (``text``) and optionally a
    template per option (``options``) that replaces ``text`` when that option is agreed; without
    ``text`` (and no matching option) the default article text is used."""

    issue: str
    heading: str | None = None
    text: str | None = None
    options: Mapping[Value, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class AgreementTemplate:
    """Templates for the text of an agreed package: title, preamble, articles (in order) and closing.
    Issues that no article names get a default article after the templated ones."""

    title: str
    preamble: str | None = None
    articles: tuple[ArticleTemplate, ...] = ()
    closing: str | None = None


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


def check_agreement(space: OutcomeSpace, agreement: AgreementTemplate) -> None:
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
        option_templates(issues[article.issue], article.options, (*path, "options"))
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


def option_templates(issue: Issue, options: Mapping[Value, str], path: PathT) -> dict[int, str]:
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
