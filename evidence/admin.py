"""Read-only admin: evidence and its custody log change only through evidence.services."""

from django.contrib import admin

from evidence.models import CustodyEvent, EvidenceFile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CustodyInline(admin.TabularInline):
    model = CustodyEvent
    fields = ["at", "action", "actor_label", "detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["id", "original_filename", "category", "scan_status", "sealed", "size", "uploaded_by",
                    "uploaded_at"]
    list_filter = ["scan_status", "category", "sealed", "visible_to_importer"]
    search_fields = ["original_filename", "sha256"]
    inlines = [CustodyInline]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "file", "action", "actor_label"]
    list_filter = ["action"]
