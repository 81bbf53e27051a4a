// The explanation lines of a result for staff: every step of the sum, with the article it rests on, its
// inputs, the parameter values and pay slips it used. No internal code, parameter key, record id or
// design reference: a parameter reads by its name, a pay slip by its agency.

import { h } from "./dom.js";
import { euro, longDate } from "./format.js";

/** Engine texts name a pay slip as "agency id/record id"; show the agency's name where the page knows it. */
export function readable(text, agencies, records = []) {
  let result = text;
  for (const record of records) {
    const name = agencies.get(record.agency);
    if (!name) continue;
    result = result
      .replaceAll(`${record.agency}/${record.recordId} v${record.version}`, name)
      .replaceAll(`${record.agency}/${record.recordId}`, name);
  }
  for (const [id, name] of agencies) result = result.replaceAll(id, name);
  return result;
}

/** The legal part of a reference: design-document references are for the makers, not the reader. */
export function legalReference(reference) {
  return reference
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith("DESIGN"))
    .join("; ");
}

function parameterText(parameter, labels) {
  const confirmed = parameter.confirmed ? "" : ", nog niet bevestigd";
  const name = labels.get(parameter.key) ?? "Wettelijke waarde";
  return `${name}: ${parameter.value} (geldig vanaf ${longDate(parameter.validFrom)}${confirmed})`;
}

function details(line, agencies, labels) {
  const items = [
    ...line.inputs.map((input) => h("li", {}, readable(input, agencies, line.records))),
    ...line.parameters.map((parameter) => h("li", {}, parameterText(parameter, labels))),
    ...line.records.map((record) => {
      const agency = agencies.get(record.agency) ?? "het uitzendbureau";
      return h("li", {}, `Loonstrook van ${agency}, versie ${record.version}`);
    }),
  ];
  return items.length ? h("ul", { class: "line-details" }, items) : null;
}

/** The lines as an ordered list; `detailed` adds articles, inputs, parameter values and pay slips (for
 * staff). `labels` names the parameters by key (from the result's list of parameters used). */
export function explanation(lines, { agencies = new Map(), labels = new Map(), detailed = true } = {}) {
  return h(
    "ol",
    { class: "lines" },
    lines.map((line) =>
      h(
        "li",
        { class: "line", "data-code": line.code },
        h(
          "div",
          { class: "line-main" },
          h("span", { class: "line-text" }, readable(line.text, agencies, line.records)),
          line.amount === null ? null : h("span", { class: "line-amount" }, euro(line.amount)),
        ),
        detailed && legalReference(line.reference)
          ? h("div", { class: "line-meta" }, legalReference(line.reference))
          : null,
        detailed ? details(line, agencies, labels) : null,
      ),
    ),
  );
}
