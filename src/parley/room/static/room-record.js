// The room page's public record: the history table of every event the view carries, and the plotly
// chart of the offers (a delegation: in its own utility; roles that see everyone's utilities: in the
// first two parties' utility space). Loaded after common.js and room-format.js.
"use strict";

window.parley.record = (() => {
  const { $, el, clear } = window.parley;
  const { fmt, label, roundLabel, isDelegation, ownParty, packageText } = window.parley.format;

  /** The parties whose utilities the view's record carries (a delegation: itself only). */
  function utilityParties(view) {
    const seen = new Set();
    for (const event of view.record) for (const party of Object.keys(event.utility || {})) seen.add(party);
    return view.room.parties.map((p) => p.name).filter((p) => seen.has(p));
  }

  function eventText(event) {
    if (event.kind === "referral_decision" && event.data) {
      const verdict = event.data.approved ? "approved" : "refused";
      return `referral ${verdict}${event.data.rounds_lost ? ` (${event.data.rounds_lost} round(s) lost)` : ""}`;
    }
    return label(event.kind);
  }

  function renderHistory(view) {
    const issues = view.room.issues;
    const utilities = utilityParties(view);
    const head = $("history-head");
    clear(head);
    const columns = ["Round", "Party", "Move", "Package"];
    columns.forEach((c) => head.appendChild(el("th", c, { scope: "col" })));
    if (isDelegation(view)) head.appendChild(el("th", "Your utility", { scope: "col" }));
    else utilities.forEach((p) => head.appendChild(el("th", `Utility ${p}`, { scope: "col" })));
    const body = $("history-body");
    clear(body);
    view.record.forEach((event) => {
      const row = el("tr", null, { class: `kind-${event.kind}`, "data-testid": "history-row" });
      row.appendChild(el("td", roundLabel(event.round)));
      row.appendChild(el("td", event.party === ownParty(view) ? `${event.party} (you)` : event.party || ""));
      row.appendChild(el("td", eventText(event)));
      row.appendChild(el("td", packageText(event.package, issues), { class: "package-cell" }));
      const shown = isDelegation(view) ? [view.party] : utilities;
      for (const party of shown) {
        const value = event.utility && party in event.utility ? fmt(event.utility[party]) : "";
        row.appendChild(el("td", value, { class: "number" }));
      }
      body.appendChild(row);
    });
    $("history-empty").hidden = view.record.length > 0;
    const wrap = $("history").parentElement;
    wrap.scrollTop = wrap.scrollHeight; // the latest moves in sight
  }

  const COLOURS = ["#1f77b4", "#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

  /** A steady colour per offering party (the parties in order, then a mediator and others). */
  function colourOf(view, party) {
    const names = view.room.parties.map((p) => p.name);
    const position = names.indexOf(party);
    return COLOURS[(position >= 0 ? position : names.length) % COLOURS.length];
  }

  function renderChart(view) {
    const chart = $("chart");
    const note = $("chart-note");
    if (!window.Plotly) {
      note.hidden = false;
      note.textContent = "The chart library did not load.";
      return;
    }
    const issues = view.room.issues;
    const offers = view.record.filter((e) => (e.kind === "offer" || e.kind === "text") && e.package);
    const utilities = utilityParties(view);
    let traces = [];
    let layout = null;
    if (isDelegation(view)) {
      // the offers in this delegation's own utility space: x round, y own utility
      const me = view.party;
      const by = [...new Set(offers.map((e) => e.party))];
      traces = by.map((party) => {
        const mine = offers.filter((e) => e.party === party);
        return {
          type: "scatter",
          mode: "lines+markers",
          name: party === me ? `${party} (you)` : party,
          x: mine.map((e) => Number(e.round) + 1),
          y: mine.map((e) => (e.utility ? e.utility[me] : null)),
          text: mine.map((e) => packageText(e.package, issues)),
          hovertemplate: "round %{x}: %{y:.3f}<br>%{text}<extra>%{fullData.name}</extra>",
          marker: { size: 10, color: colourOf(view, party) },
        };
      });
      const suggestions = view.room.status === "open" ? view.suggestions || [] : [];
      if (suggestions.length) {
        traces.push({
          type: "scatter",
          mode: "markers",
          name: "suggestions",
          x: suggestions.map(() => Number(view.room.round) + 1),
          y: suggestions.map((s) => s.own_utility),
          text: suggestions.map((s) => packageText(s.package, issues)),
          hovertemplate: "suggested: %{y:.3f}<br>%{text}<extra></extra>",
          marker: { size: 13, symbol: "star", color: "#f2b701", line: { color: "#7a5c00", width: 1 } },
        });
      }
      if (view.room.agreement && view.agreement_utility) {
        traces.push({
          type: "scatter",
          mode: "markers",
          name: "agreement",
          x: [Number(view.room.round) + 1],
          y: [view.agreement_utility[me]],
          marker: { size: 16, symbol: "diamond", color: "#2ca02c", line: { color: "#124d12", width: 1 } },
        });
      }
      const mandate = view.mandate || {};
      const line = (y, colour, text) => ({
        type: "line", xref: "paper", x0: 0, x1: 1, y0: y, y1: y,
        line: { color: colour, width: 1, dash: "dot" },
        label: { text, textposition: "end", font: { size: 10, color: colour } },
      });
      const shapes = [];
      if (mandate.reservation_value !== undefined) shapes.push(line(mandate.reservation_value, "#b00020", "reservation value"));
      if (mandate.authority_limit !== undefined) shapes.push(line(mandate.authority_limit, "#8a6d00", "authority limit"));
      $("chart-title").textContent = "Offers in your utility";
      layout = {
        xaxis: { title: { text: "round" }, dtick: 1, rangemode: "tozero" },
        yaxis: { title: { text: `utility for ${me}` } },
        shapes,
      };
    } else if (utilities.length >= 2) {
      // roles that see everyone's utilities: the offers in the first two parties' utility space
      const [a, b] = utilities;
      const by = [...new Set(offers.map((e) => e.party))];
      traces = by.map((party) => {
        const theirs = offers.filter((e) => e.party === party);
        return {
          type: "scatter",
          mode: "lines+markers",
          name: party,
          x: theirs.map((e) => e.utility[a]),
          y: theirs.map((e) => e.utility[b]),
          text: theirs.map((e) => `round ${Number(e.round) + 1}: ${packageText(e.package, issues)}`),
          hovertemplate: "%{text}<extra>%{fullData.name}</extra>",
          marker: { size: 10, color: colourOf(view, party) },
        };
      });
      $("chart-title").textContent = "Offers in the utility space";
      layout = { xaxis: { title: { text: `utility for ${a}` } }, yaxis: { title: { text: `utility for ${b}` } } };
    } else {
      $("chart-panel").hidden = true; // this role sees no utilities: the history lists every offer
      return;
    }
    $("chart-panel").hidden = false;
    note.hidden = offers.length > 0;
    note.textContent = offers.length ? "" : "No offers yet.";
    layout = {
      ...layout,
      margin: { l: 55, r: 20, t: 10, b: 45 },
      height: 320,
      legend: { orientation: "h", y: -0.22 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#fbfbfd",
      font: { family: "system-ui, sans-serif", size: 12 },
    };
    window.Plotly.react(chart, traces, layout, { displayModeBar: false, responsive: true });
  }

  return { renderHistory, renderChart };
})();
