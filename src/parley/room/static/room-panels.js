// The room page's package tables, its confidential panels and its closing panel: the delegation's own
// mandate, or every mandate (or only the reservation values) for the roles granted them, and the
// agreement with its draft text.

/** @import { Issue, Mandate, Package, RoomView } from "./types.js" */
import { $, clear, el, errorMessage, messageOf } from "./common.js";
import { fmt, isDelegation, label, packageCell, roundLabel, utilitiesText } from "./room-format.js";

/**
 * A package as a two-column table (issue, value), in the order of the room's ``issues``.
 * @param {HTMLElement} table
 * @param {Package | null | undefined} pkg
 * @param {Issue[]} issues
 */
export function fillPackage(table, pkg, issues) {
  clear(table);
  const body = el("tbody");
  for (const issue of issues) {
    const row = el("tr");
    row.appendChild(el("th", label(issue.name), { scope: "row" }));
    row.appendChild(el("td", packageCell(pkg, issue)));
    body.appendChild(row);
  }
  table.appendChild(body);
}

// --- mandates ----------------------------------------------------------------------------------------
/**
 * The delegation's own mandate, or the mandates (or reservation values) the role is granted.
 * @param {RoomView} view
 */
export function renderMandates(view) {
  const principal = view.role === "principal";
  const own = isDelegation(view) || principal ? view.mandate : null;
  $("mandate-panel").hidden = !own;
  if (own) fillMandate($("mandate"), own, view);
  // a principal may set its delegation's authority limit before the talks (the server says when not)
  $("authority-form").hidden = !principal || view.room.status !== "open";
  if (principal && own) $("authority-input", HTMLInputElement).placeholder = fmt(own.authority_limit);
  const all = !isDelegation(view) ? view.mandates : null;
  $("mandates-panel").hidden = !all;
  if (all) {
    const box = $("mandates");
    clear(box);
    for (const [party, mandate] of Object.entries(all)) {
      const part = el("div", null, { class: "mandate-of", "data-party": party });
      part.appendChild(el("h3", party));
      const inner = el("div");
      fillMandate(inner, mandate, view);
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

/**
 * One mandate: its numbers, tasks, red lines, opening package and full instructions.
 * @param {HTMLElement} box
 * @param {Mandate} mandate
 * @param {RoomView} view
 */
function fillMandate(box, mandate, view) {
  clear(box);
  const facts = el("dl", null, { class: "facts" });
  /**
   * @param {string} name
   * @param {string} value
   * @param {string} [id]
   */
  const fact = (name, value, id) => {
    facts.appendChild(el("dt", name));
    facts.appendChild(el("dd", value, id ? { id, "data-testid": id } : {}));
  };
  fact("Reservation value", fmt(mandate.reservation_value), isDelegation(view) ? "reservation-value" : undefined);
  fact("Authority limit", fmt(mandate.authority_limit), isDelegation(view) ? "authority-limit" : undefined);
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
  if (mandate.rules && mandate.rules.length) {
    box.appendChild(el("h4", "Rules of the scenario (binding every party)"));
    const rules = el("ul", null, { class: "rules", "data-testid": "rules" });
    for (const rule of mandate.rules) rules.appendChild(el("li", rule));
    box.appendChild(rules);
  }
  if (mandate.opening) {
    box.appendChild(el("h4", "Opening package"));
    const table = el("table", null, { class: "package" });
    fillPackage(table, mandate.opening, view.room.issues);
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
/** @type {string | null} */
let agreementText = null; // fetched once
let fetchingAgreement = false;

/**
 * The agreement panel; the draft text is fetched once from ``draftUrl`` with ``headers``.
 * @param {RoomView} view
 * @param {string} draftUrl
 * @param {Record<string, string>} headers
 */
export function renderAgreement(view, draftUrl, headers) {
  const agreed = view.room.agreement;
  $("agreement-panel").hidden = !agreed;
  if (!agreed) return;
  const mine = isDelegation(view) && view.agreement_utility ? view.agreement_utility[view.party] : undefined;
  const utilities = !isDelegation(view) && view.agreement_utility ? utilitiesText(view.agreement_utility) : "";
  $("agreement-summary").textContent =
    `Agreed in round ${roundLabel(view.room.round)}.` +
    (mine !== undefined ? ` Utility for you: ${fmt(mine)}.` : "") +
    (utilities ? ` Utilities: ${utilities}.` : "");
  fillPackage($("agreement"), agreed, view.room.issues);
  if (agreementText === null) fetchAgreement(draftUrl, headers);
}

/**
 * Fetch the draft agreement's text into its panel (once at a time).
 * @param {string} url
 * @param {Record<string, string>} headers
 */
async function fetchAgreement(url, headers) {
  if (fetchingAgreement) return;
  fetchingAgreement = true;
  try {
    const response = await fetch(url, { headers, cache: "no-store" });
    if (!response.ok) throw new Error(await errorMessage(response));
    agreementText = await response.text();
    $("agreement-text").textContent = agreementText;
  } catch (error) {
    $("agreement-text").textContent = `The draft could not be loaded: ${messageOf(error)}`;
  } finally {
    fetchingAgreement = false;
  }
}
