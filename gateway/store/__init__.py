"""Storage: SQLAlchemy 2 models, repositories and Alembic migrations, on SQLite and PostgreSQL.

- `models` — every table; `base` — ids (UUIDv7 text made in Python), UTC timestamps, naming convention.
- `db` — engines (SQLite pragmas, psycopg 3 pool), `Database` (engine + sessions + `transaction()`).
- `migrate` and `migrations/` — `loonbrug db upgrade`; `maintenance` — the one escape from the
  append-only triggers on `pay_record`, `advance` and `audit_event`.
- `sealing.Sealer` — reads and writes encrypted columns (AES-GCM bound to table, column and row id).
- Repositories, one module per concept, each function keyword-only with the session passed in:
  `municipalities`, `agencies`, `staff`, `workers`, `enrollments`, `benefit_cases`, `case_facts`,
  `advances`, `submissions`, `pay_records`, `idempotency`, `used_assertions`, `outbox`, `settlements`,
  `signals`, `audit`, `flextensie` and `flextensie_ledger` (placements, timesheets, premiums,
  invoices); `reencrypt` rewrites every encrypted value under the active key.
"""
