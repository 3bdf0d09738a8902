// How the room page words what a role's view holds: utilities, labels, rounds, packages, events, whose
// view it is and what the table waits for. Pure functions of the data: nothing here touches the page,
// so node's test runner imports it as it is (tests/js/format.test.js).

/** @import { DelegationView, Issue, Mandate, Package, RecordEvent, RoomView } from "./types.js" */

/**
 * A utility to three decimals; a package that crosses a red line has none ("unacceptable").
 * @param {number | null | undefined} utility
 * @returns {string}
 */
export function fmt(utility) {
  return utility === null || utility === undefined ? "unacceptable" : Number(utility).toFixed(3);
}

/**
 * A name or an option as shown: underscores read as spaces.
 * @param {unknown} text
 * @returns {string}
 */
export const label = (text) => String(text).replace(/_/g, " ");

/**
 * A round as shown (rounds are 0-based in the API).
 * @param {number | string} round
 * @returns {string}
 */
export const roundLabel = (round) => String(Number(round) + 1);

/**
 * Whether this is a delegation's view.
 * @param {RoomView | null | undefined} view
 * @returns {view is DelegationView}
 */
export const isDelegation = (view) => view?.role === "delegation";

/**
 * The view's own party: a delegation's, else none.
 * @param {RoomView | null | undefined} view
 * @returns {string | null}
 */
export const ownParty = (view) => (isDelegation(view) ? view.party : null);

/**
 * Whether two packages agree on every issue.
 * @param {Package} a
 * @param {Package} b
 * @param {Issue[]} issues
 * @returns {boolean}
 */
export const samePackage = (a, b, issues) => issues.every((issue) => a[issue.name] === b[issue.name]);

/**
 * A package on one line ("issue: value · …", in the order of ``issues``); none as "".
 * @param {Package | null | undefined} pkg
 * @param {Issue[]} issues
 * @returns {string}
 */
export const packageText = (pkg, issues) =>
  pkg ? issues.map((i) => `${label(i.name)}: ${label(pkg[i.name])}`).join(" · ") : "";

/**
 * A package's value of ``issue`` as shown in a package table ("–" when the package has none).
 * @param {Package | null | undefined} pkg
 * @param {Issue} issue
 * @returns {string}
 */
export const packageCell = (pkg, issue) => (pkg && issue.name in pkg ? label(pkg[issue.name]) : "–");

/**
 * Utilities by party as "A 0.500, B unacceptable".
 * @param {Record<string, number | null>} utilities
 * @returns {string}
 */
export const utilitiesText = (utilities) =>
  Object.entries(utilities)
    .map(([party, utility]) => `${party} ${fmt(utility)}`)
    .join(", ");

/**
 * The move column of the history: the event's kind, or a referral's verdict.
 * @param {RecordEvent} event
 * @returns {string}
 */
export function eventText(event) {
  if (event.kind === "referral_decision" && event.data) {
    const verdict = event.data.approved ? "approved" : "refused";
    return `referral ${verdict}${event.data.rounds_lost ? ` (${event.data.rounds_lost} round(s) lost)` : ""}`;
  }
  return label(event.kind);
}

/**
 * The parties whose utilities the view's record carries, in the room's order (a delegation: itself).
 * @param {RoomView} view
 * @returns {string[]}
 */
export function utilityParties(view) {
  const seen = new Set();
  for (const event of view.record) for (const party of Object.keys(event.utility || {})) seen.add(party);
  return view.room.parties.map((p) => p.name).filter((p) => seen.has(p));
}

/**
 * The packages put on the table (offers and a mediator's texts), in order.
 * @param {RecordEvent[]} record
 * @returns {(RecordEvent & {package: Package})[]}
 */
export const offersOf = (record) =>
  /** @type {(RecordEvent & {package: Package})[]} */ (
    record.filter((e) => (e.kind === "offer" || e.kind === "text") && e.package)
  );

/**
 * Who is looking: "Delegation of North", "Mediator", …
 * @param {RoomView} view
 * @returns {string}
 */
export function whoText(view) {
  /** @type {Record<string, string>} */
  const names = {
    delegation: `Delegation of ${view.party}`,
    principal: `Principal of ${view.party}`,
    ratifier: `${view.name} (ratifying for ${view.party})`,
    mediator: "Mediator",
    observer: "Observer",
    facilitator: "Facilitator",
  };
  return names[view.role] || view.role;
}

/**
 * The line under the title: protocol, round and parties.
 * @param {RoomView["room"]} room
 * @returns {string}
 */
export function roomMetaText(room) {
  const parties = room.parties.map((p) => `${p.name} (${p.seat})`).join(", ");
  const process = room.process;
  if (process) {
    const stage = process.stages.find((s) => s.name === process.current);
    const where = stage
      ? `stage ${stage.name} · ${label(stage.protocol)} protocol · round ${roundLabel(stage.round ?? 0)} of ${stage.rounds}`
      : `the process: ${label(process.status)}`;
    return ` · ${where} · ${parties}`;
  }
  return ` · ${label(room.protocol)} protocol · round ${roundLabel(room.round)} of ${room.rounds} · ${parties}`;
}

/**
 * The status badge: "open", or how the room ended.
 * @param {RoomView["room"]} room
 * @returns {string}
 */
export const statusText = (room) =>
  room.status === "open" ? "open" : `${room.status}${room.ending ? `: ${label(room.ending)}` : ""}`;

/** @type {Record<string, string>} */
const ASKED = {
  propose: "make an offer",
  respond: "respond to the offer on the table",
  refer: "decide a referral",
  ratify: "vote on the agreement",
  draft: "table the next text",
};

/**
 * What a move of ``kind`` asks for, in words.
 * @param {string} kind
 * @returns {string}
 */
export const askedText = (kind) => ASKED[kind] || kind;

/**
 * The turn line of the table: how the negotiation ended, this delegation's move, or whom it waits for.
 * ``className`` is the line's extra class ("" for none).
 * @param {RoomView} view
 * @returns {{text: string, className: string}}
 */
export function turnLine(view) {
  const room = view.room;
  const turn = view.turn || null;
  if (room.status !== "open") {
    const text =
      room.agreement !== null
        ? "The negotiation has ended with an agreement."
        : room.status === "closed"
          ? "The facilitator has closed the room."
          : `The negotiation has ended without agreement (${label(room.ending || "ended")}).`;
    return { text, className: room.agreement !== null ? "turn-agreed" : "turn-ended" };
  }
  if (room.running) {
    return { text: `The agents are still playing (round ${room.round}); the page follows them.`, className: "turn-running" };
  }
  if (turn) return { text: `Your move: ${askedText(turn.kind)}.`, className: "turn-mine" };
  if (room.awaiting) {
    const awaiting = room.awaiting;
    const ask = awaiting.ask || awaiting.kind;
    const role = awaiting.role || "delegation";
    const mine = role === "mediator" || awaiting.party === (role === "ratifier" ? view.name : view.party);
    // a delegation's own move comes as ``turn``; a principal, a ratifying body or the mediator is asked here
    if (role !== "delegation" && role === view.role && mine) {
      return { text: `Your move: ${askedText(ask)}.`, className: "turn-mine" };
    }
    const whom =
      role === "principal" ? `${awaiting.party}'s principal` : role === "mediator" ? "the mediator" : awaiting.party;
    return { text: `Waiting for ${whom === ownParty(view) ? "you" : whom} to ${askedText(ask)}.`, className: "" };
  }
  return { text: "Waiting for the table…", className: "" };
}

/**
 * What a delegation's own utility of the package on the table means for its mandate (none: []).
 * @param {number | null | undefined} own
 * @param {Partial<Mandate>} mandate
 * @returns {string[]}
 */
export function utilityHints(own, mandate) {
  const hint = [];
  if (own === null) hint.push("it crosses one of your red lines");
  else if (own !== undefined && mandate.reservation_value !== undefined) {
    if (own < mandate.reservation_value) hint.push("below your reservation value");
    else if (mandate.authority_limit !== undefined && own < mandate.authority_limit) {
      hint.push("below your authority limit: your mandate says to refer it back before accepting");
    } else hint.push("within your authority");
  }
  return hint;
}

/**
 * A suggestion's heading: its utility for you, the estimate for the other side, a referral warning.
 * @param {{own_utility: number, their_estimate?: number | null, needs_referral?: boolean}} suggestion
 * @returns {string}
 */
export function suggestionText(suggestion) {
  const estimate =
    suggestion.their_estimate === null || suggestion.their_estimate === undefined
      ? ""
      : ` · their side (estimated) ${fmt(suggestion.their_estimate)}`;
  const referral = suggestion.needs_referral ? " · below your authority: refer it back first" : "";
  return `you ${fmt(suggestion.own_utility)}${estimate}${referral}`;
}

/**
 * The size of a room's log at position ``seq`` (the console's list of rooms).
 * @param {number} seq
 * @returns {string}
 */
export const entriesText = (seq) => (seq === 0 ? "1 entry" : `${seq + 1} entries`);
