"""Published parameter values added after a release: proposals and their confirmations (four eyes).

National law is the same for every municipality, so these tables are platform-wide: one value per
key and month for the whole installation, whichever municipality's administrator proposed it. Both are
append-only: a proposal is never changed, a confirmation is a row of its own. Nothing here is personal
data, so nothing is encrypted; who acted is the audit actor (`staff:<id>` or `cli:<user>`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.base import Base, Id, new_id, utcnow


class ParameterProposal(Base):
    """A published value an administrator adds for one parameter, from the first of a month."""

    __tablename__ = "parameter_proposal"
    __table_args__ = (Index(None, "key", "valid_from"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(100), comment="Parameter key, e.g. norm.single.")
    valid_from: Mapped[dt.date] = mapped_column(comment="First of a month.")
    valid_to: Mapped[dt.date | None] = mapped_column(comment="Last day of a month; open-ended when null.")
    value: Mapped[str] = mapped_column(String(40), comment="The number as text (Decimal), never a float.")
    source_url: Mapped[str] = mapped_column(String(500))
    article: Mapped[str] = mapped_column(String(300))
    proposed_by: Mapped[str] = mapped_column(String(255))
    municipality_id: Mapped[str | None] = mapped_column(
        ForeignKey("municipality.id"), comment="The acting administrator's municipality; null from the CLI."
    )
    proposed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ParameterConfirmation(Base):
    """A second administrator's confirmation of a proposal; from then on the engine uses the value."""

    __tablename__ = "parameter_confirmation"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    proposal_id: Mapped[str] = mapped_column(ForeignKey("parameter_proposal.id"), unique=True)
    confirmed_by: Mapped[str] = mapped_column(String(255))
    municipality_id: Mapped[str | None] = mapped_column(
        ForeignKey("municipality.id"), comment="The acting administrator's municipality; null from the CLI."
    )
    confirmed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
