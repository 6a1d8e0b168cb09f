"""Appending to a file's chain of custody (the log is append-only: see evidence.models)."""

from cases.actors import SystemActor, actor_label
from evidence.models import CustodyEvent, EvidenceFile


def record_custody(*, evidence_file: EvidenceFile, action: str, actor=None, detail: str = "") -> CustodyEvent:
    person = None if actor is None or isinstance(actor, SystemActor) else actor
    return CustodyEvent.objects.create(
        file=evidence_file, action=action, actor=person, actor_label=actor_label(actor), detail=detail
    )
