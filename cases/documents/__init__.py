"""The letters the agency issues, as PDF documents: the notice of detention (CBP Form 6051D, 19 U.S.C.
1499(c)(2)), the exclusion notice (19 CFR 12.44) and the request for information (CBP Form 28 practice).

`cases` decides what each letter says and renders it (`content`, `rendering`); keeping the PDF as an
immutable evidence record is the `evidence` app's job, and `cases` never imports `evidence`. So the
keeping is a registered hook: `evidence` calls `register_archiver` from its AppConfig.ready, and the
services call `issue_document` inside their own transaction, which makes the document exist if and
only if the act it records does (docs/documents.md).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from cases.documents.content import DocumentKind, build_context
from cases.documents.rendering import render_pdf
from cases.models import Decision, Detention, Outcome, RequestForInformation

__all__ = ["DocumentKind", "IssuedDocument", "issue_decision_documents", "issue_document", "register_archiver"]


@dataclass(frozen=True)
class IssuedDocument:
    """A rendered letter, handed to the archiver: the bytes and what they belong to."""

    kind: DocumentKind
    title: str
    filename: str
    pdf: bytes
    detention: Detention
    rfi: RequestForInformation | None = None


# (actor, IssuedDocument) -> the stored record. One archiver: the evidence app's.
_archiver: Callable | None = None


def register_archiver(archiver: Callable) -> None:
    global _archiver
    _archiver = archiver


def issue_document(*, actor, kind: DocumentKind, detention: Detention, rfi: RequestForInformation | None = None,
                   decision: Decision | None = None, **extra):
    """Render one letter and keep it as evidence, in the caller's transaction; returns the stored record."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Documents are issued inside the transaction of the act they record.")
    if _archiver is None:
        raise ImproperlyConfigured("No document archiver is registered: is the evidence app installed?")
    context = build_context(kind, detention=detention, rfi=rfi, decision=decision, actor=actor, **extra)
    document = IssuedDocument(
        kind=kind, title=context["title"], filename=context["filename"], pdf=render_pdf(kind, context),
        detention=detention, rfi=rfi,
    )
    return _archiver(actor=actor, document=document)


def issue_decision_documents(*, actor, detention: Detention, decision: Decision):
    """The written advice a decision that takes effect calls for: an exclusion notice (19 CFR 12.44(a))."""
    if decision.outcome == Outcome.EXCLUDE:
        return issue_document(actor=actor, kind=DocumentKind.EXCLUSION_NOTICE, detention=detention,
                              decision=decision)
    return None
