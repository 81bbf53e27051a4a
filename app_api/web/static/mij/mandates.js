// The worker's bookkeeper: which bookkeeper (or bookkeeping program) may pass on their invoices and costs,
// from which day to which day; give one a mandate, or end one with its last day. Plain Dutch (B1); what the
// API refuses is said next to the field it names.

import { append, facts, h } from "../common/dom.js";
import { longDate } from "../common/format.js";
import { alertSlot, date, field, missing, submit } from "../common/forms.js";

const MEANS =
  "Laat u uw boekhouding doen door een boekhouder of een boekhoudprogramma? Geef die dan een machtiging. " +
  "Uw boekhouder mag dan uw facturen en kosten aan de gemeente doorgeven. U hoeft ze dan niet zelf hier in " +
  "te vullen.";
const LIMITS =
  "Uw boekhouder ziet niets van uw bijstand en kan alleen facturen en kosten doorgeven van de dagen waarop " +
  "de machtiging loopt. U ziet alles wat uw boekhouder doorgeeft bij Eigen bedrijf. U kunt de machtiging " +
  "altijd stoppen.";
const GIVE_REQUIRED = {
  bookkeeperId: "Kies uw boekhouder uit de lijst.",
  validFrom: "Vul de eerste dag in.",
};
const END_REQUIRED = { validTo: "Vul de laatste dag in." };

/** Today in the worker's own time zone, as the API writes a date (YYYY-MM-DD). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function dated(value) {
  const input = date();
  input.value = value;
  return input;
}

function state(mandate, day) {
  if (mandate.validTo !== null && mandate.validTo < day) return h("span", { class: "chip" }, "Gestopt");
  if (mandate.validFrom > day) return h("span", { class: "chip" }, "Begint nog");
  return h("span", { class: "chip chip-ok" }, "Loopt");
}

function endForm(call, mandate, index, done) {
  const prefix = `stoppen-${index}`;
  const message = alertSlot();
  const title = `stoppen-${index}-title`;
  const form = h(
    "form",
    { class: "stack mandate-end", novalidate: true, "aria-labelledby": title },
    h("h4", { id: title }, `Machtiging van ${mandate.bookkeeperName} stoppen`),
    message,
    field(prefix, "validTo", "Laatste dag", dated(today()), "Tot en met deze dag mag uw boekhouder nog doorgeven."),
    h("div", { class: "buttons" }, h("button", { class: "secondary", type: "submit" }, "Machtiging stoppen")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const validTo = form.elements.validTo.value;
    submit({
      form,
      message,
      prefix,
      wrong: missing(form, END_REQUIRED),
      send: () => call(`/v1/mij/machtigingen/${mandate.id}`, { method: "PATCH", body: { validTo } }),
      done: (view) =>
        done(`De machtiging van ${view.bookkeeperName} stopt na ${longDate(view.validTo)}.`),
    });
  });
  return form;
}

function mandateCard(call, mandate, index, day, done) {
  const running = mandate.validTo === null || mandate.validTo >= day;
  return h(
    "article",
    { class: "card mandate" },
    h("h3", {}, mandate.bookkeeperName, " ", state(mandate, day)),
    facts([
      ["Vanaf", longDate(mandate.validFrom)],
      ["Tot en met", mandate.validTo ? longDate(mandate.validTo) : "loopt door tot u stopt"],
    ]),
    running ? endForm(call, mandate, index, done) : null,
  );
}

function giveForm(call, bookkeepers, done) {
  const message = alertSlot();
  const choice = h(
    "select",
    {},
    h("option", { value: "" }, "Kies uw boekhouder"),
    bookkeepers.map((bookkeeper) => h("option", { value: bookkeeper.id }, bookkeeper.name)),
  );
  const form = h(
    "form",
    { class: "card stack mandate-form", novalidate: true, "aria-labelledby": "give-title" },
    h("h2", { id: "give-title" }, "Boekhouder machtigen"),
    message,
    field("machtigen", "bookkeeperId", "Boekhouder", choice, "Staat uw boekhouder er niet bij? Vraag uw consulent."),
    field(
      "machtigen",
      "validFrom",
      "Vanaf",
      dated(today()),
      "Facturen en kosten vanaf deze dag mag uw boekhouder doorgeven.",
    ),
    h("div", { class: "buttons" }, h("button", { class: "primary big", type: "submit" }, "Machtigen")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { bookkeeperId: choice.value, validFrom: form.elements.validFrom.value };
    submit({
      form,
      message,
      prefix: "machtigen",
      wrong: missing(form, GIVE_REQUIRED),
      send: () => call("/v1/mij/machtigingen", { method: "POST", body }),
      done: (view) =>
        done(`${view.bookkeeperName} mag vanaf ${longDate(view.validFrom)} uw facturen en kosten doorgeven.`),
    });
  });
  return form;
}

export async function mandatesView(context, flash = null) {
  const { call } = context;
  const [mandates, bookkeepers] = await Promise.all([
    call("/v1/mij/machtigingen"),
    call("/v1/mij/boekhouders"),
  ]);
  const day = today();
  const section = h("section", { class: "mandates" });
  const done = async (said) => {
    const next = await mandatesView(context, said);
    section.replaceWith(next);
    next.querySelector(".success")?.focus();
  };
  append(
    section,
    h(
      "p",
      { class: "back" },
      h("a", { href: "#/" }, "Overzicht"),
      " · ",
      h("a", { href: "#/eigen-bedrijf" }, "Eigen bedrijf"),
    ),
    h("h1", {}, "Boekhouder"),
    h("p", {}, MEANS),
    h("p", { class: "muted" }, LIMITS),
    flash ? h("p", { class: "success", role: "status", tabindex: "-1" }, flash) : null,
    h("h2", {}, "Mijn machtigingen"),
    mandates.length
      ? [...mandates].reverse().map((mandate, index) => mandateCard(call, mandate, index, day, done))
      : h("p", { class: "card" }, "U heeft nog geen boekhouder gemachtigd."),
    bookkeepers.length
      ? giveForm(call, bookkeepers, done)
      : h("p", { class: "card" }, "Er zijn nog geen boekhouders aangesloten. Geef uw facturen en kosten zelf door."),
  );
  return section;
}
