// The flex worker's page: per week what they earned and what the benefit adds, this month's payout,
// how much more to earn to leave the benefit, and the pay records behind it. Plain Dutch (B1).

import { startApp } from "../common/shell.js";
import { businessView } from "./business.js";
import { homeView } from "./home.js";
import { mandatesView } from "./mandates.js";
import { monthView, monthsView } from "./month.js";
import { payslipView, payslipsView } from "./payslips.js";
import { weekView } from "./week.js";

const ID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

startApp({
  page: "mij",
  texts: {
    title: "Uw werk en uw bijstand",
    intro: "Zie per week wat u verdient, hoeveel bijstand u krijgt en wanneer. Log in met DigiD.",
    signIn: "Inloggen",
    notFound: "Dit bestaat niet, of het is niet van u.",
    forbidden: "Deze pagina is voor werkenden met een bijstandsuitkering van de gemeente.",
  },
  routes: [
    [/^\/$/, homeView],
    [/^\/weken\/(\d{4}-W\d{2})$/, weekView],
    [/^\/maanden$/, monthsView],
    [/^\/maanden\/(\d{4}-\d{2})$/, monthView],
    [/^\/loonstroken$/, payslipsView],
    [/^\/eigen-bedrijf$/, (context) => businessView(context)],
    [/^\/boekhouder$/, (context) => mandatesView(context)],
    [new RegExp(`^/loonstroken/${ID}$`), payslipView],
  ],
});
