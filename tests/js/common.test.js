// The helpers that need no page (common.js): the server's error messages, client ids, ApiError.

import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { describe, it } from "node:test";

import { ApiError, errorMessage, messageOf, newClientId } from "../../src/parley/room/static/common.js";

// browsers and node 20 have Web Crypto as a global; node 18 only as node:crypto's webcrypto
if (!globalThis.crypto) Object.defineProperty(globalThis, "crypto", { value: webcrypto });

/**
 * A JSON response.
 * @param {unknown} body
 * @param {number} status
 */
const json = (body, status) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("the server's error messages", () => {
  it("takes FastAPI's detail when it is a string", async () => {
    assert.equal(await errorMessage(json({ detail: "not your move" }, 409)), "not your move");
  });

  it("lists validation problems with where they are, without the 'body' part", async () => {
    const detail = [
      { loc: ["body", "package", "pullback_km"], msg: "Input should be a valid number" },
      { loc: ["body"], msg: "Field required" },
      { msg: "Something else" },
    ];
    assert.equal(
      await errorMessage(json({ detail }, 422)),
      "package.pullback_km: Input should be a valid number; Field required; Something else",
    );
  });

  it("falls back to the status line when the body is not JSON or has no detail", async () => {
    const text = new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" });
    assert.equal(await errorMessage(text), "the server answered 502 Bad Gateway");
    assert.equal(await errorMessage(json({ error: "x" }, 500)), "the server answered 500 ");
    assert.equal(await errorMessage(json(null, 500)), "the server answered 500 ");
  });
});

describe("small helpers", () => {
  it("makes a fresh client id for each POST", () => {
    const ids = new Set(Array.from({ length: 50 }, newClientId));
    assert.equal(ids.size, 50);
    for (const id of ids) assert.match(id, /^[0-9a-f-]{32,36}$/);
  });

  it("keeps the status of an API error", () => {
    const error = new ApiError("refused", 401);
    assert.ok(error instanceof Error);
    assert.equal(error.message, "refused");
    assert.equal(error.status, 401);
  });

  it("reads the message of anything thrown", () => {
    assert.equal(messageOf(new TypeError("Failed to fetch")), "Failed to fetch");
    assert.equal(messageOf("plain"), "plain");
    assert.equal(messageOf(42), "42");
  });
});
