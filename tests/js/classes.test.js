// The console's grouping of rooms by class: newest class first, a class's rooms in opening order, the
// rooms of no class last (newest first).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { groupByClass } from "../../src/parley/room/static/console-classes.js";

/**
 * @param {string} id
 * @param {string} opened
 * @param {string | null} [classId]
 * @returns {import("../../src/parley/room/static/types.js").RoomSummary}
 */
const room = (id, opened, classId = null) => ({
  id,
  title: id,
  status: "open",
  seq: 1,
  parties: ["North", "South"],
  class_id: classId,
  class_name: classId ? `class ${classId}` : "",
  opened_at: opened,
});

describe("grouping the console's rooms by class", () => {
  it("puts the newest class first and the loose rooms last", () => {
    const groups = groupByClass([
      room("a1", "2026-12-01T10:00", "A"),
      room("x", "2026-12-01T09:00"),
      room("b1", "2026-12-02T10:00", "B"),
      room("a2", "2026-12-01T10:01", "A"),
      room("y", "2026-12-03T09:00"),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.id, g.name, g.rooms.map((r) => r.id)]),
      [
        ["B", "class B", ["b1"]],
        ["A", "class A", ["a1", "a2"]],
        [null, "", ["y", "x"]],
      ],
    );
  });

  it("gives no group for no rooms", () => {
    assert.deepEqual(groupByClass([]), []);
  });
});
