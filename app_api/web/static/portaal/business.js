// A worker's own business for the consultant: every invoice and business cost passed on (corrected ones
// too, saying which document replaced them), and the month's income with wages and the business side by
// side, each with its explanation lines.

import { facts, h, table } from "../common/dom.js";
import { COST_CATEGORIES, OWN_COST, withoutOwnNumbers } from "../common/business.js";
import { euro, longDate, moment, period } from "../common/format.js";
import { explanation } from "../common/lines.js";
import { BUSINESS_CODES, WAGE_CODES, linesOf, withBusiness } from "../common/sources.js";
import { workerHeader } from "./worker.js";

const SOURCES = { werkende: "werkende", gemeente: "gemeente", boekhouding: "boekhouder" };
const INVOICE_COLUMNS = [
  "Nummer", "Factuurdatum", "Werk", "Klant", "Excl. btw", "Btw", "Betaald", "Ingediend door", "Status",
];
const COST_COLUMNS = ["Datum", "Soort", "Excl. btw", "Bij factuur", "Bonnummer", "Ingediend door", "Status"];
const PERSONS = { aanvrager: "Aanvrager", partner: "Partner" };

function state(item, word) {
  if (!item.correctedBy) return "geldt";
  return h("span", { class: "chip chip-warn" }, `vervangen door ${word} ${item.correctedBy}`);
}

function who(item) {
  return `${SOURCES[item.source] ?? item.source}, ${moment(item.submittedAt)}`;
}

/** The invoices and costs tab of a worker's file. */
export async function businessView(context, id) {
  const header = await workerHeader(context, id, "/eigen-bedrijf");
  // One call at a time: each staff read appends to the audit log (see worker.js).
  const invoices = await context.call(`/v1/werkenden/${id}/facturen`);
  const costs = await context.call(`/v1/werkenden/${id}/kosten`);
  const invoiceRows = invoices.items.map((item) => {
    const i = item.invoice;
    return [
      i.invoiceNumber,
      longDate(i.invoiceDate),
      i.periodStart ? period(i.periodStart, i.periodEnd) : "factuurmaand",
      i.client,
      euro(i.amountExclVat),
      euro(i.vat),
      i.paid ? "ja" : "nee",
      who(item),
      state(item, "factuur"),
    ];
  });
  const costRows = costs.items.map((item) => {
    const c = item.cost;
    return [
      longDate(c.costDate),
      COST_CATEGORIES[c.category] ?? c.category,
      euro(c.amountExclVat),
      c.invoiceNumber ?? "–",
      c.costId.startsWith(OWN_COST) ? "–" : c.costId,
      who(item),
      state(item, "kostenpost"),
    ];
  });
  return h(
    "section",
    {},
    header,
    h("h2", {}, "Facturen eigen onderneming"),
    h("p", { class: "muted" }, "Bedragen exclusief btw; de btw telt niet als inkomen."),
    invoiceRows.length
      ? table(
          INVOICE_COLUMNS,
          invoiceRows,
          { numeric: [4, 5] },
        )
      : h("p", { class: "muted" }, "Geen facturen ingediend."),
    h("h2", {}, "Bedrijfskosten"),
    costRows.length
      ? table(COST_COLUMNS, costRows, { numeric: [2] })
      : h("p", { class: "muted" }, "Geen kosten ingediend."),
  );
}

/** Wages and the own business of a month side by side, per person; null when no business counts. */
export function incomeSourcesCard(detail, { agencies, labels, id }) {
  const sources = withBusiness(detail.incomeSources);
  if (!sources.length) return null;
  const lines = withoutOwnNumbers(detail.settlement.lines);
  const column = (title, amount, own, empty) =>
    h(
      "div",
      { class: "source" },
      h("h3", {}, title, " ", h("span", { class: "source-amount" }, euro(amount))),
      own.length ? explanation(own, { agencies, labels }) : h("p", { class: "muted" }, empty),
    );
  return h(
    "section",
    { class: "card income-sources", "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title" }, "Inkomen: loon en eigen onderneming"),
    sources.map((source) => {
      const person = sources.length > 1 ? ` ${PERSONS[source.person]?.toLowerCase() ?? ""}` : "";
      return [
        sources.length > 1 ? h("h3", {}, PERSONS[source.person] ?? source.person) : null,
        h(
          "div",
          { class: "sources" },
          column(
            `Loon${person}`,
            source.wages,
            linesOf(lines, source.person, WAGE_CODES),
            "Geen loon deze maand.",
          ),
          column(
            `Eigen onderneming${person}`,
            source.selfEmployed,
            linesOf(lines, source.person, BUSINESS_CODES),
            "Geen facturen of kosten deze maand.",
          ),
        ),
        facts([["Meetellend inkomen (loon en eigen onderneming samen)", euro(source.total)]]),
      ];
    }),
    h(
      "p",
      { class: "muted" },
      "Het nog te verdienen bedrag telt loon en eigen onderneming samen. ",
      h("a", { href: `#/werkenden/${id}/eigen-bedrijf` }, "Alle facturen en kosten"),
    ),
  );
}
