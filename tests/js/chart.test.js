// The chart's traces and layout (room-chart.js): a delegation's offers in its own utility, the
// utility space for roles that see everyone's utilities, nothing for roles that see none.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { COLOURS, chartFigure, colourOf } from "../../src/parley/room/static/room-chart.js";
import { facilitatorView, northView, room } from "./fixtures.js";

describe("the chart of the offers", () => {
  it("draws a delegation's offers by round in its own utility, with its mandate's lines", () => {
    const figure = chartFigure(northView());
    assert.ok(figure);
    assert.equal(figure.title, "Offers in your utility");
    assert.equal(figure.offers, 2);
    assert.deepEqual(
      figure.traces.map((t) => [t.name, t.x, t.y, t.marker?.color]),
      [
        ["North (you)", [1], [0.9], COLOURS[0]],
        ["South", [2], [null], COLOURS[1]], // across North's red line: no utility
      ],
    );
    assert.deepEqual(figure.traces[0].text, ["pullback km: 25 · sanctions relief: none"]);
    const shapes = /** @type {{y0: number, label: {text: string}}[]} */ (figure.layout.shapes);
    assert.deepEqual(
      shapes.map((s) => [s.y0, s.label.text]),
      [
        [0.4, "reservation value"],
        [0.6, "authority limit"],
      ],
    );
  });

  it("adds the open room's suggestions and the agreement", () => {
    const suggestion = {
      package: { pullback_km: 10.5, sanctions_relief: "partial" },
      indices: [1, 1],
      own_utility: 0.7,
      their_estimate: 0.5,
      needs_referral: false,
    };
    const open = chartFigure(northView({ suggestions: [suggestion] }));
    assert.deepEqual(
      open?.traces.at(-1),
      {
        type: "scatter",
        mode: "markers",
        name: "suggestions",
        x: [2],
        y: [0.7],
        text: ["pullback km: 10.5 · sanctions relief: partial"],
        hovertemplate: "suggested: %{y:.3f}<br>%{text}<extra></extra>",
        marker: { size: 13, symbol: "star", color: "#f2b701", line: { color: "#7a5c00", width: 1 } },
      },
    );
    const agreed = room({ status: "ended", agreement: suggestion.package, ending: "agreement" });
    const ended = chartFigure(northView({ room: agreed, suggestions: [suggestion], agreement_utility: { North: 0.7 } }));
    assert.deepEqual(
      ended?.traces.map((t) => t.name),
      ["North (you)", "South", "agreement"],
    );
  });

  it("draws the utility space of the first two parties for the facilitator", () => {
    const figure = chartFigure(facilitatorView());
    assert.ok(figure);
    assert.equal(figure.title, "Offers in the utility space");
    assert.deepEqual(
      figure.traces.map((t) => [t.name, t.x, t.y]),
      [
        ["North", [0.9], [0.2]],
        ["South", [null], [0.95]],
      ],
    );
    assert.deepEqual(figure.layout, {
      xaxis: { title: { text: "utility for North" } },
      yaxis: { title: { text: "utility for South" } },
    });
  });

  it("has no chart for a role that sees no utilities", () => {
    const record = facilitatorView().record.map(({ utility, ...event }) => event);
    assert.equal(chartFigure(facilitatorView({ role: "observer", record })), null);
  });

  it("colours each party steadily, a mediator after the parties", () => {
    const view = northView();
    assert.equal(colourOf(view, "North"), COLOURS[0]);
    assert.equal(colourOf(view, "South"), COLOURS[1]);
    assert.equal(colourOf(view, "mediator"), COLOURS[2]);
    assert.equal(colourOf(view, null), COLOURS[2]);
  });
});
