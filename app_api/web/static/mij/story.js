// The top card of the worker's page: one story about one month, summary first. What I earned so far,
// what the benefit adds, what was paid as an advance, what is kept back for an earlier overpayment (from
// which month, how much now and how much later, until when) and what is paid when. Every amount comes
// from the API (/v1/mij/maanden/{month}/samenvatting); nothing is computed here.

import { facts, h } from "../common/dom.js";
import { euro, isPositive, longDate, monthName } from "../common/format.js";

const MONTH_ONLY = (month) => monthName(month).replace(/ \d{4}$/, "");

/** "januari" within the same year as `current`, else "januari 2026". */
function shortMonth(month, current) {
  return month.slice(0, 4) === current.slice(0, 4) ? MONTH_ONLY(month) : monthName(month);
}

/** "€ 331,43" as a subtraction in a list of sums: "− € 331,43" (the amounts are never negative here). */
function minus(amount) {
  return isPositive(amount) ? euro(`-${amount}`) : euro(amount);
}

/** The sentence about one earlier overpayment this month is set off against. */
export function setOffSentence(item, current) {
  const when = shortMonth(item.month, current);
  const start = item.overpaid
    ? `U heeft in ${when} ${euro(item.overpaid)} te veel gekregen`
    : `U heeft in ${when} te veel gekregen`;
  const earlier = isPositive(item.earlier) ? `; daarvan hielden we al ${euro(item.earlier)} in` : "";
  const rest = isPositive(item.later)
    ? `${euro(item.now)} nu, ${euro(item.later)} uiterlijk in ${monthName(item.until)}`
    : `${euro(item.now)} nu; daarna is het helemaal ingehouden`;
  return `${start}${earlier}; dat houden we in: ${rest}.`;
}

function headline(story) {
  const date = longDate(story.payoutDate);
  if (isPositive(story.toPay)) {
    return [h("p", { class: "amount" }, euro(story.toPay)), h("p", {}, `Dit krijgt u op ${date}.`)];
  }
  if (isPositive(story.setOff)) {
    return [
      h("p", { class: "amount" }, euro(story.toPay)),
      h("p", {}, `U krijgt op ${date} niets meer bij: we houden ${euro(story.setOff)} in.`),
    ];
  }
  if (isPositive(story.overpaid)) {
    return [
      h("p", { class: "amount" }, euro(story.toPay)),
      h("p", {}, `U krijgt niets meer bij: u kreeg ${euro(story.overpaid)} te veel voorschot.`),
    ];
  }
  return [h("p", { class: "amount" }, euro(story.toPay)), h("p", {}, `U krijgt niets meer bij op ${date}.`)];
}

function sums(story) {
  const name = MONTH_ONLY(story.month);
  return facts(
    [
      [story.running ? `Verdiend in ${name} tot nu toe` : `Verdiend in ${name}`, euro(story.earned)],
      [`Bijstand over ${name}`, euro(story.payout)],
      ["Al betaald als voorschot", minus(story.advance)],
      story.corrections && !/^-?0+\.00$/.test(story.corrections)
        ? ["Correctie eerdere maanden", euro(story.corrections)]
        : [null, null],
      isPositive(story.setOff) ? ["Ingehouden: eerder te veel gekregen", minus(story.setOff)] : [null, null],
      isPositive(story.overpaid) ? ["Te veel gekregen: houden we later in", euro(story.overpaid)] : [null, null],
      [`Nog te krijgen op ${longDate(story.payoutDate)}`, euro(story.toPay)],
    ].filter(([term]) => term !== null),
    "facts sums",
  );
}

function why(story) {
  const lines = story.setOffs.map((item) => h("p", { class: "set-off" }, setOffSentence(item, story.month)));
  if (!story.setOffs.length && isPositive(story.setOff)) {
    const earlier = `We houden ${euro(story.setOff)} in: u kreeg eerder te veel bijstand.`;
    lines.push(h("p", { class: "set-off" }, earlier));
  }
  if (isPositive(story.overpaid)) {
    const until = story.overpaidUntil ? `, uiterlijk in ${monthName(story.overpaidUntil)}` : "";
    lines.push(
      h(
        "p",
        { class: "note" },
        `Uw voorschot was ${euro(story.advance)}: ${euro(story.overpaid)} meer dan uw bijstand over ` +
          `${MONTH_ONLY(story.month)}. Dat houden we in op uw bijstand van de volgende maanden${until}. ` +
          "U hoeft zelf niets terug te betalen.",
      ),
    );
  }
  if (isPositive(story.notOffset)) {
    lines.push(
      h(
        "p",
        { class: "note" },
        `${euro(story.notOffset)} die u te veel kreeg, is niet op tijd ingehouden. U hoeft nu niets te doen: ` +
          "de gemeente beslist hierover en uw consulent laat het u weten.",
      ),
    );
  }
  return lines;
}

/** The top card for `story`; `extra` (nodes) goes after the sums, before the links. */
export function storyCard(story, ...extra) {
  const changing = story.running
    ? "Dit kan nog veranderen: de maand loopt nog."
    : story.complete
      ? null
      : "Dit kan nog veranderen: er ontbreekt nog een loonstrook.";
  return h(
    "section",
    { class: "card this-month", "aria-labelledby": "month-title" },
    h(
      "h2",
      { id: "month-title" },
      story.running ? `Deze maand: ${monthName(story.month)}` : `Bijstand over ${monthName(story.month)}`,
      story.running ? [" ", h("span", { class: "badge running" }, "Maand loopt nog")] : null,
    ),
    headline(story),
    why(story),
    sums(story),
    changing ? h("p", { class: "muted" }, changing) : null,
    extra,
  );
}
