// How the room page shows what a role's view holds: utilities, labels, rounds and packages (as text
// or as a table), and whose view it is. Used by room.js and its panels; loaded after common.js.
"use strict";

window.parley.format = (() => {
  const { el, clear } = window.parley;

  /** A utility to three decimals; a package that crosses a red line has none ("unacceptable"). */
  function fmt(utility) {
    return utility === null || utility === undefined ? "unacceptable" : Number(utility).toFixed(3);
  }

  const label = (text) => String(text).replace(/_/g, " ");
  const roundLabel = (round) => String(Number(round) + 1); // rounds are 0-based in the API

  const isDelegation = (view) => view && view.role === "delegation";
  const ownParty = (view) => (isDelegation(view) ? view.party : null);

  /** A package as a two-column table (issue, value), in the order of the room's ``issues``. */
  function fillPackage(table, pkg, issues) {
    clear(table);
    const body = el("tbody");
    for (const issue of issues) {
      const row = el("tr");
      row.appendChild(el("th", label(issue.name), { scope: "row" }));
      row.appendChild(el("td", pkg && issue.name in pkg ? label(pkg[issue.name]) : "–"));
      body.appendChild(row);
    }
    table.appendChild(body);
  }

  const samePackage = (a, b, issues) => issues.every((issue) => a[issue.name] === b[issue.name]);

  const packageText = (pkg, issues) =>
    pkg ? issues.map((i) => `${label(i.name)}: ${label(pkg[i.name])}`).join(" · ") : "";

  return { fmt, label, roundLabel, isDelegation, ownParty, fillPackage, samePackage, packageText };
})();
