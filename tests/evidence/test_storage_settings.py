"""The `evidence` storage chosen by EVIDENCE_STORAGE, built from the real settings module."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.core.files.storage import storages
s = storages["evidence"]
print(json.dumps({"class": type(s).__name__, "file_overwrite": getattr(s, "file_overwrite", None),
                  "bucket": getattr(s, "bucket_name", None), "acl": getattr(s, "default_acl", None)}))
"""


def storage_with(**env) -> dict:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environment, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_s3_storage_never_overwrites_and_stays_private():
    storage = storage_with(EVIDENCE_STORAGE="s3", EVIDENCE_S3_BUCKET="evidence-bucket")
    assert storage == {"class": "S3Storage", "file_overwrite": False, "bucket": "evidence-bucket", "acl": "private"}


def test_filesystem_storage_is_the_default():
    assert storage_with(EVIDENCE_STORAGE="filesystem")["class"] == "FileSystemStorage"
