"""The names of the parameters the rules use; the loader refuses parameter files that lack one."""

from __future__ import annotations

NORM_SINGLE = "norm.single"
NORM_COUPLE = "norm.couple"
NORM_SINGLE_PENSION_AGE = "norm.single_pension_age"
NORM_COUPLE_PENSION_AGE = "norm.couple_pension_age"
NORM_SINGLE_18_20 = "norm.single_18_20"
NORM_SINGLE_PARENT_18_20 = "norm.single_parent_18_20"
NORM_COUPLE_BOTH_18_20 = "norm.couple_both_18_20"
NORM_COUPLE_BOTH_18_20_CHILDREN = "norm.couple_both_18_20_children"
NORM_COUPLE_ONE_18_20 = "norm.couple_one_18_20"
NORM_COUPLE_ONE_18_20_CHILDREN = "norm.couple_one_18_20_children"
NORM_COST_SHARING_YOUNG_PARTNER = "norm.cost_sharing_young_partner"
NORM_COST_SHARING_YOUNG_PARTNER_CHILDREN = "norm.cost_sharing_young_partner_children"
NORM_MINIMUM_AGE = "norm.minimum_age"
NORM_ADULT_AGE = "norm.adult_age"

COST_SHARING_BASE_RATE = "cost_sharing.base_rate"
COST_SHARING_RATE_PER_PERSON = "cost_sharing.rate_per_person"

DISREGARD_N_RATE = "disregard.n.rate"
DISREGARD_N_CAP = "disregard.n.cap"
DISREGARD_N_MONTHS = "disregard.n.months"
DISREGARD_N_MINIMUM_AGE = "disregard.n.minimum_age"
DISREGARD_R_RATE = "disregard.r.rate"
DISREGARD_R_CAP = "disregard.r.cap"
DISREGARD_R_MONTHS = "disregard.r.months"
DISREGARD_R_CHILD_AGE = "disregard.r.child_age"
DISREGARD_R_MINIMUM_AGE = "disregard.r.minimum_age"
DISREGARD_Y_RATE = "disregard.y.rate"
DISREGARD_Y_CAP = "disregard.y.cap"

BALANS_IN_FORCE = "balans.in_force"
BALANS_RATE = "balans.rate"
BALANS_MONTHS = "balans.months"
BALANS_MEDICAL_RATE = "balans.medical_rate"
BALANS_PENSION_AGE_RATE = "balans.pension_age_rate"
BALANS_PENSION_AGE_CAP = "balans.pension_age_cap"

HOLIDAY_ALLOWANCE_RATE = "holiday_allowance.rate"
ADVANCE_MINIMUM_RATE = "advance.minimum_rate"
OVERPAYMENT_OFFSET_MONTHS = "overpayment.offset_months"
BUFFERBUDGET_MAX_PER_YEAR = "bufferbudget.max_per_year"
PENSION_AGE = "pension_age"

# Used by Flextensie (DESIGN §4.10), which builds on this engine; loaded and validated already.
PREMIUM_MAX_PER_YEAR = "premium.max_per_year"
PREMIUM_MINIMUM_AGE = "premium.minimum_age"
MINIMUM_WAGE_HOURLY = "minimum_wage.hourly"

REQUIRED: frozenset[str] = frozenset(
    {
        NORM_SINGLE,
        NORM_COUPLE,
        NORM_SINGLE_PENSION_AGE,
        NORM_COUPLE_PENSION_AGE,
        NORM_SINGLE_18_20,
        NORM_SINGLE_PARENT_18_20,
        NORM_COUPLE_BOTH_18_20,
        NORM_COUPLE_BOTH_18_20_CHILDREN,
        NORM_COUPLE_ONE_18_20,
        NORM_COUPLE_ONE_18_20_CHILDREN,
        NORM_COST_SHARING_YOUNG_PARTNER,
        NORM_COST_SHARING_YOUNG_PARTNER_CHILDREN,
        NORM_MINIMUM_AGE,
        NORM_ADULT_AGE,
        COST_SHARING_BASE_RATE,
        COST_SHARING_RATE_PER_PERSON,
        DISREGARD_N_RATE,
        DISREGARD_N_CAP,
        DISREGARD_N_MONTHS,
        DISREGARD_N_MINIMUM_AGE,
        DISREGARD_R_RATE,
        DISREGARD_R_CAP,
        DISREGARD_R_MONTHS,
        DISREGARD_R_CHILD_AGE,
        DISREGARD_R_MINIMUM_AGE,
        DISREGARD_Y_RATE,
        DISREGARD_Y_CAP,
        BALANS_IN_FORCE,
        BALANS_RATE,
        BALANS_MONTHS,
        BALANS_MEDICAL_RATE,
        BALANS_PENSION_AGE_RATE,
        BALANS_PENSION_AGE_CAP,
        HOLIDAY_ALLOWANCE_RATE,
        ADVANCE_MINIMUM_RATE,
        OVERPAYMENT_OFFSET_MONTHS,
        BUFFERBUDGET_MAX_PER_YEAR,
        PENSION_AGE,
        PREMIUM_MAX_PER_YEAR,
        PREMIUM_MINIMUM_AGE,
        MINIMUM_WAGE_HOURLY,
    }
)
"""Every key above."""
