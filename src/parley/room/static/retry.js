// Retrying: the pauses between tries (doubling up to a cap, with optional jitter) and a POST that
// is tried again after a network failure or a gateway error. No page, no fetch of its own: the caller
// passes the request, and node's test runner imports it as it is (tests/js/retry.test.js).

import { ApiError, errorMessage, messageOf } from "./common.js";

/**
 * How often to try and how long to wait between tries. The pause after the n-th failed try is
 * ``firstDelayMs * 2^(n-1)``, at most ``maxDelayMs``, plus a random jitter below ``jitterMs``.
 * @typedef {object} RetryPolicy
 * @property {number} tries the tries in all (Infinity: never give up)
 * @property {number} firstDelayMs
 * @property {number} maxDelayMs
 * @property {number} [jitterMs]
 */

/** A move or a note: six tries, 0.5 s, 1 s, 2 s, 4 s, 8 s apart. */
export const POST_RETRY = Object.freeze({ tries: 6, firstDelayMs: 500, maxDelayMs: 8000 });

/** The live stream: reconnect for ever, 1 s (or the server's ``retry:``) doubling up to 30 s. */
export const STREAM_RETRY = Object.freeze({ tries: Infinity, firstDelayMs: 1000, maxDelayMs: 30000, jitterMs: 250 });

/** HTTP statuses of a gateway between the page and the server, worth trying again. */
export const TRANSIENT_STATUSES = Object.freeze([502, 503, 504]);

/**
 * Whether a response with this status is worth trying again (a gateway error).
 * @param {number} status
 * @returns {boolean}
 */
export const isTransient = (status) => TRANSIENT_STATUSES.includes(status);

/**
 * A pause of ``ms`` milliseconds.
 * @param {number} ms
 * @returns {Promise<void>}
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pauses between tries: each ``next()`` one doubles, up to the cap; ``reset()`` starts over. */
export class Backoff {
  /**
   * @param {RetryPolicy} policy
   * @param {() => number} [random] a number in [0, 1) for the jitter
   */
  constructor(policy, random = Math.random) {
    this.policy = policy;
    this.random = random;
    /** The first pause; the live stream's server may change it (``retry:``). */
    this.base = policy.firstDelayMs;
    this.delay = this.base;
  }

  /** Start over from the first pause (a try went well). */
  reset() {
    this.delay = this.base;
  }

  /**
   * The next pause in ms, jitter included; the one after it is twice as long, up to the cap.
   * @returns {number}
   */
  next() {
    const pause = this.delay + (this.policy.jitterMs ? this.random() * this.policy.jitterMs : 0);
    this.delay = Math.min(this.delay * 2, this.policy.maxDelayMs);
    return pause;
  }
}

/**
 * What ``sendWithRetries`` may be told, all optional.
 * @typedef {object} RetryOptions
 * @property {RetryPolicy} [policy] POST_RETRY unless given
 * @property {(ms: number) => Promise<void>} [wait] how to pause (``sleep`` unless given)
 * @property {(attempt: number) => void} [onRetry] called after failed try ``attempt``, before the pause
 */

/**
 * ``send()`` until it gets a good response: a network failure (``send`` throws) or a gateway error
 * is tried again after a pause, up to ``policy.tries`` tries in all. ``send`` must repeat the SAME
 * request (the room's POSTs carry a client id, which the server applies once).
 * @param {() => Promise<Response>} send
 * @param {RetryOptions} [options]
 * @returns {Promise<Response>} the good response
 * @throws {ApiError} the server's message and status when it refuses (or the last gateway error);
 *   status 0 when it could not be reached in ``policy.tries`` tries
 */
export async function sendWithRetries(send, { policy = POST_RETRY, wait = sleep, onRetry } = {}) {
  const backoff = new Backoff(policy);
  for (let attempt = 1; ; attempt += 1) {
    /** @type {Response | null} */
    let response = null;
    try {
      response = await send();
    } catch (networkError) {
      if (attempt >= policy.tries) {
        throw new ApiError(`the server could not be reached (${attempt} tries): ${messageOf(networkError)}`, 0);
      }
    }
    if (response !== null) {
      if (response.ok) return response;
      if (!isTransient(response.status) || attempt >= policy.tries) {
        throw new ApiError(await errorMessage(response), response.status);
      }
    }
    if (onRetry) onRetry(attempt);
    await wait(backoff.next());
  }
}
