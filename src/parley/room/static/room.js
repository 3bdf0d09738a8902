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

// --- notes, messages, incidents, the mandate: forms that post one request ------------------------------
/**
 * A form's submit handler: ``body()`` builds the request (null: nothing to send, or a message already
 * shown), posted to ``path`` with the form's button disabled meanwhile; on success ``sent()`` clears the
 * form; on refusal ``failure`` heads the server's message. The view is fetched again either way.
 * @param {string} path under the room's API
 * @param {string} buttonId
 * @param {() => Record<string, unknown> | null} body
 * @param {() => void} sent
 * @param {string} failure
 * @returns {(event: SubmitEvent) => Promise<void>}
 */
function poster(path, buttonId, body, sent, failure) {
  return async (event) => {
    event.preventDefault();
    const request = body();
    if (!request) return;
    const button = $(buttonId, HTMLButtonElement);
    button.disabled = true;
    try {
      await post(`${API}/${path}`, request);
      sent();
      hideError();
    } catch (error) {
      showError(`${failure}: ${messageOf(error)}`);
    } finally {
      button.disabled = false;
      refresh();
    }
  };
}

/** @param {string} id @returns {string} the trimmed text of a text field */
const textOf = (id) => $(id, HTMLTextAreaElement).value.trim();

const saveNote = poster(
  "notes",
  "btn-note",
  () => (textOf("note-text") ? { text: textOf("note-text"), private: $("note-private", HTMLInputElement).checked } : null),
  () => ($("note-text", HTMLTextAreaElement).value = ""),
  "The note was not saved",
);

const sendMessage = poster(
  "messages",
  "btn-message",
  () => {
    if (!textOf("message-text")) return null;
    /** @type {{channel: string, text: string, package?: Package}} */
    const body = { channel: $("message-channel", HTMLSelectElement).value, text: textOf("message-text") };
    if ($("message-attach", HTMLInputElement).checked && view) body.package = builderPackage(view.room.issues);
    return body;
  },
  () => {
    $("message-attach", HTMLInputElement).checked = false;
    $("message-text", HTMLTextAreaElement).value = "";
  },
  "The message was not sent",
);

const reportIncident = poster(
  "incidents",
  "btn-incident",
  () => {
    const incident = incidentOfForm();
    if (!incident) showError("Give the front's move as a number other than 0.");
    return incident;
  },
  () => {
    $("incident-change", HTMLInputElement).value = "";
    $("incident-note", HTMLInputElement).value = "";
  },
  "The incident was not reported",
);

const setAuthority = poster(
  "mandate",
  "btn-authority",
  () => ({ authority_limit: Number($("authority-input", HTMLInputElement).value) }),
  () => ($("authority-input", HTMLInputElement).value = ""),
  "The mandate was not changed",
);

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
