"""The demo's made-up municipality, agencies and workers (gateway/demo) in the browser world, with the
pay records the demo's agencies push for them stored directly, and their figures computed on the world's
moment (seed.NOW): what a new user sees after `loonbrug demo`, without the servers and clients around it.
"""

from __future__ import annotations

from gateway.demo import cast
from gateway.demo.seed import seed
from gateway.ingest.rows import CONTENT_FIELDS
from gateway.store import pay_records
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests import factories
from tests.app_api.web.seed import NOW, compute


def seed_demo(database: Database, sealer: Sealer) -> list[str]:
    """Add the demo to the committed browser world; return the names of its workers with pay data."""
    today = NOW.date()
    with database.transaction() as session:
        seeded = seed(session=session, sealer=sealer, today=today)
        names = []
        for person in cast.workers(today):
            worker = seeded.workers[person.bsn]
            for key, records in cast.pay_records(person, today=today).items():
                agency = seeded.agencies[key]
                submission = factories.make_submission(session, sealer, agency=agency)
                for record in records:
                    content = {name: getattr(record, name) for name in CONTENT_FIELDS}
                    pay_records.append_first(
                        session=session,
                        sealer=sealer,
                        record=pay_records.NewPayRecord(
                            agency_id=agency.id,
                            worker_id=worker.id,
                            record_id=record.record_id,
                            submission_id=submission.id,
                            period_type=record.period_type.value,
                            period_start=record.period_start,
                            period_end=record.period_end,
                            pay_date=record.pay_date,
                            content={name: value for name, value in content.items() if value is not None},
                        ),
                    )
            compute(session, sealer, worker)
            names.append(person.name)
        return names
