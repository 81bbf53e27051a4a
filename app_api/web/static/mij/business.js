// The worker's own business: pass on an invoice or a business cost (typed in, or an e-invoice file from
// the bookkeeping program), and see what was passed on. Amounts are typed in Dutch notation and sent as
// text ("1.234,56" → "1234.56"); what the API refuses is shown next to the field it names.

import { append, facts, h } from "../common/dom.js";
import { euro, longDate, period } from "../common/format.js";
import { COST_CATEGORIES, OWN_COST, plainProblem } from "../common/business.js";
import { FIX, alertSlot, amounts, date, field, missing, money, submit, takenAt, text } from "./forms.js";

const SOURCES = { werkende: "uzelf", gemeente: "uw consulent", boekhouding: "uw boekhouder" };
// The API reads an e-invoice of at most 1 MB (1,048,576 bytes); a bigger file is refused before sending.
const MAX_UPLOAD = 1024 * 1024;
const RECOMPUTED = "We rekenen uw bijstand opnieuw uit; dat ziet u zo bij de maand.";
const INVOICE_REQUIRED = {
  invoiceNumber: "Vul het factuurnummer in.",
  invoiceDate: "Vul de factuurdatum in.",
  client: "Vul de naam van uw klant in.",
};
const COST_REQUIRED = { costDate: "Vul de datum van de bon in." };

function invoiceForm(call, done) {
  const message = alertSlot();
  const form = h(
    "form",
    { class: "card stack business-form", novalidate: true, "aria-labelledby": "invoice-title" },
    h("h2", { id: "invoice-title" }, "Factuur doorgeven"),
    h("p", { class: "muted" }, "Vul de bedragen in zonder btw, zoals op uw factuur. De btw telt niet mee."),
    message,
    field("factuur", "invoiceNumber", "Factuurnummer", text()),
    field("factuur", "invoiceDate", "Factuurdatum", date()),
    h(
      "fieldset",
      { class: "period" },
      h("legend", {}, "Wanneer deed u het werk? (niet verplicht)"),
      h("p", { class: "hint" }, "Leeg: het telt in de maand van de factuurdatum."),
      h(
        "div",
        { class: "period-dates" },
        field("factuur", "periodStart", "Van", date()),
        field("factuur", "periodEnd", "Tot en met", date()),
      ),
    ),
    field("factuur", "client", "Klant", text({ maxlength: "200" }), "De naam van wie u de factuur stuurde."),
    field("factuur", "amountExclVat", "Bedrag zonder btw", money(), "Bijvoorbeeld 1.234,56"),
    field("factuur", "vat", "Btw", money(), "Leeg als er geen btw op de factuur staat."),
    h(
      "div",
      { class: "field check" },
      h("input", { type: "checkbox", id: "factuur-paid", name: "paid" }),
      h("label", { for: "factuur-paid" }, "De klant heeft deze factuur al betaald"),
    ),
    h("div", { class: "buttons" }, h("button", { class: "primary big", type: "submit" }, "Factuur doorgeven")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const f = form.elements;
    const { values, wrong } = amounts(form, ["amountExclVat", "vat"], ["vat"]);
    const body = {
      invoiceNumber: f.invoiceNumber.value.trim(),
      invoiceDate: f.invoiceDate.value || null,
      periodStart: f.periodStart.value || null,
      periodEnd: f.periodEnd.value || null,
      client: f.client.value.trim(),
      ...values,
      paid: f.paid.checked,
    };
    submit({
      form,
      message,
      prefix: "factuur",
      wrong: [...missing(form, INVOICE_REQUIRED), ...wrong],
      send: () => call("/v1/mij/facturen", { method: "POST", body }),
      done: (view) => done(`Factuur ${view.invoice.invoiceNumber} is doorgegeven.`),
      plain: takenAt("invoiceNumber", "Dit factuurnummer heeft u al gebruikt voor een andere factuur."),
    });
  });
  return form;
}

/** A refused e-invoice: every element it names goes, with its line, under the file field. */
function unreadable(error) {
  const found = (error.invalidParams ?? []).map((param) => `${param.name}: ${param.reason}`);
  if (!found.length) return plainProblem(error);
  const reason =
    "We kunnen dit bestand niet lezen als e-factuur. Typ de factuur hierboven over, of geef dit door aan " +
    `uw boekhouder. Wat er niet klopt: ${found.join("; ")}`;
  return { message: FIX, invalidParams: [{ name: "bestand", reason }] };
}

function uploadForm(call, done) {
  const message = alertSlot();
  const file = h("input", { type: "file", accept: ".xml,application/xml,text/xml" });
  const form = h(
    "form",
    { class: "card stack business-form", novalidate: true, "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, "Of: e-factuur uploaden"),
    h(
      "p",
      { class: "muted" },
      "Maakt uw boekhoudprogramma e-facturen (UBL, een XML-bestand)? Dan kunt u dat bestand hier kiezen. " +
        "We lezen de factuur eruit; u hoeft niets over te typen.",
    ),
    message,
    field("upload", "bestand", "E-factuur (XML-bestand, ten hoogste 1 MB)", file),
    h("div", { class: "buttons" }, h("button", { class: "primary", type: "submit" }, "E-factuur uploaden")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    const wrong = !chosen
      ? [{ name: "bestand", reason: "Kies eerst het XML-bestand van uw e-factuur." }]
      : chosen.size > MAX_UPLOAD
        ? [{ name: "bestand", reason: "Dit bestand is groter dan 1 MB. Een e-factuur is veel kleiner." }]
        : [];
    submit({
      form,
      message,
      prefix: "upload",
      wrong,
      send: async () => {
        const upload = { data: await chosen.arrayBuffer(), type: "application/xml" };
        return call("/v1/mij/facturen/ubl", { method: "POST", upload });
      },
      done: ({ invoice: i }) => done(`Factuur ${i.invoiceNumber} aan ${i.client} is gelezen en doorgegeven.`),
      plain: unreadable,
    });
  });
  return form;
}

function costForm(call, invoices, done) {
  const message = alertSlot();
  const category = h(
    "select",
    {},
    h("option", { value: "" }, "Kies een soort"),
    Object.entries(COST_CATEGORIES).map(([value, label]) => h("option", { value }, label)),
  );
  const invoice = h(
    "select",
    {},
    h("option", { value: "" }, "Bij geen factuur"),
    invoices
      .filter((item) => !item.correctedBy)
      .map(({ invoice: i }) =>
        h("option", { value: i.invoiceNumber }, `Factuur ${i.invoiceNumber} aan ${i.client}`),
      ),
  );
  // One number per filled-in form: pressing the button twice stores the cost once.
  const own = `${OWN_COST}${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const form = h(
    "form",
    { class: "card stack business-form", novalidate: true, "aria-labelledby": "cost-title" },
    h("h2", { id: "cost-title" }, "Kosten doorgeven"),
    h("p", { class: "muted" }, "Kosten die u maakte voor uw werk, zonder btw. Bewaar de bon."),
    message,
    field("kosten", "costDate", "Datum van de bon", date()),
    field("kosten", "amountExclVat", "Bedrag zonder btw", money(), "Bijvoorbeeld 45,50"),
    field("kosten", "category", "Soort kosten", category),
    field("kosten", "invoiceNumber", "Hoort bij factuur (niet verplicht)", invoice),
    field("kosten", "costId", "Bonnummer (niet verplicht)", text({ maxlength: "64" })),
    h("div", { class: "buttons" }, h("button", { class: "primary big", type: "submit" }, "Kosten doorgeven")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const f = form.elements;
    const { values, wrong } = amounts(form, ["amountExclVat"]);
    const body = {
      costId: f.costId.value.trim() || own,
      costDate: f.costDate.value || null,
      category: f.category.value || null,
      ...(f.invoiceNumber.value ? { invoiceNumber: f.invoiceNumber.value } : {}),
      ...values,
    };
    const none = f.category.value ? [] : [{ name: "category", reason: "Kies de soort kosten." }];
    submit({
      form,
      message,
      prefix: "kosten",
      wrong: [...missing(form, COST_REQUIRED), ...wrong, ...none],
      send: () => call("/v1/mij/kosten", { method: "POST", body }),
      done: (view) => done(`Kosten van ${euro(view.cost.amountExclVat)} zijn doorgegeven.`),
      plain: takenAt("costId", "Dit bonnummer heeft u al gebruikt voor andere kosten."),
    });
  });
  return form;
}

function replaced(item, word) {
  if (!item.correctedBy) return null;
  return h("p", { class: "note" }, `Vervangen door ${word} ${item.correctedBy}. Die telt.`);
}

function invoiceCard(item) {
  const i = item.invoice;
  return h(
    "article",
    { class: "card document" },
    h("h3", {}, `Factuur ${i.invoiceNumber} aan ${i.client}`),
    replaced(item, "factuur"),
    facts([
      ["Factuurdatum", longDate(i.invoiceDate)],
      ["Werk gedaan", i.periodStart ? period(i.periodStart, i.periodEnd) : "in de maand van de factuur"],
      ["Zonder btw", euro(i.amountExclVat)],
      ["Btw (telt niet mee)", euro(i.vat)],
      ["Betaald", i.paid ? "ja" : "nog niet"],
      ["Doorgegeven door", SOURCES[item.source] ?? item.source],
    ]),
  );
}

function costCard(item) {
  const c = item.cost;
  return h(
    "article",
    { class: "card document" },
    h("h3", {}, `${COST_CATEGORIES[c.category] ?? c.category}: ${euro(c.amountExclVat)}`),
    replaced(item, "kostenpost"),
    facts([
      ["Datum", longDate(c.costDate)],
      ["Bonnummer", c.costId.startsWith(OWN_COST) ? null : c.costId],
      ["Hoort bij factuur", c.invoiceNumber ?? "geen"],
      ["Doorgegeven door", SOURCES[item.source] ?? item.source],
    ]),
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
    flash ? h("p", { class: "success", role: "status", tabindex: "-1" }, flash) : null,
    invoiceForm(call, done),
    uploadForm(call, done),
    costForm(call, invoices.items, done),
    h("h2", {}, "Mijn facturen"),
    invoices.items.length
      ? [...invoices.items].reverse().map(invoiceCard)
      : h("p", { class: "card" }, "Nog geen facturen doorgegeven."),
    h("h2", {}, "Mijn kosten"),
    costs.items.length
      ? [...costs.items].reverse().map(costCard)
      : h("p", { class: "card" }, "Nog geen kosten doorgegeven."),
  );
  return section;
}
