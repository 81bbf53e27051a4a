"""Registering agencies and bookkeepers and their keys, and revoking keys; every change is audited.

An agency is managed by the municipality whose administrator registered it (or, registered with the
CLI, by the platform operator). Every municipality sees every agency's id and name, to enrol its
workers with it; only the managing municipality sees and changes its keys. Anyone else gets 404, as for
another person's data, and the attempt is audited.

A bookkeeper (gateway.store.bookkeepers) is kept with the agencies and keyed the same way, under the
same rule: any municipality sees its id and name (its workers may mandate it), only the managing one
its configuration and keys. Each has its own routes: an agency id on a bookkeeper's route, or the
other way round, is answered 404 like an unknown one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app_api.agencies import keys as key_checks
from app_api.agencies import repository
from app_api.agencies.schemas import (
    AgencyDetail,
    AgencyView,
    BookkeeperDetail,
    BookkeeperView,
    KeyView,
    NewAgency,
    NewBookkeeper,
    NewKey,
)
from app_api.audit.trail import audited
from app_api.auth.principal import StaffActor
from app_api.pagination import Page, Paging
from gateway.store import agencies, bookkeepers
from gateway.store.models import Agency, AgencyKey
from gateway.web.errors import Conflict, NotFound


class AgencyNotFound(NotFound):
    """No such agency managed by the caller's municipality."""

    code = "agency_not_found"

    def __init__(self) -> None:
        super().__init__("Dit uitzendbureau is niet gevonden bij de bureaus die uw gemeente beheert.")


class BookkeeperNotFound(NotFound):
    """No such bookkeeper managed by the caller's municipality."""

    code = "bookkeeper_not_found"

    def __init__(self) -> None:
        super().__init__("Deze boekhouder is niet gevonden bij de boekhouders die uw gemeente beheert.")


@dataclass(frozen=True, slots=True)
class _Kind:
    """What differs between an agency and a bookkeeper on these routes."""

    kind: str
    """`Agency.kind` of the rows the routes are about."""
    action: str
    """The audit action's prefix."""
    not_found: type[NotFound]


_AGENCY = _Kind(bookkeepers.AGENCY, "agency", AgencyNotFound)
_BOOKKEEPER = _Kind(bookkeepers.BOOKKEEPER, "bookkeeper", BookkeeperNotFound)


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


def _managed(session: Session, actor: StaffActor, agency_id: str, kind: _Kind) -> Agency:
    # Another municipality's agency and a platform-managed one are answered as if they did not exist:
    # a key registered here could push pay data for every worker enrolled with the agency, elsewhere too
    # (for a bookkeeper: invoices and costs for every worker who mandated it).
    agency = agencies.managed_by(session=session, agency_id=agency_id, municipality_id=actor.municipality_id)
    if agency is None or agency.kind != kind.kind:
        raise kind.not_found()
    return agency


def _read(session: Session, actor: StaffActor, agency_id: str, purpose: str, kind: _Kind) -> Agency:
    """`_managed`, with a refusal audited (a successful read of configuration is not)."""
    action = f"{kind.action}.read"
    with audited(
        session=session, actor=actor, action=action, purpose=purpose, worker_id=None, record_success=False
    ):
        return _managed(session, actor, agency_id, kind)


def _refuse_taken_client_id(session: Session, client_id: str) -> None:
    # Agencies and bookkeepers sign in at one token endpoint: a client id is one of either.
    if agencies.by_client_id(session=session, client_id=client_id) is not None:
        raise Conflict("Er is al een uitzendbureau of boekhouder met deze clientId.", code="client_id_taken")


def _keys(session: Session, agency_id: str) -> list[KeyView]:
    return [_key(key) for key in repository.keys(session=session, agency_id=agency_id)]


def _detail(session: Session, agency: Agency) -> AgencyDetail:
    return AgencyDetail(
        id=agency.id,
        name=agency.name,
        client_id=agency.client_id,
        webhook_url=agency.webhook_url,
        created_at=agency.created_at,
        keys=_keys(session, agency.id),
    )


def list_page(*, session: Session, actor: StaffActor, paging: Paging) -> Page[AgencyView]:
    """Every registered agency by name (to enrol workers with); details only of those managed here."""
    rows = repository.page(session=session, kind=bookkeepers.AGENCY, offset=paging.offset, limit=paging.fetch)
    views = [_view(agency, municipality_id=actor.municipality_id) for agency in rows]
    return Page[AgencyView].of(views, paging)


def detail(*, session: Session, actor: StaffActor, agency_id: str, purpose: str) -> AgencyDetail:
    """An agency the actor's municipality manages, with its keys; a refused attempt is audited."""
    return _detail(session, _read(session, actor, agency_id, purpose, _AGENCY))


def register(*, session: Session, actor: StaffActor, request: NewAgency, purpose: str) -> AgencyDetail:
    """Register an agency managed by the actor's municipality (audited)."""
    with audited(session=session, actor=actor, action="agency.create", purpose=purpose, worker_id=None):
        _refuse_taken_client_id(session, request.client_id)
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
    return _add_key(session, actor, agency_id, request, purpose, _AGENCY)


def _add_key(
    session: Session, actor: StaffActor, agency_id: str, request: NewKey, purpose: str, kind: _Kind
) -> KeyView:
    action = f"{kind.action}_key.add"
    with audited(session=session, actor=actor, action=action, purpose=purpose, worker_id=None):
        agency = _managed(session, actor, agency_id, kind)
        checked = key_checks.check(request.jwk)
        if repository.kid_taken(session=session, agency_id=agency.id, kid=checked.kid):
            raise Conflict("Er is al een sleutel met deze kid.", code="kid_taken")
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
    _revoke_key(session, actor, agency_id, kid, purpose, _AGENCY)


def _revoke_key(
    session: Session, actor: StaffActor, agency_id: str, kid: str, purpose: str, kind: _Kind
) -> None:
    action = f"{kind.action}_key.revoke"
    with audited(session=session, actor=actor, action=action, purpose=purpose, worker_id=None):
        agency = _managed(session, actor, agency_id, kind)
        if not agencies.revoke_key(session=session, agency_id=agency.id, kid=kid):
            raise KeyNotFound()


# --- bookkeepers ------------------------------------------------------------------------------------


def _bookkeeper_view(bookkeeper: Agency, *, municipality_id: str) -> BookkeeperView:
    here = bookkeeper.managed_by_municipality_id == municipality_id
    return BookkeeperView(
        id=bookkeeper.id,
        name=bookkeeper.name,
        managed_here=here,
        client_id=bookkeeper.client_id if here else None,
        created_at=bookkeeper.created_at if here else None,
    )


def _bookkeeper_detail(session: Session, bookkeeper: Agency) -> BookkeeperDetail:
    return BookkeeperDetail(
        id=bookkeeper.id,
        name=bookkeeper.name,
        client_id=bookkeeper.client_id,
        created_at=bookkeeper.created_at,
        keys=_keys(session, bookkeeper.id),
    )


def bookkeeper_page(*, session: Session, actor: StaffActor, paging: Paging) -> Page[BookkeeperView]:
    """Every registered bookkeeper by name; details only of those managed here."""
    rows = repository.page(
        session=session, kind=bookkeepers.BOOKKEEPER, offset=paging.offset, limit=paging.fetch
    )
    views = [_bookkeeper_view(row, municipality_id=actor.municipality_id) for row in rows]
    return Page[BookkeeperView].of(views, paging)


def bookkeeper_detail(
    *, session: Session, actor: StaffActor, bookkeeper_id: str, purpose: str
) -> BookkeeperDetail:
    """A bookkeeper the actor's municipality manages, with its keys; a refused attempt is audited."""
    return _bookkeeper_detail(session, _read(session, actor, bookkeeper_id, purpose, _BOOKKEEPER))


def register_bookkeeper(
    *, session: Session, actor: StaffActor, request: NewBookkeeper, purpose: str
) -> BookkeeperDetail:
    """Register a bookkeeper managed by the actor's municipality (audited)."""
    with audited(session=session, actor=actor, action="bookkeeper.create", purpose=purpose, worker_id=None):
        _refuse_taken_client_id(session, request.client_id)
        bookkeeper = bookkeepers.create(
            session=session,
            name=request.name,
            client_id=request.client_id,
            managed_by_municipality_id=actor.municipality_id,
        )
        result = _bookkeeper_detail(session, bookkeeper)
    return result


def add_bookkeeper_key(
    *, session: Session, actor: StaffActor, bookkeeper_id: str, request: NewKey, purpose: str
) -> KeyView:
    """Register a public key for a bookkeeper the actor's municipality manages (audited)."""
    return _add_key(session, actor, bookkeeper_id, request, purpose, _BOOKKEEPER)


def revoke_bookkeeper_key(
    *, session: Session, actor: StaffActor, bookkeeper_id: str, kid: str, purpose: str
) -> None:
    """Revoke a key of a bookkeeper the actor's municipality manages, from now on (audited)."""
    _revoke_key(session, actor, bookkeeper_id, kid, purpose, _BOOKKEEPER)
