// The forms for a worker's own business, shared by the worker's page and the portal: an invoice, an
// e-invoice file, a business cost, and the correction of one already sent. A correction is a new document
// with its own number that names the one it replaces (documents are never changed, only replaced).
// `voice` holds the words that differ between the worker ("uw klant") and the consultant ("de klant").

import { h } from "./dom.js";
import { errorSlot } from "./fields.js";
import { euro, isZero } from "./format.js";
import { COST_CATEGORIES, OWN_COST, plainProblem } from "./business.js";
import { FIX, alertSlot, amounts, date, field, missing, money, submit, takenAt, text } from "./forms.js";

// The API reads an e-invoice of at most 1 MB (1,048,576 bytes); a bigger file is refused before sending.
const MAX_UPLOAD = 1024 * 1024;

export const WORKER_VOICE = {
  invoiceTitle: "Factuur doorgeven",
  costTitle: "Kosten doorgeven",
  sent: "doorgegeven",
  client: "Vul de naam van uw klant in.",
  clientHint: "De naam van wie u de factuur stuurde.",
  costIntro: "Kosten die u maakte voor uw werk, zonder btw. Bewaar de bon.",
  costNumber: "Bonnummer (niet verplicht)",
  invoiceTaken: "Dit factuurnummer heeft u al gebruikt voor een andere factuur.",
  costTaken: "Dit bonnummer heeft u al gebruikt voor andere kosten.",
  uploadIntro:
    "Maakt uw boekhoudprogramma e-facturen (UBL, een XML-bestand)? Dan kunt u dat bestand hier kiezen. " +
    "We lezen de factuur eruit; u hoeft niets over te typen.",
  unreadable: "Typ de factuur hierboven over, of geef dit door aan uw boekhouder.",
  noFile: "Kies eerst het XML-bestand van uw e-factuur.",
};

export const STAFF_VOICE = {
  invoiceTitle: "Factuur vastleggen",
  costTitle: "Kosten vastleggen",
  sent: "vastgelegd",
  client: "Vul de naam van de klant in.",
  clientHint: "De naam van wie de werkende de factuur stuurde.",
  costIntro: "Kosten die de werkende maakte voor het werk, zonder btw, zoals op de bon.",
  costNumber: "Kenmerk of bonnummer (niet verplicht)",
  invoiceTaken: "Dit factuurnummer is al gebruikt voor een andere factuur van deze werkende.",
  costTaken: "Dit kenmerk is al gebruikt voor andere kosten van deze werkende.",
  uploadIntro:
    "Heeft de werkende een e-factuur (UBL, een XML-bestand) uit het boekhoudprogramma gestuurd? " +
    "Kies dat bestand; de factuur wordt eruit gelezen.",
  unreadable: "Typ de factuur hierboven over.",
  noFile: "Kies eerst het XML-bestand van de e-factuur.",
};

/** An amount from the API ("1234.50") as typed in Dutch ("1234,50"), to prefill a correction. */
const typed = (amount) => (amount === null || amount === undefined ? "" : String(amount).replace(".", ","));

/** A document's fields the forms do not show (who did the work, a cost's period): a correction keeps them. */
function kept(original, names) {
  const values = {};
  for (const name of names) {
    if (original?.[name] !== undefined && original[name] !== null) values[name] = original[name];
  }
  return values;
}

/** A date input showing `original[name]` (empty for a new document). */
const dated = (original, name) => Object.assign(date(), { value: original?.[name] ?? "" });

function buttons(label, cancel) {
  return h(
    "div",
    { class: "buttons" },
    h("button", { class: "primary big", type: "submit" }, label),
    cancel ? h("button", { type: "button", onclick: cancel }, "Annuleren") : null,
  );
}

/** The form for a new invoice, or with `original` (an invoice already sent) for its correction. */
export function invoiceForm({ call, base, voice, done, original = null, cancel = null }) {
  const prefix = original ? "correctie-factuur" : "factuur";
  const message = alertSlot();
  const paid = h("input", { type: "checkbox", id: `${prefix}-paid`, name: "paid" });
  paid.checked = Boolean(original?.paid);
  const form = h(
    "form",
    { class: "card stack business-form", novalidate: true, "aria-labelledby": `${prefix}-title` },
    h(
      "h2",
      { id: `${prefix}-title`, tabindex: "-1" },
      original ? `Factuur ${original.invoiceNumber} corrigeren` : voice.invoiceTitle,
    ),
    original
      ? h(
          "p",
          { class: "muted" },
          `Pas aan wat niet klopte. De correctie krijgt een eigen factuurnummer; factuur ` +
            `${original.invoiceNumber} telt daarna niet meer.`,
        )
      : h("p", { class: "muted" }, "Vul de bedragen in zonder btw, zoals op de factuur. Btw telt niet mee."),
    message,
    original ? errorSlot(prefix, "corrects") : null,
    field(prefix, "invoiceNumber", original ? "Nieuw factuurnummer" : "Factuurnummer", text()),
    field(prefix, "invoiceDate", "Factuurdatum", dated(original, "invoiceDate")),
    h(
      "fieldset",
      { class: "period" },
      h("legend", {}, "Wanneer is het werk gedaan? (niet verplicht)"),
      h("p", { class: "hint" }, "Leeg: het telt in de maand van de factuurdatum."),
      h(
        "div",
        { class: "period-dates" },
        field(prefix, "periodStart", "Van", dated(original, "periodStart")),
        field(prefix, "periodEnd", "Tot en met", dated(original, "periodEnd")),
      ),
    ),
    field(prefix, "client", "Klant", text({ maxlength: "200", value: original?.client }), voice.clientHint),
    field(prefix, "amountExclVat", "Bedrag zonder btw", money(), "Bijvoorbeeld 1.234,56"),
    field(prefix, "vat", "Btw", money(), "Leeg als er geen btw op de factuur staat."),
    h("div", { class: "field check" }, paid, h("label", { for: `${prefix}-paid` }, "De klant heeft deze factuur al betaald")),
    buttons(original ? "Correctie doorgeven" : voice.invoiceTitle, cancel),
  );
  form.elements.amountExclVat.value = typed(original?.amountExclVat);
  form.elements.vat.value = original && !isZero(original.vat) ? typed(original.vat) : "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const f = form.elements;
    const { values, wrong } = amounts(form, ["amountExclVat", "vat"], ["vat"]);
    const number = f.invoiceNumber.value.trim();
    const required = {
      invoiceNumber: original ? "Vul het nieuwe factuurnummer in." : "Vul het factuurnummer in.",
      invoiceDate: "Vul de factuurdatum in.",
      client: voice.client,
    };
    const reason = `Geef de correctie een ander nummer dan ${original?.invoiceNumber}.`;
    const same = original && number === original.invoiceNumber ? [{ name: "invoiceNumber", reason }] : [];
    const body = {
      ...kept(original, ["person"]),
      invoiceNumber: number,
      ...(original ? { corrects: original.invoiceNumber } : {}),
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
      prefix,
      wrong: [...missing(form, required), ...same, ...wrong],
      send: () => call(`${base}/facturen`, { method: "POST", body }),
      done: (view) =>
        done(
          original
            ? `Factuur ${view.invoice.invoiceNumber} vervangt nu factuur ${original.invoiceNumber}.`
            : `Factuur ${view.invoice.invoiceNumber} is ${voice.sent}.`,
        ),
      plain: takenAt("invoiceNumber", voice.invoiceTaken),
    });
  });
  return form;
}

/** A refused e-invoice: every element it names goes, with its line, under the file field. */
function unreadable(error, voice) {
  const found = (error.invalidParams ?? []).map((param) => `${param.name}: ${param.reason}`);
  if (!found.length) return plainProblem(error);
  const reason =
    `We kunnen dit bestand niet lezen als e-factuur. ${voice.unreadable} ` +
    `Wat er niet klopt: ${found.join("; ")}`;
  return { message: FIX, invalidParams: [{ name: "bestand", reason }] };
}

/** The form that sends an e-invoice file (UBL) as it is. */
export function uploadForm({ call, base, voice, done }) {
  const message = alertSlot();
  const file = h("input", { type: "file", accept: ".xml,application/xml,text/xml" });
  const form = h(
    "form",
    { class: "card stack business-form", novalidate: true, "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, "Of: e-factuur uploaden"),
    h("p", { class: "muted" }, voice.uploadIntro),
    message,
    field("upload", "bestand", "E-factuur (XML-bestand, ten hoogste 1 MB)", file),
    h("div", { class: "buttons" }, h("button", { class: "primary", type: "submit" }, "E-factuur uploaden")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    const wrong = !chosen
      ? [{ name: "bestand", reason: voice.noFile }]
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
        return call(`${base}/facturen/ubl`, { method: "POST", upload });
      },
      done: ({ invoice: i }) =>
        done(`Factuur ${i.invoiceNumber} aan ${i.client} is gelezen en ${voice.sent}.`),
      plain: (error) => unreadable(error, voice),
    });
  });
  return form;
}

/** A number for a cost without a receipt number: one per filled-in form, so pressing twice stores it once. */
const ownNumber = () => `${OWN_COST}${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** A refusal naming a number the page made up (a correction of a cost corrected meanwhile) in words. */
function withoutOwnNumber(problem) {
  const invalidParams = problem.invalidParams.map((param) =>
    param.reason.includes(OWN_COST)
      ? { ...param, reason: "Deze kosten zijn intussen al vervangen. Laad de pagina opnieuw." }
      : param,
  );
  return { ...problem, invalidParams };
}

/** The form for a new business cost, or with `original` (a cost already sent) for its correction. */
export function costForm({ call, base, voice, invoices, done, original = null, cancel = null }) {
  const prefix = original ? "correctie-kosten" : "kosten";
  const message = alertSlot();
  const open = invoices.filter((item) => !item.correctedBy).map((item) => item.invoice);
  const category = h(
    "select",
    {},
    h("option", { value: "" }, "Kies een soort"),
    Object.entries(COST_CATEGORIES).map(([value, label]) => h("option", { value }, label)),
  );
  const linked = original?.invoiceNumber;
  const invoice = h(
    "select",
    {},
    h("option", { value: "" }, "Bij geen factuur"),
    open.map((i) => h("option", { value: i.invoiceNumber }, `Factuur ${i.invoiceNumber} aan ${i.client}`)),
    linked && !open.some((i) => i.invoiceNumber === linked)
      ? h("option", { value: linked }, `Factuur ${linked}`)
      : null,
  );
  const own = ownNumber();
  const named = original && !original.costId.startsWith(OWN_COST) ? original.costId : null;
  const form = h(
    "form",
    { class: "card stack business-form", novalidate: true, "aria-labelledby": `${prefix}-title` },
    h(
      "h2",
      { id: `${prefix}-title`, tabindex: "-1" },
      original ? `Kosten van ${euro(original.amountExclVat)} corrigeren` : voice.costTitle,
    ),
    h(
      "p",
      { class: "muted" },
      original
        ? "Pas aan wat niet klopte. De correctie vervangt deze kosten; de oude tellen daarna niet meer."
        : voice.costIntro,
    ),
    message,
    original ? errorSlot(prefix, "corrects") : null,
    original
      ? field(
          prefix,
          "costId",
          "Nieuw kenmerk (niet verplicht)",
          text({ maxlength: "64" }),
          `${named ? `Een ander nummer dan ${named}. ` : ""}Leeg: we geven de correctie zelf een nummer.`,
        )
      : null,
    field(prefix, "costDate", "Datum van de bon", dated(original, "costDate")),
    field(prefix, "amountExclVat", "Bedrag zonder btw", money(), "Bijvoorbeeld 45,50"),
    field(prefix, "category", "Soort kosten", category),
    field(prefix, "invoiceNumber", "Hoort bij factuur (niet verplicht)", invoice),
    original ? null : field(prefix, "costId", voice.costNumber, text({ maxlength: "64" })),
    buttons(original ? "Correctie doorgeven" : voice.costTitle, cancel),
  );
  const f = form.elements;
  f.amountExclVat.value = typed(original?.amountExclVat);
  f.category.value = original?.category ?? "";
  f.invoiceNumber.value = linked ?? "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { values, wrong } = amounts(form, ["amountExclVat"]);
    const number = f.costId.value.trim();
    const body = {
      ...kept(original, ["person", "periodStart", "periodEnd"]),
      costId: number || own,
      ...(original ? { corrects: original.costId } : {}),
      costDate: f.costDate.value || null,
      category: f.category.value || null,
      ...(f.invoiceNumber.value ? { invoiceNumber: f.invoiceNumber.value } : {}),
      ...values,
    };
    const none = f.category.value ? [] : [{ name: "category", reason: "Kies de soort kosten." }];
    const same =
      original && number === original.costId
        ? [{ name: "costId", reason: `Geef de correctie een ander kenmerk dan ${original.costId}.` }]
        : [];
    submit({
      form,
      message,
      prefix,
      wrong: [...missing(form, { costDate: "Vul de datum van de bon in." }), ...same, ...wrong, ...none],
      send: () => call(`${base}/kosten`, { method: "POST", body }),
      done: (view) =>
        done(
          original
            ? `De correctie van ${euro(view.cost.amountExclVat)} vervangt nu de kosten van ` +
              `${euro(original.amountExclVat)}.`
            : `Kosten van ${euro(view.cost.amountExclVat)} zijn ${voice.sent}.`,
        ),
      plain: (error) => withoutOwnNumber(takenAt("costId", voice.costTaken)(error)),
    });
  });
  return form;
}
