"""Loonbrug core: the agency gateway, storage, the reconciliation engine and the scheduled jobs."""
