// The month's income side by side for the worker: wages and their own business, each with its steps in
// plain words, and what counts together (also for what is still to earn). Amounts from the API.

import { withoutOwnNumbers } from "../common/business.js";
import { facts, h } from "../common/dom.js";
import { euro, monthName } from "../common/format.js";
import { BUSINESS_CODES, WAGE_CODES, linesOf, withBusiness } from "../common/sources.js";
import { workerExplanation } from "./explain.js";

const WHO = { aanvrager: "", partner: " van uw partner" };

function column(title, amount, lines, agencies, slips, empty) {
  return h(
    "section",
    { class: "source" },
    h("h3", {}, title),
    h("p", { class: "source-amount" }, euro(amount)),
    lines.length ? workerExplanation(lines, agencies, slips) : h("p", { class: "muted" }, empty),
  );
}

/** The card for `view` (a month from /v1/mij/maanden/{month}); null when no own business counts. */
export function incomeCard(view, agencies, slips) {
  const sources = withBusiness(view.incomeSources);
  if (!sources.length) return null;
  const s = view.settlement;
  const lines = withoutOwnNumbers(s.lines);
  const month = monthName(s.month);
  return h(
    "section",
    { class: "card income-sources", "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title" }, `Loon en eigen bedrijf in ${month}`),
    sources.map((source) => {
      const who = WHO[source.person] ?? "";
      return h(
        "div",
        { class: "sources" },
        column(
          `Loon${who}`,
          source.wages,
          linesOf(lines, source.person, WAGE_CODES),
          agencies,
          slips,
          "Geen loon in deze maand.",
        ),
        column(
          `Eigen bedrijf${who}`,
          source.selfEmployed,
          linesOf(lines, source.person, BUSINESS_CODES),
          agencies,
          slips,
          "Geen facturen of kosten in deze maand.",
        ),
        facts([[`Samen${who}: telt mee als inkomen`, euro(source.total)]], "facts sums"),
      );
    }),
    h(
      "p",
      { class: "muted" },
      "Wat u met uw eigen bedrijf verdient, telt mee zoals loon. Ook bij 'nog te verdienen' tellen we " +
        "loon en eigen bedrijf samen.",
    ),
    h("p", {}, h("a", { href: "#/eigen-bedrijf" }, "Mijn facturen en kosten")),
  );
}
