import pytest


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    """Portal uploads are stored under the test's own directories, scanner off, tasks inline."""
    root = tmp_path / "evidence"
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    settings.EVIDENCE_ROOT = root
    settings.EVIDENCE_UPLOAD_TEMP_DIR = incoming
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                     "OPTIONS": {"location": root, "file_permissions_mode": 0o600,
                                 "directory_permissions_mode": 0o700}},
    }
    settings.EVIDENCE_SCANNER = "none"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return root
