"""The signal kinds and outbox topics the jobs raise and read; other parts match on these strings."""

from __future__ import annotations

# Signals for consultants (table `signal`); each payload holds ids, periods and codes only, plus `key`.
MISSING_PERIOD = "missing_period"
"""An enrolled pay period of an agency without any pay record, past the grace period."""
GAP = "anomaly_gap"
"""No longer raised: a gap between two pay records is a missing period. Still checked, so that gap signals
stored earlier are resolved."""
DUPLICATE_PERIOD = "anomaly_duplicate_period"
"""Two current pay records of one agency whose periods overlap."""
SHARED_PAY_DATE = "anomaly_shared_pay_date"
"""Two or more pay periods of one agency paid on one date."""
YTD_JUMP = "anomaly_ytd_jump"
"""A year-to-date figure that does not follow from the previous record plus this one."""
CHANGED_AFTER_APPROVAL = "figures_changed_after_approval"
"""A month was re-settled after its settlement was approved; the difference goes to an open month."""
DISREGARD_ENDING = "disregard_ending"
"""A granted disregard (vrijlating) reaches its last month soon."""
EXIT_FORECAST = "exit_forecast"
"""Uitstroomsignaal: a month's income will reach, or reached, the exit income; payload month, basis and
the ISO weeks it rests on (the figures are in the month's settlement)."""
PAYOUT_HELD = "payout_held"
"""The payout of a month waits until its pay data is complete (hold policy); payload month, reason and
`until`, the day it is released at the latest."""
BUFFER_PROPOSAL = "bufferbudget_proposal"
"""Loonbrug proposes a use of the bufferbudget (art. 34b) for a month or a final settlement."""

ANOMALY_KINDS = frozenset({GAP, DUPLICATE_PERIOD, SHARED_PAY_DATE, YTD_JUMP})

# Outbox topics.
PAY_RECORDS_RECEIVED = "pay_records.received"
"""Written by the agency gateway with the pushed records; payload `workerIds` and/or `payRecordIds`."""
CASE_CHANGED = "case.changed"
"""Written by the app API when household facts, advances or enrollments change; payload `workerId`."""
RECOMPUTE_REQUESTED = "worker.recompute"
"""Ask for a recompute of one worker; payload `workerId`."""
AGENCY_MISSING_DATA = "agency.missing_data"
"""A stored notification to an agency about missing pay periods; delivered as a signed webhook."""

RECOMPUTE_TOPICS = frozenset({PAY_RECORDS_RECEIVED, CASE_CHANGED, RECOMPUTE_REQUESTED})
