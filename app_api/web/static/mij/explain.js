// How a month or week was worked out, for the worker: each step in plain words with its amount, and the
// article of the law it rests on as a link to that article on wetten.overheid.nl. No line codes, record
// ids, parameter keys or design references: those are for staff.

import { h } from "../common/dom.js";
import { euro, period } from "../common/format.js";
import { readable } from "../common/lines.js";

// The Participatiewet in the national collection of laws; `artikel` opens the article itself.
const PARTICIPATIEWET = "https://wetten.overheid.nl/jci1.3:c:BWBR0015703";
const ARTICLE = /art\. (\d+[a-z]?)((?: lid \d+)?)(?: (?:en|,) art\. (\d+[a-z]?)((?: lid \d+)?))? Participatiewet/g;

/** The articles of the Participatiewet a reference names, as links; other parts (policy, design) stay out. */
export function lawLinks(reference) {
  const links = [];
  for (const match of reference.matchAll(ARTICLE)) {
    for (const [article, paragraph] of [[match[1], match[2]], [match[3], match[4]]]) {
      if (!article) continue;
      const label = `artikel ${article}${paragraph} Participatiewet`;
      links.push(h("a", { href: `${PARTICIPATIEWET}&artikel=${article}`, rel: "external" }, label));
    }
  }
  return links;
}

/**
 * A step's text with each pay slip it names ("agency code/record id v1") told by its agency's name and,
 * unless the text goes on with the period itself, the period of the pay slip.
 */
export function plainText(line, agencies, slips) {
  let text = line.text;
  for (const record of line.records) {
    const name = agencies.get(record.agency) ?? "uw uitzendbureau";
    const slip = slips.find((s) => s.agencyId === record.agency && s.recordId === record.recordId);
    const told = slip ? `${name} (loonstrook ${period(slip.periodStart, slip.periodEnd)})` : name;
    const ref = `${record.agency}/${record.recordId}`;
    for (const named of [`${ref} v${record.version}`, ref]) {
      text = text.replaceAll(`${named} (`, `${name} (`).replaceAll(named, told);
    }
  }
  return readable(text, agencies);
}

/** The steps of `lines` as a list; `agencies` maps an agency's code to its name, `slips` are the worker's
 * pay slips (for the period of each pay slip a step names). */
export function workerExplanation(lines, agencies = new Map(), slips = []) {
  return h(
    "ol",
    { class: "lines" },
    lines.map((line) => {
      const links = lawLinks(line.reference);
      return h(
        "li",
        { class: "line", "data-code": line.code },
        h(
          "div",
          { class: "line-main" },
          h("span", { class: "line-text" }, plainText(line, agencies, slips)),
          line.amount === null ? null : h("span", { class: "line-amount" }, euro(line.amount)),
        ),
        links.length
          ? h("p", { class: "line-meta" }, "Wet: ", links.flatMap((a, i) => (i ? [", ", a] : [a])))
          : null,
      );
    }),
  );
}
