"""The simulated clock: the one 'now' the app API and the jobs are given during a simulated run."""

from __future__ import annotations

import datetime as dt

from gateway.jobs.clock import LOCAL_ZONE


class SimulatedClock:
    """A settable clock; calling it gives the simulated moment (aware, UTC)."""

    def __init__(self, day: dt.date) -> None:
        self.now = self.moment(day, dt.time(0, 0))

    def __call__(self) -> dt.datetime:
        return self.now

    @staticmethod
    def moment(day: dt.date, time: dt.time) -> dt.datetime:
        """`day` at `time` in Dutch local time, as an aware UTC datetime (the jobs' cron runs locally)."""
        return dt.datetime.combine(day, time, tzinfo=LOCAL_ZONE).astimezone(dt.UTC)

    def set(self, day: dt.date, time: dt.time) -> dt.datetime:
        """Move the clock to `day` at `time` (local) and return that moment."""
        self.now = self.moment(day, time)
        return self.now

    @property
    def today(self) -> dt.date:
        """The simulated date in the Netherlands."""
        return self.now.astimezone(LOCAL_ZONE).date()
