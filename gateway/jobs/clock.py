"""The jobs' sense of the date: Dutch local time, because months, weeks and pay dates are Dutch dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def local_date(now: dt.datetime) -> dt.date:
    """The date in the Netherlands at `now` (an aware datetime): a job run at 00:30 local time on the
    first of a month belongs to that month, though it is still the previous day in UTC."""
    if now.tzinfo is None:
        raise ValueError("naive datetime refused; pass an aware time")
    return now.astimezone(LOCAL_ZONE).date()
