// The room page's live updates: a stream of server-sent events read with fetch (an EventSource cannot
// send the Authorization header), reconnected with backoff when it drops. No page of its own: the
// caller passes callbacks, and node's test runner imports it with a stand-in fetch.

import { Backoff, STREAM_RETRY, sleep } from "./retry.js";
import { EventStreamParser } from "./sse.js";

/**
 * What ``follow`` calls; all optional but ``stopped``.
 * @typedef {object} FollowCallbacks
 * @property {() => boolean} stopped whether to stop following
 * @property {() => void} [onOpen] a stream starts
 * @property {(message: {event: string, data: string}) => void} [onMessage] each event with data
 * @property {() => void} [onDrop] a stream ends or fails (a reconnection follows after a pause)
 * @property {() => void} [onRefused] the server refuses the stream (no reconnection)
 */

/**
 * What ``follow`` uses of its surroundings (the browser's unless given; for the tests).
 * @typedef {object} FollowDeps
 * @property {(url: string, init: RequestInit) => Promise<Response>} [fetch]
 * @property {(ms: number) => Promise<void>} [wait]
 * @property {() => number} [random]
 */

/**
 * Follow the event stream at ``url`` (fetched with ``headers``) until ``stopped()`` says so or the
 * server refuses it (401 or 404); reconnect after a pause when it drops.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {FollowCallbacks} callbacks
 * @param {FollowDeps} [deps]
 * @returns {Promise<void>} once stopped or refused
 */
export async function follow(url, headers, { stopped, onOpen, onMessage, onDrop, onRefused }, deps = {}) {
  const get = deps.fetch || ((/** @type {string} */ address, /** @type {RequestInit} */ init) => fetch(address, init));
  const wait = deps.wait || sleep;
  const backoff = new Backoff(STREAM_RETRY, deps.random); // the server may set its base with ``retry:``
  while (!stopped()) {
    try {
      const response = await get(url, { headers, cache: "no-store" });
      if (response.status === 401 || response.status === 404) {
        if (onRefused) onRefused();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
      if (onOpen) onOpen();
      backoff.reset();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new EventStreamParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.push(value)) {
          if (message.retry !== null) backoff.base = message.retry;
          if (message.data !== null && onMessage) onMessage({ event: message.event, data: message.data });
        }
      }
    } catch {
      // a dropped connection: reconnect below
    }
    if (stopped()) return;
    if (onDrop) onDrop();
    await wait(backoff.next());
  }
}
