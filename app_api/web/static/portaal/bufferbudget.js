// The bufferbudget of a worker (art. 34b Participatiewet, Participatiewet in balans): per calendar year the
// maximum, what was used and what is left; the decisions taken; Loonbrug's proposals, each recorded with
// one click as the consultant's decision; and a form for a decision of the consultant's own.

import { ApiProblem } from "../common/api.js";
import { append, h, table } from "../common/dom.js";
import { errorSlot, showFieldErrors } from "../common/fields.js";
import { euro, moment, monthName } from "../common/format.js";
import { BUFFER_KINDS } from "./labels.js";
import { currentEnd } from "./leaving.js";
import { workerHeader } from "./worker.js";

const ARTICLE = "art. 34b Participatiewet";
const AMOUNT = /^\d{1,7}([.,]\d{1,2})?$/;

function yearsTable(years) {
  const rows = years.map((year) => [
    String(year.year),
    year.confirmed ? euro(year.maximum) : h("span", {}, euro(year.maximum), " ", h("span", { class: "chip" }, "voorlopig")),
    euro(year.used),
    euro(year.left),
  ]);
  return table(["Jaar", "Ten hoogste", "Gebruikt", "Nog over"], rows, { numeric: [1, 2, 3] });
}

/** A month's name, or "Eindafrekening (februari 2026)" for the month the final settlement is kept as. */
function when(month, finalMonth) {
  return month === finalMonth ? `Eindafrekening (${monthName(month)})` : monthName(month);
}

function decisionsTable(decisions, finalMonth) {
  const rows = decisions.map((decision) => [
    when(decision.month, finalMonth),
    BUFFER_KINDS[decision.kind] ?? decision.kind,
    euro(decision.amount),
    decision.decidedByName,
    moment(decision.decidedAt),
  ]);
  return table(["Maand", "Soort", "Bedrag", "Besloten door", "Wanneer"], rows, { numeric: [2] });
}

/** What Loonbrug proposes, as a paragraph: the month (or final settlement) in bold, then the use. */
function proposalText(proposal, finalMonth) {
  const what =
    proposal.kind === "kwijtschelding"
      ? `${euro(proposal.amount)} niet terugvorderen maar betalen uit het bufferbudget (kwijtschelding).`
      : `${euro(proposal.amount)} uit het bufferbudget bijbetalen, omdat de verrekening de bijstand onder de ` +
        "norm bracht (aanvulling).";
  const left = `Er zit dit jaar nog ${euro(proposal.yearLeft)} in het bufferbudget.`;
  return h("p", {}, h("strong", {}, `${when(proposal.month, finalMonth)}: `), `${what} ${left}`);
}

function decisionForm(onSubmit, finalMonth) {
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const month = h("input", {
    id: "buffer-month",
    name: "month",
    type: "month",
    required: true,
    "aria-describedby": "buffer-month-error",
  });
  const kind = h(
    "select",
    { id: "buffer-kind", name: "kind", "aria-describedby": "buffer-kind-error" },
    Object.entries(BUFFER_KINDS).map(([value, label]) => h("option", { value }, label)),
  );
  const amount = h("input", {
    id: "buffer-amount",
    name: "amount",
    inputmode: "decimal",
    required: true,
    "aria-describedby": "buffer-amount-error",
  });
  const note = h("textarea", { id: "buffer-note", name: "note", maxlength: "1000" });
  const form = h(
    "form",
    { class: "card stack buffer-form", novalidate: true, "aria-labelledby": "buffer-form-title" },
    h("h3", { id: "buffer-form-title" }, "Zelf een besluit vastleggen"),
    message,
    h("div", { class: "field" }, h("label", { for: "buffer-month" }, "Maand"), month),
    errorSlot("buffer", "month"),
    finalMonth
      ? h("p", { class: "muted" }, `Voor de eindafrekening kiest u ${monthName(finalMonth)}.`)
      : null,
    h("div", { class: "field" }, h("label", { for: "buffer-kind" }, "Soort"), kind),
    errorSlot("buffer", "kind"),
    h("div", { class: "field" }, h("label", { for: "buffer-amount" }, "Bedrag in euro"), amount),
    errorSlot("buffer", "amount"),
    h("div", { class: "field" }, h("label", { for: "buffer-note" }, "Toelichting (niet verplicht)"), note),
    h("div", { class: "buttons" }, h("button", { class: "primary", type: "submit" }, "Besluit vastleggen")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.hidden = true;
    const typed = amount.value.trim();
    if (!AMOUNT.test(typed)) {
      const reason = "Vul een bedrag in euro's in, bijvoorbeeld 125,50.";
      const problem = { message: "Controleer de gemarkeerde velden.", invalidParams: [{ name: "amount", reason }] };
      showFieldErrors(form, message, problem, "buffer");
      amount.focus();
      return;
    }
    // The amount stays text: "125,5" becomes "125.50", never a floating-point number.
    const [whole, cents = ""] = typed.replace(",", ".").split(".");
    const body = {
      month: month.value || null,
      kind: kind.value,
      amount: `${whole}.${cents.padEnd(2, "0")}`,
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
    };
    try {
      await onSubmit(body);
    } catch (error) {
      showFieldErrors(form, message, error, "buffer");
    }
  });
  return form;
}

async function ledger(call, id) {
  try {
    return await call(`/v1/werkenden/${id}/bufferbudget`);
  } catch (error) {
    if (error instanceof ApiProblem && error.code === "bufferbudget_not_used") return null;
    throw error;
  }
}

export async function bufferbudgetView(context, id, flash = null) {
  const header = await workerHeader(context, id, "/bufferbudget");
  const budget = await ledger(context.call, id);
  const finalMonth = budget?.optedInFrom ? (await currentEnd(context.call, id))?.finalMonth : null;
  const section = h("section", { class: "bufferbudget" });
  const decide = async (body) => {
    await context.call(`/v1/werkenden/${id}/bufferbudget`, { method: "POST", body });
    const where = body.month === finalMonth ? "de eindafrekening" : monthName(body.month);
    const done = `Besluit vastgelegd: ${euro(body.amount)} voor ${where}. De cijfers worden opnieuw berekend.`;
    section.replaceWith(await bufferbudgetView(context, id, done));
  };
  append(section, header, h("h2", {}, "Bufferbudget"));
  if (!budget || !budget.optedInFrom) {
    append(
      section,
      h("p", { class: "muted" }, `Uw gemeente gebruikt het bufferbudget (${ARTICLE}) niet.`),
    );
    return section;
  }
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const decided = new Set(budget.decisions.map((d) => `${d.month} ${d.kind}`));
  const proposals = budget.proposals.map((proposal) => {
    if (decided.has(`${proposal.month} ${proposal.kind}`)) {
      return h(
        "li",
        { class: "proposal" },
        proposalText(proposal, finalMonth),
        h("p", { class: "muted" }, "Besluit vastgelegd; de cijfers worden opnieuw berekend."),
      );
    }
    const button = h("button", { class: "primary", type: "button" }, "Besluit vastleggen");
    button.addEventListener("click", async () => {
      button.disabled = true;
      message.hidden = true;
      try {
        await decide({ month: proposal.month, kind: proposal.kind, amount: proposal.amount });
      } catch (error) {
        message.textContent = error.message;
        message.hidden = false;
        button.disabled = false;
      }
    });
    return h(
      "li",
      { class: "proposal" },
      proposalText(proposal, finalMonth),
      button,
    );
  });
  append(
    section,
    flash ? h("p", { class: "success", role: "status" }, flash) : null,
    h(
      "p",
      { class: "muted" },
      `Sinds ${monthName(budget.optedInFrom)} zet de gemeente het bufferbudget in (${ARTICLE}). Elk gebruik ` +
        "is een besluit van een consulent; Loonbrug stelt alleen voor. De werkende ziet wat is gebruikt.",
    ),
    h("h3", {}, "Voorstellen van Loonbrug"),
    message,
    proposals.length
      ? h("ul", { class: "proposals" }, proposals)
      : h("p", { class: "muted" }, "Er zijn geen voorstellen."),
    h("h3", {}, "Per kalenderjaar"),
    budget.years.length ? yearsTable(budget.years) : h("p", { class: "muted" }, "Nog niets gebruikt."),
    h("h3", {}, "Besluiten"),
    budget.decisions.length
      ? decisionsTable(budget.decisions, finalMonth)
      : h("p", { class: "muted" }, "Nog geen besluiten."),
    decisionForm(decide, finalMonth),
  );
  return section;
}
