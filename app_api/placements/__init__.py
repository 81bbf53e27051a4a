"""Flextensie placements (DESIGN §4.10): placements and timesheets, the premium ledger and payouts,
client invoices, the monthly overview and the half-year remainder statement, the municipal policy, and
the worker's own view. `router` in `app_api.placements.router` holds every route."""
