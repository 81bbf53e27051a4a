"""Tenants and parties: municipalities, agencies with their keys, and staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import Base, Id, JsonDocument, new_id, utcnow


class Municipality(Base):
    """A gemeente: the tenant every personal record belongs to (DESIGN §3)."""

    __tablename__ = "municipality"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    cbs_code: Mapped[str] = mapped_column(String(6), unique=True, comment="CBS code, e.g. GM0599.")
    name: Mapped[str] = mapped_column(String(200))
    policy: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, default=dict, comment="Municipal policy parameters; never personal data."
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Agency(Base):
    """An uitzendbureau or payroll company: an OAuth client that pushes pay records; or, with `kind`
    bookkeeper, a boekhouder or accounting package that pushes the invoices and costs of the workers who
    gave it a mandate. Both sign in the same way with the same kind of keys (docs/agency-auth.md).

    An agency may serve many municipalities (any of them may enrol workers with it), but only the
    municipality that manages it may see and change its keys: a key is the power to push pay data for
    every worker enrolled with the agency, in every municipality.
    """

    __tablename__ = "agency"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(128), unique=True)
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    managed_by_municipality_id: Mapped[str | None] = mapped_column(
        ForeignKey("municipality.id"),
        index=True,
        comment="The municipality whose administrators manage its keys; empty: the platform operator (CLI).",
    )
    kind: Mapped[str] = mapped_column(
        String(20),
        default="agency",
        server_default="agency",
        comment="agency (pushes pay records) or bookkeeper (pushes invoices and costs).",
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AgencyKey(Base):
    """A public key registered for an agency: verifies its private_key_jwt and its JWS signatures."""

    __tablename__ = "agency_key"
    __table_args__ = (UniqueConstraint("agency_id", "kid"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"), index=True)
    kid: Mapped[str] = mapped_column(String(200))
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JsonDocument, comment="Public JWK only.")
    alg: Mapped[str] = mapped_column(String(10), comment="ES256 or PS256.")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]


class StaffMember(Base):
    """A municipal employee known by their IdP subject: consultant, team lead, auditor or admin."""

    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("municipality_id", "subject"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"), index=True)
    subject: Mapped[str] = mapped_column(String(255), comment="The `sub` claim of the staff IdP.")
    display_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(
        JsonDocument, default=list, comment="consultant, team_lead, auditor, admin."
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
