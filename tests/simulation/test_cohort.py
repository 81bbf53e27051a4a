"""The seeded cohort: deterministic, valid made-up people, and settings that name a bad field."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.engine import load_default_policy
from gateway.simulation.cohort import build_cohort, period_containing
from gateway.simulation.settings import CohortSettings, SettingsFileError, load_policy_file
from schemas.benefit_case import DisregardKind, HouseholdType
from schemas.identifiers import is_valid_bsn
from schemas.pay_record import PeriodType
from schemas.periods import Month

SETTINGS = CohortSettings()
FIRST = Month(2026, 1)


def _cohort(seed: int = 7, workers: int = 200):
    return build_cohort(settings=SETTINGS, workers=workers, first_month=FIRST, months=12, seed=seed)


def test_same_seed_same_cohort_and_other_seed_other_cohort() -> None:
    assert _cohort(seed=3) == _cohort(seed=3)
    assert _cohort(seed=3).workers != _cohort(seed=4).workers


def test_bsns_are_test_range_valid_and_unique() -> None:
    bsns = [w.bsn for w in _cohort().workers]
    assert all(b.startswith("9999") and is_valid_bsn(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)


def test_workers_are_adults_on_benefit_before_the_pilot_with_sound_disregards() -> None:
    for worker in _cohort().workers:
        age = (FIRST.first_day - worker.birth_date).days // 365
        assert 21 <= age <= 66
        assert worker.benefit_start < FIRST.first_day
        assert worker.household[0].valid_from == worker.benefit_start
        child = worker.household[0].youngest_child_birth_date
        if child is not None:
            assert child <= worker.benefit_start
        kinds = [g.kind for g in worker.disregards]
        if kinds:
            assert age >= 27
        if DisregardKind.R in kinds:
            assert worker.household[0].household_type is HouseholdType.SINGLE_PARENT
            assert DisregardKind.N in kinds
        assert not ({DisregardKind.N, DisregardKind.Y} <= set(kinds))


def test_mix_follows_the_settings_roughly() -> None:
    cohort = _cohort(workers=1000)
    households = Counter(w.household[0].household_type for w in cohort.workers)
    assert 480 <= households[HouseholdType.SINGLE] <= 720  # single + cost-sharers: 65%
    assert sum(1 for w in cohort.workers if w.household[0].cost_sharers) in range(60, 141)
    cycles = Counter(e.cycle for w in cohort.workers for e in w.employments)
    assert cycles[PeriodType.WEEK] > cycles[PeriodType.FOUR_WEEKS]
    leavers = sum(1 for w in cohort.workers if w.leaves_on is not None)
    assert 70 <= leavers <= 170
    for worker in cohort.workers:
        for job in worker.employments:
            assert SETTINGS.wages.hourly_min <= job.hourly_wage <= SETTINGS.wages.hourly_max
            assert job.hourly_wage == job.hourly_wage.quantize(Decimal("0.01"))
            if worker.leaves_on is not None:
                assert job.start < worker.leaves_on <= cohort.last_day


def test_periods_are_weeks_aligned_four_weeks_and_months() -> None:
    day = FIRST.first_day
    start, end = period_containing(PeriodType.WEEK, day)
    assert start.weekday() == 0
    assert (end - start).days == 6
    start, end = period_containing(PeriodType.FOUR_WEEKS, day)
    assert (end - start).days == 27
    assert start.isocalendar()[1] % 4 == 1
    assert period_containing(PeriodType.MONTH, day) == (FIRST.first_day, FIRST.last_day)


def test_settings_file_section_or_whole_file(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"payoutDay": 1, "simulation": {"hours": {"mean": 20.5}}}))
    assert CohortSettings.from_file(policy).hours.mean == Decimal("20.5")
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps({"settlementDay": 20, "delivery": {"late": 0.1}}))
    settings = CohortSettings.from_file(whole)
    assert settings.settlement_day == 20
    assert settings.delivery.late == Decimal("0.1")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"payoutDay": 1}))
    assert CohortSettings.from_policy_file(plain) == CohortSettings()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ({"simulation": {"hours": {"meen": 3}}}, "simulation.hours.meen"),
        ({"simulation": {"delivery": {"late": 1.5}}}, "simulation.delivery.late"),
        ({"payCycles": {"week": 0.5}}, "payCycles"),
        ({"settlementDay": 31}, "settlementDay"),
    ],
)
def test_settings_file_errors_name_the_field(tmp_path: Path, content: dict[str, object], named: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(content))
    with pytest.raises(SettingsFileError, match=named.replace(".", r"\.")):
        CohortSettings.from_file(path)


def test_unreadable_settings_file_is_a_settings_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(SettingsFileError, match="geen geldige JSON"):
        CohortSettings.from_file(path)


def test_policy_file_changes_the_default_policy_and_carries_the_settings(tmp_path: Path) -> None:
    default = load_default_policy()
    path = tmp_path / "policy.json"
    path.write_text(
        json.dumps({"description": "x", "policy": {"payoutDay": 5, "four_eyes": False}, "simulation": {}})
    )
    policy, settings = load_policy_file(path, default_policy=default)
    assert policy.payout_day == 5
    assert policy.four_eyes is False
    assert policy.attribution == default.attribution
    assert settings == CohortSettings()
    path.write_text(json.dumps({"policy": {"payoutDay": 40, "kleur": "blauw"}}))
    with pytest.raises(SettingsFileError, match=r"policy\.payoutDay.*policy\.kleur"):
        load_policy_file(path, default_policy=default)


def test_the_example_policy_file_is_valid() -> None:
    example = Path(__file__).parents[2] / "examples" / "simulation-policy.json"
    policy, settings = load_policy_file(example, default_policy=load_default_policy())
    assert settings.settlement_day == 25
    assert policy.four_eyes is True
