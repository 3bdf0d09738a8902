// Helpers shared by the room page and the facilitator console: DOM building (text only, never HTML),
// the server's error messages, and client ids for POSTs. Loaded before either page's script.
"use strict";

window.parley = (() => {
  const $ = (id) => document.getElementById(id);

  /** A new element with text (never HTML) and attributes. */
  function el(tag, text, attributes = {}) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** A client id for a POST (crypto.randomUUID needs a secure context; fall back to random bytes). */
  function newClientId() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** The server's message from an error response: FastAPI's ``detail``, a string or a list of problems. */
  async function errorMessage(response) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: fall through to the status line
    }
    const detail = body && body.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail
        .map((problem) => {
          const where = (problem.loc || []).filter((part) => part !== "body").join(".");
          return where ? `${where}: ${problem.msg}` : problem.msg;
        })
        .join("; ");
    }
    return `the server answered ${response.status} ${response.statusText}`;
  }

  return { $, el, clear, newClientId, errorMessage };
})();
