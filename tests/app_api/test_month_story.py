"""The worker's month story (`/v1/mij/maanden/{month}/samenvatting`): per earlier month what is kept back
now, what was kept back before and what is left until when, consistent from month to month.

The world's worker (tests/app_api/world.py) got € 900,00 advance in January (payout € 0,00: too much
by € 900,00) and in February (payout € 473,82: too much by € 426,18). With no more pay and an advance of
€ 1.000,00 for March and for April, the payout of each of those months is € 1.331,43 and leaves
€ 331,43 to set off: recomputed on 20 April 2026, March keeps back € 331,43 of January's € 900,00 and
April the next € 331,43, leaving € 237,14 of January and all of February until July and August 2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app_api.auth.principal import Role
from gateway.store import advances
from gateway.store.sealing import Sealer
from schemas.periods import Month
from tests.app_api.conftest import Tokens, bearer
from tests.app_api.world import World, recompute
from tests.factories import TEST_BSNS

APRIL = dt.datetime(2026, 4, 20, 11, 0, tzinfo=dt.UTC)


def _money(value: str | None) -> Decimal:
    return Decimal(value or "0")


def _story(client: TestClient, headers: dict[str, str], month: str) -> dict[str, Any]:
    answer = client.get(f"/v1/mij/maanden/{month}/samenvatting", headers=headers)
    assert answer.status_code == 200, answer.text
    story: dict[str, Any] = answer.json()
    return story


def test_each_set_off_names_its_month_and_adds_up_from_month_to_month(
    client: TestClient, world: World, token: Tokens, session: Session, sealer: Sealer
) -> None:
    for month in (Month(2026, 3), Month(2026, 4)):
        advances.record(
            session=session,
            sealer=sealer,
            worker_id=world.worker.id,
            month=month,
            amount=Decimal("1000.00"),
            paid_on=month.first_day,
            recorded_by="test",
        )
    recompute(session, sealer, world.worker, now=APRIL)
    session.commit()
    headers = bearer(token(Role.WORKER, TEST_BSNS[0]))
    january, february, march, april = (
        _story(client, headers, month) for month in ("2026-01", "2026-02", "2026-03", "2026-04")
    )
    overpaid = {"2026-01": _money(january["overpaid"]), "2026-02": _money(february["overpaid"])}
    assert overpaid["2026-01"] > 0
    assert january["overpaidUntil"] == "2026-07"
    assert january["setOffs"] == []

    kept: dict[str, Decimal] = {}
    for story in (february, march, april):
        assert sum(_money(item["now"]) for item in story["setOffs"]) == _money(story["setOff"])
        months = [item["month"] for item in story["setOffs"]]
        assert months == sorted(months), "oldest first"
        for item in story["setOffs"]:
            # What was overpaid then = kept back before + now + later, and 'before' is what the earlier
            # months of this story kept back.
            assert _money(item["overpaid"]) == overpaid[item["month"]]
            assert _money(item["earlier"]) == kept.get(item["month"], Decimal(0))
            assert _money(item["earlier"]) + _money(item["now"]) + _money(item["later"]) == _money(
                item["overpaid"]
            )
            last = {"2026-01": "2026-07", "2026-02": "2026-08"}[item["month"]]
            assert item["until"] == (None if _money(item["later"]) == 0 else last)
        for item in story["setOffs"]:
            kept[item["month"]] = kept.get(item["month"], Decimal(0)) + _money(item["now"])
    # The hand-worked figures of the story above.
    assert [(item["month"], item["earlier"], item["now"], item["later"]) for item in april["setOffs"]] == [
        ("2026-01", "331.43", "331.43", "237.14")
    ]
    assert (april["difference"], april["setOff"], april["toPay"]) == ("331.43", "331.43", "0.00")
    assert not march["running"]


def test_a_month_without_figures_is_not_found(client: TestClient, world: World, token: Tokens) -> None:
    headers = bearer(token(Role.WORKER, TEST_BSNS[0]))
    assert client.get("/v1/mij/maanden/2025-12/samenvatting", headers=headers).status_code == 404
    assert client.get("/v1/mij/maanden/2026-02/samenvatting", headers=headers).json()["running"] is True
