// Retrying (retry.js): the pauses between tries, and a POST tried again until it succeeds or gives up.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ApiError } from "../../src/parley/room/static/common.js";
import {
  Backoff,
  POST_RETRY,
  STREAM_RETRY,
  isTransient,
  sendWithRetries,
} from "../../src/parley/room/static/retry.js";

/**
 * ``count`` pauses of ``backoff``.
 * @param {Backoff} backoff
 * @param {number} count
 */
const pauses = (backoff, count) => Array.from({ length: count }, () => backoff.next());

/**
 * A stand-in for fetch: each call takes the next of ``answers`` (a status to answer with, or an
 * Error to throw, as a network failure does); the calls and the pauses asked for are kept.
 * @param {(number | Error)[]} answers
 */
function server(answers) {
  /** @type {number[]} */
  const waits = [];
  /** @type {number[]} */
  const retries = [];
  let calls = 0;
  const send = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)];
    calls += 1;
    if (answer instanceof Error) throw answer;
    const body = answer === 200 ? { duplicate: false, seq: 3, entries: [] } : { detail: `refused with ${answer}` };
    return new Response(JSON.stringify(body), { status: answer, headers: { "Content-Type": "application/json" } });
  };
  const options = {
    wait: async (/** @type {number} */ ms) => {
      waits.push(ms);
    },
    onRetry: (/** @type {number} */ attempt) => {
      retries.push(attempt);
    },
  };
  return { send, options, waits, retries, calls: () => calls };
}

describe("the pauses between tries", () => {
  it("double from the first up to the cap", () => {
    const backoff = new Backoff({ tries: 6, firstDelayMs: 500, maxDelayMs: 8000 });
    assert.deepEqual(pauses(backoff, 7), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("are those of POST_RETRY for a move: five pauses between six tries", () => {
    assert.deepEqual(pauses(new Backoff(POST_RETRY), 5), [500, 1000, 2000, 4000, 8000]);
  });

  it("add a jitter below jitterMs, from the random source", () => {
    const draws = [0, 0.5, 0.999];
    const backoff = new Backoff(STREAM_RETRY, () => draws.shift() ?? 0);
    assert.deepEqual(pauses(backoff, 3), [1000, 2000 + 125, 4000 + 249.75]);
  });

  it("reach the live stream's cap of 30 s", () => {
    const backoff = new Backoff(STREAM_RETRY, () => 0);
    assert.deepEqual(pauses(backoff, 7), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("start over after a reset, from a base the server may change", () => {
    const backoff = new Backoff(STREAM_RETRY, () => 0);
    pauses(backoff, 3);
    backoff.reset();
    assert.equal(backoff.next(), 1000);
    backoff.base = 250;
    assert.equal(backoff.next(), 2000); // the new base counts from the next reset
    backoff.reset();
    assert.deepEqual(pauses(backoff, 3), [250, 500, 1000]);
    backoff.base = 60000;
    backoff.reset();
    assert.deepEqual(pauses(backoff, 2), [60000, 30000]); // a base above the cap: once, then the cap
  });
});

describe("a request tried again", () => {
  it("counts gateway errors as transient, nothing else", () => {
    assert.deepEqual([502, 503, 504].map(isTransient), [true, true, true]);
    assert.deepEqual([200, 400, 401, 404, 409, 422, 500].map(isTransient), Array(7).fill(false));
  });

  it("returns the first good response without a pause", async () => {
    const fake = server([200]);
    const response = await sendWithRetries(fake.send, fake.options);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { duplicate: false, seq: 3, entries: [] });
    assert.equal(fake.calls(), 1);
    assert.deepEqual(fake.waits, []);
  });

  it("tries again after network failures and gateway errors, backing off", async () => {
    const fake = server([new TypeError("Failed to fetch"), 503, new TypeError("Failed to fetch"), 200]);
    const response = await sendWithRetries(fake.send, fake.options);
    assert.equal(response.status, 200);
    assert.equal(fake.calls(), 4);
    assert.deepEqual(fake.waits, [500, 1000, 2000]);
    assert.deepEqual(fake.retries, [1, 2, 3]);
  });

  it("gives up after six tries when the server cannot be reached", async () => {
    const fake = server([new TypeError("Failed to fetch")]);
    await assert.rejects(sendWithRetries(fake.send, fake.options), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 0);
      assert.equal(error.message, "the server could not be reached (6 tries): Failed to fetch");
      return true;
    });
    assert.equal(fake.calls(), 6);
    assert.deepEqual(fake.waits, [500, 1000, 2000, 4000, 8000]);
    assert.deepEqual(fake.retries, [1, 2, 3, 4, 5]);
  });

  it("gives up after the last try of gateway errors with the server's message", async () => {
    const fake = server([502]);
    await assert.rejects(sendWithRetries(fake.send, fake.options), { status: 502, message: "refused with 502" });
    assert.equal(fake.calls(), 6);
  });

  it("does not try again when the server refuses", async () => {
    for (const status of [400, 401, 409, 422, 500]) {
      const fake = server([status, 200]);
      await assert.rejects(sendWithRetries(fake.send, fake.options), { status, message: `refused with ${status}` });
      assert.equal(fake.calls(), 1);
      assert.deepEqual(fake.waits, []);
    }
  });

  it("keeps to the tries of the policy given", async () => {
    const fake = server([new Error("offline")]);
    const policy = { tries: 2, firstDelayMs: 10, maxDelayMs: 15 };
    await assert.rejects(sendWithRetries(fake.send, { ...fake.options, policy }), {
      status: 0,
      message: "the server could not be reached (2 tries): offline",
    });
    assert.equal(fake.calls(), 2);
    assert.deepEqual(fake.waits, [10]);
  });

  it("pauses for real with no wait given", async () => {
    const fake = server([503, 200]);
    const policy = { tries: 3, firstDelayMs: 5, maxDelayMs: 5 };
    const started = Date.now();
    await sendWithRetries(fake.send, { policy });
    assert.ok(Date.now() - started >= 4);
    assert.equal(fake.calls(), 2);
  });
});
