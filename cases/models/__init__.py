"""The domain's models, one module per aggregate, re-exported here."""

from cases.models.audit import AuditChainHead, AuditEvent, AuditOutcome
from cases.models.deadlines import Closure, Deadline, DeadlineState
from cases.models.decisions import (
    DECIDED_PROTEST_STATUSES,
    Decision,
    DecisionStatus,
    Outcome,
    Protest,
    ProtestedDecision,
    ProtestOutcome,
    ProtestStatus,
    ReleaseGround,
)
from cases.models.detentions import OPEN_DETENTION_STATUSES, Basis, Detention, DetentionStatus
from cases.models.entities import ForeignEntity
from cases.models.imports import ImportJob, ImportJobError, ImportStatus
from cases.models.investigations import (
    IloIndicator,
    IloIndicatorAssessment,
    Investigation,
    InvestigationStatus,
    Priority,
)
from cases.models.notes import Note, NoteVisibility
from cases.models.notifications import (
    DeliveryPreference,
    DeliveryStatus,
    Notification,
    NotificationPreference,
)
from cases.models.orders import (
    Confidence,
    Finding,
    FindingStatus,
    ModificationPetition,
    OrderExemption,
    PetitionStatus,
    WithholdReleaseOrder,
    WroStatus,
)
from cases.models.people import ImporterOrganisation, Role, User
from cases.models.ports import Port
from cases.models.saved_filters import SavedFilter
from cases.models.seizures import (
    OPEN_DISPOSITION_STATUSES,
    OPEN_SEIZURE_STATUSES,
    CourtOutcome,
    DispositionMethod,
    DispositionStatus,
    ElectionKind,
    GoodsDisposition,
    Redelivery,
    RedeliveryStatus,
    ReliefDisposition,
    Seizure,
    SeizurePetition,
    SeizurePetitionStatus,
    SeizureStatus,
)
from cases.models.shipments import EntryLine, EntryType, ReleaseStatus, Shipment
from cases.models.submissions import (
    OPEN_SUBMISSION_STATUSES,
    AdmissibilitySubmission,
    PackageKind,
    RequestForInformation,
    RfiStatus,
    SubmissionStatus,
)
from cases.models.tallies import TallyMeasure, WorkTally
from cases.models.tokens import ApiToken

__all__ = [
    "OPEN_DETENTION_STATUSES", "OPEN_SUBMISSION_STATUSES", "AdmissibilitySubmission", "ApiToken", "AuditChainHead",
    "AuditEvent", "AuditOutcome", "Basis", "Closure", "Confidence", "Deadline", "DeadlineState", "Decision",
    "DecisionStatus", "DeliveryPreference", "DeliveryStatus",
    "Detention", "DetentionStatus", "Finding", "FindingStatus",
    "ForeignEntity", "IloIndicator", "IloIndicatorAssessment", "ImporterOrganisation", "Investigation",
    "InvestigationStatus", "ModificationPetition", "Note", "NoteVisibility", "Notification",
    "NotificationPreference", "OrderExemption",
    "Outcome", "PackageKind",
    "PetitionStatus", "Port", "Priority", "Protest", "ProtestStatus", "ProtestedDecision", "ProtestOutcome",
    "DECIDED_PROTEST_STATUSES", "ReleaseGround", "ReleaseStatus", "RequestForInformation",
    "RfiStatus", "Role", "SavedFilter", "Shipment", "SubmissionStatus", "User", "WithholdReleaseOrder", "WroStatus",
]
__all__ += ["EntryLine", "EntryType", "ImportJob", "ImportJobError", "ImportStatus", "TallyMeasure", "WorkTally"]

__all__ += [
    "OPEN_DISPOSITION_STATUSES", "OPEN_SEIZURE_STATUSES", "CourtOutcome", "DispositionMethod", "DispositionStatus",
    "ElectionKind",
    "GoodsDisposition", "Redelivery", "RedeliveryStatus", "ReliefDisposition", "Seizure", "SeizurePetition",
    "SeizurePetitionStatus", "SeizureStatus",
]

# Models of capability subpackages register under the cases app; those packages import the core,
# never the reverse, so this import is only the registration.
from cases.statistics.models import AnnualReport, IndustryMapping, StatisticsSnapshot  # noqa: E402

__all__ += ["AnnualReport", "IndustryMapping", "StatisticsSnapshot"]
from cases.screening.models import (  # noqa: E402
    HitStatus,
    ListedEntity,
    ReferenceList,
    ReferenceListVersion,
    ScreeningClearance,
    ScreeningHit,
)

__all__ += ["HitStatus", "ListedEntity", "ReferenceList", "ReferenceListVersion", "ScreeningClearance", "ScreeningHit"]
