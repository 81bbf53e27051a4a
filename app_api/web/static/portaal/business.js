// A worker's own business for the consultant: every invoice and business cost passed on (corrected ones
// too, saying which document replaced them), the forms to enter and correct them for the worker, and the
// month's income with wages and the business side by side, each with its explanation lines.

import { append, facts, h, table } from "../common/dom.js";
import { COST_CATEGORIES, OWN_COST, withoutOwnNumbers } from "../common/business.js";
import { STAFF_VOICE, costForm, invoiceForm, uploadForm } from "../common/business_forms.js";
import { correctButton, replacement } from "../common/corrections.js";
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
// The roles the API lets send invoices and costs for a worker (DocumentStaff in the self-employed routes).
const SUBMITTERS = ["consultant", "team_lead"];
const RECOMPUTED = "De maanden van de werkende worden opnieuw berekend.";

function state(item, items, action) {
  if (!item.correctedBy) return h("span", { class: "state" }, "geldt", action ? " " : null, action);
  return h("span", { class: "chip chip-warn" }, `vervangen door ${replacement(item, items)}`);
}

function who(item) {
  return `${SOURCES[item.source] ?? item.source}, ${moment(item.submittedAt)}`;
}

/** The invoices and costs tab of a worker's file; with a role that may send them, the forms too. */
export async function businessView(context, id, flash = null) {
  const header = await workerHeader(context, id, "/eigen-bedrijf");
  // One call at a time: each staff read appends to the audit log (see worker.js).
  const invoices = await context.call(`/v1/werkenden/${id}/facturen`);
  const costs = await context.call(`/v1/werkenden/${id}/kosten`);
  const section = h("section", { class: "business" });
  const entering = SUBMITTERS.some((role) => context.session.roles.includes(role));
  const forms = { call: context.call, base: `/v1/werkenden/${id}`, voice: STAFF_VOICE };
  const done = async (said) => {
    const next = await businessView(context, id, `${said} ${RECOMPUTED}`);
    section.replaceWith(next);
    next.querySelector(".success")?.focus();
  };
  const invoiceSlot = h("div", { class: "correction" });
  const costSlot = h("div", { class: "correction" });
  const correct = (item, label, slot, makeForm) =>
    entering ? correctButton({ item, label, slot, makeForm }) : null;
  const invoiceRows = invoices.items.map((item) => {
    const i = item.invoice;
    const action = correct(item, `Corrigeren: factuur ${i.invoiceNumber}`, invoiceSlot, (cancel) =>
      invoiceForm({ ...forms, done, original: i, cancel }),
    );
    return [
      i.invoiceNumber,
      longDate(i.invoiceDate),
      i.periodStart ? period(i.periodStart, i.periodEnd) : "factuurmaand",
      i.client,
      euro(i.amountExclVat),
      euro(i.vat),
      i.paid ? "ja" : "nee",
      who(item),
      state(item, invoices.items, action),
    ];
  });
  const costRows = costs.items.map((item) => {
    const c = item.cost;
    const kind = COST_CATEGORIES[c.category] ?? c.category;
    const action = correct(item, `Corrigeren: ${kind}, ${euro(c.amountExclVat)}`, costSlot, (cancel) =>
      costForm({ ...forms, invoices: invoices.items, done, original: c, cancel }),
    );
    return [
      longDate(c.costDate),
      kind,
      euro(c.amountExclVat),
      c.invoiceNumber ?? "–",
      c.costId.startsWith(OWN_COST) ? "–" : c.costId,
      who(item),
      state(item, costs.items, action),
    ];
  });
  append(
    section,
    header,
    flash ? h("p", { class: "success", role: "status", tabindex: "-1" }, flash) : null,
    h("h2", {}, "Facturen eigen onderneming"),
    h("p", { class: "muted" }, "Bedragen exclusief btw; de btw telt niet als inkomen."),
    invoiceRows.length
      ? table(INVOICE_COLUMNS, invoiceRows, { numeric: [4, 5] })
      : h("p", { class: "muted" }, "Geen facturen ingediend."),
    invoiceSlot,
    h("h2", {}, "Bedrijfskosten"),
    costRows.length
      ? table(COST_COLUMNS, costRows, { numeric: [2] })
      : h("p", { class: "muted" }, "Geen kosten ingediend."),
    costSlot,
    entering
      ? [
          h("h2", {}, "Namens de werkende doorgeven"),
          h(
            "p",
            { class: "muted" },
            "Stuurde de werkende u een factuur of bon? Leg die hier vast; de maanden worden daarna " +
              "opnieuw berekend.",
          ),
          h(
            "div",
            { class: "business-forms" },
            invoiceForm({ ...forms, done }),
            h(
              "div",
              { class: "stack" },
              uploadForm({ ...forms, done }),
              costForm({ ...forms, invoices: invoices.items, done }),
            ),
          ),
        ]
      : null,
  );
  return section;
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
