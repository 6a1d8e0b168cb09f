"""Who may call which part of the API at all; object scope is the queries' job (404 outside it)."""

from rest_framework.permissions import BasePermission

from cases.models import Role


class IsAgencyStaff(BasePermission):
    """Agency-internal resources (investigations, entities, the audit timeline): no importer access."""

    message = "This part of the API is for agency staff only."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role != Role.IMPORTER)
