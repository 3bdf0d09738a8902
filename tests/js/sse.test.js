// The live-update parser (sse.js): event blocks, and a stream fed in chunks as they arrive.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { EventStreamParser, parseEvent } from "../../src/parley/room/static/sse.js";

/**
 * Feed ``chunks`` to one parser; every event, each with the number of the chunk that completed it.
 * @param {string[]} chunks
 */
function feed(chunks) {
  const parser = new EventStreamParser();
  return chunks.flatMap((chunk, index) => parser.push(chunk).map((event) => ({ ...event, chunk: index })));
}

describe("one event block", () => {
  it("reads the event name and its data", () => {
    assert.deepEqual(parseEvent('event: update\ndata: {"room": "r1", "seq": 3}'), {
      event: "update",
      data: '{"room": "r1", "seq": 3}',
      retry: null,
    });
  });

  it("names an event without one 'message'", () => {
    assert.deepEqual(parseEvent("data: hello"), { event: "message", data: "hello", retry: null });
  });

  it("joins data lines with newlines", () => {
    assert.equal(parseEvent("data: first\ndata: second\ndata:\ndata: fourth").data, "first\nsecond\n\nfourth");
  });

  it("drops one space after the colon only", () => {
    assert.equal(parseEvent("data:tight").data, "tight");
    assert.equal(parseEvent("data:  two spaces").data, " two spaces");
    assert.equal(parseEvent("data: a: b").data, "a: b");
  });

  it("takes a field without a colon as empty", () => {
    assert.equal(parseEvent("data").data, "");
  });

  it("gives a comment or a retry alone no data", () => {
    assert.deepEqual(parseEvent(": heartbeat"), { event: "message", data: null, retry: null });
    assert.deepEqual(parseEvent("retry: 2500"), { event: "message", data: null, retry: 2500 });
  });

  it("ignores a retry that is not a whole number, and unknown fields", () => {
    assert.equal(parseEvent("retry: soon\ndata: x").retry, null);
    assert.equal(parseEvent("retry: 1.5\ndata: x").retry, null);
    assert.deepEqual(parseEvent("id: 7\nfoo: bar\ndata: x"), { event: "message", data: "x", retry: null });
  });
});

describe("a stream in chunks", () => {
  it("holds an event split across chunks until its blank line arrives", () => {
    const events = feed(["event: upd", "ate\ndata: {\"seq\"", ": 5}\n", "\n"]);
    assert.deepEqual(events, [{ event: "update", data: '{"seq": 5}', retry: null, chunk: 3 }]);
  });

  it("splits the blank line itself across chunks", () => {
    assert.deepEqual(
      feed(["data: a\n", "\ndata: b\n\n"]).map((e) => [e.data, e.chunk]),
      [
        ["a", 1],
        ["b", 1],
      ],
    );
  });

  it("returns every event of a chunk that holds several, in order", () => {
    const parser = new EventStreamParser();
    const events = parser.push("retry: 1000\n\nevent: update\ndata: 1\n\nevent: update\ndata: 2\n\ndata: par");
    assert.deepEqual(events, [
      { event: "message", data: null, retry: 1000 },
      { event: "update", data: "1", retry: null },
      { event: "update", data: "2", retry: null },
    ]);
    assert.deepEqual(parser.push("tial\n\n"), [{ event: "message", data: "partial", retry: null }]);
  });

  it("passes keep-alive comments as events without data", () => {
    const events = feed([": heartbeat\n\n", ": heartbeat\n\nevent: update\ndata: 9\n\n"]);
    assert.deepEqual(
      events.map((e) => e.data),
      [null, null, "9"],
    );
  });

  it("keeps the lines of a multi-line data field across chunks", () => {
    const events = feed(["data: line one\nda", "ta: line two\n", "data: line three\n\n"]);
    assert.equal(events.length, 1);
    assert.equal(events[0].data, "line one\nline two\nline three");
  });

  it("reads CRLF and CR line ends, a CRLF split between chunks included", () => {
    assert.deepEqual(
      feed(["event: update\r\ndata: 1\r\n\r\n", "data: 2\r\r", "data: 3\r", "\ndata: 4\r", "\n\r\n"]).map((e) => e.data),
      ["1", "2", "3\n4"],
    );
  });

  it("gives nothing for an empty chunk, and keeps what waits", () => {
    const parser = new EventStreamParser();
    assert.deepEqual(parser.push("data: x\r"), []);
    assert.deepEqual(parser.push(""), []);
    assert.deepEqual(parser.push("\n\r\n"), [{ event: "message", data: "x", retry: null }]);
    assert.equal(parser.buffer, "");
  });

  it("returns nothing while no event is complete", () => {
    const parser = new EventStreamParser();
    assert.deepEqual(parser.push("event: update\n"), []);
    assert.deepEqual(parser.push("data: 1\n"), []);
    assert.equal(parser.buffer, "event: update\ndata: 1\n");
  });
});
