// The room page's wording of utilities, numbers, options, packages, events and turns (room-format.js).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  entriesText,
  eventText,
  fmt,
  isDelegation,
  label,
  offersOf,
  ownParty,
  packageCell,
  packageText,
  roomMetaText,
  roundLabel,
  samePackage,
  statusText,
  suggestionText,
  turnLine,
  utilitiesText,
  utilityHints,
  utilityParties,
  whoText,
} from "../../src/parley/room/static/room-format.js";
import { ISSUES, RECORD, facilitatorView, northView, room } from "./fixtures.js";

describe("utilities and numbers", () => {
  it("shows a utility to three decimals", () => {
    assert.equal(fmt(0.5), "0.500");
    assert.equal(fmt(1), "1.000");
    assert.equal(fmt(0), "0.000");
    assert.equal(fmt(0.12345), "0.123");
    assert.equal(fmt(0.9996), "1.000");
    assert.equal(fmt(-0.25), "-0.250");
    assert.equal(fmt(1.0231465636145702), "1.023");
  });

  it("calls a package across a red line (no utility) unacceptable", () => {
    assert.equal(fmt(null), "unacceptable");
    assert.equal(fmt(undefined), "unacceptable");
  });

  it("writes utilities by party in their order", () => {
    assert.equal(utilitiesText({ North: 0.9, South: null }), "North 0.900, South unacceptable");
    assert.equal(utilitiesText({}), "");
  });

  it("counts rounds from one and log entries from the position", () => {
    assert.equal(roundLabel(0), "1");
    assert.equal(roundLabel("4"), "5");
    assert.equal(entriesText(0), "1 entry");
    assert.equal(entriesText(6), "7 entries");
  });
});

describe("options and packages", () => {
  it("reads underscores as spaces and keeps numbers as written", () => {
    assert.equal(label("full_lifting"), "full lifting");
    assert.equal(label("within_two_years_or_so"), "within two years or so");
    assert.equal(label(10.5), "10.5");
    assert.equal(label(0), "0");
    assert.equal(label(true), "true");
  });

  it("writes a package on one line in the order of the issues", () => {
    const pkg = { sanctions_relief: "full_lifting", pullback_km: 10.5 };
    assert.equal(packageText(pkg, ISSUES), "pullback km: 10.5 · sanctions relief: full lifting");
    assert.equal(packageText(null, ISSUES), "");
    assert.equal(packageText(undefined, ISSUES), "");
  });

  it("fills a package table's cell, with a dash for an issue the package lacks", () => {
    assert.equal(packageCell({ pullback_km: 0 }, ISSUES[0]), "0");
    assert.equal(packageCell({ pullback_km: 0 }, ISSUES[1]), "–");
    assert.equal(packageCell(null, ISSUES[0]), "–");
  });

  it("compares packages issue by issue", () => {
    const a = { pullback_km: 0, sanctions_relief: "none" };
    assert.equal(samePackage(a, { sanctions_relief: "none", pullback_km: 0 }, ISSUES), true);
    assert.equal(samePackage(a, { ...a, pullback_km: 10.5 }, ISSUES), false);
    assert.equal(samePackage(a, { ...a, pullback_km: "0" }, ISSUES), false); // the option's own value
  });
});

describe("views and the record", () => {
  it("knows a delegation's view and its party", () => {
    assert.equal(isDelegation(northView()), true);
    assert.equal(isDelegation(facilitatorView()), false);
    assert.equal(isDelegation(null), false);
    assert.equal(ownParty(northView()), "North");
    assert.equal(ownParty(facilitatorView()), null);
  });

  it("lists the parties whose utilities the record carries, in the room's order", () => {
    assert.deepEqual(utilityParties(northView()), ["North"]);
    assert.deepEqual(utilityParties(facilitatorView()), ["North", "South"]);
    const reversed = facilitatorView({ record: [{ ...RECORD[0], utility: { South: 0.1, North: 0.2 } }] });
    assert.deepEqual(utilityParties(reversed), ["North", "South"]);
    assert.deepEqual(utilityParties(facilitatorView({ record: [] })), []);
  });

  it("finds the packages put on the table: offers and a mediator's texts", () => {
    const record = [
      RECORD[0],
      { kind: "reject", round: 0, party: "South", outcome: null, package: null },
      { kind: "text", round: 1, party: "mediator", outcome: [1, 1], package: { pullback_km: 10.5, sanctions_relief: "partial" } },
      { kind: "offer", round: 1, party: "South", outcome: null, package: null },
    ];
    assert.deepEqual(
      offersOf(record).map((e) => e.party),
      ["North", "mediator"],
    );
  });

  it("words the history's move column, a referral's verdict included", () => {
    const base = { round: 2, party: "North", outcome: null, package: null };
    assert.equal(eventText({ ...base, kind: "walk_away" }), "walk away");
    assert.equal(eventText({ ...base, kind: "referral_decision", data: { approved: true } }), "referral approved");
    assert.equal(
      eventText({ ...base, kind: "referral_decision", data: { approved: false, rounds_lost: 2 } }),
      "referral refused (2 round(s) lost)",
    );
    assert.equal(eventText({ ...base, kind: "referral_decision" }), "referral decision");
  });
});

describe("the header and the turn", () => {
  it("says who is looking", () => {
    assert.equal(whoText(northView()), "Delegation of North");
    assert.equal(whoText(facilitatorView()), "Facilitator");
    assert.equal(whoText(facilitatorView({ role: "observer" })), "Observer");
    assert.equal(whoText(facilitatorView({ role: "mediator" })), "Mediator");
  });

  it("describes the room under the title", () => {
    assert.equal(
      roomMetaText(room({ protocol: "single-text", round: 0 })),
      " · single-text protocol · round 1 of 20 · North (person), South (agent)",
    );
    const stage = { name: "settlement", issues: ["pullback_km"], protocol: "single-text", rounds: 40, status: "open", round: 2 };
    /** @type {import("../../src/parley/room/static/types.js").ProcessInfo} */
    const process = { stages: [stage], current: "settlement", agreements: [], ratification: {}, status: "open", front: [], assumptions: [], fixed: {} };
    assert.equal(
      roomMetaText(room({ process })),
      " · stage settlement · single-text protocol · round 3 of 40 · North (person), South (agent)",
    );
    const ended = { ...process, current: null, status: "ratified" };
    assert.equal(roomMetaText(room({ process: ended })), " · the process: ratified · North (person), South (agent)");
  });

  it("shows the status, and how the room ended", () => {
    assert.equal(statusText(room()), "open");
    assert.equal(statusText(room({ status: "ended", ending: "agreement" })), "ended: agreement");
    assert.equal(statusText(room({ status: "ended", ending: "walk_away" })), "ended: walk away");
    assert.equal(statusText(room({ status: "closed" })), "closed");
  });

  it("tells a delegation its move, or whom the table waits for", () => {
    assert.deepEqual(turnLine(northView()), {
      text: "Your move: respond to the offer on the table.",
      className: "turn-mine",
    });
    assert.deepEqual(turnLine(northView({ turn: null, room: room({ awaiting: { party: "South", kind: "propose" } }) })), {
      text: "Waiting for South to make an offer.",
      className: "",
    });
    assert.equal(turnLine(northView({ turn: null })).text, "Waiting for you to respond to the offer on the table.");
    assert.equal(turnLine(facilitatorView()).text, "Waiting for North to respond to the offer on the table.");
    assert.equal(turnLine(facilitatorView({ room: room({ awaiting: null }) })).text, "Waiting for the table…");
    assert.deepEqual(turnLine(facilitatorView({ room: room({ running: true, round: 412 }) })), {
      text: "The agents are still playing (round 412); the page follows them.",
      className: "turn-running",
    });
    assert.equal(
      turnLine(facilitatorView({ room: room({ awaiting: { party: "North", kind: "ratify" } }) })).text,
      "Waiting for North to vote on the agreement.",
    );
    /** @type {import("../../src/parley/room/static/types.js").RoomView} */
    const principal = { ...facilitatorView(), role: "principal", party: "North" };
    const referral = room({ awaiting: { party: "North", kind: "respond", role: "principal", ask: "refer" } });
    assert.equal(turnLine({ ...principal, room: referral }).className, "turn-mine");
    assert.equal(turnLine({ ...principal, party: "South", room: referral }).text.startsWith("Waiting for North's principal"), true);
  });

  it("says how the negotiation ended", () => {
    const agreed = room({ status: "ended", ending: "agreement", agreement: { pullback_km: 0, sanctions_relief: "none" } });
    assert.deepEqual(turnLine(northView({ room: agreed })), {
      text: "The negotiation has ended with an agreement.",
      className: "turn-agreed",
    });
    assert.deepEqual(turnLine(northView({ room: room({ status: "closed" }) })), {
      text: "The facilitator has closed the room.",
      className: "turn-ended",
    });
    assert.equal(
      turnLine(northView({ room: room({ status: "ended", ending: "deadline" }) })).text,
      "The negotiation has ended without agreement (deadline).",
    );
    assert.equal(
      turnLine(northView({ room: room({ status: "ended" }) })).text,
      "The negotiation has ended without agreement (ended).",
    );
  });

  it("explains what the utility on the table means for the mandate", () => {
    const mandate = { reservation_value: 0.4, authority_limit: 0.6 };
    assert.deepEqual(utilityHints(null, mandate), ["it crosses one of your red lines"]);
    assert.deepEqual(utilityHints(0.3, mandate), ["below your reservation value"]);
    assert.deepEqual(utilityHints(0.5, mandate), [
      "below your authority limit: your mandate says to refer it back before accepting",
    ]);
    assert.deepEqual(utilityHints(0.6, mandate), ["within your authority"]);
    assert.deepEqual(utilityHints(0.5, { reservation_value: 0.4 }), ["within your authority"]);
    assert.deepEqual(utilityHints(undefined, mandate), []);
    assert.deepEqual(utilityHints(0.5, {}), []);
  });

  it("heads a suggestion with its utilities and a referral warning", () => {
    assert.equal(suggestionText({ own_utility: 0.7, their_estimate: null }), "you 0.700");
    assert.equal(
      suggestionText({ own_utility: 0.7, their_estimate: 0.41234, needs_referral: true }),
      "you 0.700 · their side (estimated) 0.412 · below your authority: refer it back first",
    );
  });
});
