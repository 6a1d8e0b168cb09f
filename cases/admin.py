"""The administration site.

People, importer organisations, foreign entities and office closures are edited here (domain.md
section 7: the administrator keeps users, organisations and reference data). Every other record is
shown read-only: its changes go through a service in cases/services, which checks the state tables,
writes the audit event and keeps the clocks, and an admin form would skip all three. Records are
never hard-deleted by users, so no model offers delete: a user or organisation is deactivated.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import audit
from cases.errors import CaseError
from cases.models import (
    AdmissibilitySubmission,
    AnnualReport,
    ApiToken,
    AuditChainHead,
    AuditEvent,
    Closure,
    Deadline,
    Decision,
    Detention,
    EntryLine,
    Finding,
    ForeignEntity,
    GoodsDisposition,
    IloIndicatorAssessment,
    ImporterOrganisation,
    ImportJob,
    ImportJobError,
    IndustryMapping,
    Investigation,
    ModificationPetition,
    Note,
    Notification,
    NotificationPreference,
    OrderExemption,
    Port,
    Protest,
    Redelivery,
    RequestForInformation,
    SavedFilter,
    Seizure,
    SeizurePetition,
    Shipment,
    StatisticsSnapshot,
    User,
    WithholdReleaseOrder,
    WorkTally,
)
from cases.services import accounts
from cases.services.deadlines import recompute_for_closure

admin.site.site_header = "Forced Labor Case Manager administration"
admin.site.site_title = "Forced Labor Case Manager"
admin.site.index_title = "Users, organisations and reference data"


def _administrators_only(request) -> bool:
    """The site edits people and reference data: administrators only, whatever other flags say."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "role", None) == "admin")


admin.site.has_permission = _administrators_only

ENTRY = "detention__shipment__entry_number"


class NeverDeletedAdmin(admin.ModelAdmin):
    """Removes the delete button and the bulk "delete selected" action."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NeverDeletedAdmin):
    """Shown for reference; written only by the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuditedAdmin(NeverDeletedAdmin):
    """Edits made here enter the audit chain like any other change.

    The admin saves a form inside one transaction, so the event and the change commit together.
    """

    def save_model(self, request, obj, form, change):
        model = type(obj)
        concrete = {field.name for field in model._meta.concrete_fields}
        fields = [name for name in form.changed_data if name in concrete and name != "password"]
        before = audit.snapshot(model._default_manager.get(pk=obj.pk), fields) if change else {}
        super().save_model(request, obj, form, change)
        audit.record_event(
            actor=request.user,
            action=f"admin_{'change' if change else 'add'}_{model._meta.model_name}",
            obj=obj,
            before=before,
            after=audit.snapshot(obj, fields),
            reason="Edited in the administration site",
        )


# --- Edited here: people and reference data -------------------------------------------------------

ROLE_FIELDS = ("role", "organisation", "port_code", "is_organisation_admin")


@admin.register(User)
class CaseUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "organisation", "port_code", "is_active")
    list_filter = ("role", "is_active", "is_staff", "organisation")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name", "port_code")
    list_select_related = ("organisation",)
    fieldsets = (
        *UserAdmin.fieldsets[:2],
        ("Role and organisation", {"fields": ROLE_FIELDS}),
        *UserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Role and organisation", {"fields": ROLE_FIELDS}),
    )
    actions = ["reset_two_factor"]

    def save_model(self, request, obj, form, change):
        was_active = change and type(obj).objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            accounts.account_disabled(actor=request.user, user=obj)

    def user_change_password(self, request, id, form_url=""):
        """Django's password form, audited; tokens minted under the old password stop working."""
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=id).first()
            if user is not None and before is not None and user.password != before:
                accounts.record_password_change(actor=request.user, user=user,
                                                reason="Password set in the administration site")
        return response

    @admin.action(description="Reset two-factor sign-in (the person enrols again at the next sign-in)")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            try:
                accounts.reset_two_factor(actor=request.user, user=user)
            except CaseError as error:
                self.message_user(request, f"{user.username}: {error.message}", messages.WARNING)
            else:
                self.message_user(request, f"{user.username}: two-factor sign-in reset.", messages.SUCCESS)


@admin.register(ImporterOrganisation)
class ImporterOrganisationAdmin(AuditedAdmin):
    list_display = ("name", "importer_number", "contact_email", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "importer_number", "contact_email")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            # Suspended: its users' API tokens are revoked; their sessions end at their next request.
            accounts.organisation_suspended_changed(actor=request.user, organisation=obj)


@admin.register(ApiToken)
class ApiTokenAdmin(NeverDeletedAdmin):
    """Tokens are listed without their key (only a digest is stored); they are minted by their owners only.

    An administrator may revoke one: the only change offered, audited like the owner's own revocation.
    """

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            try:
                accounts.revoke_token(actor=request.user, token=token)
            except CaseError as error:
                self.message_user(request, f"{token}: {error.message}", messages.WARNING)


# The device admins of django-otp would show the authenticator keys; resets go through the user admin above.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(ForeignEntity)
class ForeignEntityAdmin(AuditedAdmin):
    list_display = ("name", "country", "created_at")
    list_filter = ("country",)
    search_fields = ("name", "aliases", "address")


@admin.register(Closure)
class ClosureAdmin(AuditedAdmin):
    list_display = ("date", "reason", "ports_closed", "created_by", "created_at")
    search_fields = ("reason", "ports__code", "ports__name")
    date_hierarchy = "date"
    list_select_related = ("created_by",)
    exclude = ("created_by",)
    filter_horizontal = ("ports",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("ports")

    @admin.display(description="Ports")
    def ports_closed(self, obj):
        return ", ".join(port.code for port in obj.ports.all()) or "All ports"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The closed day is no longer a business day at the ports it names: clocks running across it move.
        closure = form.instance
        codes = {port.code for port in closure.ports.all()} or None
        audit.record_event(actor=request.user, action="admin_set_closure_ports", obj=closure,
                           after={"ports": sorted(codes) if codes else "all"},
                           reason="Edited in the administration site")
        recompute_for_closure(actor=request.user, closed_on=closure.date, port_codes=codes)


@admin.register(Port)
class PortAdmin(AuditedAdmin):
    list_display = ("code", "name", "time_zone", "dc_area")
    list_filter = ("dc_area", "time_zone")
    search_fields = ("code", "name")


@admin.register(IndustryMapping)
class IndustryMappingAdmin(AuditedAdmin):
    """Reference data of the statistics: which industry an HTS chapter or heading counts under."""

    list_display = ("hts_prefix", "industry", "note")
    list_filter = ("industry",)
    search_fields = ("hts_prefix", "note")


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("fiscal_year", "generated_at", "generated_by", "pdf_sha256", "bundle_sha256")
    list_select_related = ("generated_by",)


@admin.register(StatisticsSnapshot)
class StatisticsSnapshotAdmin(ReadOnlyAdmin):
    """Derived figures, rewritten by the periodic refresh."""

    list_display = ("scope", "computed_at")


@admin.register(WorkTally)
class WorkTallyAdmin(ReadOnlyAdmin):
    """Counts written by database triggers; `manage.py check_work_tallies` compares them with a recount."""

    list_display = ("measure", "officer_key", "basis", "day", "n")
    list_filter = ("measure",)


# --- Read-only: orders and investigations ---------------------------------------------------------

@admin.register(WithholdReleaseOrder)
class WithholdReleaseOrderAdmin(ReadOnlyAdmin):
    list_display = ("reference", "entity_name", "country", "merchandise", "status", "effective_date", "confidence")
    list_filter = ("status", "confidence", "is_region_wide", "country")
    search_fields = ("reference", "entity_name", "merchandise", "source")
    date_hierarchy = "effective_date"


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = (
        "reference", "entity_name", "country", "merchandise", "status", "published_date", "federal_register_citation"
    )
    list_filter = ("status", "confidence", "is_region_wide", "country")
    search_fields = ("reference", "entity_name", "merchandise", "federal_register_citation")
    date_hierarchy = "published_date"


@admin.register(OrderExemption)
class OrderExemptionAdmin(ReadOnlyAdmin):
    list_display = ("id", "wro", "finding", "producer", "importer", "description", "effective_date")
    search_fields = ("wro__reference", "finding__reference", "producer__name", "importer__name", "description")
    list_select_related = ("wro", "finding", "producer", "importer")


@admin.register(ModificationPetition)
class ModificationPetitionAdmin(ReadOnlyAdmin):
    list_display = ("petitioner", "wro", "finding", "full_revocation", "status", "submitted_on", "decided_on")
    list_filter = ("status", "full_revocation")
    search_fields = ("petitioner", "wro__reference", "finding__reference", "grounds")
    list_select_related = ("wro", "finding")


@admin.register(Investigation)
class InvestigationAdmin(ReadOnlyAdmin):
    list_display = (
        "reference", "subject", "country", "status", "priority", "assigned_officer", "allegation_received_on"
    )
    list_filter = ("status", "priority", "country")
    search_fields = ("reference", "subject", "merchandise", "allegation_source")
    date_hierarchy = "allegation_received_on"
    list_select_related = ("assigned_officer",)


@admin.register(IloIndicatorAssessment)
class IloIndicatorAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("investigation", "indicator", "observed", "updated_at")
    list_filter = ("indicator", "observed")
    search_fields = ("investigation__reference", "notes")
    list_select_related = ("investigation",)


# --- Read-only: shipments and cases ----------------------------------------------------------------

@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = (
        "entry_number", "importer", "country_of_origin", "port_code", "importation_date", "presentation_date",
        "release_status",
    )
    list_filter = ("release_status", "port_code", "country_of_origin")
    search_fields = ("entry_number", "importer__name", "importer__importer_number", "description")
    date_hierarchy = "importation_date"
    list_select_related = ("importer",)


@admin.register(EntryLine)
class EntryLineAdmin(ReadOnlyAdmin):
    list_display = ("shipment", "line_number", "hts_code", "country_of_origin", "manufacturer_name", "value",
                    "currency")
    list_filter = ("country_of_origin",)
    search_fields = ("shipment__entry_number", "manufacturer_name", "manufacturer_id", "hts_code")
    list_select_related = ("shipment",)
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("original_filename", "created_by", "created_at", "status", "rows_done", "rows_total",
                    "error_count")
    list_filter = ("status", "file_format")
    list_select_related = ("created_by",)


@admin.register(ImportJobError)
class ImportJobErrorAdmin(ReadOnlyAdmin):
    list_display = ("job", "row", "entry_number", "line_number", "message")
    search_fields = ("entry_number",)
    list_select_related = ("job",)
    show_full_result_count = False


@admin.register(Detention)
class DetentionAdmin(ReadOnlyAdmin):
    list_display = ("entry_number", "importer", "basis", "status", "port_code", "detained_on", "assigned_officer")
    list_filter = ("basis", "status", "detention_deemed", "port_code")
    search_fields = ("shipment__entry_number", "shipment__importer__name", "wro__reference", "finding__reference")
    date_hierarchy = "detained_on"
    list_select_related = ("shipment", "shipment__importer", "assigned_officer")

    @admin.display(description="Entry number", ordering="shipment__entry_number")
    def entry_number(self, detention):
        return detention.shipment.entry_number

    @admin.display(description="Importer", ordering="shipment__importer__name")
    def importer(self, detention):
        return detention.shipment.importer


class CaseRecordAdmin(ReadOnlyAdmin):
    """Records that belong to one detention, listed with its entry number."""

    @admin.display(description="Entry number", ordering=ENTRY)
    def entry_number(self, obj):
        return obj.detention.shipment.entry_number


@admin.register(AdmissibilitySubmission)
class AdmissibilitySubmissionAdmin(CaseRecordAdmin):
    list_display = ("entry_number", "receipt_number", "organisation", "package", "status", "submitted_at")
    list_filter = ("package", "status")
    search_fields = (ENTRY, "receipt_number", "organisation__name")
    list_select_related = ("detention__shipment", "organisation")


@admin.register(RequestForInformation)
class RequestForInformationAdmin(CaseRecordAdmin):
    list_display = ("entry_number", "status", "sent_by", "sent_on", "due_date", "answered_at")
    list_filter = ("status",)
    search_fields = (ENTRY, "questions")
    list_select_related = ("detention__shipment", "sent_by")


@admin.register(Decision)
class DecisionAdmin(CaseRecordAdmin):
    list_display = ("entry_number", "outcome", "status", "proposed_by", "proposed_at", "reviewed_by", "reviewed_at")
    list_filter = ("outcome", "status")
    search_fields = (ENTRY, "reasons")
    list_select_related = ("detention__shipment", "proposed_by", "reviewed_by")


@admin.register(Protest)
class ProtestAdmin(ReadOnlyAdmin):
    list_display = ("entry_number", "protestant_name", "organisation", "status", "filed_on", "decided_on")
    list_filter = ("status",)
    search_fields = ("entry_number", "protestant_name", "organisation__name", "importer_number")
    date_hierarchy = "filed_on"
    list_select_related = ("organisation",)


@admin.register(Note)
class NoteAdmin(CaseRecordAdmin):
    list_display = ("entry_number", "author", "visibility", "created_at")
    list_filter = ("visibility",)
    search_fields = (ENTRY, "body")
    list_select_related = ("detention__shipment", "author")


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("kind", "subject", "party", "starts_on", "due_date", "state", "next_reminder_on", "citation")
    list_filter = ("state", "kind", "party")
    search_fields = (ENTRY, "shipment__entry_number", "investigation__reference", "citation")
    date_hierarchy = "due_date"
    list_select_related = ("detention__shipment", "shipment", "investigation")

    @admin.display(description="Clock of")
    def subject(self, deadline):
        if deadline.detention_id:
            return f"Detention of {deadline.detention.shipment.entry_number}"
        if deadline.shipment_id:
            return f"Entry {deadline.shipment.entry_number}"
        return f"Investigation {deadline.investigation.reference}"


@admin.register(SavedFilter)
class SavedFilterAdmin(ReadOnlyAdmin):
    """A person's own queue shortcuts: theirs to keep or remove in the queue pages, not the administrator's."""

    list_display = ("name", "owner", "query_string", "created_at")
    search_fields = ("name", "owner__username")
    list_select_related = ("owner",)


# --- Read-only: the outbox and the audit trail -----------------------------------------------------

@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("subject", "recipient", "kind", "delivery_status", "attempts", "created_at", "sent_at", "read_at")
    list_filter = ("delivery_status", "kind")
    search_fields = ("subject", "recipient__username", "idempotency_key")
    list_select_related = ("recipient",)
    # The outbox grows without bound; skip the unfiltered COUNT(*) on every page.
    show_full_result_count = False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AuditedAdmin):
    """A person's choice of immediate email or a daily digest; set by the person, correctable here."""

    list_display = ("user", "delivery", "updated_at")
    list_filter = ("delivery",)
    search_fields = ("user__username",)
    list_select_related = ("user",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "sequence", "chain_position", "occurred_at", "actor_label", "action", "object_type", "object_id", "outcome",
    )
    list_filter = ("outcome", "object_type")
    search_fields = ("action", "actor_label", "object_id", "request_id")
    # Append-only and large: skip the unfiltered COUNT(*) on every page.
    show_full_result_count = False


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("id", "last_position", "last_hash", "last_key_id")


@admin.register(Seizure)
class SeizureAdmin(ReadOnlyAdmin):
    list_display = ("detention", "status", "seized_on", "appraised_value", "forfeited_on")
    list_filter = ("status",)
    list_select_related = ("detention", "detention__shipment")


@admin.register(SeizurePetition)
class SeizurePetitionAdmin(ReadOnlyAdmin):
    list_display = ("seizure", "kind", "status", "filed_on", "decided_on")
    list_filter = ("kind", "status")


@admin.register(GoodsDisposition)
class GoodsDispositionAdmin(ReadOnlyAdmin):
    list_display = ("detention", "method", "status", "ordered_on")
    list_filter = ("method", "status")
    list_select_related = ("detention", "detention__shipment")


@admin.register(Redelivery)
class RedeliveryAdmin(ReadOnlyAdmin):
    list_display = ("detention", "status", "demanded_on", "bond_number")
    list_filter = ("status",)
    list_select_related = ("detention", "detention__shipment")
