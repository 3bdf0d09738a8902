// A person's seat: the offer builder (one choice per issue), the move buttons and the suggested
// compromises, which load a package into the builder.

/** @import { Issue, Package, RoomView } from "./types.js" */
import { $, clear, el } from "./common.js";
import { isDelegation, label, packageText, suggestionText } from "./room-format.js";

/** The move buttons by action. */
export const BUTTONS = {
  offer: "btn-offer",
  accept: "btn-accept",
  reject: "btn-reject",
  refer_back: "btn-refer-back",
  walk_away: "btn-walk-away",
  table_text: "btn-table-text",
};

/**
 * Whether the view's seat may build a package now: a person delegation, or the mediator (to propose a
 * package in a message, or to table the next single text when asked).
 * @param {RoomView} view
 * @returns {boolean}
 */
const builds = (view) =>
  view.room.status === "open" && ((isDelegation(view) && view.seat === "person") || view.role === "mediator");

let builderBuilt = false;

/**
 * One choice of option per issue; the mandate's opening package loaded when it has one.
 * @param {RoomView} view
 */
function buildBuilder(view) {
  const fields = $("builder-fields");
  clear(fields);
  view.room.issues.forEach((issue, index) => {
    const id = `issue-${index}`;
    const wrap = el("div", null, { class: "field" });
    wrap.appendChild(el("label", label(issue.name), { for: id }));
    const select = el("select", null, { id, "data-issue": issue.name, "data-testid": `select-${issue.name}` });
    issue.options.forEach((option, position) => {
      select.appendChild(el("option", label(option), { value: String(position) }));
    });
    select.addEventListener("change", () => markSuggestion(null));
    wrap.appendChild(select);
    fields.appendChild(wrap);
  });
  builderBuilt = true;
  const opening = view.mandate && view.mandate.opening;
  if (opening) loadPackage(opening, view.room.issues);
}

/** @returns {HTMLSelectElement[]} the builder's choices, one per issue in order */
function selects() {
  return Array.from($("builder-fields").querySelectorAll("select"));
}

/**
 * Put a package ({issue: value}) into the builder.
 * @param {Package} pkg
 * @param {Issue[]} issues
 */
export function loadPackage(pkg, issues) {
  issues.forEach((issue, index) => {
    const position = issue.options.findIndex((option) => option === pkg[issue.name]);
    if (position >= 0) selects()[index].value = String(position);
  });
}

/**
 * The builder's package as {issue: value}, with each option's own value (number or text).
 * @param {Issue[]} issues
 * @returns {Package}
 */
export function builderPackage(issues) {
  /** @type {Package} */
  const pkg = {};
  issues.forEach((issue, index) => {
    pkg[issue.name] = issue.options[Number(selects()[index].value)];
  });
  return pkg;
}

/**
 * The builder and its buttons: shown to a person's seat while the room is open, each move enabled
 * when the turn allows it and no move is being sent.
 * @param {RoomView} view
 * @param {{busy: boolean, sentMessage: string}} sending a move being sent; what the last one did
 */
export function renderBuilder(view, { busy, sentMessage }) {
  const panel = $("builder-panel");
  const canMove = builds(view);
  panel.hidden = !canMove;
  if (!canMove) return;
  if (!builderBuilt) buildBuilder(view);
  holdStageIssues(view);
  const mediating = view.role === "mediator";
  // a mediator builds packages to propose at any time, and tables a text when asked for one
  const allowed = new Set(mediating ? (view.asked ? ["table_text"] : []) : view.turn ? view.turn.allowed : []);
  for (const [action, id] of Object.entries(BUTTONS)) $(id).hidden = mediating !== (action === "table_text");
  for (const [action, id] of Object.entries(BUTTONS)) $(id, HTMLButtonElement).disabled = busy || !allowed.has(action);
  const alternating = view.room.protocol === "alternating";
  const responding = view.turn && view.turn.kind === "respond";
  $("btn-offer").textContent = responding && alternating ? "Counter-offer this package" : "Offer this package";
  $("btn-reject").textContent = alternating ? "Reject (counter-offer this package)" : "Reject";
  $("btn-load-table").hidden = !(view.turn && view.turn.offer);
  $("btn-load-opening").hidden = !(view.mandate && view.mandate.opening);
  const hint = $("builder-hint");
  if (busy) hint.textContent = "Sending…";
  else if (view.turn) {
    hint.textContent =
      "Choose a package above for an offer; accept, refer back and walk away concern the package on the table.";
  } else hint.textContent = `${sentMessage}You can prepare your next package while you wait.`;
}

/**
 * In a process room, the issues the stage being played does not negotiate stay at the options standing:
 * their choices are set to them and locked.
 * @param {RoomView} view
 */
function holdStageIssues(view) {
  const process = view.room.process;
  const current = process && process.stages.find((stage) => stage.name === process.current);
  view.room.issues.forEach((issue, index) => {
    const select = selects()[index];
    const held = !!current && !current.issues.includes(issue.name);
    select.disabled = held;
    if (held && process && issue.name in process.fixed) {
      const position = issue.options.findIndex((option) => option === process.fixed[issue.name]);
      if (position >= 0) select.value = String(position);
    }
  });
}

// --- suggestions -------------------------------------------------------------------------------------
/**
 * The suggested compromises (a delegation, while the room is open); a click loads one.
 * @param {RoomView} view
 */
export function renderSuggestions(view) {
  const list = $("suggestions");
  const items = (isDelegation(view) && view.suggestions) || [];
  $("suggestions-panel").hidden = items.length === 0 || view.room.status !== "open";
  clear(list);
  const issues = view.room.issues;
  items.forEach((suggestion, index) => {
    const item = el("li");
    const button = el("button", null, { type: "button", class: "suggestion", "data-testid": `suggestion-${index}` });
    button.appendChild(el("strong", suggestionText(suggestion)));
    button.appendChild(el("span", packageText(suggestion.package, issues), { class: "muted" }));
    button.addEventListener("click", () => {
      loadPackage(suggestion.package, issues);
      markSuggestion(index);
    });
    item.appendChild(button);
    list.appendChild(item);
  });
}

/**
 * Mark the suggestion last loaded (none: null).
 * @param {number | null} index
 */
export function markSuggestion(index) {
  document.querySelectorAll("#suggestions .suggestion").forEach((button, i) => {
    button.classList.toggle("chosen", i === index);
  });
}
