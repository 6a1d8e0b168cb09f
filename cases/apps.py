from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Forced-labor cases"

    def ready(self):
        from cases import audit_checks  # noqa: F401, PLC0415 - registers the audit deployment checks
