"""The text sections of the HTML report: the scenario and its sources, mandates, statements.

Every piece of scenario text goes through :func:`html.escape`; links are only made from ``http(s)``
addresses, so a scenario cannot inject markup or script into the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from parley.actors import MandateModel, mandate_summary
from parley.report.summary import summarize
from parley.scenario import Scenario, Source, Statement, StatementKind


def section(identifier: str, heading: str, body: str) -> str:
    """One ``<section id=…>`` with its heading."""
    return f'<section id="{escape(identifier)}">\n<h2>{escape(heading)}</h2>\n{body}\n</section>'


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table from already-escaped cell HTML (the header is escaped here)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def link(title: str, url: str) -> str:
    """``title`` as a link to ``url`` when it is a web address, else as plain (escaped) text."""
    text = escape(title or url)
    if url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="noopener noreferrer">{text}</a>'
    return text


def _source_line(source: Source) -> str:
    extra = ", ".join(escape(part) for part in (source.date, source.note) if part)
    return f"<li>{link(source.title, source.url)}{f' — {extra}' if extra else ''}</li>"


def _issue_values(detail: Mapping[str, Any]) -> str:
    if "options" in detail:
        return ", ".join(escape(str(option)) for option in detail["options"])
    low, high = detail.get("range", ("", ""))
    return escape(f"{low} to {high}")


def scenario_section(scenario: Scenario) -> str:
    """Title, date, venue, description, issues, parties and sources."""
    meta = scenario.metadata
    facts = [(label, value) for label, value in (("Date", meta.date), ("Venue", meta.venue)) if value]
    parts = [f"<h1>{escape(meta.title or 'Untitled scenario')}</h1>"]
    if facts:
        items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in facts)
        parts.append(f"<dl>{items}</dl>")
    if meta.description:
        paragraphs = (p.strip() for p in meta.description.split("\n\n") if p.strip())
        parts.extend(f"<p>{escape(p)}</p>" for p in paragraphs)
    summary = summarize(scenario)
    parts.append("<h3>Issues</h3>")
    rows = [
        (escape(d["name"]), escape(d["kind"]), escape(f"{d['size']:,}"), _issue_values(d))
        for d in summary["issue_details"]
    ]
    parts.append(table(("issue", "kind", "options", "values"), rows))
    if summary["constraints"]:
        constraints = "".join(f"<li>{escape(text)}</li>" for text in summary["constraints"])
        parts.append(f"<p>Constraints:</p><ul>{constraints}</ul>")
    parts.append(f"<p>{summary['outcomes']:,} feasible packages.</p>")
    parts.append("<h3>Parties</h3>")
    parties = "".join(
        f"<li><strong>{escape(p.name)}</strong>{f' — {escape(p.description)}' if p.description else ''}</li>"
        for p in scenario.parties
    )
    parts.append(f"<ul>{parties}</ul>")
    parts.append("<h3>Sources</h3>")
    if meta.sources:
        parts.append("<ol>" + "".join(_source_line(source) for source in meta.sources) + "</ol>")
    else:
        parts.append("<p>The scenario cites no sources.</p>")
    return section("scenario", "Scenario and its sources", "\n".join(parts))


def _preferences_text(detail: Mapping[str, Any]) -> str:
    """A party's preferences in a few lines (for a party without briefings)."""
    lines = [
        f"Preferences of {detail['name']}",
        f"  utility: {detail['utility']}",
        f"  reservation value: {detail['reservation_value']:.3f}",
        f"  discount factor: {detail['discount_factor']:g}",
    ]
    weights = detail.get("weights")
    if weights:
        lines.append("  issues by weight:")
        ranked = sorted(weights.items(), key=lambda item: -item[1])
        lines.extend(f"    {name}: {weight:.3f}" for name, weight in ranked)
    red_lines = detail.get("red_lines") or []
    lines.append(f"  red lines: {'; '.join(red_lines) if red_lines else 'none'}")
    return "\n".join(lines)


def mandates_section(scenario: Scenario, mandates: Mapping[str, MandateModel]) -> str:
    """Each party's mandate from its briefings, or else its preferences as the scenario states them."""
    details = {d["name"]: d for d in summarize(scenario)["party_details"]}
    parts = []
    for party in scenario.party_names:
        model = mandates.get(party)
        if model is not None:
            text, note = mandate_summary(model.expected(), scenario.space), "mandate from its briefings"
        else:
            text, note = _preferences_text(details[party]), "no briefings: the scenario's preferences"
        parts.append(f"<h3>{escape(party)} <small>({escape(note)})</small></h3>\n<pre>{escape(text)}</pre>")
        if model is not None:
            parts.append(_briefings_label(model))
    parts.append(_reservation_table(scenario, mandates))
    return section("mandates", "Mandates", "\n".join(parts))


def _briefings_label(model: MandateModel) -> str:
    """The label beside a mandate: which of the briefings it is pooled from say they are assumptions."""
    assumed = [b.advisor for b in model.briefings if "assumption" in b.notes.lower()]
    if not assumed:
        return (
            '<p class="note">Pooled from the briefings of '
            + escape(", ".join(b.advisor for b in model.briefings))
            + " by the principal's trust weights.</p>"
        )
    return (
        '<p class="note"><strong>Modelling assumption:</strong> pooled by the principal\'s trust weights '
        "(an assumption) from briefings that their own notes call assumptions ("
        + escape(", ".join(assumed))
        + "); the weights, values, tasks' bonuses and authority limit above are the model's, not the "
        "sources'.</p>"
    )


def _reservation_table(scenario: Scenario, mandates: Mapping[str, MandateModel]) -> str:
    """Both notions of acceptable side by side: each party's own reservation value (what the analysis
    uses) and its mandate's (what the runs and the outlook hold the delegation to)."""
    rows = []
    for party in scenario.parties:
        model = mandates.get(party.name)
        mandated = (
            model.expected().reservation_value if model is not None else party.preferences.reservation_value
        )
        rows.append((escape(party.name), f"{party.preferences.reservation_value:.3f}", f"{mandated:.3f}"))
    note = (
        '<p class="note">Two notions of acceptable: the utility space and its bargaining solutions use each '
        "party's own reservation value; the run and the forecast hold each delegation to its mandate's "
        "(from its briefings, an assumption where the briefings are).</p>"
    )
    no_deal = None if scenario.process is None else scenario.process.plan.no_deal
    if no_deal is not None:
        basis = "".join(f"<li>{escape(line)}</li>" for line in no_deal.basis)
        note = (
            '<p class="note">One notion of acceptable: no deal is its own state '
            f"({escape(no_deal.state)}), and each side's walk-away value comes by one rule from its own "
            f"statements about what failure brings it — {escape(no_deal.rule)} (a modelling assumption). "
            "The analysis and the runs both use it; the statements below show each one's rung.</p>"
            f'<ul class="note">{basis}</ul>'
        )
    return (
        "<h3>Reservation values</h3>"
        + note
        + table(("party", "its own (analysis)", "its mandate's (runs)"), rows)
    )


_KIND_LABELS = {
    StatementKind.FACT: "fact",
    StatementKind.CLAIM: "claim by {speaker}",
    StatementKind.POSITION: "position of {speaker}",
}


def _rung(statement: Statement) -> str:
    """Where a statement is coded for the walk-away rule, its side and rung."""
    if statement.on_failure is None:
        return ""
    side = escape(statement.party or "")
    return f"<br><small>walk-away rung for {side}: {escape(statement.on_failure)}</small>"


def statements_section(scenario: Scenario) -> str:
    """Every statement: speaker, date, kind (a claim is labelled as its speaker's), quote, source, issue."""
    statements = scenario.metadata.statements
    if not statements:
        return section("statements", "Statements and claims", "<p>The scenario records no statements.</p>")
    rows = []
    for statement in statements:
        label = _KIND_LABELS[statement.kind].format(speaker=statement.speaker)
        source = statement.source
        rows.append(
            (
                escape(statement.speaker),
                escape(statement.date),
                f'<span class="kind kind-{escape(statement.kind.value)}">{escape(label)}</span>'
                + _rung(statement),
                f"<q>{escape(statement.quote)}</q>",
                "" if source is None else link(source.title, source.url),
                escape(statement.issue or ""),
            )
        )
    note = (
        "<p>A claim is its speaker's assertion, not an established fact; "
        "a position is what its speaker demanded or offered.</p>"
    )
    body = note + table(("speaker", "date", "kind", "quote", "source", "issue"), rows)
    return section("statements", "Statements and claims", body)
