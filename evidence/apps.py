from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"
    verbose_name = "Evidence files"

    def ready(self):
        from evidence import checks  # noqa: F401, PLC0415 - registers the system checks
