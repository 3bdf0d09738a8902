// The replay page of a room's record (``/room/{id}/replay``): a trainer steps through the record move
// by move, with a slider, Previous and Next (and the arrow keys). Each step shows the event (round,
// party, what it did, its package), each party's utility of the package where the caller may see
// utilities, the front and the stage as they stood, and a line chart (an inline SVG, no library) of
// the utilities of the packages so far with the step marked. replay-steps.js computes the steps.
//
// The token is the room page's: the link's #token=… (kept for this tab under the room's key), or the
// one the room page kept, or the facilitator key the console keeps. room-api.js reads the room's id
// from the address's last segment ("replay" here), so this page keeps its own id, token and GET.
//
// All data is put on the page with textContent / createElement, never as HTML: scenario text is
// written by users.

/** @import { RecordEvent } from "./types.js" */
/** @import { RecordExport, SeriesPoint, Step } from "./replay-steps.js" */
import { $, ApiError, clear, el, errorMessage, messageOf } from "./common.js";
import { COLOURS } from "./room-chart.js";
import { fmt, label, roundLabel, statusText } from "./room-format.js";
import { hideError, showError } from "./room-status.js";
import { chartScale, clampStep, frontText, initialFront, packageLines, polylinePoints, roomIdOf, seenParties, stepText, steps, utilityAt, utilitySeries } from "./replay-steps.js";

// --- the room and the token (as room-api.js keeps them, for /room/{id}/replay) ---------------------
const ROOM_ID = roomIdOf(location.pathname);
const API = `/api/rooms/${encodeURIComponent(ROOM_ID)}`;

/**
 * The token from the address (then removed from the address bar), or the one the room page kept for
 * this tab, or the facilitator key the console keeps in this tab.
 * @returns {string | null}
 */
function takeToken() {
  const key = `parley-room-token:${ROOM_ID}`;
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fromLink = params.get("token");
  if (fromLink) {
    sessionStorage.setItem(key, fromLink);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(key) || sessionStorage.getItem("parley-facilitator-key");
}

const TOKEN = takeToken();

/**
 * GET ``path`` as JSON; an ApiError with the server's message when refused.
 * @param {string} path
 * @returns {Promise<any>}
 */
async function getJSON(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${TOKEN}` }, cache: "no-store" });
  if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
  return response.json();
}

// --- what is replayed -------------------------------------------------------------------------------
/** @type {RecordExport | null} */
let exported = null;
/** @type {Step[]} */
let replay = [];
/** @type {string[]} */
let parties = []; // the parties whose utilities the record carries
/** @type {Record<string, SeriesPoint[]>} */
let series = {};
let current = 0;

/**
 * A steady colour per party, in the room's order of parties (as the room page's chart).
 * @param {string} party
 * @returns {string}
 */
function colourOf(party) {
  const names = exported ? exported.room.parties.map((p) => p.name) : [];
  const position = names.indexOf(party);
  return COLOURS[(position >= 0 ? position : names.length) % COLOURS.length];
}

// --- rendering ----------------------------------------------------------------------------------------
/** @param {RecordExport} record the export to replay */
function load(record) {
  exported = record;
  const room = record.room;
  replay = steps(record.record, initialFront(room.process?.front));
  parties = seenParties(record.record, room.parties.map((p) => p.name));
  series = utilitySeries(record.record, parties);
  $("title").textContent = `Replay: ${room.title}`;
  const names = room.parties.map((p) => p.name).join(", ");
  const count = replay.length === 1 ? "1 event" : `${replay.length} events`;
  $("room-meta").textContent = `${label(room.protocol)} protocol · ${names} · ${count}`;
  const status = $("status");
  status.textContent = statusText(room);
  status.className = `badge status-${room.status}`;
  const link = $("room-link", HTMLAnchorElement);
  link.href = `/room/${encodeURIComponent(ROOM_ID)}`;
  link.hidden = false;
  const slider = $("step-slider", HTMLInputElement);
  slider.max = String(Math.max(0, replay.length - 1));
  slider.disabled = replay.length < 2;
  $("utilities-panel").hidden = parties.length === 0;
  $("app").hidden = false;
  show(0);
}

/**
 * Show step ``index`` (kept within the record).
 * @param {number} index
 */
function show(index) {
  current = clampStep(index, replay.length);
  const slider = $("step-slider", HTMLInputElement);
  slider.value = String(current);
  $("btn-previous", HTMLButtonElement).disabled = current <= 0;
  $("btn-next", HTMLButtonElement).disabled = current >= replay.length - 1;
  const step = replay[current];
  if (!step) {
    $("step-count").textContent = "no events";
    $("step-move").textContent = "Nothing has happened in this room yet.";
    renderChart();
    return;
  }
  $("step-count").textContent = `step ${current + 1} of ${replay.length}`;
  renderStep(step);
  renderUtilities(step.event);
  renderChart();
}

/** @param {Step} step */
function renderStep(step) {
  const event = step.event;
  $("step-round").textContent = roundLabel(event.round);
  $("step-party").textContent = event.party || "—";
  $("step-move").textContent = stepText(event);
  $("step-move").dataset.kind = event.kind;
  $("step-stage").textContent = step.stage ? label(step.stage) : "—";
  $("step-front").textContent = frontText(step.front) || "—";
  const list = $("step-package");
  clear(list);
  const issues = exported ? exported.room.issues : [];
  for (const line of packageLines(event.package, issues)) list.appendChild(el("li", line));
  list.hidden = !event.package;
  $("step-no-package").hidden = Boolean(event.package);
}

/** @param {RecordEvent} event */
function renderUtilities(event) {
  const body = $("step-utilities-body");
  clear(body);
  for (const party of parties) {
    const row = el("tr");
    row.appendChild(el("th", party, { scope: "row" }));
    row.appendChild(el("td", utilityAt(event, party), { class: "number", "data-testid": `utility-${party}` }));
    body.appendChild(row);
  }
}

const SVG = "http://www.w3.org/2000/svg";
const BOX = { width: 640, height: 260, pad: 30 };

/**
 * An SVG element with attributes.
 * @param {string} tag
 * @param {Record<string, string | number>} attributes
 * @returns {SVGElement}
 */
function svgEl(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return /** @type {SVGElement} */ (node);
}

/** The utilities of the packages up to the step shown, one line per party, the step marked. */
function renderChart() {
  const box = $("replay-chart");
  const note = $("chart-note");
  const legend = $("chart-legend");
  clear(box);
  clear(legend);
  if (parties.length === 0) {
    note.hidden = false;
    note.textContent = "This link does not show utilities: the steps list every package.";
    return;
  }
  note.hidden = true;
  const scale = chartScale(series, replay.length, BOX);
  const svg = svgEl("svg", {
    viewBox: `0 0 ${BOX.width} ${BOX.height}`,
    class: "replay-chart",
    role: "img",
    "aria-label": "each party's utility of the packages up to this step",
  });
  // the utility axis: its ends and 0.5 between, as light lines
  for (const level of [...new Set([scale.low, 0.5, scale.high])]) {
    const y = scale.y(level);
    svg.appendChild(svgEl("line", { x1: BOX.pad, x2: BOX.width - BOX.pad, y1: y, y2: y, stroke: "#d8dee4" }));
    const text = svgEl("text", { x: 2, y: y + 4 });
    text.textContent = level.toFixed(2);
    svg.appendChild(text);
  }
  // where each stage opens
  for (const step of replay) {
    if (step.event.kind !== "stage_opened" || !step.stage) continue;
    const at = scale.x(step.index);
    svg.appendChild(svgEl("line", { x1: at, x2: at, y1: BOX.pad / 2, y2: BOX.height - BOX.pad, stroke: "#d8dee4" }));
    const name = svgEl("text", { x: at + 3, y: 12, "data-testid": "chart-stage" });
    name.textContent = label(step.stage);
    svg.appendChild(name);
  }
  const last = svgEl("text", { x: BOX.width - BOX.pad, y: BOX.height - 8, "text-anchor": "end" });
  last.textContent = `step ${replay.length}`;
  svg.appendChild(last);
  // the step shown
  const x = scale.x(current);
  svg.appendChild(
    svgEl("line", {
      x1: x, x2: x, y1: BOX.pad / 2, y2: BOX.height - BOX.pad,
      stroke: "#636c76", "stroke-dasharray": "4 3", "data-testid": "chart-marker", "data-step": current,
    }),
  );
  for (const party of parties) {
    const colour = colourOf(party);
    const upTo = series[party].filter((p) => p.step <= current);
    svg.appendChild(
      svgEl("polyline", {
        points: polylinePoints(series[party], current, scale),
        fill: "none", stroke: colour, "stroke-width": 2,
        "data-testid": `line-${party}`, "data-points": upTo.length,
      }),
    );
    const now = upTo[upTo.length - 1];
    if (now) {
      const dot = svgEl("circle", { cx: scale.x(now.step), cy: scale.y(now.utility), r: 4, fill: colour });
      const title = svgEl("title", {});
      title.textContent = `${party}: ${fmt(now.utility)} (step ${now.step + 1})`;
      dot.appendChild(title);
      svg.appendChild(dot);
    }
    const key = el("span", `■ ${party}`);
    key.style.color = colour;
    legend.appendChild(key);
  }
  box.appendChild(svg);
}

// --- start ---------------------------------------------------------------------------------------------
/**
 * The arrow keys step (Home, End: the ends), except in the slider, which steps by itself.
 * @param {KeyboardEvent} event
 */
function onKey(event) {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) {
    return;
  }
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  /** @type {Record<string, number>} */
  const moves = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: replay.length - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  show(moves[event.key]);
}

/** Wire the controls, then fetch the record and show its first step. */
async function start() {
  $("error-close").addEventListener("click", hideError);
  if (!TOKEN) {
    $("no-token").hidden = false;
    $("status").textContent = "no link";
    return;
  }
  $("btn-previous").addEventListener("click", () => show(current - 1));
  $("btn-next").addEventListener("click", () => show(current + 1));
  $("step-slider").addEventListener("input", () => show(Number($("step-slider", HTMLInputElement).value)));
  document.addEventListener("keydown", onKey);
  try {
    load(await getJSON(`${API}/record`));
  } catch (error) {
    $("status").textContent = "not loaded";
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
      showError(`This link does not open the room's record: ${error.message}.`, "link");
    } else {
      showError(`Could not load the record: ${messageOf(error)}`, "load");
    }
  }
}

start();
