"""Registering agencies and their keys, and revoking keys; every change is audited.

An agency is managed by the municipality whose administrator registered it (or, registered with the
CLI, by the platform operator). Every municipality sees every agency's id and name, to enrol its
workers with it; only the managing municipality sees and changes its keys. Anyone else gets 404, as for
another person's data, and the attempt is audited.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app_api.agencies import keys as key_checks
from app_api.agencies import repository
from app_api.agencies.schemas import AgencyDetail, AgencyView, KeyView, NewAgency, NewKey
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from app_api.pagination import Page, Paging
from gateway.store import agencies
from gateway.store.models import Agency, AgencyKey
from gateway.web.errors import Conflict, NotFound


class AgencyNotFound(NotFound):
    """No such agency managed by the caller's municipality."""

    code = "agency_not_found"

    def __init__(self) -> None:
        super().__init__("Dit uitzendbureau is niet gevonden bij de bureaus die uw gemeente beheert.")


class KeyNotFound(NotFound):
    """No active key with this id."""

    code = "key_not_found"

    def __init__(self) -> None:
        super().__init__("Er is geen actieve sleutel met deze kid.")


def _view(agency: Agency, *, municipality_id: str) -> AgencyView:
    if agency.managed_by_municipality_id != municipality_id:
        # Any municipality may enrol workers with any agency, so it may know it exists; its
        # configuration belongs to the municipality (or platform operator) that manages it.
        return AgencyView(
            id=agency.id,
            name=agency.name,
            managed_here=False,
            client_id=None,
            webhook_url=None,
            created_at=None,
        )
    return AgencyView(
        id=agency.id,
        name=agency.name,
        managed_here=True,
        client_id=agency.client_id,
        webhook_url=agency.webhook_url,
        created_at=agency.created_at,
    )


def _key(key: AgencyKey) -> KeyView:
    return KeyView(
        kid=key.kid,
        alg=key.alg,
        public_jwk=dict(key.public_jwk),
        created_at=key.created_at,
        revoked_at=key.revoked_at,
    )


def _managed(session: Session, actor: StaffActor, agency_id: str) -> Agency:
    # Another municipality's agency and a platform-managed one are answered as if they did not exist:
    # a key registered here could push pay data for every worker enrolled with the agency, elsewhere too.
    agency = agencies.managed_by(session=session, agency_id=agency_id, municipality_id=actor.municipality_id)
    if agency is None:
        raise AgencyNotFound()
    return agency


def _detail(session: Session, agency: Agency) -> AgencyDetail:
    return AgencyDetail(
        id=agency.id,
        name=agency.name,
        client_id=agency.client_id,
        webhook_url=agency.webhook_url,
        created_at=agency.created_at,
        keys=[_key(key) for key in repository.keys(session=session, agency_id=agency.id)],
    )


def list_page(*, session: Session, actor: StaffActor, paging: Paging) -> Page[AgencyView]:
    """Every registered agency by name (to enrol workers with); details only of those managed here."""
    rows = repository.page(session=session, offset=paging.offset, limit=paging.fetch)
    views = [_view(agency, municipality_id=actor.municipality_id) for agency in rows]
    return Page[AgencyView].of(views, paging)


def detail(*, session: Session, actor: StaffActor, agency_id: str, purpose: str) -> AgencyDetail:
    """An agency the actor's municipality manages, with its keys; a refused attempt is audited."""
    with audited(
        session=session,
        actor=actor,
        action="agency.read",
        purpose=purpose,
        worker_id=None,
        record_success=False,
    ):
        result = _detail(session, _managed(session, actor, agency_id))
    return result


def register(*, session: Session, actor: StaffActor, request: NewAgency, purpose: str) -> AgencyDetail:
    """Register an agency managed by the actor's municipality (audited)."""
    with audited(session=session, actor=actor, action="agency.create", purpose=purpose, worker_id=None):
        if agencies.by_client_id(session=session, client_id=request.client_id) is not None:
            raise Conflict("Er is al een uitzendbureau met deze clientId.", code="client_id_taken")
        agency = agencies.create(
            session=session,
            name=request.name,
            client_id=request.client_id,
            webhook_url=request.webhook_url,
            managed_by_municipality_id=actor.municipality_id,
        )
        result = _detail(session, agency)
    return result


def add_key(*, session: Session, actor: StaffActor, agency_id: str, request: NewKey, purpose: str) -> KeyView:
    """Register a public key for an agency the actor's municipality manages (audited)."""
    with audited(session=session, actor=actor, action="agency_key.add", purpose=purpose, worker_id=None):
        agency = _managed(session, actor, agency_id)
        checked = key_checks.check(request.jwk)
        if repository.kid_taken(session=session, agency_id=agency.id, kid=checked.kid):
            raise Conflict("Dit bureau heeft al een sleutel met deze kid.", code="kid_taken")
        key = agencies.add_key(
            session=session,
            agency_id=agency.id,
            kid=checked.kid,
            public_jwk=checked.public_jwk,
            alg=checked.alg,
        )
        view = _key(key)
    return view


def revoke_key(*, session: Session, actor: StaffActor, agency_id: str, kid: str, purpose: str) -> None:
    """Revoke a key of an agency the actor's municipality manages, from now on (audited)."""
    with audited(session=session, actor=actor, action="agency_key.revoke", purpose=purpose, worker_id=None):
        agency = _managed(session, actor, agency_id)
        if not agencies.revoke_key(session=session, agency_id=agency.id, kid=kid):
            raise KeyNotFound()
