// The worker's own business: pass on an invoice or a business cost (typed in, or an e-invoice file from
// the bookkeeping program), see what was passed on, and correct a document already sent. Amounts are
// typed in Dutch notation and sent as text ("1.234,56" → "1234.56"); what the API refuses is shown next to
// the field it names.

import { append, facts, h } from "../common/dom.js";
import { euro, longDate, period } from "../common/format.js";
import { COST_CATEGORIES, OWN_COST } from "../common/business.js";
import { WORKER_VOICE, costForm, invoiceForm, uploadForm } from "../common/business_forms.js";
import { correctButton, replacement } from "../common/corrections.js";

const SOURCES = { werkende: "uzelf", gemeente: "uw consulent", boekhouding: "uw boekhouder" };
const BASE = "/v1/mij";
const RECOMPUTED = "We rekenen uw bijstand opnieuw uit; dat ziet u zo bij de maand.";

function replaced(item, items) {
  const by = replacement(item, items);
  return by ? h("p", { class: "note" }, `Vervangen door ${by}. Die telt.`) : null;
}

/** The card's "Corrigeren" action and the slot under the card where its form opens. */
function correcting(item, label, makeForm) {
  const slot = h("div", { class: "correction" });
  const button = correctButton({ item, label, slot, makeForm });
  return button ? [h("div", { class: "buttons" }, button), slot] : null;
}

function invoiceCard(item, { call, items, done }) {
  const i = item.invoice;
  return h(
    "article",
    { class: "card document" },
    h("h3", {}, `Factuur ${i.invoiceNumber} aan ${i.client}`),
    replaced(item, items),
    facts([
      ["Factuurdatum", longDate(i.invoiceDate)],
      ["Werk gedaan", i.periodStart ? period(i.periodStart, i.periodEnd) : "in de maand van de factuur"],
      ["Zonder btw", euro(i.amountExclVat)],
      ["Btw (telt niet mee)", euro(i.vat)],
      ["Betaald", i.paid ? "ja" : "nog niet"],
      ["Doorgegeven door", SOURCES[item.source] ?? item.source],
    ]),
    correcting(item, `Corrigeren: factuur ${i.invoiceNumber}`, (cancel) =>
      invoiceForm({ call, base: BASE, voice: WORKER_VOICE, done, original: i, cancel }),
    ),
  );
}

function costCard(item, { call, items, invoices, done }) {
  const c = item.cost;
  const kind = COST_CATEGORIES[c.category] ?? c.category;
  return h(
    "article",
    { class: "card document" },
    h("h3", {}, `${kind}: ${euro(c.amountExclVat)}`),
    replaced(item, items),
    facts([
      ["Datum", longDate(c.costDate)],
      ["Bonnummer", c.costId.startsWith(OWN_COST) ? null : c.costId],
      ["Hoort bij factuur", c.invoiceNumber ?? "geen"],
      ["Doorgegeven door", SOURCES[item.source] ?? item.source],
    ]),
    correcting(item, `Corrigeren: ${kind}, ${euro(c.amountExclVat)}`, (cancel) =>
      costForm({ call, base: BASE, voice: WORKER_VOICE, invoices, done, original: c, cancel }),
    ),
  );
}

export async function businessView(context, flash = null) {
  const { call } = context;
  const [invoices, costs] = await Promise.all([call("/v1/mij/facturen"), call("/v1/mij/kosten")]);
  const section = h("section", { class: "business" });
  const done = async (said) => {
    const next = await businessView(context, `${said} ${RECOMPUTED}`);
    section.replaceWith(next);
    next.querySelector(".success")?.focus();
  };
  append(
    section,
    h("p", { class: "back" }, h("a", { href: "#/" }, "Overzicht")),
    h("h1", {}, "Eigen bedrijf"),
    h(
      "p",
      {},
      "Werkt u ook voor uzelf? Geef dan hier uw facturen en kosten door. Wat u verdient (de bedragen zonder " +
        "btw, min uw kosten) telt mee in de maanden waarin u het werk deed, net als loon.",
    ),
    h(
      "p",
      {},
      "Doet een boekhouder dit voor u? ",
      h("a", { href: "#/boekhouder" }, "Geef uw boekhouder toestemming"),
      ", dan kan die uw facturen en kosten rechtstreeks doorgeven.",
    ),
    flash ? h("p", { class: "success", role: "status", tabindex: "-1" }, flash) : null,
    invoiceForm({ call, base: BASE, voice: WORKER_VOICE, done }),
    uploadForm({ call, base: BASE, voice: WORKER_VOICE, done }),
    costForm({ call, base: BASE, voice: WORKER_VOICE, invoices: invoices.items, done }),
    h("h2", {}, "Mijn facturen"),
    invoices.items.length
      ? [...invoices.items].reverse().map((item) => invoiceCard(item, { call, items: invoices.items, done }))
      : h("p", { class: "card" }, "Nog geen facturen doorgegeven."),
    h("h2", {}, "Mijn kosten"),
    costs.items.length
      ? [...costs.items]
          .reverse()
          .map((item) => costCard(item, { call, items: costs.items, invoices: invoices.items, done }))
      : h("p", { class: "card" }, "Nog geen kosten doorgegeven."),
  );
  return section;
}
