"""All Loonbrug tables as SQLAlchemy 2 models; import them from here.

Every primary key is a UUID text generated in Python (`gateway.store.base.new_id`), so a row's id is
known before INSERT and is bound into the associated data of its encrypted columns. Columns ending in
`_encrypted` hold field-encrypted text; read and write them through `gateway.store.sealing.Sealer`.
"""

from gateway.store.base import Base
from gateway.store.models.audit import AuditEvent
from gateway.store.models.flextensie import (
    FlextensieInvoice,
    FlextensiePolicyRecord,
    Placement,
    PremiumEntry,
    PremiumPayout,
    Timesheet,
)
from gateway.store.models.ledger import (
    IdempotencyRecord,
    IdempotencyState,
    OutboxEvent,
    PayRecord,
    Submission,
    UsedAssertion,
)
from gateway.store.models.parameters import ParameterConfirmation, ParameterProposal
from gateway.store.models.people import (
    Advance,
    BenefitCaseFact,
    BufferDecision,
    CaseEnd,
    Enrollment,
    Signal,
    Worker,
)
from gateway.store.models.results import MonthSettlement, SettlementStatus, SettlementTransition, WeekFigures
from gateway.store.models.self_employed import BookkeepingMandate, BusinessDocument
from gateway.store.models.tenancy import Agency, AgencyKey, Municipality, StaffMember

__all__ = [
    "Advance",
    "Agency",
    "AgencyKey",
    "AuditEvent",
    "Base",
    "BenefitCaseFact",
    "BookkeepingMandate",
    "BufferDecision",
    "BusinessDocument",
    "CaseEnd",
    "Enrollment",
    "FlextensieInvoice",
    "FlextensiePolicyRecord",
    "IdempotencyRecord",
    "IdempotencyState",
    "MonthSettlement",
    "Municipality",
    "OutboxEvent",
    "ParameterConfirmation",
    "ParameterProposal",
    "PayRecord",
    "Placement",
    "PremiumEntry",
    "PremiumPayout",
    "SettlementStatus",
    "SettlementTransition",
    "Signal",
    "StaffMember",
    "Submission",
    "Timesheet",
    "UsedAssertion",
    "WeekFigures",
    "Worker",
]
