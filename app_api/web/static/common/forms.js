// Forms of the worker page and the portal: a labelled field with its error slot, amounts typed in Dutch
// notation read as exact text, and a submit that shows each refused field next to its input (problem+json
// from the API, or what the page itself cannot send).

import { h } from "./dom.js";
import { errorSlot, showFieldErrors } from "./fields.js";
import { parseEuro } from "./format.js";
import { plainProblem } from "./business.js";

export const FIX = "Controleer de gemarkeerde velden.";
const AMOUNT = "Vul een bedrag in, bijvoorbeeld 1.234,56.";

/** A labelled input with its error slot; `hint` says what to type. */
export function field(prefix, name, label, input, hint = null) {
  const id = `${prefix}-${name}`;
  input.id = id;
  input.name = name;
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", described);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    input,
    errorSlot(prefix, name),
  );
}

export const text = (extra = {}) => h("input", { type: "text", autocomplete: "off", ...extra });
export const date = () => h("input", { type: "date", min: "2000-01-01", max: "2099-12-31" });
export const money = () => text({ inputmode: "decimal", class: "money" });

/** The amounts of `names` in `form` as the API wants them; the ones that do not read as an amount. */
export function amounts(form, names, optional = []) {
  const values = {};
  const wrong = [];
  for (const name of names) {
    const typed = form.elements[name].value.trim();
    if (!typed && optional.includes(name)) continue;
    const value = parseEuro(typed);
    if (value === null) wrong.push({ name, reason: AMOUNT });
    else values[name] = value;
  }
  return { values, wrong };
}

/** The fields of `required` (name → what to say) left empty in `form`. */
export function missing(form, required) {
  return Object.entries(required)
    .filter(([name]) => !form.elements[name].value.trim())
    .map(([name, reason]) => ({ name, reason }));
}

/** Send `body` (or report `wrong` first) and hand the answer to `done`; errors go next to their fields. */
export async function submit({ form, message, prefix, wrong, send, done, plain = plainProblem }) {
  message.hidden = true;
  if (wrong.length) {
    showFieldErrors(form, message, { message: FIX, invalidParams: wrong }, prefix);
    form.querySelector("[aria-invalid]")?.focus();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await done(await send());
  } catch (error) {
    showFieldErrors(form, message, plain(error), prefix);
    (form.querySelector("[aria-invalid]") ?? message).focus();
  } finally {
    button.disabled = false;
  }
}

/** A number already used for another document (409 `number_taken`): said next to the number field. */
export function takenAt(field, reason) {
  return (error) =>
    error.code === "number_taken"
      ? { message: FIX, invalidParams: [{ name: field, reason }] }
      : plainProblem(error);
}

/** The form's general message, hidden until there is something to say; focusable to be read out. */
export function alertSlot() {
  return h("p", { class: "alert", role: "alert", tabindex: "-1", hidden: true });
}

