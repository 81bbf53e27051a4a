"""Explanation line codes of the Flextensie rules (stable, for machines); RULES.md says what each means."""

from __future__ import annotations

PREMIUM_REFERENCE = "art. 31 lid 2 onder j Participatiewet"
POLICY_REFERENCE = "Beleid Flextensie van de gemeente"
FRAMEWORK_REFERENCE = "Werkproces en kaders Flextensie"
TARIFF_REFERENCE = "Werkproces Flextensie stap 6a; art. 8 Wet minimumloon en minimumvakantiebijslag"
VAT_REFERENCE = "art. 9 lid 1 Wet op de omzetbelasting 1968"
REMAINDER_REFERENCE = "Werkproces Flextensie stap 7d"


class Code:
    """Line codes; the meaning of each, and how its amount takes part in the sum, is in RULES.md."""

    MINIMUM_TARIFF = "MINIMUMTARIEF"
    TARIFF_BELOW_MINIMUM = "TARIEF_ONDER_MINIMUM"
    MAX_DURATION = "MAXIMALE_DUUR"
    PLANNED_END_BEYOND = "EINDE_NA_MAXIMUM"
    LAST_DAY = "LAATSTE_DAG"
    ALERT_DATE = "SIGNAALDATUM"
    PREMIUM_ACCRUAL = "PREMIE_OPBOUW"
    PREMIUM_CAP = "PREMIE_MAXIMUM"
    PREMIUM_NOT_APPLICABLE = "PREMIE_NIET_VAN_TOEPASSING"
    PREMIUM_TARGET_GROUP = "PREMIE_DOELGROEP"
    PAYOUT_AVAILABLE = "UITBETALING_BESCHIKBAAR"
    PAYOUT_CAP = "UITBETALING_MAXIMUM"
    PAYOUT = "UITBETALING"
    INVOICE_WEEK = "FACTUUR_WEEK"
    INVOICE_NET = "FACTUUR_NETTO"
    VAT = "BTW"
    INVOICE_TOTAL = "FACTUUR_TOTAAL"
    PREMIUM = "PREMIE"
    TRAVEL = "REISKOSTEN"
    BACK_OFFICE = "BACKOFFICE"
    REMAINDER = "RESTANT"
    REMAINDER_NEGATIVE = "RESTANT_NEGATIEF"
    HALF_YEAR = "HALFJAAR"
    PROVISIONAL = "VOORLOPIG"
