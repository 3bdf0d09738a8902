// The chart of the offers, as plotly traces and layout: a delegation's offers in its own utility (by
// round, with its suggestions, the agreement and its mandate's lines); for roles that see everyone's
// utilities, the offers in the first two parties' utility space. Pure: room-record.js draws it, node's
// test runner imports it as it is.

/** @import { Mandate, RoomView } from "./types.js" */
import { isDelegation, offersOf, packageText, utilityParties } from "./room-format.js";

/** The offering parties' colours, in the room's order of parties. */
export const COLOURS = ["#1f77b4", "#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

/**
 * A steady colour per offering party (the parties in order, then a mediator and others).
 * @param {RoomView} view
 * @param {string | null} party
 * @returns {string}
 */
export function colourOf(view, party) {
  const names = view.room.parties.map((p) => p.name);
  const position = party === null ? -1 : names.indexOf(party);
  return COLOURS[(position >= 0 ? position : names.length) % COLOURS.length];
}

/**
 * A chart: its title, traces and layout (margins and fonts left to the page).
 * @typedef {object} Figure
 * @property {string} title
 * @property {PlotlyTrace[]} traces
 * @property {PlotlyLayout} layout
 * @property {number} offers how many packages were put on the table
 */

/**
 * A dotted horizontal line across the chart at ``y``, labelled.
 * @param {number} y
 * @param {string} colour
 * @param {string} text
 */
const level = (y, colour, text) => ({
  type: "line", xref: "paper", x0: 0, x1: 1, y0: y, y1: y,
  line: { color: colour, width: 1, dash: "dot" },
  label: { text, textposition: "end", font: { size: 10, color: colour } },
});

/**
 * The chart of the view's offers; null when the role sees no utilities (the history lists every offer).
 * @param {RoomView} view
 * @returns {Figure | null}
 */
export function chartFigure(view) {
  const issues = view.room.issues;
  const offers = offersOf(view.record);
  const by = [...new Set(offers.map((e) => e.party))];
  if (isDelegation(view)) {
    // the offers in this delegation's own utility space: x round, y own utility
    const me = view.party;
    /** @type {PlotlyTrace[]} */
    const traces = by.map((party) => {
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
    /** @type {Partial<Mandate>} */
    const mandate = view.mandate || {};
    const shapes = [];
    if (mandate.reservation_value !== undefined) shapes.push(level(mandate.reservation_value, "#b00020", "reservation value"));
    if (mandate.authority_limit !== undefined) shapes.push(level(mandate.authority_limit, "#8a6d00", "authority limit"));
    const layout = {
      xaxis: { title: { text: "round" }, dtick: 1, rangemode: "tozero" },
      yaxis: { title: { text: `utility for ${me}` } },
      shapes,
    };
    return { title: "Offers in your utility", traces, layout, offers: offers.length };
  }
  const utilities = utilityParties(view);
  if (utilities.length < 2) return null;
  // roles that see everyone's utilities: the offers in the first two parties' utility space
  const [a, b] = utilities;
  /** @type {PlotlyTrace[]} */
  const traces = by.map((party) => {
    const theirs = offers.filter((e) => e.party === party);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: party,
      x: theirs.map((e) => (e.utility ? e.utility[a] : null)),
      y: theirs.map((e) => (e.utility ? e.utility[b] : null)),
      text: theirs.map((e) => `round ${Number(e.round) + 1}: ${packageText(e.package, issues)}`),
      hovertemplate: "%{text}<extra>%{fullData.name}</extra>",
      marker: { size: 10, color: colourOf(view, party) },
    };
  });
  const layout = { xaxis: { title: { text: `utility for ${a}` } }, yaxis: { title: { text: `utility for ${b}` } } };
  return { title: "Offers in the utility space", traces, layout, offers: offers.length };
}
