// A process room's stage clock (the time left where the facilitator set a limit; the server ends the
// stage when it runs out) and the facilitator's form to report a front incident.

/** @import { ProcessInfo, RoomView } from "./types.js" */
import { $, clear, el } from "./common.js";
import { label } from "./room-format.js";

/** @type {{ends: number | null, stage: string}} */
const clock = { ends: null, stage: "" };

/** The clock's line, once a second. */
function tick() {
  const line = $("stage-clock");
  if (clock.ends === null) {
    line.hidden = true;
    return;
  }
  const left = Math.max(0, Math.round((clock.ends - Date.now()) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, "0");
  line.hidden = false;
  line.textContent = left
    ? `Time left in stage ${clock.stage}: ${minutes}:${seconds}`
    : `Stage ${clock.stage}: time is up — the stage ends at its deadline`;
}

setInterval(tick, 1000);

/**
 * The clock of the stage being played (none without a time limit), and the incident form for the
 * facilitator of a room with a front.
 * @param {RoomView} view
 */
export function renderClock(view) {
  const process = view.room.process;
  const stage = process?.stages.find((s) => s.name === process.current);
  clock.ends = stage && stage.opened_at && stage.time_limit_s ? Date.parse(stage.opened_at) + stage.time_limit_s * 1000 : null;
  clock.stage = stage ? stage.name : "";
  tick();
  renderIncidentForm(view, process);
}

/**
 * @param {RoomView} view
 * @param {ProcessInfo | undefined} process
 */
function renderIncidentForm(view, process) {
  const variables = [...new Set((process?.front || []).map((point) => point.variable))];
  const form = $("incident-form");
  form.hidden = view.role !== "facilitator" || !variables.length || view.room.status !== "open";
  if (form.hidden) return;
  const select = $("incident-variable", HTMLSelectElement);
  const chosen = select.value;
  clear(select);
  for (const variable of variables) select.appendChild(el("option", label(variable), { value: variable }));
  if (variables.includes(chosen)) select.value = chosen;
}

/**
 * The incident the form describes: the move of one front variable and what happened.
 * @returns {{changes: Record<string, number>, note: string} | null} null when the move is not a number
 */
export function incidentOfForm() {
  const change = Number($("incident-change", HTMLInputElement).value);
  if (!Number.isFinite(change) || change === 0) return null;
  const variable = $("incident-variable", HTMLSelectElement).value;
  return { changes: { [variable]: change }, note: $("incident-note", HTMLInputElement).value.trim() };
}
