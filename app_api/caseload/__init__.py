"""The consultant's caseload with signals, a worker's overview, and registering a worker."""
