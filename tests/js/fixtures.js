// Views as the server sends them (parley.room.views), small enough to read: two parties, two issues.

/** @import { DelegationView, Issue, RecordEvent, RoomInfo, RoomView } from "../../src/parley/room/static/types.js" */

/** @type {Issue[]} */
export const ISSUES = [
  { name: "pullback_km", kind: "numeric", options: [0, 10.5, 25] },
  { name: "sanctions_relief", kind: "categorical", options: ["none", "partial", "full_lifting"] },
];

/**
 * A room of North and South (both persons), overridden by ``changes``.
 * @param {Partial<RoomInfo>} [changes]
 * @returns {RoomInfo}
 */
export function room(changes = {}) {
  return {
    id: "r1",
    title: "Ceasefire talks",
    protocol: "alternating",
    rounds: 20,
    round: 1,
    parties: [
      { name: "North", seat: "person" },
      { name: "South", seat: "agent" },
    ],
    status: "open",
    awaiting: { party: "North", kind: "respond" },
    ending: null,
    agreement: null,
    seq: 4,
    issues: ISSUES,
    ...changes,
  };
}

/**
 * North's offer in round 0 and South's counter-offer in round 1, with both parties' utilities (the
 * counter-offer crosses a red line of North's).
 * @type {RecordEvent[]}
 */
export const RECORD = [
  {
    kind: "offer",
    round: 0,
    party: "North",
    outcome: [2, 0],
    package: { pullback_km: 25, sanctions_relief: "none" },
    utility: { North: 0.9, South: 0.2 },
  },
  {
    kind: "offer",
    round: 1,
    party: "South",
    outcome: [0, 2],
    package: { pullback_km: 0, sanctions_relief: "full_lifting" },
    utility: { North: null, South: 0.95 },
  },
];

/**
 * North's delegation view: the record in North's utility only.
 * @param {Partial<DelegationView>} [changes]
 * @returns {DelegationView}
 */
export function northView(changes = {}) {
  return {
    role: "delegation",
    party: "North",
    seat: "person",
    room: room(),
    mandate: { party: "North", reservation_value: 0.4, authority_limit: 0.6, referral_rounds: 1 },
    turn: {
      kind: "respond",
      offer: RECORD[1].package,
      allowed: ["accept", "offer", "reject", "walk_away"],
      offer_utility: null,
    },
    pending: [],
    record: RECORD.map((event) => ({ ...event, utility: { North: event.utility?.North ?? null } })),
    suggestions: [],
    notes: [],
    agreement_utility: null,
    ...changes,
  };
}

/**
 * The facilitator's view: every utility.
 * @param {Partial<RoomView>} [changes]
 * @returns {RoomView}
 */
export function facilitatorView(changes = {}) {
  return { role: "facilitator", room: room(), record: RECORD, notes: [], ...changes };
}
