"""The municipality's dated policy over the standard one, and the alerts the jobs raise."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.engine.errors import ParameterError
from gateway.engine.flextensie import alerts
from gateway.engine.flextensie.policy import PolicyHistory
from gateway.engine.parameters import keys as k
from schemas.flextensie import FlextensiePolicyVersion
from tests.engine.flextensie.kit import DEFAULTS, PARAMETERS, d


def _own(valid_from: dt.date, premium: str) -> FlextensiePolicyVersion:
    policy = DEFAULTS[0].policy.model_copy(update={"premium_per_hour": d(premium)})
    return FlextensiePolicyVersion(
        valid_from=valid_from, source=f"besluit {premium}", confirmed=True, policy=policy
    )


def test_standard_policy_until_the_municipality_decides_then_its_own_the_last_recorded_winning() -> None:
    history = PolicyHistory.combine(
        defaults=DEFAULTS,
        municipal=[
            _own(dt.date(2026, 7, 1), "1.50"),
            _own(dt.date(2026, 1, 1), "1.00"),
            _own(dt.date(2026, 7, 1), "1.75"),
        ],
    )
    assert history.at(dt.date(2025, 12, 31)).policy.premium_per_hour == d("2.00")
    assert not history.at(dt.date(2025, 12, 31)).confirmed
    assert history.at(dt.date(2026, 6, 30)).policy.premium_per_hour == d("1.00")
    assert history.at(dt.date(2026, 6, 30)).valid_to == dt.date(2026, 6, 30)
    july = history.at(dt.date(2026, 7, 1))
    assert (july.policy.premium_per_hour, july.source, july.valid_to) == (d("1.75"), "besluit 1.75", None)
    assert july.value("premium_per_hour").display == "1,75"
    assert july.value("vat_applies").display == "nee"


def test_no_policy_before_the_first_version() -> None:
    with pytest.raises(ParameterError):
        PolicyHistory.combine(defaults=DEFAULTS, municipal=[]).at(dt.date(2024, 12, 31))


def test_end_in_sight_from_the_alert_date_to_the_last_day_of_an_active_placement() -> None:
    def alert(today: dt.date, *, active: bool = True) -> alerts.Alert | None:
        return alerts.einde_in_zicht(
            placement_id="p1",
            alert_date=dt.date(2026, 8, 17),
            last_day=dt.date(2026, 9, 1),
            active=active,
            today=today,
        )

    assert alert(dt.date(2026, 8, 16)) is None
    found = alert(dt.date(2026, 8, 17))
    assert found is not None
    assert found.kind == alerts.END_NEAR
    assert found.key == "p1:2026-09-01"
    assert alert(dt.date(2026, 9, 2)) is None
    assert alert(dt.date(2026, 8, 20), active=False) is None


def test_premium_cap_nearly_reached_and_reached() -> None:
    cap = PARAMETERS.at(k.PREMIUM_MAX_PER_YEAR, dt.date(2026, 3, 1))
    rate = d("0.90")
    assert alerts.premiemaximum_in_zicht(year=2026, accrued=d("3058.19"), cap=cap, rate=rate) is None
    near = alerts.premiemaximum_in_zicht(year=2026, accrued=d("3058.20"), cap=cap, rate=rate)
    full = alerts.premiemaximum_in_zicht(year=2026, accrued=d("3398.00"), cap=cap, rate=rate)
    assert near is not None
    assert near.key == "2026:bijna"
    assert near.payload == {"year": 2026, "state": "bijna"}
    assert full is not None
    assert full.key == "2026:bereikt"
