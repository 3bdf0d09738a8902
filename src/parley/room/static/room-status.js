// The room page's signals to its reader: the error bar (with what kind of error it shows) and the
// badge of the live updates.

import { $ } from "./common.js";

/** "load" (cleared by the next good fetch of the view), "action", "link" or null (none shown). */
export let errorKind = /** @type {string | null} */ (null);

/**
 * Show ``message`` in the error bar.
 * @param {string} message
 * @param {string} [kind]
 */
export function showError(message, kind = "action") {
  $("error-text").textContent = message;
  $("error").hidden = false;
  errorKind = kind;
}

/** Hide the error bar. */
export function hideError() {
  $("error").hidden = true;
  $("error-text").textContent = "";
  errorKind = null;
}

/**
 * The live badge: "live", or why not.
 * @param {boolean} on
 * @param {string} [text]
 */
export function setLive(on, text) {
  const badge = $("live");
  badge.textContent = text || (on ? "live" : "reconnecting…");
  badge.classList.toggle("live-on", on);
  badge.classList.toggle("live-off", !on);
}
