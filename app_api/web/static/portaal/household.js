// Household facts per period, and recording a change from a date (the API then recomputes the figures).

import { append, h, table } from "../common/dom.js";
import { longDate, monthName } from "../common/format.js";
import { DISREGARDS, HOUSEHOLDS } from "./labels.js";
import { workerHeader } from "./worker.js";

const COLUMNS = [
  "Periode",
  "Huishouden",
  "Kostendelers 27+",
  "Partner geboren",
  "Jongste kind geboren",
  "Vrijlatingen",
];

function disregardText(grant) {
  const until = grant.endMonth ? ` t/m ${monthName(grant.endMonth)}` : "";
  const kind = DISREGARDS[grant.kind] ?? grant.kind;
  return `${kind} vanaf ${monthName(grant.startMonth)}${until} (${grant.person})`;
}

function periodsTable(periods) {
  const rows = periods.map(({ validFrom, validTo, facts }) => [
    validTo ? `${longDate(validFrom)} t/m ${longDate(validTo)}` : `vanaf ${longDate(validFrom)}`,
    HOUSEHOLDS[facts.householdType] ?? facts.householdType,
    String(facts.costSharers),
    facts.partnerBirthDate ? longDate(facts.partnerBirthDate) : "–",
    facts.youngestChildBirthDate ? longDate(facts.youngestChildBirthDate) : "–",
    facts.disregards.length ? facts.disregards.map(disregardText).join("; ") : "geen",
  ]);
  return table(COLUMNS, rows);
}

function field(label, control) {
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control);
}

function input(name, type, value, extra = {}) {
  return h("input", { id: `hh-${name}`, name, type, value: value ?? "", ...extra });
}

function changeForm(context, id, latest, onSaved) {
  const facts = latest?.facts;
  const household = h(
    "select",
    { id: "hh-household", name: "household" },
    Object.entries(HOUSEHOLDS).map(([value, label]) =>
      h("option", { value, selected: facts?.householdType === value }, label),
    ),
  );
  const sharers = String(facts?.costSharers ?? 0);
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "card stack household-form", novalidate: true },
    h("h2", {}, "Wijziging vastleggen"),
    h("p", { class: "muted" }, "De gegevens gelden vanaf de datum die u kiest. Vrijlatingen blijven gelijk."),
    message,
    field("Geldig vanaf", input("validFrom", "date", "", { required: true })),
    field("Tot en met (leeg: doorlopend)", input("validTo", "date")),
    field("Huishouden", household),
    field("Kostendelers van 27 jaar of ouder", input("costSharers", "number", sharers, { min: 0, max: 20 })),
    field("Geboortedatum partner", input("partnerBirthDate", "date", facts?.partnerBirthDate)),
    field("Geboortedatum jongste kind", input("youngestChild", "date", facts?.youngestChildBirthDate)),
    field("Ingangsdatum uitkering", input("benefitStart", "date", facts?.benefitStart, { required: true })),
    h("div", { class: "buttons" }, h("button", { class: "primary", type: "submit" }, "Vastleggen")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.elements[name].value || null;
    const body = {
      validFrom: value("validFrom"),
      validTo: value("validTo"),
      facts: {
        benefitStart: value("benefitStart"),
        householdType: household.value,
        partnerBirthDate: value("partnerBirthDate"),
        youngestChildBirthDate: value("youngestChild"),
        costSharers: Number.parseInt(value("costSharers") ?? "0", 10),
        disregards: facts?.disregards ?? [],
      },
    };
    message.hidden = true;
    try {
      await context.call(`/v1/werkenden/${id}/huishouden`, { method: "POST", body });
      await onSaved();
    } catch (error) {
      const reasons = error.invalidParams?.map((param) => `${param.name}: ${param.reason}`) ?? [];
      message.textContent = [error.message, ...reasons].join(" ");
      message.hidden = false;
    }
  });
  return form;
}

export async function householdView(context, id, flash = null) {
  const header = await workerHeader(context, id, "/huishouden");
  const household = await context.call(`/v1/werkenden/${id}/huishouden`);
  const section = h("section", { class: "household" });
  const saved = async () => {
    section.replaceWith(await householdView(context, id, "Vastgelegd. De cijfers worden opnieuw berekend."));
  };
  append(
    section,
    header,
    h("h2", {}, "Leefsituatie per periode"),
    flash ? h("p", { class: "success", role: "status" }, flash) : null,
    household.periods.length
      ? periodsTable(household.periods)
      : h("p", { class: "muted" }, "Nog niets vastgelegd."),
    changeForm(context, id, household.periods.at(-1), saved),
  );
  return section;
}
