// The room page's live updates: a stream of server-sent events read with fetch (an EventSource cannot
// send the Authorization header), reconnected with backoff when it drops. Loaded after common.js.
"use strict";

window.parley.live = (() => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** One event block ("event: …\ndata: …") as {event, data, retry}; data is null when the block has
   * none (a comment, or a ``retry:`` alone), retry null unless the block sets one. */
  function parseEvent(block) {
    let event = "message";
    let retry = null;
    const data = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
    }
    return { event, data: data.length ? data.join("\n") : null, retry };
  }

  /** Follow the event stream at ``url`` (fetched with ``headers``) until ``stopped()`` says so or the
   * server refuses it (401 or 404). Callbacks, all optional but ``stopped``:
   * ``onOpen()`` when a stream starts, ``onMessage({event, data})`` for each event with data,
   * ``onDrop()`` when a stream ends or fails (a reconnection follows after a pause),
   * ``onRefused()`` when the server refuses the stream (no reconnection). */
  async function follow(url, headers, { stopped, onOpen, onMessage, onDrop, onRefused }) {
    let retryBase = 1000; // the server may set it with a ``retry:`` field
    let delay = retryBase;
    while (!stopped()) {
      try {
        const response = await fetch(url, { headers, cache: "no-store" });
        if (response.status === 401 || response.status === 404) {
          if (onRefused) onRefused();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
        if (onOpen) onOpen();
        delay = retryBase;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer = (buffer + value).replace(/\r\n?/g, "\n");
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const message = parseEvent(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
            if (message.retry !== null) retryBase = message.retry;
            if (message.data !== null && onMessage) onMessage({ event: message.event, data: message.data });
          }
        }
      } catch {
        // a dropped connection: reconnect below
      }
      if (stopped()) return;
      if (onDrop) onDrop();
      await sleep(delay + Math.random() * 250);
      delay = Math.min(delay * 2, 30000); // back off, up to 30 s
    }
  }

  return { follow, parseEvent };
})();
