// The explanation lines of a result: every step of the sum, with the article it rests on and its inputs.

import { h } from "./dom.js";
import { euro, longDate } from "./format.js";

/** Engine texts name an agency by its id; show its name where the page knows it. */
export function readable(text, agencies) {
  let result = text;
  for (const [id, name] of agencies) result = result.replaceAll(id, name);
  return result;
}

function parameterText(parameter) {
  const confirmed = parameter.confirmed ? "" : ", nog niet bevestigd";
  return `${parameter.key} = ${parameter.value} (geldig vanaf ${longDate(parameter.validFrom)}${confirmed})`;
}

function details(line, agencies) {
  const items = [
    ...line.inputs.map((input) => h("li", {}, input)),
    ...line.parameters.map((parameter) => h("li", {}, parameterText(parameter))),
    ...line.records.map((record) => {
      const agency = agencies.get(record.agency) ?? record.agency;
      return h("li", {}, `Loonstrook ${agency} ${record.recordId}, versie ${record.version}`);
    }),
  ];
  return items.length ? h("ul", { class: "line-details" }, items) : null;
}

/** The lines as an ordered list; `detailed` adds codes, articles, inputs and parameters (for staff). */
export function explanation(lines, { agencies = new Map(), detailed = true } = {}) {
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
          h("span", { class: "line-text" }, readable(line.text, agencies)),
          line.amount === null ? null : h("span", { class: "line-amount" }, euro(line.amount)),
        ),
        detailed ? h("div", { class: "line-meta" }, `${line.code} · ${line.reference}`) : null,
        detailed ? details(line, agencies) : null,
      ),
    ),
  );
}
