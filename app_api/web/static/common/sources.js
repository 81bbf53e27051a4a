// A month's income split by where it comes from, for both pages: which explanation lines belong to wages
// and which to the worker's own business (rule 11). The amounts themselves come from the API
// (`incomeSources`); the pages only group the engine's lines under them.

export const WAGE_CODES = new Set(["INKOMEN", "VAKANTIEGELD_INKOMEN", "ONTBREKEND_MEEGETELD"]);
export const BUSINESS_CODES = new Set(["OMZET", "KOSTEN", "KOSTEN_TOTAAL", "VERLIES", "INKOMEN_ONDERNEMING"]);

/** The lines of `person` whose code is in `codes`. */
export function linesOf(lines, person, codes) {
  return lines.filter((line) => line.person === person && codes.has(line.code));
}

/** The sources worth a side-by-side view: only when someone's own business counts this month. */
export function withBusiness(sources) {
  return (sources ?? []).some((source) => source.hasBusiness) ? sources : [];
}
