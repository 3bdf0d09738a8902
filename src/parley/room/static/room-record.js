// The room page's public record: the history table of every event the view carries, and the plotly
// chart of the offers (its traces come from room-chart.js).

/** @import { RoomView } from "./types.js" */
import { $, clear, el } from "./common.js";
import { chartFigure } from "./room-chart.js";
import { eventText, fmt, isDelegation, ownParty, packageText, roundLabel, utilityParties } from "./room-format.js";

/**
 * The history table: one row per event, with the utilities the view carries.
 * @param {RoomView} view
 */
export function renderHistory(view) {
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
    const mine = event.party !== null && event.party === ownParty(view);
    row.appendChild(el("td", mine ? `${event.party} (you)` : event.party || ""));
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
  if (wrap) wrap.scrollTop = wrap.scrollHeight; // the latest moves in sight
}

/**
 * The chart of the offers (hidden for a role that sees no utilities).
 * @param {RoomView} view
 */
export function renderChart(view) {
  const chart = $("chart");
  const note = $("chart-note");
  if (!window.Plotly) {
    note.hidden = false;
    note.textContent = "The chart library did not load.";
    return;
  }
  const figure = chartFigure(view);
  if (figure === null) {
    $("chart-panel").hidden = true; // this role sees no utilities: the history lists every offer
    return;
  }
  $("chart-title").textContent = figure.title;
  $("chart-panel").hidden = false;
  note.hidden = figure.offers > 0;
  note.textContent = figure.offers ? "" : "No offers yet.";
  const layout = {
    ...figure.layout,
    margin: { l: 55, r: 20, t: 10, b: 45 },
    height: 320,
    legend: { orientation: "h", y: -0.22 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#fbfbfd",
    font: { family: "system-ui, sans-serif", size: 12 },
  };
  window.Plotly.react(chart, figure.traces, layout, { displayModeBar: false, responsive: true });
}
