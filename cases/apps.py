from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Forced-labor cases"

    def ready(self):
        # Webhooks (cases/webhooks/) depend on the core: their models, admin and tasks register here, and
        # their outbox listens to the notification outbox's signal.
        from cases.webhooks import admin, models, receivers, tasks  # noqa: F401

        receivers.connect()
