// A process room's panels: the stages with their deadlines (the clock in rounds), each stage
// agreement's status, the ratification, the modelling assumptions, the front as a small chart, and the
// decision a principal (a referral) or a ratifying body (a vote) is asked for.

/** @import { FrontPoint, Issue, ProcessInfo, Question, RoomView } from "./types.js" */
import { $, clear, el } from "./common.js";
import { fmt, label } from "./room-format.js";
import { fillPackage } from "./room-panels.js";

/**
 * The process panel (hidden in a room that runs one negotiation).
 * @param {RoomView} view
 */
export function renderProcess(view) {
  const process = view.room.process;
  $("process-panel").hidden = !process;
  if (!process) return;
  renderStages(process);
  renderAgreements(process);
  renderFront(process.front);
  const assumptions = $("process-assumptions");
  clear(assumptions);
  for (const line of process.assumptions) assumptions.appendChild(el("li", `Modelling assumption: ${line}`));
}

/** @param {ProcessInfo} process */
function renderStages(process) {
  const list = $("process-stages");
  clear(list);
  for (const stage of process.stages) {
    const clock =
      stage.round !== null && stage.round !== undefined
        ? ` — round ${stage.round + 1} of ${stage.rounds}`
        : ` — deadline ${stage.rounds} rounds`;
    const limit = stage.time_limit_s ? `, ${Math.round(stage.time_limit_s / 60)} min` : "";
    const item = el("li", `${stage.name}: ${label(stage.status)}${clock}${limit}`, {
      "data-testid": `stage-${stage.name}`,
      "data-status": stage.status,
      class: stage.name === process.current ? "stage-current" : "",
    });
    list.appendChild(item);
  }
}

/** @param {ProcessInfo} process */
function renderAgreements(process) {
  const list = $("process-agreements");
  clear(list);
  for (const agreement of process.agreements) {
    const terms = Object.entries(agreement.package)
      .map(([issue, value]) => `${label(issue)}: ${label(value)}`)
      .join(" · ");
    list.appendChild(
      el("li", `${agreement.stage} — ${label(agreement.status)} (${terms})`, {
        "data-testid": `agreement-${agreement.stage}`,
        "data-status": agreement.status,
      }),
    );
  }
  const ratified = Object.entries(process.ratification)
    .map(([party, verdict]) => `${party}: ${verdict === null ? "not put to it" : verdict ? "ratified" : "refused"}`)
    .join(", ");
  $("process-status").textContent = `Process: ${label(process.status)}${ratified ? ` · ratification — ${ratified}` : ""}`;
}

const WIDTH = 320;
const HEIGHT = 90;

/**
 * The front's variables over the rounds, one line each (an SVG, no library).
 * @param {FrontPoint[]} points
 */
function renderFront(points) {
  const box = $("process-front");
  clear(box);
  box.hidden = points.length === 0;
  if (!points.length) return;
  const rounds = Math.max(1, ...points.map((p) => p.round));
  const values = points.map((p) => p.value);
  const low = Math.min(...values);
  const span = Math.max(1e-9, Math.max(...values) - low);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute("class", "front-chart");
  svg.setAttribute("data-testid", "front-chart");
  const variables = [...new Set(points.map((p) => p.variable))];
  for (const variable of variables) {
    const line = points
      .filter((p) => p.variable === variable)
      .map((p) => `${((p.round / rounds) * WIDTH).toFixed(1)},${(HEIGHT - ((p.value - low) / span) * HEIGHT).toFixed(1)}`)
      .join(" ");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
    path.setAttribute("points", line);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    svg.appendChild(path);
  }
  box.appendChild(svg);
  const last = variables.map((v) => {
    const mine = points.filter((p) => p.variable === v);
    return `${label(v)} ${fmt(mine[mine.length - 1].value)}`;
  });
  box.appendChild(el("p", `Front now: ${last.join(", ")} (round ${rounds})`, { class: "hint" }));
}

/**
 * A principal's referral or a ratifying body's ballot, with the two answers.
 * @param {RoomView} view
 * @param {(action: string) => void} answer sends "approve" or "refuse"
 */
export function renderDecision(view, answer) {
  /** @type {Question | null} */
  const question = (view.role === "principal" ? view.referral : view.role === "ratifier" ? view.ballot : null) || null;
  const panel = $("decision-panel");
  panel.hidden = !question || view.room.status !== "open";
  if (!question || panel.hidden) return;
  const principal = view.role === "principal";
  $("decision-title").textContent = principal
    ? `Your delegation refers a package to you${question.stage ? ` (stage ${question.stage})` : ""}`
    : `Vote on the agreement${question.stage ? ` of stage ${question.stage}` : ""}: the package that would stand`;
  /** @type {Issue[]} */
  const issues = view.room.issues.filter((issue) => issue.name in question.package);
  fillPackage($("decision-package"), question.package, issues);
  $("decision-worth").textContent = principal
    ? `Worth ${fmt(question.principal_utility)} to you, ${fmt(question.delegation_utility)} to the delegation (its authority limit ${fmt(question.authority_limit)}).`
    : "";
  const yes = $("btn-approve", HTMLButtonElement);
  const no = $("btn-refuse", HTMLButtonElement);
  yes.textContent = principal ? "Approve" : "Vote for";
  no.textContent = principal ? "Refuse" : "Vote against";
  yes.onclick = () => answer("approve");
  no.onclick = () => answer("refuse");
}
