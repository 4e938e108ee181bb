"""Edited consultations: identity of form edits, ConsultationCorrected through planning."""

import io
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from openpyxl import load_workbook

from schemas.consultations import ConsultationCorrectedEvent, ConsultationRecorded, Superseded
from schemas.topics import CONSULTATIONS
from services.consultations.domain import forms, xlsform
from services.consultations.domain.intake import IntakeError, corrected_event, recorded_event
from services.planning.rules import catalogue, classifier_rules
from services.planning.workflow import Planning
from tests.factories import record
from tests.fakes.planning import planning_units
from tests.unit.planning_shell import PLAN_ID, SETTINGS, Units, deliver

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def planning() -> Planning:
    return Planning(classifier_rules(), catalogue(), clock=lambda: NOW)


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


def correction(
    original: ConsultationRecorded, revision: int, **kw: Any
) -> ConsultationCorrectedEvent:
    fixed = record(consultation_id=str(original.consultation_id), **kw)
    return corrected_event(fixed, revision, Superseded(revision=revision - 1), NOW)


def students(units: Units) -> int:
    plan = units.state.plans[PLAN_ID].plan
    return sum(p.affected_students for p in plan.priorities if p.category == "child_labour")


async def test_a_correction_replaces_the_consultation_and_the_plan_counts_it_once(
    units: Units, planning: Planning
) -> None:
    original = record()
    await deliver(units, planning, CONSULTATIONS, recorded_event(original, NOW))
    assert students(units) == 14
    fixed_issues = [{**i, "affected_students": 30} for i in record().model_dump()["raised_issues"]]
    fixed = correction(original, 2, raised_issues=fixed_issues)
    summary = await deliver(units, planning, CONSULTATIONS, fixed)
    assert (summary["applied"], summary["corrected"], summary["plans_changed"]) == (1, 1, 1)
    plan = units.state.plans[PLAN_ID].plan
    # one consultation, corrected: the working draft's next revision, still to be version 1
    assert (plan.consultation_count, plan.version, plan.revision) == (1, 1, 2)
    assert students(units) == 30


async def test_a_redelivered_or_older_correction_changes_nothing(
    units: Units, planning: Planning
) -> None:
    original = record()
    issues = record().model_dump()["raised_issues"]
    newer = correction(original, 3, raised_issues=[{**i, "affected_students": 40} for i in issues])
    older = correction(original, 2, raised_issues=[{**i, "affected_students": 20} for i in issues])
    await deliver(units, planning, CONSULTATIONS, recorded_event(original, NOW), newer)
    published = len(units.published)
    again = await deliver(units, planning, CONSULTATIONS, newer, older)
    assert (again["applied"], again["duplicates"], again["plans_changed"]) == (0, 2, 0)
    assert len(units.published) == published
    assert students(units) == 40
    # The original redelivered after its correction does not bring the old text back.
    await deliver(units, planning, CONSULTATIONS, recorded_event(original, NOW))
    assert students(units) == 40


async def test_a_correction_moving_the_school_year_replans_both_plans(
    units: Units, planning: Planning
) -> None:
    original = record()
    await deliver(units, planning, CONSULTATIONS, recorded_event(original, NOW))
    await deliver(
        units, planning, CONSULTATIONS, correction(original, 2, consultation_date="2026-05-12")
    )
    assert units.state.plans[PLAN_ID].plan.consultation_count == 0
    assert units.state.plans["prizren:2025-2026"].plan.consultation_count == 1


def kobo_edit(root: UUID, previous: UUID, instance: UUID) -> dict[str, Any]:
    return {
        "meta/instanceID": f"uuid:{instance}",
        "meta/deprecatedID": f"uuid:{previous}",
        "meta/rootUuid": f"uuid:{root}",
        "_uuid": str(instance),
    }


def test_form_edits_keep_the_id_of_the_first_version() -> None:
    root, second, third = uuid4(), uuid4(), uuid4()
    kobo = forms.identity(kobo_edit(root, second, third))
    assert (kobo.instance_id, kobo.root_id, kobo.deprecated_id) == (third, root, second)
    assert forms.instance_id(kobo_edit(root, second, third)) == root
    central = forms.identity(
        {
            "__id": f"uuid:{root}",
            "meta": {"instanceID": f"uuid:{third}", "deprecatedID": f"uuid:{second}"},
        }
    )
    assert (central.instance_id, central.root_id, central.deprecated_id) == (third, root, second)
    first = forms.identity({"__id": f"uuid:{root}", "meta": {"instanceID": f"uuid:{root}"}})
    assert not first.is_edit
    assert first.root_id == root


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({}, "dmap_form_id", "missing"),
        ({"dmap_form_id": "household_survey"}, "dmap_form_id", "not the DMAP consultation form"),
        (
            {"dmap_form_id": forms.FORM_ID, "dmap_form_version": "2026.11.1"},
            "dmap_form_version",
            "outdated",
        ),
        ({"dmap_form_id": forms.FORM_ID}, "dmap_form_version", "missing"),
    ],
)
def test_another_form_or_an_old_version_is_refused(
    fields: dict[str, str], field: str, reason: str
) -> None:
    with pytest.raises(IntakeError) as refused:
        forms.check_form({"meta/instanceID": f"uuid:{uuid4()}", **fields})
    assert refused.value.field == field
    assert reason in refused.value.reason
    assert refused.value.reason_sq != refused.value.reason


def test_the_served_form_version_is_accepted_from_kobo_and_central() -> None:
    current = {"dmap_form_id": forms.FORM_ID, "dmap_form_version": forms.FORM_VERSION}
    forms.check_form({"grp/" + k: v for k, v in current.items()})
    forms.check_form({"meta": current, "__system": {"formVersion": forms.FORM_VERSION}})
    with pytest.raises(IntakeError):  # Central says the deployed version is another one
        forms.check_form({**current, "__system": {"formVersion": "2025.1"}})


def test_the_served_form_submits_its_id_and_version() -> None:
    survey = load_workbook(io.BytesIO(xlsform.build()))["survey"]
    rows = {r[1]: r for r in survey.iter_rows(min_row=2, values_only=True)}
    assert rows["dmap_form_id"][0] == "calculate"
    assert rows["dmap_form_id"][-1] == f"'{forms.FORM_ID}'"
    assert rows["dmap_form_version"][-1] == f"'{forms.FORM_VERSION}'"
