// Helpers shared by the room page and the facilitator console: DOM building (text only, never HTML),
// the server's error messages, and client ids for POSTs. Nothing here touches the page on import.

/**
 * The page's element with this id, checked to be a ``kind`` (an HTMLElement unless told).
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {{ new (): T, prototype: T }} [kind]
 * @returns {T}
 */
export function $(id, kind) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  if (kind !== undefined && !(node instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return /** @type {T} */ (node);
}

/**
 * A new element with text (never HTML) and attributes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {unknown} [text] shown as text; none when undefined or null
 * @param {Record<string, string>} [attributes]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/**
 * Remove every child of ``node``.
 * @param {Node} node
 */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/**
 * A client id for a POST (crypto.randomUUID needs a secure context; fall back to random bytes).
 * @returns {string}
 */
export function newClientId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * One problem of a FastAPI validation error.
 * @typedef {object} Problem
 * @property {(string | number)[]} [loc]
 * @property {string} msg
 */

/**
 * The server's message from an error response: FastAPI's ``detail``, a string or a list of problems.
 * @param {Response} response
 * @returns {Promise<string>}
 */
export async function errorMessage(response) {
  /** @type {{detail?: unknown} | null} */
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
      .map((/** @type {Problem} */ problem) => {
        const where = (problem.loc || []).filter((part) => part !== "body").join(".");
        return where ? `${where}: ${problem.msg}` : problem.msg;
      })
      .join("; ");
  }
  return `the server answered ${response.status} ${response.statusText}`;
}

/** A refused or failed request: the server's message and the HTTP status (0: never reached). */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   */
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * The message of something thrown.
 * @param {unknown} error
 * @returns {string}
 */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
