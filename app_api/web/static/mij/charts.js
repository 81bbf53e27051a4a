// Two pictures on the worker's page, as inline SVG built node by node (the CSP allows no inline style or
// script, and Trusted Types no HTML strings): the net earnings per week as bars against the weekly amount
// that is enough to leave the benefit, and this month's earnings as a bar towards the exit income.
// A screen reader hears each picture as one image whose label says every value that is drawn.
// The amounts arrive as strings; they are turned into numbers only to size the shapes.

import { h } from "../common/dom.js";
import { euro, monthName, weekDays } from "../common/format.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.flat());
  return element;
}

function picture(label, width, height, ...shapes) {
  return svg(
    "svg",
    { role: "img", "aria-label": label, viewBox: `0 0 ${width} ${height}`, class: "chart", focusable: "false" },
    svg("title", {}, label),
    ...shapes,
  );
}

/** Bars of the net earnings of `weeks` (newest first, as the API lists them) against `weeklyExit`. */
export function weeklyChart(weeks, weeklyExit) {
  const shown = [...weeks].reverse();
  const values = shown.map((week) => Number(week.net));
  const line = Number(weeklyExit);
  const top = Math.max(line, ...values) * 1.15 || 1;
  const width = 340;
  const height = 170;
  const base = 140;
  const slot = width / shown.length;
  const y = (value) => base - (value / top) * (base - 10);
  const described = shown.map((week) => `week ${weekDays(week.week).number}: ${euro(week.net)}`).join(", ");
  const label =
    `Netto verdiend per week, met de streep op ${euro(weeklyExit)} per week: zoveel is genoeg om geen ` +
    `bijstand meer nodig te hebben. ${described}.`;
  const bars = shown.map((week, index) =>
    svg(
      "g",
      { class: week.running ? "bar running" : "bar", "data-week": week.week, "data-net": week.net },
      svg("rect", {
        x: (index * slot + slot * 0.18).toFixed(1),
        y: y(values[index]).toFixed(1),
        width: (slot * 0.64).toFixed(1),
        height: (base - y(values[index])).toFixed(1),
        rx: 3,
      }),
      svg("text", { x: (index * slot + slot / 2).toFixed(1), y: base + 18, "text-anchor": "middle" },
        `wk ${weekDays(week.week).number}`),
    ),
  );
  const exit = svg(
    "g",
    { class: "exit-line", "data-amount": weeklyExit },
    svg("line", { x1: 0, x2: width, y1: y(line).toFixed(1), y2: y(line).toFixed(1) }),
    svg("text", { x: width - 2, y: (y(line) - 5).toFixed(1), "text-anchor": "end" }, euro(weeklyExit)),
  );
  return h(
    "figure",
    { class: "card chart-card weekly-chart" },
    h("figcaption", {}, "Wat u per week verdiende"),
    picture(label, width, height, bars, exit),
    h(
      "p",
      { class: "muted legend" },
      `Streep: ${euro(weeklyExit)} per week is genoeg om uit de bijstand te gaan.`,
    ),
  );
}

/** A bar of this month's net earnings (`earned`) towards the exit income of `month`. */
export function monthProgress(month, earned, exitIncome) {
  const width = 340;
  const height = 44;
  const share = Math.min(1, Number(earned) / (Number(exitIncome) || 1));
  const label =
    `In ${monthName(month)} verdiende u tot nu toe ${euro(earned)} netto. Vanaf ${euro(exitIncome)} ` +
    "per maand heeft u geen bijstand meer nodig.";
  return h(
    "figure",
    { class: "chart-card month-progress" },
    picture(
      label,
      width,
      height,
      svg("rect", { class: "track", x: 0, y: 8, width, height: 24, rx: 12 }),
      svg("rect", {
        class: "done",
        x: 0,
        y: 8,
        width: (width * share).toFixed(1),
        height: 24,
        rx: 12,
        "data-earned": earned,
        "data-exit": exitIncome,
      }),
    ),
    h("figcaption", { class: "muted" }, `${euro(earned)} van ${euro(exitIncome)}`),
  );
}
