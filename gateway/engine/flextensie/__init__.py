"""Flextensie rules (DESIGN §4.10): pure functions, no I/O, no framework, no database, no clock.

- `policy` — the municipality's dated Flextensie policy (`PolicyHistory`, `PolicyVersion`);
- `placement.plaatsing_toetsen` — a placement's limits and minimum tariff, and why it would be refused;
- `duration` — maximum duration by hours a week, last day, alert date, hours outside the placement;
- `tariff.minimumtarief` — hourly minimum wage × (1 + employer on-cost);
- `premium` — accrual per approved hour capped per calendar year, payouts within the year cap;
- `invoice.maandfactuur` — the month's invoice and its settlement (premium, travel, back office, remainder);
- `remainder.halfjaaroverzicht` — the half-year remainder statement;
- `overview.maandoverzicht` — active placements and hours per worker and per client;
- `alerts` — end in sight, premium maximum in sight;
- `explain` — explanation lines and parameter values as contract models.

Rounding is in `rounding`, line codes in `codes` (their meaning in RULES.md). The premium is never
income for the benefit: nothing here feeds the settlement engine.
"""
