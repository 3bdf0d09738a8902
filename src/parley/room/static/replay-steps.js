// The replay page's steps through a room's record: one step per event, with the front and the stage
// as they stood at that event; each party's utility of the packages so far, as points of a line chart;
// and the wording of a step. Pure functions of the record: nothing here touches the page, so node's
// test runner imports it as it is (tests/js/replay.test.js).

/** @import { FrontPoint, Package, RecordEvent, RoomInfo, Utilities } from "./types.js" */
import { eventText, fmt, label } from "./room-format.js";

/**
 * A room's record as the caller may see it (``GET /api/rooms/{id}/record``, ``RecordExport``).
 * @typedef {object} RecordExport
 * @property {string} format "parley-room-record/1"
 * @property {RoomInfo} room
 * @property {{title: string, protocol: string}} scenario
 * @property {RecordEvent[]} record
 * @property {{entries: number, head: string}} log
 */

/**
 * One step of the replay: the event, and the front and the stage as they stood once it happened.
 * @typedef {object} Step
 * @property {number} index 0-based, the event's place in the record
 * @property {RecordEvent} event
 * @property {Record<string, number>} front each front variable's value so far (none before its first move)
 * @property {string | null} stage the stage being played (null before the first STAGE_OPENED)
 */

/**
 * A point of a party's utility line: the step and the utility of that step's package.
 * @typedef {object} SeriesPoint
 * @property {number} step
 * @property {number} utility
 */

/**
 * The room's id in a replay page's address: the segment before "replay" (``/room/{id}/replay``).
 * @param {string} pathname
 * @returns {string}
 */
export function roomIdOf(pathname) {
  const parts = pathname.split("/").filter(Boolean);
  if (parts[parts.length - 1] === "replay") parts.pop();
  return decodeURIComponent(parts.pop() || "");
}

/**
 * The front's values before the record starts: the "initial" points of a process room's front.
 * @param {FrontPoint[] | null | undefined} points
 * @returns {Record<string, number>}
 */
export function initialFront(points) {
  /** @type {Record<string, number>} */
  const front = {};
  for (const point of points || []) if (point.reason === "initial") front[point.variable] = point.value;
  return front;
}

/**
 * One step per event of ``record``: the front (``initial``, then every FRONT_MOVED up to and with the
 * event: data.variable, data.value) and the stage (the last STAGE_OPENED's data.stage) at that event.
 * @param {RecordEvent[]} record
 * @param {Record<string, number>} [initial] the front before the first event
 * @returns {Step[]}
 */
export function steps(record, initial = {}) {
  /** @type {Record<string, number>} */
  let front = { ...initial };
  /** @type {string | null} */
  let stage = null;
  return record.map((event, index) => {
    const data = event.data || {};
    if (event.kind === "front_moved" && typeof data.variable === "string" && typeof data.value === "number") {
      front = { ...front, [data.variable]: data.value };
    }
    if (event.kind === "stage_opened" && typeof data.stage === "string") stage = data.stage;
    return { index, event, front, stage };
  });
}

/**
 * The parties of ``parties`` whose utilities the record carries, in that order (a delegation: itself;
 * an observer: none).
 * @param {RecordEvent[]} record
 * @param {string[]} parties
 * @returns {string[]}
 */
export function seenParties(record, parties) {
  const seen = new Set();
  for (const event of record) for (const party of Object.keys(event.utility || {})) seen.add(party);
  return parties.filter((party) => seen.has(party));
}

/**
 * Per party, the (step, utility) points of the events that carry a package and a utility of it for
 * the party (a package across the party's red line, null, leaves a gap).
 * @param {RecordEvent[]} record
 * @param {string[]} parties
 * @returns {Record<string, SeriesPoint[]>}
 */
export function utilitySeries(record, parties) {
  /** @type {Record<string, SeriesPoint[]>} */
  const series = {};
  for (const party of parties) series[party] = [];
  record.forEach((event, step) => {
    if (!event.package) return;
    for (const party of parties) {
      const utility = event.utility?.[party];
      if (typeof utility === "number") series[party].push({ step, utility });
    }
  });
  return series;
}

/**
 * The step ``index`` kept within a record of ``count`` steps (0 when there are none).
 * @param {number} index
 * @param {number} count
 * @returns {number}
 */
export const clampStep = (index, count) => Math.max(0, Math.min(count - 1, Math.round(index) || 0));

/**
 * What the event did, in words: the history's wording, with the stage, the front's move or the remark.
 * @param {RecordEvent} event
 * @returns {string}
 */
export function stepText(event) {
  const data = event.data || {};
  const text = eventText(event);
  if ((event.kind === "stage_opened" || event.kind === "stage_closed" || event.kind === "in_force") && data.stage) {
    return `${text}: ${label(data.stage)}${data.status ? ` (${label(data.status)})` : ""}`;
  }
  if (event.kind === "broken_down" && data.stage) {
    return `${text}: ${label(data.stage)}${data.reason ? ` (${data.reason})` : ""}`;
  }
  if (event.kind === "front_moved" && typeof data.variable === "string") {
    const change = typeof data.change === "number" ? ` (${data.change >= 0 ? "+" : ""}${fmt(data.change)})` : "";
    const reason = data.reason ? `, ${data.reason}` : "";
    return `${text}: ${label(data.variable)} to ${fmt(Number(data.value))}${change}${reason}`;
  }
  if (event.kind === "note" && data.note) return `${text}: ${data.note}`;
  if (event.kind === "pressure" && data.patron) return `${text} by ${data.patron}`;
  return text;
}

/**
 * The front as it stands, "eastern front 1.866, …" ("" when it has not moved and had no start).
 * @param {Record<string, number>} front
 * @returns {string}
 */
export const frontText = (front) =>
  Object.entries(front)
    .map(([variable, value]) => `${label(variable)} ${fmt(value)}`)
    .join(", ");

/**
 * A package's issues and values as "issue: value" lines, in the order of ``issues`` (none: []).
 * @param {Package | null | undefined} pkg
 * @param {{name: string}[]} issues
 * @returns {string[]}
 */
export const packageLines = (pkg, issues) =>
  pkg ? issues.filter((i) => i.name in pkg).map((i) => `${label(i.name)}: ${label(pkg[i.name])}`) : [];

/**
 * The utility of ``party`` at a step as shown: its number, "unacceptable" across a red line, "–" where
 * the event has no package or the caller may not see the party's utility.
 * @param {RecordEvent} event
 * @param {string} party
 * @returns {string}
 */
export function utilityAt(event, party) {
  const utilities = /** @type {Utilities} */ (event.utility || {});
  if (!event.package || !(party in utilities)) return "–";
  return fmt(utilities[party]);
}

/**
 * The chart's scale: x by step over ``count`` steps, y over [min(0, lowest), max(1, highest)] utility,
 * in a box ``width`` × ``height`` with ``pad`` around.
 * @param {Record<string, SeriesPoint[]>} series
 * @param {number} count
 * @param {{width: number, height: number, pad: number}} box
 * @returns {{x: (step: number) => number, y: (utility: number) => number, low: number, high: number}}
 */
export function chartScale(series, count, box) {
  const values = Object.values(series).flatMap((points) => points.map((p) => p.utility));
  const low = Math.min(0, ...values);
  const high = Math.max(1, ...values);
  const last = Math.max(1, count - 1);
  return {
    x: (step) => box.pad + (step / last) * (box.width - 2 * box.pad),
    y: (utility) => box.height - box.pad - ((utility - low) / (high - low)) * (box.height - 2 * box.pad),
    low,
    high,
  };
}

/**
 * A party's points up to and with step ``upTo`` as an SVG polyline's ``points``.
 * @param {SeriesPoint[]} points
 * @param {number} upTo
 * @param {ReturnType<typeof chartScale>} scale
 * @returns {string}
 */
export const polylinePoints = (points, upTo, scale) =>
  points
    .filter((p) => p.step <= upTo)
    .map((p) => `${scale.x(p.step).toFixed(1)},${scale.y(p.utility).toFixed(1)}`)
    .join(" ");
