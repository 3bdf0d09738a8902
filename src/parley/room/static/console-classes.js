// The console's classes: rooms grouped by the class they were opened in (newest class first, then the
// rooms of no class), and the files a trainer takes away (a class's links as CSV, its debrief).

/** @import { RoomSummary } from "./types.js" */
import { el } from "./common.js";

/**
 * The rooms in groups: each class (newest first, its rooms in the order they were opened), then the
 * rooms of no class (newest first).
 * @param {RoomSummary[]} rooms
 * @returns {{id: string | null, name: string, rooms: RoomSummary[]}[]}
 */
export function groupByClass(rooms) {
  /** @type {Map<string, {id: string, name: string, rooms: RoomSummary[]}>} */
  const classes = new Map();
  /** @type {RoomSummary[]} */
  const loose = [];
  for (const room of rooms) {
    if (!room.class_id) {
      loose.push(room);
      continue;
    }
    const group = classes.get(room.class_id) || { id: room.class_id, name: room.class_name || room.class_id, rooms: [] };
    group.rooms.push(room);
    classes.set(room.class_id, group);
  }
  const opened = (/** @type {RoomSummary[]} */ list) => list.map((r) => r.opened_at || "").sort()[0] || "";
  const groups = [...classes.values()].sort((a, b) => opened(b.rooms).localeCompare(opened(a.rooms)));
  const newestFirst = [...loose].sort((a, b) => (b.opened_at || "").localeCompare(a.opened_at || ""));
  return [...groups, ...(newestFirst.length ? [{ id: null, name: "", rooms: newestFirst }] : [])];
}

/**
 * Offer ``blob`` as a file download named ``name``.
 * @param {Blob} blob
 * @param {string} name
 */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", null, { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
