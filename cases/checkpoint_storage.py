"""Append-only storage for the audit trail's signed checkpoints (settings.STORAGES["audit_checkpoints"]).

The application never deletes or replaces a checkpoint. On S3 that is enforced by the store itself:
every checkpoint is written with an Object Lock retention in COMPLIANCE mode (the bucket must have
Object Lock enabled), which not even the bucket's owner can shorten. On a file system it is enforced
by the process (exclusive create, read-only files, no delete); give the directory to a user the web
process cannot write as, or mount it append-only, for the same guarantee.
"""

import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class AppendOnlyError(PermissionError):
    pass


class AppendOnlyFileSystemStorage(FileSystemStorage):
    def get_available_name(self, name, max_length=None):
        if self.exists(name):
            raise AppendOnlyError(f"checkpoint {name} exists already and is never replaced")
        return name

    def delete(self, name):
        raise AppendOnlyError("audit checkpoints are never deleted")


class ObjectLockS3Storage(S3Storage):
    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        retain_until = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
            days=settings.AUDIT_CHECKPOINT_RETENTION_DAYS
        )
        params.update({"ObjectLockMode": "COMPLIANCE", "ObjectLockRetainUntilDate": retain_until})
        return params

    def delete(self, name):
        raise AppendOnlyError("audit checkpoints are never deleted")
