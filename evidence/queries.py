"""Reads: which evidence files an actor may see and open, and the case objects they attach to.

One rule for the file pages, the download view, the case pages' file lists and the API. An importer
sees the files of their own organisation's detentions, submissions, RFIs, seizure petitions and claims that their
side uploaded or the agency shared with them; never a sealed file and never a staff-only category. Anything else does
not exist for them (404). Agency staff see every file; only supervisors open a sealed one.
"""

from django.db.models import Q, QuerySet

from cases import queries as case_queries
from cases.models import (
    AdmissibilitySubmission,
    AnnualReport,
    Detention,
    Finding,
    Investigation,
    RequestForInformation,
    Role,
    Seizure,
    SeizurePetition,
    SubmissionStatus,
    WithholdReleaseOrder,
)
from cases.statistics.queries import visible_annual_reports
from evidence.models import STAFF_ONLY_CATEGORIES, CustodyAction, EvidenceFile

# URL slug -> (model, the EvidenceFile field that points to it, the scoped query of the case objects).
TARGETS = {
    "investigation": (Investigation, "investigation", case_queries.visible_investigations),
    "detention": (Detention, "detention", case_queries.visible_detentions),
    "submission": (AdmissibilitySubmission, "submission", case_queries.visible_submissions),
    "rfi": (RequestForInformation, "rfi", case_queries.visible_rfis),
    "wro": (WithholdReleaseOrder, "wro", case_queries.visible_wros),
    "finding": (Finding, "finding", case_queries.visible_findings),
    "annual_report": (AnnualReport, "annual_report", visible_annual_reports),
    "seizure_petition": (SeizurePetition, "seizure_petition", case_queries.visible_seizure_petitions),
    "seizure_claim": (Seizure, "seizure_claim", case_queries.visible_seizures),
}
TARGET_TYPE_BY_MODEL = {model: slug for slug, (model, _field, _query) in TARGETS.items()}
# What an importer sees of a file's custody log; who at the agency opened it stays internal.
IMPORTER_CUSTODY_ACTIONS = (CustodyAction.UPLOADED, CustodyAction.GENERATED, CustodyAction.SCANNED,
                            CustodyAction.QUARANTINED, CustodyAction.SHARED_WITH_IMPORTER)


def is_agency_staff(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active
                and actor.role in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN))


def importer_organisation_id(actor):
    if actor and actor.is_authenticated and actor.is_active and actor.role == Role.IMPORTER:
        return actor.organisation_id
    return None


def visible_targets(actor, target_type: str) -> QuerySet:
    _model, _field, query = TARGETS[target_type]
    return query(actor)


def target_type_of(target) -> str:
    return TARGET_TYPE_BY_MODEL[type(target)]


def visible_evidence_files(actor) -> QuerySet[EvidenceFile]:
    qs = EvidenceFile.objects.select_related("uploaded_by", "sealed_by", "replaces")
    if is_agency_staff(actor):
        # A draft package is the importer's working copy: its files reach the agency once it is filed.
        return qs.exclude(submission__status=SubmissionStatus.DRAFT)
    org_id = importer_organisation_id(actor)
    if org_id is None:
        return qs.none()
    own_case = (
        Q(detention__shipment__importer_id=org_id)
        | Q(submission__organisation_id=org_id)
        | Q(rfi__detention__shipment__importer_id=org_id)
        | Q(seizure_petition__organisation_id=org_id)
        | Q(seizure_claim__detention__shipment__importer_id=org_id)
    )
    shown = Q(uploaded_by__organisation_id=org_id) | Q(visible_to_importer=True)
    return qs.filter(own_case, shown, sealed=False).exclude(category__in=STAFF_ONLY_CATEGORIES)


def files_of(actor, target) -> QuerySet[EvidenceFile]:
    """The files attached to one case object that `actor` may see, newest first."""
    field = TARGETS[target_type_of(target)][1]
    return visible_evidence_files(actor).filter(**{field: target})


def may_open(actor, evidence_file: EvidenceFile) -> bool:
    """Whether the bytes may be handed to `actor` (visibility is checked by the scoped query)."""
    if evidence_file.sealed:
        return bool(actor.is_authenticated and actor.role == Role.SUPERVISOR)
    return True


def visible_custody(actor, events: QuerySet) -> QuerySet:
    """Narrow custody events (of files already visible to `actor`) to what the actor's side may read."""
    if is_agency_staff(actor):
        return events
    return events.filter(action__in=IMPORTER_CUSTODY_ACTIONS)
