// Export approved settlements for the municipality's benefit system (layout: docs/export-layout.md).

import { saveFile } from "../common/download.js";
import { h } from "../common/dom.js";

const INTRO =
  "Exporteer alle goedgekeurde maandverrekeningen van een maand in één bestand. " +
  "Daarna staan ze op geëxporteerd en gaan ze niet nog eens mee.";

function currentMonth() {
  const today = new Date();
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}`;
}

/** A button that downloads the export file of `month` that was made before (e.g. after the month's step). */
export function downloadAgainButton(context, month, label = "Exportbestand downloaden (CSV)") {
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const button = h("button", { class: "secondary", type: "button" }, label);
  button.addEventListener("click", async () => {
    message.hidden = true;
    try {
      saveFile(await context.call(`/v1/exporten/${month}?format=csv`, { file: true }));
    } catch (error) {
      message.textContent = error.message;
      message.hidden = false;
    }
  });
  return h("div", { class: "stack" }, button, message);
}

export async function exportsView(context) {
  const month = h("input", { id: "export-month", type: "month", value: currentMonth(), required: true });
  const format = h(
    "select",
    { id: "export-format" },
    h("option", { value: "csv" }, "CSV (puntkomma's)"),
    h("option", { value: "json" }, "JSON"),
  );
  const result = h("p", { role: "status", hidden: true });
  const run = async (request) => {
    result.hidden = true;
    try {
      const file = await request();
      saveFile(file);
      result.className = "success";
      result.textContent = `Het bestand ${file.name} is gedownload.`;
    } catch (error) {
      result.className = "alert";
      result.textContent = error.message;
    }
    result.hidden = false;
  };
  const create = h("button", { class: "primary", type: "button" }, "Goedgekeurde maanden exporteren");
  create.addEventListener("click", () => {
    const body = { month: month.value, format: format.value };
    run(() => context.call("/v1/exporten", { method: "POST", body, file: true }));
  });
  const again = h("button", { class: "secondary", type: "button" }, "Eerder bestand opnieuw maken");
  again.addEventListener("click", () => {
    run(() => context.call(`/v1/exporten/${month.value}?format=${format.value}`, { file: true }));
  });
  return h(
    "section",
    { class: "exports" },
    h("p", { class: "crumbs" }, h("a", { href: "#/" }, "Caseload")),
    h("h1", {}, "Exporteren naar het uitkeringssysteem"),
    h("p", {}, INTRO),
    h(
      "div",
      { class: "card stack" },
      h("label", { for: "export-month" }, "Maand"),
      month,
      h("label", { for: "export-format" }, "Bestandsvorm"),
      format,
      h("div", { class: "buttons" }, create, again),
      result,
    ),
  );
}
