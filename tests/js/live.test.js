// Following the room's event stream (room-live.js) with a stand-in for fetch: events as they arrive,
// reconnecting with backoff after a drop, the server's retry: field, and stopping when refused.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { follow } from "../../src/parley/room/static/room-live.js";

/**
 * A streaming response whose body sends ``chunks`` (text) one by one, then ends.
 * @param {string[]} chunks
 * @param {number} [status]
 */
function stream(chunks, status = 200) {
  const encoder = new TextEncoder();
  const body = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { "Content-Type": "text/event-stream" } });
}

/**
 * Follow a stand-in server that answers the n-th request with ``answers[n]`` (a Response, or an Error
 * to throw); stops once the answers run out. What happened, in order, is in ``log``.
 * @param {(Response | Error)[]} answers
 */
async function run(answers) {
  /** @type {string[]} */
  const log = [];
  /** @type {RequestInit[]} */
  const requests = [];
  let next = 0;
  await follow(
    "/api/rooms/r1/stream",
    { Authorization: "Bearer t" },
    {
      stopped: () => next >= answers.length,
      onOpen: () => log.push("open"),
      onMessage: ({ event, data }) => log.push(`${event}:${data}`),
      onDrop: () => log.push("drop"),
      onRefused: () => log.push("refused"),
    },
    {
      fetch: async (url, init) => {
        assert.equal(url, "/api/rooms/r1/stream");
        requests.push(init);
        const answer = answers[next];
        next += 1;
        if (answer instanceof Error) throw answer;
        return answer;
      },
      wait: async (ms) => {
        log.push(`wait ${ms}`);
      },
      random: () => 0.5,
    },
  );
  return { log, requests };
}

describe("following the event stream", () => {
  it("passes the events with data as they arrive, not comments or retry alone", async () => {
    const { log, requests } = await run([
      stream(["retry: 1000\n\n", "event: update\ndata: {\"seq\": 1}\n", "\n: heartbeat\n\nevent: update\n", "data: 2\n\n"]),
    ]);
    assert.deepEqual(log, ["open", 'update:{"seq": 1}', "update:2"]);
    assert.deepEqual(requests, [{ headers: { Authorization: "Bearer t" }, cache: "no-store" }]);
  });

  it("reconnects after a drop, backing off, and from the server's retry: once a stream opens", async () => {
    const { log } = await run([
      stream(["retry: 200\n\ndata: a\n\n"]), // ends: a drop
      new TypeError("network"),
      stream([], 502),
      stream(["data: b\n\n"]),
      stream(["data: c\n\n"]),
    ]);
    assert.deepEqual(log, [
      "open",
      "message:a",
      "drop",
      "wait 1125", // 1 s + jitter 0.5 × 250: the retry: 200 counts from the next stream that opens
      "drop",
      "wait 2125",
      "drop",
      "wait 4125",
      "open",
      "message:b",
      "drop",
      "wait 325", // a stream opened: the pauses start over, from the server's 200 ms
      "open",
      "message:c",
    ]);
  });

  it("backs off from 1 s, doubling, while the server cannot be reached", async () => {
    const { log } = await run([new TypeError("a"), new TypeError("b"), new TypeError("c"), stream([])]);
    assert.deepEqual(log, ["drop", "wait 1125", "drop", "wait 2125", "drop", "wait 4125", "open"]);
  });

  it("stops without reconnecting when the server refuses the stream", async () => {
    for (const status of [401, 404]) {
      const { log } = await run([stream([], status), stream(["data: never\n\n"])]);
      assert.deepEqual(log, ["refused"]);
    }
  });

  it("does not start when already stopped", async () => {
    let fetched = false;
    await follow("/s", {}, { stopped: () => true }, {
      fetch: async () => {
        fetched = true;
        return stream([]);
      },
    });
    assert.equal(fetched, false);
  });

  it("neither drops nor waits once stopped during a stream", async () => {
    let stop = false;
    /** @type {string[]} */
    const log = [];
    await follow(
      "/s",
      {},
      {
        stopped: () => stop,
        onMessage: ({ data }) => {
          log.push(data);
          stop = true;
        },
        onDrop: () => log.push("drop"),
      },
      {
        fetch: async () => stream(["data: last\n\n"]),
        wait: async () => {
          log.push("wait");
        },
      },
    );
    assert.deepEqual(log, ["last"]);
  });
});
