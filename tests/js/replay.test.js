// The replay page's steps through a record, its utility lines and its wording (replay-steps.js).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  chartScale,
  clampStep,
  frontText,
  initialFront,
  packageLines,
  polylinePoints,
  roomIdOf,
  seenParties,
  stepText,
  steps,
  utilityAt,
  utilitySeries,
} from "../../src/parley/room/static/replay-steps.js";
import { ISSUES, RECORD } from "./fixtures.js";

/** @import { RecordEvent } from "../../src/parley/room/static/types.js" */

const CEASEFIRE = { pullback_km: 25, sanctions_relief: "none" };
const SETTLEMENT = { pullback_km: 10.5, sanctions_relief: "partial" };

/**
 * A process record as the facilitator's export carries it: a stage opens, North offers, the front
 * moves twice (two variables), South's offer crosses North's red line, North accepts, a referral is
 * decided, the second stage opens and a mediator's text and the front's third move follow.
 * @type {RecordEvent[]}
 */
const PROCESS = [
  { kind: "stage_opened", round: 0, party: null, outcome: null, package: null, data: { stage: "ceasefire", issues: ["pullback_km"] } },
  { kind: "offer", round: 0, party: "North", outcome: [2, 0], package: CEASEFIRE, utility: { North: 0.9, South: 0.2 } },
  {
    kind: "front_moved", round: 1, party: null, outcome: null, package: null,
    data: { variable: "eastern_front", value: 1.5, change: 1.5, reason: "fighting" },
  },
  {
    kind: "front_moved", round: 1, party: null, outcome: null, package: null,
    data: { variable: "river_line", value: -2, change: -2, reason: "incident" },
  },
  { kind: "offer", round: 1, party: "South", outcome: [0, 2], package: SETTLEMENT, utility: { North: null, South: 0.95 } },
  { kind: "accept", round: 2, party: "North", outcome: [0, 2], package: SETTLEMENT, utility: { North: null, South: 0.95 } },
  {
    kind: "referral_decision", round: 2, party: "South", outcome: [0, 2], package: SETTLEMENT,
    utility: { North: null, South: 0.95 }, data: { approved: false, rounds_lost: 1 },
  },
  { kind: "stage_opened", round: 3, party: null, outcome: null, package: null, data: { stage: "settlement", issues: ["sanctions_relief"] } },
  { kind: "text", round: 3, party: "Mediator", outcome: [1, 1], package: SETTLEMENT, utility: { North: 0.6, South: 0.55 } },
  {
    kind: "front_moved", round: 4, party: null, outcome: null, package: null,
    data: { variable: "eastern_front", value: 0.25, change: -1.25, reason: "ceasefire holds" },
  },
];

describe("the room's id in the replay page's address", () => {
  it("is the segment before replay", () => {
    assert.equal(roomIdOf("/room/abc123/replay"), "abc123");
    assert.equal(roomIdOf("/room/abc123/replay/"), "abc123");
    assert.equal(roomIdOf("/room/a%20b/replay"), "a b");
  });

  it("is the last segment of the room page's address", () => {
    assert.equal(roomIdOf("/room/abc123"), "abc123");
    assert.equal(roomIdOf("/"), "");
  });
});

describe("steps", () => {
  it("makes one step per event, in order, each with its event", () => {
    const all = steps(PROCESS);
    assert.equal(all.length, PROCESS.length);
    all.forEach((step, index) => {
      assert.equal(step.index, index);
      assert.equal(step.event, PROCESS[index]);
    });
    assert.deepEqual(steps([]), []);
  });

  it("carries the front forward from its moves, variable by variable", () => {
    const fronts = steps(PROCESS).map((step) => step.front);
    assert.deepEqual(fronts[0], {});
    assert.deepEqual(fronts[1], {});
    assert.deepEqual(fronts[2], { eastern_front: 1.5 });
    assert.deepEqual(fronts[3], { eastern_front: 1.5, river_line: -2 });
    for (const index of [4, 5, 6, 7, 8]) assert.deepEqual(fronts[index], { eastern_front: 1.5, river_line: -2 }, `step ${index}`);
    assert.deepEqual(fronts[9], { eastern_front: 0.25, river_line: -2 });
  });

  it("starts the front from its initial values, and never changes an earlier step's front", () => {
    const initial = { eastern_front: 0, river_line: 3 };
    const all = steps(PROCESS, initial);
    assert.deepEqual(all[0].front, { eastern_front: 0, river_line: 3 });
    assert.deepEqual(all[2].front, { eastern_front: 1.5, river_line: 3 });
    assert.deepEqual(all[3].front, { eastern_front: 1.5, river_line: -2 });
    assert.deepEqual(all[9].front, { eastern_front: 0.25, river_line: -2 });
    assert.deepEqual(initial, { eastern_front: 0, river_line: 3 });
  });

  it("switches the stage at each stage_opened and keeps it until the next", () => {
    const stages = steps(PROCESS).map((step) => step.stage);
    assert.deepEqual(stages, [
      "ceasefire", "ceasefire", "ceasefire", "ceasefire", "ceasefire", "ceasefire", "ceasefire",
      "settlement", "settlement", "settlement",
    ]);
  });

  it("has no stage and no front in a room that runs one negotiation", () => {
    const all = steps(RECORD);
    assert.deepEqual(all.map((step) => step.stage), [null, null]);
    assert.deepEqual(all.map((step) => step.front), [{}, {}]);
  });

  it("ignores a front move or a stage without its data", () => {
    /** @type {RecordEvent[]} */
    const record = [
      { kind: "front_moved", round: 0, party: null, outcome: null, package: null },
      { kind: "front_moved", round: 0, party: null, outcome: null, package: null, data: { variable: "x" } },
      { kind: "stage_opened", round: 0, party: null, outcome: null, package: null, data: {} },
    ];
    assert.deepEqual(steps(record, { x: 1 }).map((s) => [s.front, s.stage]), [[{ x: 1 }, null], [{ x: 1 }, null], [{ x: 1 }, null]]);
  });

  it("reads the front's start from a process room's initial points", () => {
    const points = [
      { round: 0, variable: "eastern_front", value: 0, reason: "initial" },
      { round: 0, variable: "river_line", value: 3, reason: "initial" },
      { round: 1, variable: "eastern_front", value: 1.5, reason: "fighting" },
    ];
    assert.deepEqual(initialFront(points), { eastern_front: 0, river_line: 3 });
    assert.deepEqual(initialFront([]), {});
    assert.deepEqual(initialFront(undefined), {});
  });
});

describe("utility series", () => {
  it("has a point per event with a package, at the event's step", () => {
    const series = utilitySeries(PROCESS, ["North", "South"]);
    assert.deepEqual(series.South, [
      { step: 1, utility: 0.2 },
      { step: 4, utility: 0.95 },
      { step: 5, utility: 0.95 },
      { step: 6, utility: 0.95 },
      { step: 8, utility: 0.55 },
    ]);
  });

  it("skips the null utilities (a package across a red line)", () => {
    const series = utilitySeries(PROCESS, ["North", "South"]);
    assert.deepEqual(series.North, [
      { step: 1, utility: 0.9 },
      { step: 8, utility: 0.6 },
    ]);
  });

  it("skips the events without a package, even with a utility", () => {
    /** @type {RecordEvent[]} */
    const record = [
      { kind: "note", round: 0, party: null, outcome: null, package: null, utility: { North: 0.4 } },
      ...RECORD,
    ];
    assert.deepEqual(utilitySeries(record, ["North"]), { North: [{ step: 1, utility: 0.9 }] });
  });

  it("has an empty line for a party whose utilities the caller may not see", () => {
    const own = RECORD.map((event) => ({ ...event, utility: { North: event.utility?.North ?? null } }));
    const series = utilitySeries(own, ["North", "South"]);
    assert.deepEqual(series, { North: [{ step: 0, utility: 0.9 }], South: [] });
    assert.deepEqual(utilitySeries([], ["North"]), { North: [] });
  });

  it("names the parties whose utilities the record carries, in the room's order", () => {
    assert.deepEqual(seenParties(PROCESS, ["South", "North"]), ["South", "North"]);
    const own = RECORD.map((event) => ({ ...event, utility: { South: event.utility?.South ?? null } }));
    assert.deepEqual(seenParties(own, ["North", "South"]), ["South"]);
    const observed = RECORD.map(({ utility, ...event }) => event);
    assert.deepEqual(seenParties(observed, ["North", "South"]), []);
  });
});

describe("a step in words", () => {
  it("says what each kind of event did", () => {
    assert.equal(stepText(PROCESS[0]), "stage opened: ceasefire");
    assert.equal(stepText(PROCESS[1]), "offer");
    assert.equal(stepText(PROCESS[2]), "front moved: eastern front to 1.500 (+1.500), fighting");
    assert.equal(stepText(PROCESS[3]), "front moved: river line to -2.000 (-2.000), incident");
    assert.equal(stepText(PROCESS[6]), "referral refused (1 round(s) lost)");
    /** @type {RecordEvent} */
    const closed = { kind: "stage_closed", round: 5, party: null, outcome: null, package: null, data: { stage: "ceasefire", status: "agreed" } };
    assert.equal(stepText(closed), "stage closed: ceasefire (agreed)");
    /** @type {RecordEvent} */
    const broken = { kind: "broken_down", round: 6, party: null, outcome: null, package: null, data: { stage: "ceasefire", reason: "violated" } };
    assert.equal(stepText(broken), "broken down: ceasefire (violated)");
  });

  it("writes the front and the package as issue: value", () => {
    assert.equal(frontText({ eastern_front: 1.5, river_line: -2 }), "eastern front 1.500, river line -2.000");
    assert.equal(frontText({}), "");
    assert.deepEqual(packageLines(SETTLEMENT, ISSUES), ["pullback km: 10.5", "sanctions relief: partial"]);
    assert.deepEqual(packageLines({ sanctions_relief: "full_lifting" }, ISSUES), ["sanctions relief: full lifting"]);
    assert.deepEqual(packageLines(null, ISSUES), []);
  });

  it("shows a party's utility, unacceptable across a red line, a dash without one", () => {
    assert.equal(utilityAt(PROCESS[1], "North"), "0.900");
    assert.equal(utilityAt(PROCESS[4], "North"), "unacceptable");
    assert.equal(utilityAt(PROCESS[4], "South"), "0.950");
    assert.equal(utilityAt(PROCESS[2], "North"), "–");
    assert.equal(utilityAt({ ...PROCESS[1], utility: { North: 0.9 } }, "South"), "–");
  });
});

describe("stepping and the chart", () => {
  it("keeps a step within the record", () => {
    assert.equal(clampStep(-1, 10), 0);
    assert.equal(clampStep(3, 10), 3);
    assert.equal(clampStep(10, 10), 9);
    assert.equal(clampStep(2.6, 10), 3);
    assert.equal(clampStep(Number.NaN, 10), 0);
    assert.equal(clampStep(5, 0), 0);
  });

  it("scales steps across the box and utilities over [0, 1] at least", () => {
    const series = utilitySeries(PROCESS, ["North", "South"]);
    const scale = chartScale(series, PROCESS.length, { width: 100, height: 50, pad: 5 });
    assert.equal(scale.low, 0);
    assert.equal(scale.high, 1);
    assert.equal(scale.x(0), 5);
    assert.equal(scale.x(PROCESS.length - 1), 95);
    assert.equal(scale.y(0), 45);
    assert.equal(scale.y(1), 5);
    const wide = chartScale({ A: [{ step: 0, utility: -0.5 }, { step: 1, utility: 1.5 }] }, 2, { width: 100, height: 50, pad: 5 });
    assert.equal(wide.low, -0.5);
    assert.equal(wide.high, 1.5);
    assert.equal(wide.y(-0.5), 45);
    assert.equal(wide.y(1.5), 5);
    assert.ok(Number.isFinite(chartScale({}, 1, { width: 100, height: 50, pad: 5 }).x(0)));
  });

  it("draws a party's line only up to the step shown", () => {
    const series = utilitySeries(PROCESS, ["North", "South"]);
    const scale = chartScale(series, PROCESS.length, { width: 100, height: 50, pad: 5 });
    assert.equal(polylinePoints(series.South, 0, scale), "");
    assert.equal(polylinePoints(series.South, 1, scale), "15.0,37.0");
    assert.equal(polylinePoints(series.South, 4, scale).split(" ").length, 2);
    assert.equal(polylinePoints(series.South, 9, scale).split(" ").length, 5);
    assert.equal(polylinePoints(series.North, 7, scale).split(" ").length, 1);
  });
});
