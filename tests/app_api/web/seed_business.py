"""An addition to the browser tests' world (tests/app_api/web/seed.py) for entering invoices and costs in
the portal: a consultant of the first municipality who also holds the auditor role, so that one person can
sign in with a role that may send documents for a worker and with one that may not."""

from __future__ import annotations

from gateway.store import staff
from gateway.store.db import Database
from gateway.store.models import Municipality

DOUBLE_ROLE_NAME = "Dirk Consulent"


def add_double_role_staff(database: Database) -> str:
    """Create Dirk, consultant and auditor in Testgemeente Noord; returns his display name."""
    with database.transaction() as session:
        north = session.query(Municipality).filter_by(name="Testgemeente Noord").one()
        staff.create(
            session=session,
            municipality_id=north.id,
            subject="consulent-auditor-noord",
            display_name=DOUBLE_ROLE_NAME,
            roles=("consultant", "auditor"),
        )
    return DOUBLE_ROLE_NAME
