from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Forced-labor cases"

    def ready(self):
        # Sign-in, sign-out, failed sign-in and lockout are announced by Django and django-axes as signals.
        from cases import audit_checks  # noqa: F401, PLC0415 - registers the audit deployment checks
        from cases.accounts import signals  # noqa: F401

        # Webhooks (cases/webhooks/) depend on the core: their models, admin and tasks register here, and
        # their outbox listens to the notification outbox's signal.
        from cases.webhooks import admin, models, receivers, tasks  # noqa: F401

        receivers.connect()

        # Entry screening (cases/screening/) screens each entry as it arrives and re-screens after a list
        # change; its admin pages and Celery task register here.
        from cases.screening import admin as screening_admin  # noqa: F401
        from cases.screening import services as screening
        from cases.screening import tasks as screening_tasks  # noqa: F401
        from cases.services import shipments

        if screening.screen_shipment not in shipments.ENTRY_ARRIVAL_HOOKS:
            shipments.ENTRY_ARRIVAL_HOOKS.append(screening.screen_shipment)
        if screening.screen_lines not in shipments.LINES_ARRIVAL_HOOKS:
            shipments.LINES_ARRIVAL_HOOKS.append(screening.screen_lines)
