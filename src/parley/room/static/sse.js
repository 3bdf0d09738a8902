// The parser of a server-sent event stream (text/event-stream), fed the stream's text chunk by chunk
// as it arrives: an event may be split across chunks, and one chunk may hold several events. Pure:
// node's test runner imports it as it is (tests/js/sse.test.js).

/**
 * One event block as read: its ``event`` name ("message" unless set), its ``data`` (the data lines
 * joined by "\n"; null when the block has none: a comment, or a ``retry:`` alone) and the
 * reconnection time in ms it sets (``retry``, null unless set).
 * @typedef {object} StreamEvent
 * @property {string} event
 * @property {string | null} data
 * @property {number | null} retry
 */

/**
 * One event block ("event: …\ndata: …", lines split by "\n") as a StreamEvent.
 * @param {string} block
 * @returns {StreamEvent}
 */
export function parseEvent(block) {
  let event = "message";
  /** @type {number | null} */
  let retry = null;
  /** @type {string[]} */
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

/** Reads a stream's text as it comes: ``push`` each chunk, get the events it completes. */
export class EventStreamParser {
  constructor() {
    /** The text of the event not complete yet, its line ends made "\n". */
    this.buffer = "";
    /** A chunk's last character was "\r": a "\n" starting the next one belongs to it ("\r\n"). */
    this.pendingCR = false;
  }

  /**
   * The events that ``chunk`` completes (an event ends with a blank line), in order; what follows
   * the last one is kept for the next chunk.
   * @param {string} chunk
   * @returns {StreamEvent[]}
   */
  push(chunk) {
    if (chunk === "") return [];
    let text = chunk;
    if (this.pendingCR && text.startsWith("\n")) text = text.slice(1); // the "\n" of a "\r\n" split in two
    this.pendingCR = text.endsWith("\r");
    this.buffer = (this.buffer + text).replace(/\r\n?/g, "\n");
    /** @type {StreamEvent[]} */
    const events = [];
    let cut;
    while ((cut = this.buffer.indexOf("\n\n")) >= 0) {
      events.push(parseEvent(this.buffer.slice(0, cut)));
      this.buffer = this.buffer.slice(cut + 2);
    }
    return events;
  }
}
