// The negotiation room's page: one script for every role (a delegation, the mediator, an observer,
// the facilitator). It reads its token from the link (#token=…), keeps it in sessionStorage, fetches
// the role's view from the API, follows the room's server-sent events and sends moves and notes.
// The live-updates reader (room-live.js), the history and chart (room-record.js), the mandate and
// agreement panels (room-panels.js) and the formatting they share (room-format.js) load before it.
//
// All data is put on the page with textContent / createElement, never as HTML: scenario text is
// written by users.
"use strict";

(() => {
  const { $, el, clear, newClientId, errorMessage } = window.parley;
  const format = window.parley.format;
  const { fmt, label, roundLabel } = format;
  const { renderHistory, renderChart } = window.parley.record;
  const { renderMandates, renderAgreement } = window.parley.panels;

  // --- the room and the token ------------------------------------------------------------------------
  const ROOM_ID = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const STORAGE_KEY = `parley-room-token:${ROOM_ID}`;
  const API = `/api/rooms/${encodeURIComponent(ROOM_ID)}`;
  const RETRIES = 6; // tries of a POST that meets a network failure

  /** The token from the address (then removed from the address bar), or the one kept for this tab,
   * or the facilitator key the console keeps in this tab. */
  function takeToken() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const fromLink = params.get("token");
    if (fromLink) {
      sessionStorage.setItem(STORAGE_KEY, fromLink);
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem(STORAGE_KEY) || sessionStorage.getItem("parley-facilitator-key");
  }

  const TOKEN = takeToken();
  const AUTH = { Authorization: `Bearer ${TOKEN}` };

  // --- small helpers ---------------------------------------------------------------------------------
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // --- errors ----------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  let errorKind = null; // "load" (cleared by the next good fetch of the view) or "action"

  function showError(message, kind = "action") {
    $("error-text").textContent = message;
    $("error").hidden = false;
    errorKind = kind;
  }

  function hideError() {
    $("error").hidden = true;
    $("error-text").textContent = "";
    errorKind = null;
  }

  // --- the API ---------------------------------------------------------------------------------------
  async function getJSON(path) {
    const response = await fetch(path, { headers: AUTH, cache: "no-store" });
    if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
    return response.json();
  }

  /** POST ``body`` with a fresh client id; a network failure (or a gateway error) is retried with the
   * SAME id, which the server applies once. Throws an ApiError with the server's message otherwise. */
  async function post(path, body) {
    const payload = JSON.stringify({ client_id: newClientId(), ...body });
    let delay = 500;
    for (let attempt = 1; ; attempt += 1) {
      let response = null;
      try {
        response = await fetch(path, {
          method: "POST",
          headers: { ...AUTH, "Content-Type": "application/json" },
          body: payload,
          cache: "no-store",
        });
      } catch (networkError) {
        if (attempt >= RETRIES) {
          throw new ApiError(`the server could not be reached (${attempt} tries): ${networkError.message}`, 0);
        }
      }
      if (response !== null) {
        const gateway = [502, 503, 504].includes(response.status);
        if (response.ok) return response.json();
        if (!gateway || attempt >= RETRIES) throw new ApiError(await errorMessage(response), response.status);
      }
      setLive(false, `retrying (${attempt})…`);
      await sleep(delay);
      delay = Math.min(delay * 2, 8000);
    }
  }

  // --- the view: fetched on start and on every update -----------------------------------------------
  let view = null; // the last view rendered
  let refreshing = null; // the fetch in progress
  let refreshAgain = false; // an update arrived while fetching: fetch once more

  function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        do {
          refreshAgain = false;
          const fresh = await getJSON(API);
          if (errorKind === "load") hideError();
          if (!view || fresh.room.seq >= view.room.seq) render(fresh);
        } while (refreshAgain);
      } catch (error) {
        if (error.status === 401 || error.status === 404) {
          stopped = true;
          showError(`This link does not open the room: ${error.message}. Ask the facilitator for a new link.`, "link");
        } else {
          showError(`Could not load the room: ${error.message}`, "load");
        }
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  // --- live updates: server-sent events read with fetch (the stream needs the Authorization header) --
  let stopped = false;

  function setLive(on, text) {
    const badge = $("live");
    badge.textContent = text || (on ? "live" : "reconnecting…");
    badge.classList.toggle("live-on", on);
    badge.classList.toggle("live-off", !on);
  }

  function onEvent(message) {
    if (message.event !== "update") return;
    let update = null;
    try {
      update = JSON.parse(message.data);
    } catch {
      return;
    }
    if (!view || update.seq !== view.room.seq) refresh();
  }

  function follow() {
    // no fetch on reconnecting: a new stream starts with the room's position, which fetches the view if
    // it moved
    return window.parley.live.follow(`${API}/stream`, AUTH, {
      stopped: () => stopped,
      onOpen: () => setLive(true),
      onMessage: onEvent,
      onDrop: () => setLive(false),
      onRefused: () => {
        stopped = true;
        setLive(false, "offline");
      },
    });
  }

  // --- rendering ---------------------------------------------------------------------------------------
  const isDelegation = () => format.isDelegation(view);
  const ownParty = () => format.ownParty(view);

  function render(fresh) {
    view = fresh;
    $("app").hidden = false;
    renderHeader();
    renderTurn();
    renderBuilder();
    renderSuggestions();
    renderMandates(view);
    renderAgreement(view, `${API}/agreement`, AUTH);
    renderHistory(view);
    renderChart(view);
    renderNotes();
  }

  function renderHeader() {
    const room = view.room;
    document.title = `${room.title} — negotiation room`;
    $("title").textContent = room.title;
    const who = {
      delegation: `Delegation of ${view.party}`,
      mediator: "Mediator",
      observer: "Observer",
      facilitator: "Facilitator",
    }[view.role] || view.role;
    $("who").textContent = who;
    const parties = room.parties.map((p) => `${p.name} (${p.seat})`).join(", ");
    $("room-meta").textContent =
      ` · ${label(room.protocol)} protocol · round ${roundLabel(room.round)} of ${room.rounds} · ${parties}`;
    const status = $("status");
    status.textContent = room.status === "open" ? "open" : `${room.status}${room.ending ? `: ${label(room.ending)}` : ""}`;
    status.className = `badge status-${room.status}`;
  }

  const ASKED = { propose: "make an offer", respond: "respond to the offer on the table" };

  /** The latest package put on the table (an offer or a mediator's text), from the record. */
  function lastOffer() {
    const offers = view.record.filter((e) => (e.kind === "offer" || e.kind === "text") && e.package);
    return offers.length ? offers[offers.length - 1] : null;
  }

  function renderTurn() {
    const room = view.room;
    const turn = view.turn || null;
    const line = $("turn");
    line.className = "turn";
    if (room.status !== "open") {
      line.textContent =
        room.agreement !== null
          ? "The negotiation has ended with an agreement."
          : room.status === "closed"
            ? "The facilitator has closed the room."
            : `The negotiation has ended without agreement (${label(room.ending || "ended")}).`;
      line.classList.add(room.agreement !== null ? "turn-agreed" : "turn-ended");
    } else if (turn) {
      line.textContent = `Your move: ${ASKED[turn.kind] || turn.kind}.`;
      line.classList.add("turn-mine");
    } else if (room.awaiting) {
      const whom = room.awaiting.party === ownParty() ? "you" : room.awaiting.party;
      line.textContent = `Waiting for ${whom} to ${ASKED[room.awaiting.kind] || room.awaiting.kind}.`;
    } else {
      line.textContent = "Waiting for the table…";
    }
    line.dataset.seq = String(room.seq);

    // the package on the table: the one this delegation is asked about, else the latest offer
    const box = $("offer-box");
    const latest = lastOffer();
    const asked = turn && turn.offer ? { package: turn.offer, party: null } : null;
    if (asked && latest && samePackage(latest.package, asked.package)) asked.party = latest.party;
    const offer = asked || latest;
    box.hidden = room.status !== "open" || !offer;
    if (!box.hidden) {
      const from = offer.party ? `from ${offer.party === ownParty() ? "you" : offer.party}` : "from the other side";
      $("offer-from").textContent = `(${from})`;
      fillPackage($("offer"), offer.package);
      renderOfferUtility(turn && turn.offer ? turn.offer_utility : offer.utility);
    }

    const pending = $("pending");
    const moves = isDelegation() ? view.pending || [] : [];
    pending.hidden = moves.length === 0;
    pending.textContent = moves.length
      ? `Sent, waiting for the other seats: ${moves.map((m) => label(m.action)).join(", ")}`
      : "";
  }

  function renderOfferUtility(utility) {
    const target = $("offer-utility");
    const line = target.parentElement;
    if (isDelegation()) {
      const own = typeof utility === "object" && utility !== null ? utility[view.party] : utility;
      target.textContent = utility === undefined ? "–" : fmt(own);
      const mandate = view.mandate || {};
      const hint = [];
      if (own === null) hint.push("it crosses one of your red lines");
      else if (own !== undefined && mandate.reservation_value !== undefined) {
        if (own < mandate.reservation_value) hint.push("below your reservation value");
        else if (mandate.authority_limit !== undefined && own < mandate.authority_limit) {
          hint.push("below your authority limit: your mandate says to refer it back before accepting");
        } else hint.push("within your authority");
      }
      target.title = hint.join("; ");
      target.dataset.hint = hint.join("; ");
      line.firstChild.textContent = "Utility for you: ";
      $("offer-utility-hint")?.remove();
      if (hint.length) line.appendChild(el("span", ` (${hint.join("; ")})`, { id: "offer-utility-hint", class: "muted" }));
    } else {
      // other roles: every utility their view carries, if any
      const entries = utility && typeof utility === "object" ? Object.entries(utility) : [];
      line.firstChild.textContent = entries.length ? "Utilities: " : "";
      target.textContent = entries.map(([p, u]) => `${p} ${fmt(u)}`).join(", ");
    }
  }

  const fillPackage = (table, pkg) => format.fillPackage(table, pkg, view.room.issues);
  const samePackage = (a, b) => format.samePackage(a, b, view.room.issues);
  const packageText = (pkg) => format.packageText(pkg, view.room.issues);


  // --- the offer builder and the moves ----------------------------------------------------------------
  let builderBuilt = false;
  let busy = false; // a move is being sent
  let sentMessage = ""; // what the last move did, shown while waiting for the others

  const BUTTONS = {
    offer: "btn-offer",
    accept: "btn-accept",
    reject: "btn-reject",
    refer_back: "btn-refer-back",
    walk_away: "btn-walk-away",
  };

  function buildBuilder() {
    const fields = $("builder-fields");
    clear(fields);
    view.room.issues.forEach((issue, index) => {
      const id = `issue-${index}`;
      const wrap = el("div", null, { class: "field" });
      wrap.appendChild(el("label", label(issue.name), { for: id }));
      const select = el("select", null, { id, "data-issue": issue.name, "data-testid": `select-${issue.name}` });
      issue.options.forEach((option, position) => {
        select.appendChild(el("option", label(option), { value: String(position) }));
      });
      select.addEventListener("change", () => markSuggestion(null));
      wrap.appendChild(select);
      fields.appendChild(wrap);
    });
    builderBuilt = true;
    const opening = view.mandate && view.mandate.opening;
    if (opening) loadPackage(opening);
  }

  function selects() {
    return Array.from($("builder-fields").querySelectorAll("select"));
  }

  /** Put a package ({issue: value}) into the builder. */
  function loadPackage(pkg) {
    view.room.issues.forEach((issue, index) => {
      const position = issue.options.findIndex((option) => option === pkg[issue.name]);
      if (position >= 0) selects()[index].value = String(position);
    });
  }

  /** The builder's package as {issue: value}, with each option's own value (number or text). */
  function builderPackage() {
    const pkg = {};
    view.room.issues.forEach((issue, index) => {
      pkg[issue.name] = issue.options[Number(selects()[index].value)];
    });
    return pkg;
  }

  function renderBuilder() {
    const panel = $("builder-panel");
    const canMove = isDelegation() && view.seat === "person" && view.room.status === "open";
    panel.hidden = !canMove;
    if (!canMove) return;
    if (!builderBuilt) buildBuilder();
    const allowed = new Set(view.turn ? view.turn.allowed : []);
    for (const [action, id] of Object.entries(BUTTONS)) $(id).disabled = busy || !allowed.has(action);
    const alternating = view.room.protocol === "alternating";
    const responding = view.turn && view.turn.kind === "respond";
    $("btn-offer").textContent = responding && alternating ? "Counter-offer this package" : "Offer this package";
    $("btn-reject").textContent = alternating ? "Reject (counter-offer this package)" : "Reject";
    $("btn-load-table").hidden = !(view.turn && view.turn.offer);
    $("btn-load-opening").hidden = !(view.mandate && view.mandate.opening);
    const hint = $("builder-hint");
    if (busy) hint.textContent = "Sending…";
    else if (view.turn) {
      hint.textContent =
        "Choose a package above for an offer; accept, refer back and walk away concern the package on the table.";
    } else hint.textContent = `${sentMessage}You can prepare your next package while you wait.`;
  }

  async function move(action) {
    if (!view || busy) return;
    const alternating = view.room.protocol === "alternating";
    const body = { action };
    if (action === "offer" || (action === "reject" && alternating)) body.package = builderPackage();
    if (action === "walk_away" && !window.confirm("Walk away? The negotiation breaks down for everyone.")) return;
    busy = true;
    sentMessage = "";
    renderBuilder();
    try {
      const applied = await post(`${API}/moves`, body);
      hideError();
      sentMessage = `Sent: ${label(action)}${applied.duplicate ? " (the server had it already)" : ""}. `;
    } catch (error) {
      showError(`Your move was not accepted: ${error.message}`);
    } finally {
      busy = false;
      await refresh();
      renderBuilder();
    }
  }

  // --- suggestions -------------------------------------------------------------------------------------
  function renderSuggestions() {
    const list = $("suggestions");
    const items = (isDelegation() && view.suggestions) || [];
    $("suggestions-panel").hidden = items.length === 0 || view.room.status !== "open";
    clear(list);
    items.forEach((suggestion, index) => {
      const item = el("li");
      const button = el("button", null, { type: "button", class: "suggestion", "data-testid": `suggestion-${index}` });
      const estimate =
        suggestion.their_estimate === null || suggestion.their_estimate === undefined
          ? ""
          : ` · their side (estimated) ${fmt(suggestion.their_estimate)}`;
      const referral = suggestion.needs_referral ? " · below your authority: refer it back first" : "";
      button.appendChild(el("strong", `you ${fmt(suggestion.own_utility)}${estimate}${referral}`));
      button.appendChild(el("span", packageText(suggestion.package), { class: "muted" }));
      button.addEventListener("click", () => {
        loadPackage(suggestion.package);
        markSuggestion(index);
      });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function markSuggestion(index) {
    document.querySelectorAll("#suggestions .suggestion").forEach((button, i) => {
      button.classList.toggle("chosen", i === index);
    });
  }

  // --- notes ---------------------------------------------------------------------------------------------
  function renderNotes() {
    const list = $("notes");
    clear(list);
    const notes = view.notes || [];
    for (const note of notes) {
      const item = el("li", null, { class: note.private ? "note private-note" : "note" });
      const author = note.party ? `${note.party}${note.party === ownParty() ? " (you)" : ""}` : note.by;
      const when = note.at ? new Date(note.at).toLocaleString() : "";
      const meta = el("div", null, { class: "note-meta" });
      meta.appendChild(el("strong", author));
      meta.appendChild(el("span", ` · ${when}`, { class: "muted" }));
      if (note.private) meta.appendChild(el("span", "private", { class: "badge private" }));
      item.appendChild(meta);
      item.appendChild(el("div", note.text, { class: "note-text" }));
      list.appendChild(item);
    }
    if (!notes.length) list.appendChild(el("li", "No notes yet.", { class: "muted" }));
    $("note-form").hidden = view.role === "observer";
  }

  async function saveNote(event) {
    event.preventDefault();
    const text = $("note-text").value.trim();
    if (!text) return;
    const button = $("btn-note");
    button.disabled = true;
    try {
      await post(`${API}/notes`, { text, private: $("note-private").checked });
      $("note-text").value = "";
      hideError();
    } catch (error) {
      showError(`The note was not saved: ${error.message}`);
    } finally {
      button.disabled = false;
      refresh();
    }
  }

  // --- start ---------------------------------------------------------------------------------------------
  function start() {
    $("error-close").addEventListener("click", hideError);
    if (!TOKEN) {
      $("no-token").hidden = false;
      $("status").textContent = "no link";
      setLive(false, "offline");
      return;
    }
    for (const [action, id] of Object.entries(BUTTONS)) $(id).addEventListener("click", () => move(action));
    $("btn-load-table").addEventListener("click", () => {
      if (view && view.turn && view.turn.offer) {
        loadPackage(view.turn.offer);
        markSuggestion(null);
      }
    });
    $("btn-load-opening").addEventListener("click", () => {
      if (view && view.mandate && view.mandate.opening) {
        loadPackage(view.mandate.opening);
        markSuggestion(null);
      }
    });
    $("note-form").addEventListener("submit", saveNote);
    refresh().then(follow);
  }

  start();
})();
