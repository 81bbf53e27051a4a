// A worker's bookkeepers for the consultant: which bookkeeper (or bookkeeping program) the worker gave a
// mandate to pass on their invoices and costs, and for which days; record one the worker gave (on paper,
// at the desk) or end one with its last day. Consultants and team leads may; every read and change is
// audited by the API. One call at a time, as everywhere in a worker's file (see worker.js).

import { append, h, table } from "../common/dom.js";
import { longDate, moment } from "../common/format.js";
import { alertSlot, date, field, missing, submit } from "../common/forms.js";
import { workerHeader } from "./worker.js";

const RECORDERS = ["consultant", "team_lead"];

/** Today in the consultant's time zone, as the API writes a date (YYYY-MM-DD). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function running(mandate, day) {
  return mandate.validTo === null || mandate.validTo >= day;
}

function dated(value = "") {
  const input = date();
  input.value = value;
  return input;
}

/** Check `required` (name → what to say), send, and show each refusal next to its field. */
function wire(form, { prefix, required, send, done }) {
  const message = form.querySelector(".alert");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit({ form, message, prefix, wrong: missing(form, required), send, done });
  });
  return form;
}

function recordForm(context, id, bookkeepers, done) {
  const choice = h(
    "select",
    {},
    h("option", { value: "" }, "Kies een boekhouder"),
    bookkeepers.map((bookkeeper) => h("option", { value: bookkeeper.id }, bookkeeper.name)),
  );
  const form = h(
    "form",
    { class: "card stack mandate-form", novalidate: true, "aria-labelledby": "mandate-record-title" },
    h("h2", { id: "mandate-record-title" }, "Machtiging vastleggen"),
    h("p", { class: "muted" }, "Leg vast welke boekhouder de werkende heeft gemachtigd, bijvoorbeeld op papier."),
    alertSlot(),
    field("vastleggen", "bookkeeperId", "Boekhouder", choice),
    field("vastleggen", "validFrom", "Vanaf", dated(today())),
    field("vastleggen", "validTo", "Tot en met (niet verplicht)", dated(), "Leeg: loopt door."),
    h("div", { class: "buttons" }, h("button", { class: "primary", type: "submit" }, "Vastleggen")),
  );
  return wire(form, {
    prefix: "vastleggen",
    required: { bookkeeperId: "Kies een boekhouder.", validFrom: "Vul de eerste dag in." },
    send: () => {
      const f = form.elements;
      const body = { bookkeeperId: f.bookkeeperId.value, validFrom: f.validFrom.value, validTo: f.validTo.value || null };
      return context.call(`/v1/werkenden/${id}/machtigingen`, { method: "POST", body });
    },
    done: (view) => done(`Vastgelegd: ${view.bookkeeperName} vanaf ${longDate(view.validFrom)}.`),
  });
}

function endForm(context, id, open, done) {
  const choice = h(
    "select",
    {},
    h("option", { value: "" }, "Kies een machtiging"),
    open.map((m) => h("option", { value: m.id }, `${m.bookkeeperName}, vanaf ${longDate(m.validFrom)}`)),
  );
  const form = h(
    "form",
    { class: "card stack mandate-end", novalidate: true, "aria-labelledby": "mandate-end-title" },
    h("h2", { id: "mandate-end-title" }, "Machtiging beëindigen"),
    alertSlot(),
    field("beeindigen", "mandate", "Machtiging", choice),
    field("beeindigen", "validTo", "Laatste dag", dated(today()), "Tot en met deze dag mag de boekhouder nog doorgeven."),
    h("div", { class: "buttons" }, h("button", { class: "primary", type: "submit" }, "Beëindigen")),
  );
  return wire(form, {
    prefix: "beeindigen",
    required: { mandate: "Kies de machtiging.", validTo: "Vul de laatste dag in." },
    send: () => {
      const body = { validTo: form.elements.validTo.value };
      const path = `/v1/werkenden/${id}/machtigingen/${choice.value}`;
      return context.call(path, { method: "PATCH", body });
    },
    done: (view) => done(`Beëindigd: ${view.bookkeeperName} tot en met ${longDate(view.validTo)}.`),
  });
}

/** The bookkeeper tab of a worker's file. */
export async function mandatesView(context, id, flash = null) {
  const header = await workerHeader(context, id, "/boekhouder");
  const mandates = await context.call(`/v1/werkenden/${id}/machtigingen`);
  const may = RECORDERS.some((role) => context.session.roles.includes(role));
  const bookkeepers = may ? await context.call("/v1/boekhouders") : [];
  const day = today();
  const section = h("section", { class: "mandates" });
  const done = async (said) => {
    const next = await mandatesView(context, id, said);
    section.replaceWith(next);
    next.querySelector(".success")?.focus();
  };
  const rows = mandates.map((m) => [
    m.bookkeeperName,
    longDate(m.validFrom),
    m.validTo ? longDate(m.validTo) : "loopt door",
    running(m, day) ? (m.validFrom > day ? "begint nog" : "loopt") : "beëindigd",
    moment(m.recordedAt),
  ]);
  const open = mandates.filter((m) => running(m, day));
  append(
    section,
    header,
    h("h2", {}, "Machtigingen boekhouder"),
    h(
      "p",
      { class: "muted" },
      "Een gemachtigde boekhouder mag de facturen en kosten van de werkende doorgeven, alleen van de dagen " +
        "waarop de machtiging loopt. Wat de boekhouder doorgeeft, staat bij Eigen bedrijf.",
    ),
    flash ? h("p", { class: "success", role: "status", tabindex: "-1" }, flash) : null,
    rows.length
      ? table(["Boekhouder", "Vanaf", "Tot en met", "Status", "Vastgelegd"], rows)
      : h("p", { class: "muted" }, "Geen machtigingen."),
    may && bookkeepers.length ? recordForm(context, id, bookkeepers, done) : null,
    may && open.length ? endForm(context, id, open, done) : null,
  );
  return section;
}
