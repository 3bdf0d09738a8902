// The negotiation room's page: one page for every role (a delegation, the mediator, an observer, the
// facilitator). It reads its token from the link (#token=…, room-api.js), fetches the role's view from
// the API, follows the room's server-sent events (room-live.js) and sends moves and notes. The
// header and table (room-turn.js), the builder (room-builder.js), the history and chart
// (room-record.js), the mandate and agreement panels (room-panels.js) and the notes (room-notes.js)
// draw the view; room-format.js words it.
//
// All data is put on the page with textContent / createElement, never as HTML: scenario text is
// written by users.

/** @import { Package, RoomView, Update } from "./types.js" */
import { $, ApiError, messageOf } from "./common.js";
import { API, AUTH, TOKEN, getJSON, post } from "./room-api.js";
import { BUTTONS, builderPackage, loadPackage, markSuggestion, renderBuilder, renderSuggestions } from "./room-builder.js";
import { label } from "./room-format.js";
import { follow } from "./room-live.js";
import { incidentOfForm, renderClock } from "./room-clock.js";
import { renderMessages } from "./room-messages.js";
import { renderNotes } from "./room-notes.js";
import { renderAgreement, renderMandates } from "./room-panels.js";
import { renderDecision, renderProcess } from "./room-process.js";
import { renderChart, renderHistory } from "./room-record.js";
import { errorKind, hideError, setLive, showError } from "./room-status.js";
import { renderHeader, renderTurn } from "./room-turn.js";

// --- the view: fetched on start and on every update -----------------------------------------------
/** @type {RoomView | null} */
let view = null; // the last view rendered
/** @type {Promise<void> | null} */
let refreshing = null; // the fetch in progress
let refreshAgain = false; // an update arrived while fetching: fetch once more
let stopped = false; // the link does not open the room: no more fetches, no live updates

/**
 * Fetch the view and render it (once more if an update arrives meanwhile).
 * @returns {Promise<void>}
 */
function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    try {
      do {
        refreshAgain = false;
        /** @type {RoomView} */
        const fresh = await getJSON(API);
        if (errorKind === "load") hideError();
        if (!view || fresh.room.seq >= view.room.seq) {
          render(fresh);
          renderMessages(await getJSON(`${API}/messages`), fresh, (pkg) => loadPackage(pkg, fresh.room.issues));
        }
      } while (refreshAgain);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
        stopped = true;
        showError(`This link does not open the room: ${error.message}. Ask the facilitator for a new link.`, "link");
      } else {
        showError(`Could not load the room: ${messageOf(error)}`, "load");
      }
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

// --- live updates: server-sent events read with fetch (the stream needs the Authorization header) --
/**
 * An event of the stream: an update to a log position the page has not shown fetches the view.
 * @param {{event: string, data: string}} message
 */
function onEvent(message) {
  if (message.event !== "update") return;
  /** @type {Update | null} */
  let update = null;
  try {
    update = JSON.parse(message.data);
  } catch {
    return;
  }
  if (!view || update?.seq !== view.room.seq) refresh();
}

/** @returns {Promise<void>} following the stream until the page stops */
function followRoom() {
  // no fetch on reconnecting: a new stream starts with the room's position, which fetches the view if
  // it moved
  return follow(`${API}/stream`, AUTH, {
    stopped: () => stopped,
    onOpen: () => setLive(true),
    onMessage: onEvent,
    onDrop: () => setLive(false),
    onRefused: () => {
      stopped = true;
      setLive(false, "offline");
    },
  });
}

// --- rendering ---------------------------------------------------------------------------------------
/** @param {RoomView} fresh the view to show */
function render(fresh) {
  view = fresh;
  $("app").hidden = false;
  renderHeader(view);
  renderTurn(view);
  renderDecision(view, move);
  renderBuilder(view, sending);
  renderSuggestions(view);
  renderMandates(view);
  renderAgreement(view, `${API}/agreement`, AUTH);
  renderHistory(view);
  renderChart(view);
  renderNotes(view);
  renderProcess(view);
  renderClock(view);
}

// --- the moves ---------------------------------------------------------------------------------------
/** A move being sent, and what the last move did (shown while waiting for the others). */
const sending = { busy: false, sentMessage: "" };

/**
 * Send a move (with the builder's package where it takes one).
 * @param {string} action
 */
async function move(action) {
  if (!view || sending.busy) return;
  const alternating = view.room.protocol === "alternating";
  /** @type {{action: string, package?: Package}} */
  const body = { action };
  const counter = action === "reject" && alternating;
  if (action === "offer" || action === "table_text" || counter) body.package = builderPackage(view.room.issues);
  if (action === "walk_away" && !window.confirm("Walk away? The negotiation breaks down for everyone.")) return;
  sending.busy = true;
  sending.sentMessage = "";
  renderBuilder(view, sending);
  try {
    const applied = await post(`${API}/moves`, body);
    hideError();
    sending.sentMessage = `Sent: ${label(action)}${applied.duplicate ? " (the server had it already)" : ""}. `;
  } catch (error) {
    showError(`Your move was not accepted: ${messageOf(error)}`);
  } finally {
    sending.busy = false;
    await refresh();
    renderBuilder(view, sending);
  }
}

// --- notes ---------------------------------------------------------------------------------------------
/**
 * Save the note form's text as a note.
 * @param {SubmitEvent} event
 */
async function saveNote(event) {
  event.preventDefault();
  const text = $("note-text", HTMLTextAreaElement).value.trim();
  if (!text) return;
  const button = $("btn-note", HTMLButtonElement);
  button.disabled = true;
  try {
    await post(`${API}/notes`, { text, private: $("note-private", HTMLInputElement).checked });
    $("note-text", HTMLTextAreaElement).value = "";
    hideError();
  } catch (error) {
    showError(`The note was not saved: ${messageOf(error)}`);
  } finally {
    button.disabled = false;
    refresh();
  }
}

// --- messages and incidents ------------------------------------------------------------------------
/**
 * Send the message form's text on the chosen channel.
 * @param {SubmitEvent} event
 */
async function sendMessage(event) {
  event.preventDefault();
  const text = $("message-text", HTMLTextAreaElement).value.trim();
  if (!text) return;
  const button = $("btn-message", HTMLButtonElement);
  button.disabled = true;
  try {
    /** @type {{channel: string, text: string, package?: Package}} */
    const body = { channel: $("message-channel", HTMLSelectElement).value, text };
    if ($("message-attach", HTMLInputElement).checked && view) body.package = builderPackage(view.room.issues);
    await post(`${API}/messages`, body);
    $("message-attach", HTMLInputElement).checked = false;
    $("message-text", HTMLTextAreaElement).value = "";
    hideError();
  } catch (error) {
    showError(`The message was not sent: ${messageOf(error)}`);
  } finally {
    button.disabled = false;
    refresh();
  }
}

/**
 * Report the incident form's front move (the facilitator).
 * @param {SubmitEvent} event
 */
async function reportIncident(event) {
  event.preventDefault();
  const incident = incidentOfForm();
  if (!incident) {
    showError("Give the front's move as a number other than 0.");
    return;
  }
  try {
    await post(`${API}/incidents`, incident);
    $("incident-change", HTMLInputElement).value = "";
    $("incident-note", HTMLInputElement).value = "";
    hideError();
  } catch (error) {
    showError(`The incident was not reported: ${messageOf(error)}`);
  } finally {
    refresh();
  }
}

/**
 * Set the delegation's authority limit (a principal, before its delegation's first move).
 * @param {SubmitEvent} event
 */
async function setAuthority(event) {
  event.preventDefault();
  const limit = Number($("authority-input", HTMLInputElement).value);
  try {
    await post(`${API}/mandate`, { authority_limit: limit });
    $("authority-input", HTMLInputElement).value = "";
    hideError();
  } catch (error) {
    showError(`The mandate was not changed: ${messageOf(error)}`);
  } finally {
    refresh();
  }
}

// --- start ---------------------------------------------------------------------------------------------
/** Wire the page's buttons and forms, fetch the view, then follow the room's updates. */
function start() {
  $("error-close").addEventListener("click", hideError);
  if (!TOKEN) {
    $("no-token").hidden = false;
    $("status").textContent = "no link";
    setLive(false, "offline");
    return;
  }
  for (const [action, id] of Object.entries(BUTTONS)) $(id).addEventListener("click", () => move(action));
  $("btn-load-table").addEventListener("click", () => {
    if (view && view.turn && view.turn.offer) {
      loadPackage(view.turn.offer, view.room.issues);
      markSuggestion(null);
    }
  });
  $("btn-load-opening").addEventListener("click", () => {
    if (view && view.mandate && view.mandate.opening) {
      loadPackage(view.mandate.opening, view.room.issues);
      markSuggestion(null);
    }
  });
  $("note-form").addEventListener("submit", saveNote);
  $("message-form").addEventListener("submit", sendMessage);
  $("incident-form").addEventListener("submit", reportIncident);
  $("authority-form").addEventListener("submit", setAuthority);
  refresh().then(followRoom);
}

start();
