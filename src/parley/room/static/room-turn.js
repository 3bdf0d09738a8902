// The top of the room page: the header (who is looking, the room, its status) and the table (whose
// move it is, the package on the table and what it is worth to the reader).

/** @import { Package, RoomView, Utilities } from "./types.js" */
import { $, el } from "./common.js";
import {
  fmt,
  isDelegation,
  label,
  offersOf,
  ownParty,
  roomMetaText,
  samePackage,
  statusText,
  turnLine,
  utilitiesText,
  utilityHints,
  whoText,
} from "./room-format.js";
import { fillPackage } from "./room-panels.js";

/**
 * The title, who is looking, the room's protocol, round and parties, its status.
 * @param {RoomView} view
 */
export function renderHeader(view) {
  const room = view.room;
  document.title = `${room.title} — negotiation room`;
  $("title").textContent = room.title;
  $("who").textContent = whoText(view);
  $("room-meta").textContent = roomMetaText(room);
  const status = $("status");
  status.textContent = statusText(room);
  status.className = `badge status-${room.status}`;
}

/**
 * The turn line, the package on the table, and (a delegation) the moves sent that wait for others.
 * @param {RoomView} view
 */
export function renderTurn(view) {
  const room = view.room;
  const turn = view.turn || null;
  const line = $("turn");
  const { text, className } = turnLine(view);
  line.className = "turn";
  line.textContent = text;
  if (className) line.classList.add(className);
  line.dataset.seq = String(room.seq);

  // the package on the table: the one this delegation is asked about, else the latest offer
  const box = $("offer-box");
  const offers = offersOf(view.record);
  const latest = offers.length ? offers[offers.length - 1] : null;
  /** @type {{package: Package, party: string | null, utility?: Utilities} | null} */
  const asked = turn && turn.offer ? { package: turn.offer, party: null } : null;
  if (asked && latest && samePackage(latest.package, asked.package, room.issues)) asked.party = latest.party;
  const offer = asked || latest;
  box.hidden = room.status !== "open" || !offer;
  if (offer && !box.hidden) {
    const from = offer.party ? `from ${offer.party === ownParty(view) ? "you" : offer.party}` : "from the other side";
    $("offer-from").textContent = `(${from})`;
    fillPackage($("offer"), offer.package, room.issues);
    renderOfferUtility(view, turn && turn.offer ? turn.offer_utility : offer.utility);
  }

  const pending = $("pending");
  const moves = isDelegation(view) ? view.pending || [] : [];
  pending.hidden = moves.length === 0;
  pending.textContent = moves.length
    ? `Sent, waiting for the other seats: ${moves.map((m) => label(m.action)).join(", ")}`
    : "";
}

/**
 * What the package on the table is worth: to a delegation, its own utility and what that means for
 * its mandate; to other roles, every utility their view carries.
 * @param {RoomView} view
 * @param {number | null | Utilities | undefined} utility one number (the turn's) or by party (the record's)
 */
function renderOfferUtility(view, utility) {
  const target = $("offer-utility");
  const line = target.parentElement;
  if (line === null || line.firstChild === null) return;
  if (isDelegation(view)) {
    const own = typeof utility === "object" && utility !== null ? utility[view.party] : utility;
    target.textContent = utility === undefined ? "–" : fmt(own);
    const hint = utilityHints(own, view.mandate || {}).join("; ");
    target.title = hint;
    target.dataset.hint = hint;
    line.firstChild.textContent = "Utility for you: ";
    document.getElementById("offer-utility-hint")?.remove();
    if (hint) line.appendChild(el("span", ` (${hint})`, { id: "offer-utility-hint", class: "muted" }));
  } else {
    // other roles: every utility their view carries, if any
    const entries = utility && typeof utility === "object" ? utility : {};
    line.firstChild.textContent = Object.keys(entries).length ? "Utilities: " : "";
    target.textContent = utilitiesText(entries);
  }
}
