"""Screening records in the administration site: read-only, written only by the services (lists change
through an upload, its diff and a confirmation on /screening/lists/)."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from cases.models import EntryLine
from cases.screening.models import (
    ListedEntity,
    ReferenceList,
    ReferenceListVersion,
    ScreeningClearance,
    ScreeningHit,
)


@admin.register(ReferenceList)
class ReferenceListAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind", "legal_basis", "version", "updated_at")


@admin.register(ReferenceListVersion)
class ReferenceListVersionAdmin(ReadOnlyAdmin):
    list_display = ("reference_list", "file_name", "status", "number", "uploaded_by", "uploaded_at")
    list_filter = ("status", "reference_list")
    list_select_related = ("reference_list", "uploaded_by")
    exclude = ("rows",)  # the whole file; the diff says what changed


@admin.register(ListedEntity)
class ListedEntityAdmin(ReadOnlyAdmin):
    list_display = ("name", "reference_list", "section", "country", "added_on", "removed_on", "revision")
    list_filter = ("reference_list", "country")
    search_fields = ("name", "aliases")
    list_select_related = ("reference_list",)


@admin.register(ScreeningHit)
class ScreeningHitAdmin(ReadOnlyAdmin):
    list_display = ("shipment", "line", "list_code", "entity_name", "score", "status", "created_at")
    list_filter = ("status", "list_code")
    search_fields = ("shipment__entry_number", "entity_name")
    list_select_related = ("shipment", "line")


@admin.register(ScreeningClearance)
class ScreeningClearanceAdmin(ReadOnlyAdmin):
    list_display = ("manufacturer_id", "subject", "entity_revision", "cleared_by", "created_at")
    list_select_related = ("cleared_by",)


# Entry lines are shown read-only too; the entries' own admin registers them where it exists.
if not admin.site.is_registered(EntryLine):

    @admin.register(EntryLine)
    class EntryLineAdmin(ReadOnlyAdmin):
        list_display = ("shipment", "line_number", "hts_code", "country_of_origin", "manufacturer_name")
        search_fields = ("shipment__entry_number", "manufacturer_name", "manufacturer_id")
        list_select_related = ("shipment",)
