// Words for invoices and business costs of a worker's own business, shared by the worker's page and the
// portal: the kinds of cost, who passed a document on, and a refusal of the API told per field in plain
// Dutch.

import { ApiProblem } from "./api.js";
import { longDate } from "./format.js";

export const COST_CATEGORIES = {
  materiaal: "Materiaal",
  vervoer: "Vervoer",
  telefoon_internet: "Telefoon en internet",
  huisvesting: "Huisvesting",
  gereedschap: "Gereedschap",
  verzekering: "Verzekering",
  overig: "Overig",
};

const UNREACHABLE = "Het doorgeven is niet gelukt. Probeer het over een paar minuten opnieuw.";
// Field messages whose wording is for programmers: the page says what to type instead.
const BY_CODE = {
  decimal_parsing: "Vul een bedrag in, bijvoorbeeld 1.234,56.",
  decimal_max_places: "Gebruik ten hoogste twee cijfers achter de komma.",
  string_pattern_mismatch: "Gebruik alleen letters, cijfers en de tekens . _ / -",
};

/** An ApiProblem's fields in plain Dutch, ISO dates as "1 januari 2000". Returns
 * `{ message, invalidParams }` for `showFieldErrors`. */
export function plainProblem(error) {
  if (!(error instanceof ApiProblem)) {
    return { message: UNREACHABLE, invalidParams: [] };
  }
  const invalidParams = (error.invalidParams ?? []).map((param) => {
    const reason = String(param.reason ?? "");
    return {
      name: param.name,
      reason: (BY_CODE[param.code] ?? reason).replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => longDate(iso)),
    };
  });
  return { message: error.message, invalidParams };
}

// The number the worker's page gives a cost without a receipt number: unique, and read by nobody.
export const OWN_COST = "auto-";
const OWN_NUMBER = / auto-[0-9a-f]{12}(?= \()/g;

/** `lines` with the page's own cost numbers left out of their text ("Kosten (materiaal, € 12,50)"). */
export function withoutOwnNumbers(lines) {
  return lines.map((line) =>
    line.text.includes(OWN_COST) ? { ...line, text: line.text.replace(OWN_NUMBER, "") } : line,
  );
}
