"""Registering agencies and their keys, and revoking keys; every change is audited."""

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
    """No such agency."""

    code = "agency_not_found"

    def __init__(self) -> None:
        super().__init__("Dit uitzendbureau is niet gevonden.")


class KeyNotFound(NotFound):
    """No active key with this id."""

    code = "key_not_found"

    def __init__(self) -> None:
        super().__init__("Er is geen actieve sleutel met deze kid.")


def _view(agency: Agency) -> AgencyView:
    return AgencyView(
        id=agency.id,
        name=agency.name,
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


def _agency(session: Session, agency_id: str) -> Agency:
    agency = agencies.get(session=session, agency_id=agency_id)
    if agency is None:
        raise AgencyNotFound()
    return agency


def _detail(session: Session, agency: Agency) -> AgencyDetail:
    return AgencyDetail(
        **dict(_view(agency)),
        keys=[_key(key) for key in repository.keys(session=session, agency_id=agency.id)],
    )


def list_page(*, session: Session, paging: Paging) -> Page[AgencyView]:
    """Registered agencies by name."""
    rows = repository.page(session=session, offset=paging.offset, limit=paging.fetch)
    return Page[AgencyView].of([_view(agency) for agency in rows], paging)


def detail(*, session: Session, agency_id: str) -> AgencyDetail:
    """One agency with its keys."""
    return _detail(session, _agency(session, agency_id))


def register(*, session: Session, actor: StaffActor, request: NewAgency, purpose: str) -> AgencyDetail:
    """Register an agency (audited)."""
    with audited(session=session, actor=actor, action="agency.create", purpose=purpose, worker_id=None):
        if agencies.by_client_id(session=session, client_id=request.client_id) is not None:
            raise Conflict("Er is al een uitzendbureau met deze clientId.", code="client_id_taken")
        agency = agencies.create(
            session=session, name=request.name, client_id=request.client_id, webhook_url=request.webhook_url
        )
        result = _detail(session, agency)
    return result


def add_key(*, session: Session, actor: StaffActor, agency_id: str, request: NewKey, purpose: str) -> KeyView:
    """Register a public key for an agency (audited)."""
    checked = key_checks.check(request.jwk)
    with audited(session=session, actor=actor, action="agency_key.add", purpose=purpose, worker_id=None):
        agency = _agency(session, agency_id)
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
    """Revoke an agency's key from now on (audited)."""
    with audited(session=session, actor=actor, action="agency_key.revoke", purpose=purpose, worker_id=None):
        agency = _agency(session, agency_id)
        if not agencies.revoke_key(session=session, agency_id=agency.id, kid=kid):
            raise KeyNotFound()
