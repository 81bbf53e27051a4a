// How amounts, dates and periods read in Dutch. Amounts arrive from the API as strings with two decimals
// ("1401.50", "-426.18") and are only re-spelled here, never turned into floating-point numbers.
// A no-break space keeps "€" and its amount (and a number and "uur") on one line; a negative amount takes
// the minus sign U+2212. The server spells its texts by the same rules (gateway/engine/dutch.py); both are
// tested against one table of cases (tests/dutch/format_cases.json).

const NBSP = "\u00a0";
const MINUS = "\u2212";
const MONEY = /^(-?)(\d+)\.(\d{2})$/;
const MONTHS = [
  "januari", "februari", "maart", "april", "mei", "juni",
  "juli", "augustus", "september", "oktober", "november", "december",
];

function grouped(whole) {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** "1401.50" → "€ 1.401,50"; "-426.18" → "− € 426,18"; null → "–" (no-break spaces). */
export function euro(amount) {
  if (amount === null || amount === undefined) return "–";
  const match = MONEY.exec(amount);
  if (!match) return String(amount);
  const [, sign, whole, cents] = match;
  return `${negative(sign, whole, cents) ? `${MINUS}${NBSP}` : ""}€${NBSP}${grouped(whole)},${cents}`;
}

// "-0.00" reads as zero: a sign only where there is something to be negative about.
function negative(sign, whole, cents) {
  return Boolean(sign) && /[1-9]/.test(whole + cents);
}

/** "35.36" → "35,36". */
export function decimal(value) {
  if (value === null || value === undefined) return "–";
  const match = MONEY.exec(value);
  if (!match) return String(value);
  const [, sign, whole, cents] = match;
  return `${negative(sign, whole, cents) ? MINUS : ""}${grouped(whole)},${cents}`;
}

/** 1, "periode", "perioden" → "1 periode"; 2 → "2 perioden". */
export function count(quantity, singular, plural) {
  return `${quantity} ${quantity === 1 ? singular : plural}`;
}

/** "32.00" → "32 uur"; "35.36" → "35,36 uur". */
export function hours(value) {
  if (value === null || value === undefined) return "–";
  return `${decimal(value).replace(/,00$/, "")}${NBSP}uur`;
}

/** True for "0.00" (and "-0.00"). */
export function isZero(amount) {
  return amount !== null && amount !== undefined && /^-?0+\.00$/.test(amount);
}

/** True for an amount above zero. */
export function isPositive(amount) {
  return amount !== null && amount !== undefined && !amount.startsWith("-") && !isZero(amount);
}

function parts(isoDate) {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  return { year, month, day };
}

/** "2026-03-02" → "2 maart 2026". */
export function longDate(isoDate) {
  if (!isoDate) return "–";
  const { year, month, day } = parts(isoDate);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "2026-03-02" → "2 maart". */
export function dayMonth(isoDate) {
  const { month, day } = parts(isoDate);
  return `${day} ${MONTHS[month - 1]}`;
}

/** "2026-02-20T11:00:00Z" → "20 februari 2026 om 12:00" (in the browser's time zone). */
export function moment(isoDateTime) {
  const value = new Date(isoDateTime);
  const time = value.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
  return `${value.getDate()} ${MONTHS[value.getMonth()]} ${value.getFullYear()} om ${time}`;
}

/** "2026-02" → "februari 2026". */
export function monthName(month) {
  const [year, number] = month.split("-").map(Number);
  return `${MONTHS[number - 1]} ${year}`;
}

function utcDate(year, month, day) {
  return new Date(Date.UTC(year, month - 1, day));
}

function iso(date) {
  return date.toISOString().slice(0, 10);
}

/** The Monday and Sunday of an ISO week "2026-W06" as ISO dates (ISO 8601: week 1 holds 4 January). */
export function weekDays(week) {
  const [year, number] = week.split("-W").map(Number);
  const fourth = utcDate(year, 1, 4);
  const monday = new Date(fourth.getTime() - ((fourth.getUTCDay() + 6) % 7) * 86_400_000);
  const start = new Date(monday.getTime() + (number - 1) * 7 * 86_400_000);
  const end = new Date(start.getTime() + 6 * 86_400_000);
  return { number, year, start: iso(start), end: iso(end) };
}

/** "2026-W06" → "week 6: 2 t/m 8 februari". */
export function weekName(week) {
  const { number, start, end } = weekDays(week);
  return `week ${number}: ${dayMonth(start)} t/m ${dayMonth(end)}`;
}

/** "2026-02-16", "2026-02-20" → "16 februari t/m 20 februari 2026". */
export function period(start, end) {
  return start === end ? longDate(start) : `${dayMonth(start)} t/m ${longDate(end)}`;
}

// An amount as a person types it: Dutch notation ("1.234,56", "1234,5", "€ 12"), or with a decimal point
// when there is no comma and one or two digits follow the only point ("12.50"). Only text is rearranged,
// never turned into a floating-point number, so what goes to the API is exactly what was typed.
const TYPED = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;

/** "1.234,56" → "1234.56"; "12" → "12.00"; "12.50" → "12.50"; anything else (also negative) → null. */
export function parseEuro(text) {
  let value = String(text ?? "").replace(/[\s\u00a0]/g, "").replace(/^€/, "");
  if (!value.includes(",") && /^\d+\.\d{1,2}$/.test(value)) value = value.replace(".", ",");
  const match = TYPED.exec(value);
  if (!match) return null;
  const whole = match[1].replaceAll(".", "").replace(/^0+(?=\d)/, "");
  return `${whole}.${(match[2] ?? "").padEnd(2, "0")}`;
}
