"""Re-verifying stored evidence: every file's bytes must still hash to the SHA-256 taken at intake.

Each distinct stored object is read once (identical uploads share it) and every record of it gets a
`re_verified` custody event saying what was found, so a file's own log shows when it was last proved
intact, or when it was found altered or missing.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from cases.actors import SYSTEM
from evidence import blobs
from evidence.custody import record_custody
from evidence.models import CustodyAction, EvidenceFile


@dataclass(frozen=True)
class Verification:
    evidence_file: EvidenceFile
    problem: str  # empty when the bytes are intact

    @property
    def ok(self) -> bool:
        return not self.problem

    def __str__(self) -> str:
        f = self.evidence_file
        where = f"evidence file #{f.pk} “{f.original_filename}” ({f.storage_key})"
        return f"{where}: {self.problem or 'intact'}"


def verify_stored_files() -> Iterator[Verification]:
    records = EvidenceFile.objects.order_by("storage_key", "pk").iterator(chunk_size=1000)
    for key, group in itertools.groupby(records, key=lambda f: f.storage_key):
        try:
            found_sha, found_size = blobs.hash_blob(key)
        except FileNotFoundError:
            found_sha, found_size = None, None
        for evidence_file in group:
            if found_sha is None:
                problem = "MISSING: no stored bytes under its storage key"
            elif found_sha != evidence_file.sha256 or found_size != evidence_file.size:
                problem = (f"MODIFIED: recorded SHA-256 {evidence_file.sha256} ({evidence_file.size:,} bytes), "
                           f"stored bytes hash to {found_sha} ({found_size:,} bytes)")
            else:
                problem = ""
            with transaction.atomic():
                record_custody(
                    evidence_file=evidence_file, action=CustodyAction.RE_VERIFIED, actor=SYSTEM,
                    detail=problem or f"Intact: SHA-256 {found_sha} matches the hash taken at intake.",
                )
            yield Verification(evidence_file, problem)
