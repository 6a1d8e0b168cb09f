"""Reads: querysets already scoped to what an actor may see.

Views, the API, downloads and tasks all read through these functions, so one rule decides visibility
everywhere. An importer sees only their own organisation's records and never an internal note; an
object outside scope does not exist for them (callers answer 404, never 403).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import (
    AdmissibilitySubmission,
    AuditEvent,
    Deadline,
    Decision,
    Detention,
    Finding,
    ForeignEntity,
    GoodsDisposition,
    ImporterOrganisation,
    Investigation,
    ModificationPetition,
    Note,
    NoteVisibility,
    Notification,
    Protest,
    Redelivery,
    RequestForInformation,
    Role,
    Seizure,
    SeizurePetition,
    Shipment,
    SubmissionStatus,
    User,
    WithholdReleaseOrder,
    WroStatus,
)


def _is_staff_role(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active and actor.role != Role.IMPORTER)


def sees_everything(actor) -> bool:
    """Whether `actor` may see every case (active staff): what national figures such as the open-work
    tallies may be shown to. Every visible_* query of such an actor is unfiltered."""
    return _is_staff_role(actor)


def _importer_org_id(actor):
    if actor and actor.is_authenticated and actor.is_active and actor.role == Role.IMPORTER:
        return actor.organisation_id
    return None


def _scoped(qs: QuerySet, actor, org_path: str) -> QuerySet:
    if _is_staff_role(actor):
        return qs
    org_id = _importer_org_id(actor)
    if org_id is None:
        return qs.none()
    return qs.filter(**{org_path: org_id})


def visible_organisations(actor) -> QuerySet[ImporterOrganisation]:
    return _scoped(ImporterOrganisation.objects.all(), actor, "id")


def visible_shipments(actor) -> QuerySet[Shipment]:
    qs = Shipment.objects.select_related("importer", "producer")
    return _scoped(qs, actor, "importer_id")


def visible_detentions(actor) -> QuerySet[Detention]:
    qs = Detention.objects.select_related(
        # wro__finding: the Finding converted from the WRO, read by the seizure-under-a-later-Finding guard.
        "shipment", "shipment__importer", "shipment__producer", "wro", "wro__finding", "finding", "assigned_officer"
    )
    return _scoped(qs, actor, "shipment__importer_id")


def visible_submissions(actor) -> QuerySet[AdmissibilitySubmission]:
    qs = AdmissibilitySubmission.objects.select_related("detention", "detention__shipment", "organisation")
    qs = _scoped(qs, actor, "organisation_id")
    if _is_staff_role(actor):
        # A draft is the importer's working copy; the agency sees a package once it is filed.
        qs = qs.exclude(status=SubmissionStatus.DRAFT)
    return qs


def visible_rfis(actor) -> QuerySet[RequestForInformation]:
    qs = RequestForInformation.objects.select_related("detention", "detention__shipment")
    return _scoped(qs, actor, "detention__shipment__importer_id")


def visible_decisions(actor) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("detention", "detention__shipment", "proposed_by", "reviewed_by")
    if _is_staff_role(actor):
        return qs
    # The importer learns of a decision once it takes effect, not while it awaits approval.
    return _scoped(qs, actor, "detention__shipment__importer_id").filter(status="approved")


def visible_protests(actor) -> QuerySet[Protest]:
    qs = Protest.objects.select_related("detention", "detention__shipment", "organisation")
    return _scoped(qs, actor, "organisation_id")


def visible_seizures(actor) -> QuerySet:
    qs = Seizure.objects.select_related("detention", "detention__shipment", "seizing_officer")
    return _scoped(qs, actor, "detention__shipment__importer_id")


def visible_seizure_petitions(actor) -> QuerySet:
    qs = SeizurePetition.objects.select_related("seizure", "seizure__detention", "seizure__detention__shipment",
                                                "filed_by", "proposed_by", "decided_by")
    return _scoped(qs, actor, "organisation_id")


def visible_dispositions(actor) -> QuerySet:
    qs = GoodsDisposition.objects.select_related("detention", "detention__shipment", "recorded_by")
    return _scoped(qs, actor, "detention__shipment__importer_id")


def visible_redeliveries(actor) -> QuerySet:
    qs = Redelivery.objects.select_related("detention", "detention__shipment", "demanded_by")
    return _scoped(qs, actor, "detention__shipment__importer_id")


def visible_notes(actor) -> QuerySet[Note]:
    qs = Note.objects.select_related("author", "detention")
    if _is_staff_role(actor):
        return qs
    return _scoped(qs, actor, "detention__shipment__importer_id").filter(visibility=NoteVisibility.IMPORTER)


def visible_deadlines(actor) -> QuerySet[Deadline]:
    qs = Deadline.objects.select_related("detention", "detention__shipment", "shipment", "rfi", "protest")
    if _is_staff_role(actor):
        return qs
    org_id = _importer_org_id(actor)
    if org_id is None:
        return qs.none()
    # Investigations are internal; an importer sees only the clocks of their own entries.
    return qs.filter(
        Q(detention__shipment__importer_id=org_id) | Q(shipment__importer_id=org_id)
    )


def visible_notifications(actor) -> QuerySet[Notification]:
    if not (actor and actor.is_authenticated and actor.is_active):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor).select_related("detention")


def unread_notifications(actor) -> QuerySet[Notification]:
    """The person's unread notifications: every unread count on every page comes from this one query."""
    return visible_notifications(actor).filter(read_at__isnull=True)


UNREAD_COUNT_CAP = 1000


def unread_notification_count(actor, cap: int | None = None) -> int:
    """How many unread notifications, counted up to `cap` (pages show "1000+"): the count on every page
    then costs at most `cap` index entries, however many a busy desk has left unread."""
    return unread_notifications(actor).order_by()[:cap or UNREAD_COUNT_CAP].count()


def visible_audit_events(actor) -> QuerySet[AuditEvent]:
    """The audit trail is agency-internal: importers see none of it."""
    if not _is_staff_role(actor):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")


def visible_investigations(actor) -> QuerySet[Investigation]:
    if not _is_staff_role(actor):
        return Investigation.objects.none()
    return Investigation.objects.select_related("subject_entity", "assigned_officer", "resulting_wro")


def visible_wros(actor) -> QuerySet[WithholdReleaseOrder]:
    qs = WithholdReleaseOrder.objects.select_related("entity")
    if _is_staff_role(actor):
        return qs
    if _importer_org_id(actor) is None:
        return qs.none()
    # Importers see the published orders (public record), never internal drafts.
    return qs.exclude(status=WroStatus.DRAFT)


def visible_findings(actor) -> QuerySet[Finding]:
    qs = Finding.objects.select_related("entity", "source_wro")
    if _is_staff_role(actor) or _importer_org_id(actor) is not None:
        return qs
    return qs.none()


def visible_petitions(actor) -> QuerySet[ModificationPetition]:
    """Petitions to modify or revoke an order are the Forced Labor Division's file: staff only."""
    if not _is_staff_role(actor):
        return ModificationPetition.objects.none()
    return ModificationPetition.objects.select_related("wro", "finding", "exempt_producer", "exempt_importer")


def visible_entities(actor) -> QuerySet[ForeignEntity]:
    if not _is_staff_role(actor):
        return ForeignEntity.objects.none()
    return ForeignEntity.objects.all()


def visible_users(actor) -> QuerySet[User]:
    if actor and actor.is_authenticated and actor.is_active and actor.role == Role.ADMIN:
        return User.objects.all()
    if _is_staff_role(actor):
        return User.objects.exclude(role=Role.IMPORTER)
    org_id = _importer_org_id(actor)
    if org_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=org_id)


def get_visible_or_404(queryset: QuerySet, **lookup):
    """Fetch one object from a scoped queryset; outside scope answers exactly like nonexistent."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from exc
