"""Reading and changing enrollments; a change triggers a recompute (missing periods follow from them)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.access import staff_worker
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor, WorkerPrincipal
from app_api.enrollments import repository
from app_api.enrollments.schemas import EnrollmentEnd, EnrollmentView, NewEnrollment
from gateway.jobs import kinds
from gateway.store import agencies, bookkeepers, enrollments, outbox
from gateway.store.models import Enrollment
from gateway.web.errors import InvalidInput, NotFound
from schemas.problems import InvalidParam


class EnrollmentNotFound(NotFound):
    """No such enrollment of this worker."""

    code = "enrollment_not_found"

    def __init__(self) -> None:
        super().__init__("Deze inschrijving is niet gevonden.")


def _view(enrollment: Enrollment, agency_name: str) -> EnrollmentView:
    return EnrollmentView(
        id=enrollment.id,
        agency_id=enrollment.agency_id,
        agency_name=agency_name,
        valid_from=enrollment.valid_from,
        valid_to=enrollment.valid_to,
    )


def _list(*, session: Session, worker_id: str) -> list[EnrollmentView]:
    return [_view(row, name) for row, name in repository.with_agencies(session=session, worker_id=worker_id)]


def own(*, session: Session, principal: WorkerPrincipal) -> list[EnrollmentView]:
    """The agencies the signed-in worker works through."""
    return _list(session=session, worker_id=principal.worker_id)


def read(*, session: Session, actor: StaffActor, worker_id: str, purpose: str) -> list[EnrollmentView]:
    """A worker's enrollments (audited)."""
    with audited(
        session=session, actor=actor, action="enrollments.read", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        result = _list(session=session, worker_id=worker.id)
    return result


def enroll(
    *, session: Session, actor: StaffActor, worker_id: str, request: NewEnrollment, purpose: str
) -> EnrollmentView:
    """Enrol a worker with an agency (audited; the jobs recompute the worker)."""
    with audited(
        session=session, actor=actor, action="enrollment.create", purpose=purpose, worker_id=worker_id
    ):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        agency = agencies.get(session=session, agency_id=request.agency_id)
        # A bookkeeper shares the agencies' table but sends no pay records: it is no agency to enrol with.
        if agency is None or agency.kind != bookkeepers.AGENCY:
            raise InvalidInput(
                "Dit uitzendbureau is niet geregistreerd.",
                invalid_params=[
                    InvalidParam(name="agencyId", code="agency_unknown", reason="Onbekend uitzendbureau.")
                ],
            )
        enrollment = enrollments.enroll(
            session=session,
            worker_id=worker.id,
            agency_id=agency.id,
            valid_from=request.valid_from,
            valid_to=request.valid_to,
        )
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        view = _view(enrollment, agency.name)
    return view


def end(
    *,
    session: Session,
    actor: StaffActor,
    worker_id: str,
    enrollment_id: str,
    request: EnrollmentEnd,
    purpose: str,
) -> EnrollmentView:
    """End an enrollment on a date (audited; the jobs recompute the worker)."""
    with audited(session=session, actor=actor, action="enrollment.end", purpose=purpose, worker_id=worker_id):
        worker = staff_worker(session=session, actor=actor, worker_id=worker_id)
        enrollment = repository.one(session=session, worker_id=worker.id, enrollment_id=enrollment_id)
        if enrollment is None:
            raise EnrollmentNotFound()
        if request.valid_to < enrollment.valid_from:
            raise InvalidInput(
                "De einddatum ligt voor het begin van de inschrijving.",
                invalid_params=[
                    InvalidParam(name="validTo", code="before_start", reason="Ligt voor validFrom.")
                ],
            )
        enrollments.end(session=session, enrollment=enrollment, valid_to=request.valid_to)
        outbox.publish(session=session, topic=kinds.CASE_CHANGED, payload={"workerId": worker.id})
        agency = agencies.get(session=session, agency_id=enrollment.agency_id)
        view = _view(enrollment, agency.name if agency is not None else "")
    return view
