// The room page's side of the API: which room, the token it was opened with, and the requests (a
// POST tried again, with the same client id, when the network fails).

/** @import { Applied } from "./types.js" */
import { ApiError, errorMessage, newClientId } from "./common.js";
import { sendWithRetries } from "./retry.js";
import { setLive } from "./room-status.js";

// --- the room and the token ------------------------------------------------------------------------
export const ROOM_ID = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const STORAGE_KEY = `parley-room-token:${ROOM_ID}`;
export const API = `/api/rooms/${encodeURIComponent(ROOM_ID)}`;

/**
 * The token from the address (then removed from the address bar), or the one kept for this tab,
 * or the facilitator key the console keeps in this tab.
 * @returns {string | null}
 */
function takeToken() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fromLink = params.get("token");
  if (fromLink) {
    sessionStorage.setItem(STORAGE_KEY, fromLink);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(STORAGE_KEY) || sessionStorage.getItem("parley-facilitator-key");
}

export const TOKEN = takeToken();
/** @type {Record<string, string>} */
export const AUTH = { Authorization: `Bearer ${TOKEN}` };

// --- the requests ----------------------------------------------------------------------------------
/**
 * GET ``path`` as JSON; an ApiError with the server's message when refused.
 * @param {string} path
 * @returns {Promise<any>}
 */
export async function getJSON(path) {
  const response = await fetch(path, { headers: AUTH, cache: "no-store" });
  if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
  return response.json();
}

/**
 * POST ``body`` with a fresh client id; a network failure (or a gateway error) is retried with the
 * SAME id, which the server applies once. Throws an ApiError with the server's message otherwise.
 * @param {string} path
 * @param {Record<string, unknown>} body
 * @returns {Promise<Applied>}
 */
export async function post(path, body) {
  const payload = JSON.stringify({ client_id: newClientId(), ...body });
  const send = () =>
    fetch(path, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: payload,
      cache: "no-store",
    });
  const response = await sendWithRetries(send, { onRetry: (attempt) => setLive(false, `retrying (${attempt})…`) });
  return response.json();
}
