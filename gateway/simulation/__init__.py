"""`loonbrug simulate`: a seeded pilot year through the real pipeline, next to estimate-then-recover.

Two halves share one truth.

The world: `settings` (every distribution and rate, with defaults; docs/simulation.md), `cohort` (made-up
workers, households, disregards and jobs, drawn from one seed), `truth` (every pay record the agencies
send and the day it arrives, with late deliveries, corrections and agency errors), `baseline` (the usual
municipal regime on the same truth: an advance from the last known month, declarations 0-2 months late,
a definitive settlement with the engine, a recovery claim whenever it falls short), `outcome` (the metrics
both regimes report) and `report` (Markdown, charts and JSON).

The pipeline: the pay records pushed through the real agency client and gateway on their arrival day, the
jobs on an injected clock, a consultant actor on the app API, and the metrics read back from the store.
"""
