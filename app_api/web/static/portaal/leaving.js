// The end of a benefit case (beëindiging): a form to end it from a date with a reason, and once ended the
// end with a way to withdraw it and the link to the final settlement (eindafrekening).
// The API checks everything; its problem+json reasons are shown next to the field they name.

import { ApiProblem } from "../common/api.js";
import { append, facts, h } from "../common/dom.js";
import { errorSlot, showFieldErrors } from "../common/fields.js";
import { longDate, moment, monthName } from "../common/format.js";
import { END_REASONS } from "./labels.js";

const REASON_CHOICES = [
  ["werk", "Werk: de werkende verdient genoeg"],
  ["verhuizing", "Verhuizing naar een andere gemeente"],
  ["overig", "Andere reden"],
];

/** The end as the API stores it, or null when the case has not ended (404 case_not_ended). */
export async function currentEnd(call, id) {
  try {
    return await call(`/v1/werkenden/${id}/beeindiging`);
  } catch (error) {
    if (error instanceof ApiProblem && error.code === "case_not_ended") return null;
    throw error;
  }
}

function endForm(context, id, onDone) {
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const date = h("input", {
    id: "end-endDate",
    name: "endDate",
    type: "date",
    required: true,
    "aria-describedby": "end-endDate-error",
  });
  const reason = h(
    "fieldset",
    { id: "end-reason", class: "choices", "aria-describedby": "end-reason-error" },
    h("legend", {}, "Reden"),
    REASON_CHOICES.map(([value, label]) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "radio", name: "reason", value, checked: value === "werk" }),
        ` ${label}`,
      ),
    ),
  );
  const note = h("textarea", { id: "end-note", name: "note", maxlength: "1000" });
  const confirm = h("div", { class: "confirm", hidden: true });
  const submit = h("button", { class: "primary", type: "submit" }, "Bijstand beëindigen");
  const form = h(
    "form",
    { class: "card stack end-form", novalidate: true, "aria-labelledby": "end-title" },
    h("h2", { id: "end-title" }, "Bijstand beëindigen"),
    h(
      "p",
      { class: "muted" },
      "De laatste maand wordt berekend voor de dagen tot en met de einddatum. Daarna maakt Loonbrug de " +
        "eindafrekening: de gespaarde vakantietoeslag wordt uitbetaald en wat te veel is betaald, wordt " +
        "daarmee eerst verrekend.",
    ),
    message,
    h("div", { class: "field" }, h("label", { for: "end-endDate" }, "Laatste dag met recht op bijstand"), date),
    errorSlot("end", "endDate"),
    reason,
    errorSlot("end", "reason"),
    h("div", { class: "field" }, h("label", { for: "end-note" }, "Toelichting (niet verplicht)"), note),
    errorSlot("end", "note"),
    confirm,
    h("div", { class: "buttons" }, submit),
  );
  const body = () => ({
    endDate: date.value || null,
    reason: form.elements.reason.value || null,
    ...(note.value.trim() ? { note: note.value.trim() } : {}),
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.hidden = true;
    const chosen = body();
    if (!chosen.endDate) {
      showFieldErrors(form, message, {
        message: "Controleer de gemarkeerde velden.",
        invalidParams: [{ name: "endDate", reason: "Vul de laatste dag met recht op bijstand in." }],
      }, "end");
      date.focus();
      return;
    }
    const reasonText = END_REASONS[chosen.reason] ?? "";
    const yes = h("button", { class: "primary", type: "button" }, "Ja, beëindigen");
    const no = h("button", { class: "secondary", type: "button" }, "Annuleren");
    confirm.replaceChildren(
      h("p", { class: "note" }, `De bijstand eindigt op ${longDate(chosen.endDate)} (reden: ${reasonText}). Weet u het zeker?`),
      h("div", { class: "buttons" }, yes, no),
    );
    confirm.hidden = false;
    submit.disabled = true;
    no.addEventListener("click", () => {
      confirm.hidden = true;
      submit.disabled = false;
      submit.focus();
    });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        await context.call(`/v1/werkenden/${id}/beeindiging`, { method: "POST", body: chosen });
        await onDone("De beëindiging is vastgelegd. De cijfers worden opnieuw berekend.");
      } catch (error) {
        confirm.hidden = true;
        submit.disabled = false;
        showFieldErrors(form, message, error, "end");
      }
    });
    yes.focus();
  });
  return form;
}

function finalLink(id, end, computed) {
  if (!computed) {
    return h(
      "p",
      { class: "muted final-link" },
      "De eindafrekening wordt berekend zodra Loonbrug de cijfers opnieuw heeft berekend.",
    );
  }
  const name = `Eindafrekening (na ${monthName(previousMonth(end.finalMonth))})`;
  return h("p", { class: "final-link" }, h("a", { href: `#/werkenden/${id}/maanden/${end.finalMonth}` }, name));
}

function endedCard(context, id, end, computed, onDone) {
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const withdraw = h("button", { class: "secondary", type: "button" }, "Beëindiging intrekken");
  const confirm = h("div", { hidden: true });
  withdraw.addEventListener("click", () => {
    const yes = h("button", { class: "primary", type: "button" }, "Ja, intrekken");
    const no = h("button", { class: "secondary", type: "button" }, "Annuleren");
    confirm.replaceChildren(
      h("p", { class: "note" }, "De bijstand loopt dan door alsof hij niet beëindigd was. Intrekken?"),
      h("div", { class: "buttons" }, yes, no),
    );
    confirm.hidden = false;
    withdraw.disabled = true;
    no.addEventListener("click", () => {
      confirm.hidden = true;
      withdraw.disabled = false;
    });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      try {
        await context.call(`/v1/werkenden/${id}/beeindiging`, { method: "DELETE" });
        await onDone("De beëindiging is ingetrokken. De cijfers worden opnieuw berekend.");
      } catch (error) {
        message.textContent = error.message;
        message.hidden = false;
        yes.disabled = false;
      }
    });
  });
  const card = h("section", { class: "card ended", "aria-labelledby": "ended-title" });
  append(
    card,
    h("h2", { id: "ended-title" }, "Bijstand beëindigd"),
    message,
    facts([
      ["Laatste dag met recht op bijstand", longDate(end.endDate)],
      ["Reden", END_REASONS[end.reason] ?? end.reason],
      ["Vastgelegd", moment(end.recordedAt)],
    ]),
    finalLink(id, end, computed),
    h("div", { class: "buttons" }, withdraw),
    confirm,
  );
  return card;
}

/** "2026-02" → "2026-01": the final settlement is stored as the month after the end month. */
function previousMonth(month) {
  const [year, number] = month.split("-").map(Number);
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, "0")}`;
}

/**
 * The end panel of a worker's file: the form, or the end with its final settlement. `months` are the
 * month summaries the file shows (to know whether the final settlement was computed yet).
 */
export async function endPanel(context, id, { months, onChanged }) {
  const end = await currentEnd(context.call, id);
  if (!end) return endForm(context, id, onChanged);
  const computed = months.some((m) => m.kind === "eindafrekening" && m.month === end.finalMonth);
  return endedCard(context, id, end, computed, onChanged);
}
