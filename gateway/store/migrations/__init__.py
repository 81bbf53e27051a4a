"""Alembic migrations of the Loonbrug schema (run them with `loonbrug db upgrade`)."""
