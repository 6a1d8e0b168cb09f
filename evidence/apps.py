from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"
    verbose_name = "Evidence files"

    def ready(self):
        from cases import demo, documents  # noqa: PLC0415 - apps are loaded only now
        from evidence import checks  # noqa: F401, PLC0415 - registers the system checks
        from evidence.demo import attach_demo_file  # noqa: PLC0415
        from evidence.documents import archive_document  # noqa: PLC0415

        # cases issues the agency's letters; evidence keeps them (cases never imports evidence).
        documents.register_archiver(archive_document)
        # The demo data set's files go through the same intake as uploads.
        demo.register_demo_attacher(attach_demo_file)
