// The facilitator's console: keep the facilitator key in this tab, list the rooms, open a room and show
// its join links once. Everything is put on the page with textContent / createElement, never as HTML.

/** @import { ClassCreated, RoomCreated, RoomSummary, Verification } from "./types.js" */
import { $, ApiError, clear, el, errorMessage, messageOf } from "./common.js";
import { groupByClass, saveFile } from "./console-classes.js";
import { entriesText } from "./room-format.js";

const KEY_STORAGE = "parley-facilitator-key"; // also read by the room page when it has no link token

/** The built-in scenarios and their parties (a hint for the seat choices; the server checks them). */
const SCENARIOS = [
  { name: "ceasefire", parties: ["North", "South"] },
  { name: "istanbul-2022", parties: ["Russia", "Ukraine"] },
  { name: "istanbul-2025", parties: ["Russia", "Ukraine"] },
  { name: "textbook-split", parties: ["Alpha", "Beta"] },
  { name: "textbook-logroll", parties: ["Alpha", "Beta"] },
];

// --- errors and the API ----------------------------------------------------------------------------
/** @param {string} message shown in the error bar */
function showError(message) {
  $("error-text").textContent = message;
  $("error").hidden = false;
}

/** Hide the error bar. */
function hideError() {
  $("error").hidden = true;
}

/** @returns {string | null} the facilitator key kept in this tab */
const key = () => sessionStorage.getItem(KEY_STORAGE);

/**
 * A request with the facilitator key; the response, or an ApiError with the server's message.
 * @param {string} path
 * @param {RequestInit & {headers?: Record<string, string>}} [options]
 * @returns {Promise<Response>}
 */
async function call(path, options = {}) {
  const headers = { Authorization: `Bearer ${key()}`, ...(options.headers || {}) };
  const response = await fetch(path, { cache: "no-store", ...options, headers });
  if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
  return response;
}

// --- the key -----------------------------------------------------------------------------------------
/** The badge of the key: set or not. */
function showKeyState() {
  const state = $("key-state");
  state.textContent = key() ? "key set" : "no key";
  state.classList.toggle("live-on", Boolean(key()));
  state.classList.toggle("live-off", !key());
}

/** @param {SubmitEvent} event the key form's */
async function useKey(event) {
  event.preventDefault();
  const input = $("key", HTMLInputElement);
  const value = input.value.trim();
  if (!value) return;
  sessionStorage.setItem(KEY_STORAGE, value);
  input.value = "";
  showKeyState();
  await listRooms();
}

/** Drop the key kept in this tab (and the rooms it listed). */
function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
  showKeyState();
  clear($("rooms"));
  $("rooms-empty").hidden = false;
}

// --- the rooms ----------------------------------------------------------------------------------------
/** The next listing while some room's agents play on in the background. */
let relist = 0;

/**
 * List the rooms (with the key set); again in a second while agents play on in some room.
 * @returns {Promise<void>}
 */
async function listRooms() {
  if (!key()) return;
  window.clearTimeout(relist);
  try {
    /** @type {RoomSummary[]} */
    const rooms = await (await call("/api/rooms")).json();
    if (rooms.some((room) => room.running)) relist = window.setTimeout(listRooms, 1000);
    hideError();
    const body = $("rooms");
    clear(body);
    for (const group of groupByClass(rooms)) {
      if (group.id) body.appendChild(classRow(group.id, group.name, group.rooms));
      for (const room of group.rooms) body.appendChild(roomRow(room));
    }
    $("rooms-empty").hidden = rooms.length > 0;
  } catch (error) {
    showError(`Could not list the rooms: ${messageOf(error)}`);
    if (error instanceof ApiError && error.status === 401) forgetKey();
  }
}

/**
 * A class's heading row: its name, how its rooms stand, and its debrief (a page, or CSV).
 * @param {string} id
 * @param {string} name
 * @param {RoomSummary[]} rooms
 * @returns {HTMLTableRowElement}
 */
function classRow(id, name, rooms) {
  const row = el("tr", null, { class: "class-row", "data-class": id });
  const ended = rooms.filter((r) => r.status !== "open").length;
  row.appendChild(el("td", `Class: ${name}`, { colspan: "4" }));
  row.appendChild(el("td", `${rooms.length} rooms, ${ended} ended`));
  const actions = el("td", null, { class: "room-actions" });
  for (const [text, format, file] of [["debrief", "html", "html"], ["debrief CSV", "csv", "csv"]]) {
    const button = el("button", text, { type: "button", class: "link-button", "data-testid": `debrief-${format}` });
    button.addEventListener("click", async () => {
      try {
        const response = await call(`/api/classes/${encodeURIComponent(id)}/debrief?format=${format}`);
        saveFile(await response.blob(), `debrief-${id}.${file}`);
      } catch (error) {
        showError(`Could not fetch the debrief: ${messageOf(error)}`);
      }
    });
    actions.appendChild(button);
  }
  row.appendChild(actions);
  return row;
}

/** @param {RoomSummary} room one of whose links to re-issue (the old one stops working) */
async function reissueLink(room) {
  const label = window.prompt(`New link for which seat of room ${room.id}? (e.g. delegation:${room.parties[0]}, observer:1)`, "");
  if (!label) return;
  try {
    const link = await (
      await call(`/api/rooms/${encodeURIComponent(room.id)}/links`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ label }),
      })
    ).json();
    hideError();
    showLinks({ id: room.id, links: { [label]: link } });
  } catch (error) {
    showError(`No new link: ${messageOf(error)}`);
  }
}

/** @param {RoomSummary} room to fork at a round into a new room (a rehearsal; process rooms) */
async function forkRoom(room) {
  const answer = window.prompt(`Fork room ${room.id} at which round? (the new room replays the rounds before it)`, "0");
  if (answer === null) return;
  try {
    /** @type {RoomCreated} */
    const created = await (
      await call(`/api/rooms/${encodeURIComponent(room.id)}/fork`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ round: Number(answer) }),
      })
    ).json();
    hideError();
    showLinks(created);
    await listRooms();
  } catch (error) {
    showError(`The room was not forked: ${messageOf(error)}`);
  }
}

/**
 * A room's row in the list, with its actions.
 * @param {RoomSummary} room
 * @returns {HTMLTableRowElement}
 */
function roomRow(room) {
  const row = el("tr", null, { "data-room": room.id });
  row.appendChild(el("td")).appendChild(el("code", room.id));
  row.appendChild(el("td", room.title));
  row.appendChild(el("td", room.parties.join(", ")));
  row.appendChild(el("td")).appendChild(el("span", room.status, { class: `badge status-${room.status}` }));
  if (room.status === "broken") return brokenRow(row, room);
  row.appendChild(el("td", entriesText(room.seq)));
  const actions = el("td", null, { class: "room-actions" });
  // the room page reads the facilitator key from this tab's sessionStorage (same tab: no token in the URL)
  actions.appendChild(el("a", "enter", { href: `/room/${encodeURIComponent(room.id)}` }));
  actions.appendChild(el("a", "replay", { href: `/room/${encodeURIComponent(room.id)}/replay` }));
  /**
   * @param {string} text
   * @param {(room: RoomSummary) => void} handler
   */
  const add = (text, handler) => {
    const button = el("button", text, { type: "button", class: "link-button" });
    button.addEventListener("click", () => handler(room));
    actions.appendChild(button);
  };
  add("report", downloadReport);
  add("verify", verifyRoom);
  add("new link", reissueLink);
  add("fork", forkRoom);
  if (room.status === "open") add("close", closeRoom);
  row.appendChild(actions);
  return row;
}

/**
 * A broken room's row: why its log does not rebuild it, and the one thing to do (verify it again).
 * @param {HTMLTableRowElement} row
 * @param {RoomSummary} room
 * @returns {HTMLTableRowElement}
 */
function brokenRow(row, room) {
  row.appendChild(el("td", room.problem || "its log does not rebuild it", { class: "room-problem" }));
  const actions = el("td", null, { class: "room-actions" });
  const button = el("button", "verify", { type: "button", class: "link-button" });
  button.addEventListener("click", () => verifyRoom(room));
  actions.appendChild(button);
  row.appendChild(actions);
  return row;
}

/** @param {RoomSummary} room whose report to download (an HTML file) */
async function downloadReport(room) {
  try {
    const html = await (await call(`/api/rooms/${encodeURIComponent(room.id)}/report`)).blob();
    saveFile(html, `room-${room.id}.html`);
  } catch (error) {
    showError(`Could not fetch the report: ${messageOf(error)}`);
  }
}

/** @param {RoomSummary} room whose hash chain to check */
async function verifyRoom(room) {
  try {
    /** @type {Verification} */
    const result = await (await call(`/api/rooms/${encodeURIComponent(room.id)}/verify`)).json();
    const detail = $("room-detail");
    detail.hidden = false;
    detail.textContent = result.valid
      ? `Room ${room.id}: the hash chain of ${result.entries} entries is intact.`
      : `Room ${room.id}: the log is BROKEN:\n${result.problems.join("\n")}`;
  } catch (error) {
    showError(`Could not verify the room: ${messageOf(error)}`);
  }
}

/** @param {RoomSummary} room to close, once confirmed (with an optional reason) */
async function closeRoom(room) {
  const reason = window.prompt(`Close room ${room.id}? No more moves can be made. Reason (optional):`, "");
  if (reason === null) return;
  try {
    await call(`/api/rooms/${encodeURIComponent(room.id)}/close`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ reason }),
    });
    await listRooms();
  } catch (error) {
    showError(`Could not close the room: ${messageOf(error)}`);
  }
}

// --- opening a room ---------------------------------------------------------------------------------
/** The scenario choices, and the seats of the first. */
function fillScenarios() {
  const select = $("scenario");
  for (const scenario of SCENARIOS) select.appendChild(el("option", scenario.name, { value: scenario.name }));
  select.addEventListener("change", fillSeats);
  fillSeats();
}

/** One person/agent choice per party of the chosen scenario. */
function fillSeats() {
  const box = $("seats");
  clear(box);
  const chosen = $("scenario", HTMLSelectElement).value;
  const scenario = SCENARIOS.find((s) => s.name === chosen) || SCENARIOS[0];
  for (const party of scenario.parties) {
    const id = `seat-${party}`;
    const wrap = el("span");
    wrap.appendChild(el("label", `${party}: `, { for: id }));
    const select = el("select", null, { id, "data-party": party, "data-testid": id });
    select.appendChild(el("option", "person", { value: "person" }));
    select.appendChild(el("option", "agent", { value: "agent" }));
    wrap.appendChild(select);
    box.appendChild(wrap);
  }
}

/**
 * The seats: the JSON written (an object by party), else the person/agent choices.
 * @returns {Record<string, unknown>}
 * @throws {SyntaxError} the JSON is not an object
 */
function seats() {
  const text = $("seats-json", HTMLTextAreaElement).value.trim();
  if (text) {
    const parsed = JSON.parse(text); // a SyntaxError is reported by the caller
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SyntaxError('seats must be an object such as {"South": {"kind": "agent"}}');
    }
    return parsed;
  }
  /** @type {Record<string, {kind: string}>} */
  const chosen = {};
  for (const select of $("seats").querySelectorAll("select")) chosen[String(select.dataset.party)] = { kind: select.value };
  return chosen;
}

/** @param {SubmitEvent} event the open form's */
async function openRoom(event) {
  event.preventDefault();
  if (!key()) {
    showError("Enter the facilitator key first.");
    return;
  }
  /** @type {Record<string, unknown>} */
  let body;
  try {
    body = {
      scenario: $("scenario", HTMLSelectElement).value,
      protocol: $("protocol", HTMLSelectElement).value,
      rounds: Number($("rounds", HTMLInputElement).value),
      observers: Number($("observers", HTMLInputElement).value),
      seed: Number($("seed", HTMLInputElement).value),
      seats: seats(),
      limited_powers: $("limited-powers", HTMLInputElement).checked,
    };
    const upload = $("scenario-file", HTMLInputElement).files?.[0];
    if (upload) {
      delete body.scenario;
      body.scenario_yaml = await upload.text();
    }
  } catch (error) {
    showError(`Seats: ${messageOf(error)}`);
    return;
  }
  const title = $("title-input", HTMLInputElement).value.trim();
  if (title) body.title = title;
  const button = $("btn-open", HTMLButtonElement);
  button.disabled = true;
  const className = $("class-name", HTMLInputElement).value.trim();
  const count = Number($("class-rooms", HTMLInputElement).value);
  const asClass = Boolean(className) || count > 1;
  try {
    const request = asClass ? { name: className || "class", rooms: count, setup: body } : body;
    const created = await (
      await call(asClass ? "/api/classes" : "/api/rooms", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request),
      })
    ).json();
    hideError();
    if (asClass) showClassLinks(/** @type {ClassCreated} */ (created));
    else showLinks(/** @type {RoomCreated} */ (created));
    await listRooms();
  } catch (error) {
    showError(`The room was not opened: ${messageOf(error)}`);
  } finally {
    button.disabled = false;
  }
}

/**
 * The new room's join links, each with a copy button (shown once).
 * @param {RoomCreated} created
 */
function showLinks(created) {
  $("new-room-id").textContent = created.id;
  const body = $("links");
  clear(body);
  for (const [labelText, link] of Object.entries(created.links)) {
    const row = el("tr", null, { "data-label": labelText });
    row.appendChild(el("td", labelText.replace(":", " ")));
    const cell = el("td");
    const input = el("input", null, { type: "text", readonly: "", class: "link", "aria-label": `${labelText} link` });
    input.value = new URL(link.url, location.href).href; // relative without the server's --public-url
    cell.appendChild(input);
    row.appendChild(cell);
    const copyCell = el("td");
    const button = el("button", "copy", { type: "button" });
    button.addEventListener("click", () => copy(input, button));
    copyCell.appendChild(button);
    row.appendChild(copyCell);
    body.appendChild(row);
  }
  $("links-panel").hidden = false;
}

/**
 * A new class's links, every room's (shown once), and its CSV to download.
 * @param {ClassCreated} created
 */
function showClassLinks(created) {
  /** @type {Record<string, {token: string, url: string}>} */
  const links = {};
  for (const room of created.rooms) {
    for (const [label, link] of Object.entries(room.links)) links[`${room.title} · ${label}`] = link;
  }
  showLinks({ id: `${created.name} (${created.rooms.length} rooms)`, links });
  const button = $("btn-links-csv", HTMLButtonElement);
  button.hidden = false;
  button.onclick = () => saveFile(new Blob([created.links_csv], { type: "text/csv" }), `links-${created.id}.csv`);
}

/**
 * Copy a link: the clipboard API where allowed (a secure context), else select and execCommand.
 * @param {HTMLInputElement} input
 * @param {HTMLButtonElement} button
 */
async function copy(input, button) {
  try {
    if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(input.value);
    else {
      input.select();
      document.execCommand("copy");
    }
    button.textContent = "copied";
  } catch {
    input.select();
    button.textContent = "select + Ctrl-C";
  }
}

/** Hide the join links (once copied). */
function hideLinks() {
  clear($("links"));
  $("btn-links-csv").hidden = true;
  $("links-panel").hidden = true;
}

// --- start --------------------------------------------------------------------------------------------
$("error-close").addEventListener("click", hideError);
$("key-form").addEventListener("submit", useKey);
$("btn-forget").addEventListener("click", forgetKey);
$("open-form").addEventListener("submit", openRoom);
$("btn-refresh").addEventListener("click", listRooms);
$("btn-hide-links").addEventListener("click", hideLinks);
fillScenarios();
showKeyState();
listRooms();
