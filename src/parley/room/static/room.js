// The negotiation room's page: one script for every role (a delegation, the mediator, an observer,
// the facilitator). It reads its token from the link (#token=…), keeps it in sessionStorage, fetches
// the role's view from the API, follows the room's server-sent events and sends moves and notes.
//
// All data is put on the page with textContent / createElement, never as HTML: scenario text is
// written by users.
"use strict";

(() => {
  const { $, el, clear, newClientId, errorMessage } = window.parley;

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

  function fmt(utility) {
    return utility === null || utility === undefined ? "unacceptable" : Number(utility).toFixed(3);
  }

  const label = (text) => String(text).replace(/_/g, " ");
  const roundLabel = (round) => String(Number(round) + 1); // rounds are 0-based in the API

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
  let retryBase = 1000;

  function setLive(on, text) {
    const badge = $("live");
    badge.textContent = text || (on ? "live" : "reconnecting…");
    badge.classList.toggle("live-on", on);
    badge.classList.toggle("live-off", !on);
  }

  /** One event block ("event: …\ndata: …") as {event, data}; comments and ``retry:`` handled here. */
  function parseEvent(block) {
    let event = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) retryBase = Number(value);
    }
    return data.length ? { event, data: data.join("\n") } : null;
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

  async function follow() {
    let delay = retryBase;
    while (!stopped) {
      try {
        const response = await fetch(`${API}/stream`, { headers: AUTH, cache: "no-store" });
        if (response.status === 401 || response.status === 404) {
          stopped = true;
          setLive(false, "offline");
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
        setLive(true);
        delay = retryBase;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer = (buffer + value).replace(/\r\n?/g, "\n");
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const message = parseEvent(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
            if (message) onEvent(message);
          }
        }
      } catch {
        // a dropped connection: reconnect below
      }
      if (stopped) return;
      setLive(false);
      await sleep(delay + Math.random() * 250);
      delay = Math.min(delay * 2, 30000); // back off, up to 30 s
      // no fetch here: a new stream starts with the room's position, which fetches the view if it moved
    }
  }

  // --- rendering ---------------------------------------------------------------------------------------
  const isDelegation = () => view && view.role === "delegation";
  const ownParty = () => (isDelegation() ? view.party : null);

  function render(fresh) {
    view = fresh;
    $("app").hidden = false;
    renderHeader();
    renderTurn();
    renderBuilder();
    renderSuggestions();
    renderMandates();
    renderAgreement();
    renderHistory();
    renderChart();
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

  /** A package as a two-column table (issue, value). */
  function fillPackage(table, pkg) {
    clear(table);
    const body = el("tbody");
    for (const issue of view.room.issues) {
      const row = el("tr");
      row.appendChild(el("th", label(issue.name), { scope: "row" }));
      row.appendChild(el("td", pkg && issue.name in pkg ? label(pkg[issue.name]) : "–"));
      body.appendChild(row);
    }
    table.appendChild(body);
  }

  const samePackage = (a, b) => view.room.issues.every((issue) => a[issue.name] === b[issue.name]);

  const packageText = (pkg) =>
    pkg ? view.room.issues.map((i) => `${label(i.name)}: ${label(pkg[i.name])}`).join(" · ") : "";

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

  // --- mandates ----------------------------------------------------------------------------------------
  function renderMandates() {
    const own = isDelegation() ? view.mandate : null;
    $("mandate-panel").hidden = !own;
    if (own) fillMandate($("mandate"), own);
    const all = !isDelegation() ? view.mandates : null;
    $("mandates-panel").hidden = !all;
    if (all) {
      const box = $("mandates");
      clear(box);
      for (const [party, mandate] of Object.entries(all)) {
        const part = el("div", null, { class: "mandate-of", "data-party": party });
        part.appendChild(el("h3", party));
        const inner = el("div");
        fillMandate(inner, mandate);
        part.appendChild(inner);
        box.appendChild(part);
      }
    } else if (view.reservation_values) {
      // a mediator granted the reservation values only
      $("mandates-panel").hidden = false;
      const box = $("mandates");
      clear(box);
      const list = el("dl");
      for (const [party, value] of Object.entries(view.reservation_values)) {
        list.appendChild(el("dt", `${party}: reservation value`));
        list.appendChild(el("dd", fmt(value)));
      }
      box.appendChild(list);
    }
  }

  function fillMandate(box, mandate) {
    clear(box);
    const facts = el("dl", null, { class: "facts" });
    const fact = (name, value, id) => {
      facts.appendChild(el("dt", name));
      facts.appendChild(el("dd", value, id ? { id, "data-testid": id } : {}));
    };
    fact("Reservation value", fmt(mandate.reservation_value), isDelegation() ? "reservation-value" : undefined);
    fact("Authority limit", fmt(mandate.authority_limit), isDelegation() ? "authority-limit" : undefined);
    if (mandate.referral_rounds !== undefined) fact("A referral costs", `${mandate.referral_rounds} round(s)`);
    box.appendChild(facts);
    if (mandate.tasks && mandate.tasks.length) {
      box.appendChild(el("h4", "Tasks"));
      const list = el("ul", null, { class: "tasks" });
      for (const task of mandate.tasks) {
        const kind = task.required ? "required" : `optional, bonus +${task.bonus}`;
        list.appendChild(el("li", `${task.name} (${kind})`));
      }
      box.appendChild(list);
    }
    box.appendChild(el("h4", "Red lines"));
    const lines = el("ul", null, { class: "red-lines" });
    const redLines = mandate.red_lines || [];
    if (!redLines.length) lines.appendChild(el("li", "none", { class: "muted" }));
    for (const line of redLines) lines.appendChild(el("li", line));
    box.appendChild(lines);
    if (mandate.opening) {
      box.appendChild(el("h4", "Opening package"));
      const table = el("table", null, { class: "package" });
      fillPackage(table, mandate.opening);
      box.appendChild(table);
    }
    if (mandate.summary) {
      const details = el("details", null, { class: "summary" });
      details.appendChild(el("summary", "Full instructions"));
      details.appendChild(el("pre", mandate.summary));
      box.appendChild(details);
    }
  }

  // --- the agreement -----------------------------------------------------------------------------------
  let agreementText = null; // fetched once

  function renderAgreement() {
    const agreed = view.room.agreement;
    $("agreement-panel").hidden = !agreed;
    if (!agreed) return;
    const mine = isDelegation() && view.agreement_utility ? view.agreement_utility[view.party] : undefined;
    const utilities =
      !isDelegation() && view.agreement_utility
        ? Object.entries(view.agreement_utility).map(([p, u]) => `${p} ${fmt(u)}`).join(", ")
        : "";
    $("agreement-summary").textContent =
      `Agreed in round ${roundLabel(view.room.round)}.` +
      (mine !== undefined ? ` Utility for you: ${fmt(mine)}.` : "") +
      (utilities ? ` Utilities: ${utilities}.` : "");
    fillPackage($("agreement"), agreed);
    if (agreementText === null) fetchAgreement();
  }

  let fetchingAgreement = false;

  async function fetchAgreement() {
    if (fetchingAgreement) return;
    fetchingAgreement = true;
    try {
      const response = await fetch(`${API}/agreement`, { headers: AUTH, cache: "no-store" });
      if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
      agreementText = await response.text();
      $("agreement-text").textContent = agreementText;
    } catch (error) {
      $("agreement-text").textContent = `The draft could not be loaded: ${error.message}`;
    } finally {
      fetchingAgreement = false;
    }
  }

  // --- the history and the chart -----------------------------------------------------------------------
  /** The parties whose utilities the view's record carries (a delegation: itself only). */
  function utilityParties() {
    const seen = new Set();
    for (const event of view.record) for (const party of Object.keys(event.utility || {})) seen.add(party);
    return view.room.parties.map((p) => p.name).filter((p) => seen.has(p));
  }

  function eventText(event) {
    if (event.kind === "referral_decision" && event.data) {
      const verdict = event.data.approved ? "approved" : "refused";
      return `referral ${verdict}${event.data.rounds_lost ? ` (${event.data.rounds_lost} round(s) lost)` : ""}`;
    }
    return label(event.kind);
  }

  function renderHistory() {
    const utilities = utilityParties();
    const head = $("history-head");
    clear(head);
    const columns = ["Round", "Party", "Move", "Package"];
    columns.forEach((c) => head.appendChild(el("th", c, { scope: "col" })));
    if (isDelegation()) head.appendChild(el("th", "Your utility", { scope: "col" }));
    else utilities.forEach((p) => head.appendChild(el("th", `Utility ${p}`, { scope: "col" })));
    const body = $("history-body");
    clear(body);
    view.record.forEach((event) => {
      const row = el("tr", null, { class: `kind-${event.kind}`, "data-testid": "history-row" });
      row.appendChild(el("td", roundLabel(event.round)));
      row.appendChild(el("td", event.party === ownParty() ? `${event.party} (you)` : event.party || ""));
      row.appendChild(el("td", eventText(event)));
      row.appendChild(el("td", packageText(event.package), { class: "package-cell" }));
      const shown = isDelegation() ? [view.party] : utilities;
      for (const party of shown) {
        const value = event.utility && party in event.utility ? fmt(event.utility[party]) : "";
        row.appendChild(el("td", value, { class: "number" }));
      }
      body.appendChild(row);
    });
    $("history-empty").hidden = view.record.length > 0;
    const wrap = $("history").parentElement;
    wrap.scrollTop = wrap.scrollHeight; // the latest moves in sight
  }

  const COLOURS = ["#1f77b4", "#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

  /** A steady colour per offering party (the parties in order, then a mediator and others). */
  function colourOf(party) {
    const names = view.room.parties.map((p) => p.name);
    const position = names.indexOf(party);
    return COLOURS[(position >= 0 ? position : names.length) % COLOURS.length];
  }

  function renderChart() {
    const chart = $("chart");
    const note = $("chart-note");
    if (!window.Plotly) {
      note.hidden = false;
      note.textContent = "The chart library did not load.";
      return;
    }
    const offers = view.record.filter((e) => (e.kind === "offer" || e.kind === "text") && e.package);
    const utilities = utilityParties();
    let traces = [];
    let layout = null;
    if (isDelegation()) {
      // the offers in this delegation's own utility space: x round, y own utility
      const me = view.party;
      const by = [...new Set(offers.map((e) => e.party))];
      traces = by.map((party) => {
        const mine = offers.filter((e) => e.party === party);
        return {
          type: "scatter",
          mode: "lines+markers",
          name: party === me ? `${party} (you)` : party,
          x: mine.map((e) => Number(e.round) + 1),
          y: mine.map((e) => (e.utility ? e.utility[me] : null)),
          text: mine.map((e) => packageText(e.package)),
          hovertemplate: "round %{x}: %{y:.3f}<br>%{text}<extra>%{fullData.name}</extra>",
          marker: { size: 10, color: colourOf(party) },
        };
      });
      const suggestions = view.room.status === "open" ? view.suggestions || [] : [];
      if (suggestions.length) {
        traces.push({
          type: "scatter",
          mode: "markers",
          name: "suggestions",
          x: suggestions.map(() => Number(view.room.round) + 1),
          y: suggestions.map((s) => s.own_utility),
          text: suggestions.map((s) => packageText(s.package)),
          hovertemplate: "suggested: %{y:.3f}<br>%{text}<extra></extra>",
          marker: { size: 13, symbol: "star", color: "#f2b701", line: { color: "#7a5c00", width: 1 } },
        });
      }
      if (view.room.agreement && view.agreement_utility) {
        traces.push({
          type: "scatter",
          mode: "markers",
          name: "agreement",
          x: [Number(view.room.round) + 1],
          y: [view.agreement_utility[me]],
          marker: { size: 16, symbol: "diamond", color: "#2ca02c", line: { color: "#124d12", width: 1 } },
        });
      }
      const mandate = view.mandate || {};
      const line = (y, colour, text) => ({
        type: "line", xref: "paper", x0: 0, x1: 1, y0: y, y1: y,
        line: { color: colour, width: 1, dash: "dot" },
        label: { text, textposition: "end", font: { size: 10, color: colour } },
      });
      const shapes = [];
      if (mandate.reservation_value !== undefined) shapes.push(line(mandate.reservation_value, "#b00020", "reservation value"));
      if (mandate.authority_limit !== undefined) shapes.push(line(mandate.authority_limit, "#8a6d00", "authority limit"));
      $("chart-title").textContent = "Offers in your utility";
      layout = {
        xaxis: { title: { text: "round" }, dtick: 1, rangemode: "tozero" },
        yaxis: { title: { text: `utility for ${me}` } },
        shapes,
      };
    } else if (utilities.length >= 2) {
      // roles that see everyone's utilities: the offers in the first two parties' utility space
      const [a, b] = utilities;
      const by = [...new Set(offers.map((e) => e.party))];
      traces = by.map((party) => {
        const theirs = offers.filter((e) => e.party === party);
        return {
          type: "scatter",
          mode: "lines+markers",
          name: party,
          x: theirs.map((e) => e.utility[a]),
          y: theirs.map((e) => e.utility[b]),
          text: theirs.map((e) => `round ${Number(e.round) + 1}: ${packageText(e.package)}`),
          hovertemplate: "%{text}<extra>%{fullData.name}</extra>",
          marker: { size: 10, color: colourOf(party) },
        };
      });
      $("chart-title").textContent = "Offers in the utility space";
      layout = { xaxis: { title: { text: `utility for ${a}` } }, yaxis: { title: { text: `utility for ${b}` } } };
    } else {
      $("chart-panel").hidden = true; // this role sees no utilities: the history lists every offer
      return;
    }
    $("chart-panel").hidden = false;
    note.hidden = offers.length > 0;
    note.textContent = offers.length ? "" : "No offers yet.";
    layout = {
      ...layout,
      margin: { l: 55, r: 20, t: 10, b: 45 },
      height: 320,
      legend: { orientation: "h", y: -0.22 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#fbfbfd",
      font: { family: "system-ui, sans-serif", size: 12 },
    };
    window.Plotly.react(chart, traces, layout, { displayModeBar: false, responsive: true });
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
