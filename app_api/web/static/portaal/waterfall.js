// The settlement of a month as a waterfall: from the norm, the income goes off, the disregard comes back,
// that is the bijstand; the holiday allowance is reserved, corrections and the advance are settled, and
// what is left is the difference (paid extra, or paid too much). Inline SVG built node by node under the
// CSP and Trusted Types; a screen reader hears one image whose label says every step with its amount.
// Amounts arrive as strings with two decimals; they become whole cents only to size the bars.

import { h } from "../common/dom.js";
import { euro, isZero } from "../common/format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const ROW = 34;
const LABEL = 190;
const VALUE = 110;
const TOP = 6;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.flat());
  return element;
}

/** "1401.50" → 140150; "-88.22" → -8822. */
function cents(amount) {
  const [whole, fraction = "00"] = amount.replace("-", "").split(".");
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  return amount.startsWith("-") ? -value : value;
}

function negate(amount) {
  return amount.startsWith("-") ? amount.slice(1) : `-${amount}`;
}

/** The steps of a month's settlement: [key, label, amount, kind]; kind "total", "down" or "up". */
export function waterfallSteps(s) {
  const steps = [
    ["norm", "Norm", s.norm, "total"],
    ["inkomen", "Inkomen", s.income, "down"],
    ["vrijlating", "Vrijlating", s.disregard, "up"],
    ["bijstand", "Bijstand", s.bijstand, "total"],
  ];
  if (!isZero(s.holidayAllowanceReserve)) {
    steps.push(["vakantietoeslag", "Vakantietoeslag opzij", s.holidayAllowanceReserve, "down"]);
  }
  if (s.correctionsTotal !== null && !isZero(s.correctionsTotal)) {
    const down = s.correctionsTotal.startsWith("-");
    const amount = down ? negate(s.correctionsTotal) : s.correctionsTotal;
    steps.push(["correcties", "Correcties", amount, down ? "down" : "up"]);
  }
  steps.push(["voorschot", "Voorschot", s.advance, "down"]);
  steps.push(["verschil", "Verschil", s.difference, "total"]);
  return steps;
}

function spoken(steps) {
  const words = { total: "is", down: "min", up: "plus" };
  const parts = steps.map(([, label, amount, kind], index) =>
    index === 0 ? `${label} ${euro(amount)}` : `${words[kind]} ${label.toLowerCase()} ${euro(amount)}`,
  );
  return `Van norm naar verschil: ${parts.join(", ")}.`;
}

/** The waterfall figure of a month settlement `s` (not for a final settlement, which has no advance). */
export function waterfall(s) {
  if (s.difference === null) return null;
  const steps = waterfallSteps(s);
  let running = 0;
  const spans = steps.map(([, , amount, kind]) => {
    const value = cents(amount);
    const start = kind === "total" ? 0 : running;
    running = kind === "total" ? value : kind === "down" ? running - value : running + value;
    return [start, running];
  });
  const low = Math.min(0, ...spans.flat());
  const high = Math.max(1, ...spans.flat());
  const plot = WIDTH - LABEL - VALUE;
  const x = (value) => LABEL + ((value - low) / (high - low)) * plot;
  const height = TOP * 2 + ROW * steps.length;
  const label = spoken(steps);
  const rows = steps.map(([key, name, amount, kind], index) => {
    const [start, end] = spans[index];
    const y = TOP + index * ROW;
    const left = Math.min(x(start), x(end));
    const shown = kind === "total" ? euro(amount) : `${kind === "down" ? "−" : "+"} ${euro(amount)}`;
    return svg(
      "g",
      { class: `step step-${kind}`, "data-step": key, "data-amount": amount },
      svg("text", { class: "step-label", x: LABEL - 10, y: y + ROW / 2 + 5, "text-anchor": "end" }, name),
      svg("rect", {
        x: left.toFixed(1),
        y: y + 5,
        width: Math.max(2, Math.abs(x(end) - x(start))).toFixed(1),
        height: ROW - 10,
        rx: 3,
      }),
      svg("text", { class: "step-value", x: WIDTH - 4, y: y + ROW / 2 + 5, "text-anchor": "end" }, shown),
    );
  });
  const zero = svg("line", { class: "zero", x1: x(0), x2: x(0), y1: 0, y2: height });
  return h(
    "figure",
    { class: "card waterfall" },
    h("figcaption", {}, h("h2", {}, "Van norm naar verschil")),
    svg(
      "svg",
      { role: "img", "aria-label": label, viewBox: `0 0 ${WIDTH} ${height}`, class: "chart", focusable: "false" },
      svg("title", {}, label),
      zero,
      rows,
    ),
    h(
      "p",
      { class: "muted legend" },
      "Blauw: tussenstand. Rood: gaat eraf. Groen: komt erbij. Een positief verschil wordt nabetaald, " +
        "een negatief verschil is te veel betaald.",
    ),
  );
}
