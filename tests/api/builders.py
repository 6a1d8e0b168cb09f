"""Cases in a given state for the API tests, built through the real services as a person would."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Deadline, IloIndicator, Notification
from cases.services import decisions, protests, rfis, submissions
from cases.webhooks import services as webhook_services
from cases.webhooks.models import WebhookDelivery
from evidence import screening
from evidence import services as evidence_services
from tests import factories
from tests.cases import helpers
from tests.evidence import support


@dataclass
class World:
    """The cast of every API test: two importer organisations and the agency's staff."""

    officer: object
    supervisor: object
    admin: object
    importer_a: object
    importer_b: object
    org_a: object
    org_b: object

    def user(self, role_name: str):
        return None if role_name == "anonymous" else getattr(self, role_name)


def detention(w: World, basis="caatsa", by=None, **kw):
    return helpers.detained(officer=by or w.officer, basis=basis, importer=w.org_a, **kw)


def noticed(w: World, basis="caatsa", **kw):
    return helpers.noticed(officer=w.officer, basis=basis, importer=w.org_a, **kw)


def filed_package(w: World):
    submission = helpers.submitted(officer=w.officer, importer_user=w.importer_a)
    return submission


def draft(w: World):
    """A complete draft, ready to file (a package kind that needs no attached files)."""
    detention_ = noticed(w, basis="uflpa")
    return submissions.save_draft(
        actor=w.importer_a, detention=detention_, package="uflpa_exception", summary="Our cotton comes from Texas.",
        answers=helpers.complete_answers("uflpa_exception"),
        ilo_statements={indicator.value: "Addressed by audits." for indicator in IloIndicator},
    )


def proposed(w: World, outcome="release", basis="caatsa"):
    return helpers.proposed(officer=w.officer, outcome=outcome, basis=basis, importer=w.org_a)


def decided(w: World, outcome: str, basis: str):
    detention_ = proposed(w, outcome=outcome, basis=basis)
    decisions.approve_decision(actor=w.supervisor, detention=detention_)
    detention_.refresh_from_db()
    return detention_


def deemed_excluded(w: World):
    """A case whose determination clock lapsed (19 U.S.C. 1499(c)(5)(A)): its review may start only on a filed
    package, so `allowed_actions` reads its submissions."""
    return helpers.in_state("deemed_excluded", officer=w.officer, supervisor=w.supervisor, importer_user=w.importer_a)


def open_rfi(w: World):
    return rfis.send_rfi(actor=w.officer, detention=noticed(w), questions="Name every spinning mill.")


def filed_protest(w: World):
    excluded = decided(w, "exclude", "wro")
    return protests.file_protest(actor=w.importer_a, detention=excluded, **protest_body(excluded))


def proposed_protest(w: World):
    protest = filed_protest(w)
    return protests.propose_protest_decision(actor=w.officer, protest=protest, outcome="deny",
                                             reasons="The audit does not trace the cotton.")


def protest_body(detention_) -> dict:
    return {
        "protestant_name": "Alpha Imports LLC", "protestant_address": "100 Harbor Way, Long Beach, CA",
        "importer_number": detention_.shipment.importer.importer_number,
        "entry_number": detention_.shipment.entry_number, "merchandise": "Nitrile gloves",
        "objections": "The goods were made by a remediated producer; see the audit report.",
    }


def importer_window(w: World) -> Deadline:
    """An open clock the importer must meet (CAATSA's 30 days from the notice), which can be extended."""
    return Deadline.objects.get(detention=noticed(w), kind="caatsa_evidence", state="open")


def importer_notification(w: World) -> Notification:
    noticed(w)
    return Notification.objects.filter(recipient=w.importer_a).latest("id")


def pending_shipment(w: World, presented=True):
    today = datetime.date.today()
    return factories.ShipmentFactory(
        importer=w.org_a, importation_date=today - datetime.timedelta(days=2),
        presentation_date=today - datetime.timedelta(days=1) if presented else None,
    )


def investigation(w: World, status="allegation_received", assigned=False):
    return factories.InvestigationFactory(status=status, assigned_officer=w.officer if assigned else None)


def draft_wro(w: World):
    return factories.WroFactory(status="draft", effective_date=None)


def evidence_file(w: World, *, clean=True):
    """An audit report the importer attached to their answer to a request for information."""
    rfi = open_rfi(w)
    uploaded = evidence_services.intake_file(actor=w.importer_a, target=rfi, category="audit_report",
                                    uploaded_file=SimpleUploadedFile("audit.pdf", support.PDF))
    if clean:
        screening.scan_file(uploaded.pk)
        uploaded.refresh_from_db()
    return uploaded


def petition(w: World):
    return factories.ModificationPetitionFactory()


def organisation_admins(w: World) -> None:
    """Both importer users administer their organisation, so each may manage its own webhooks."""
    for user in (w.importer_a, w.importer_b):
        user.is_organisation_admin = True
        user.save(update_fields=["is_organisation_admin"])


def webhook_endpoint(w: World, status="active"):
    organisation_admins(w)
    endpoint = webhook_services.register_endpoint(actor=w.importer_a, url="http://127.0.0.1:9/hooks",
                                                  event_types=["notice.issued"])
    if status == "paused":
        endpoint = webhook_services.pause_endpoint(actor=w.importer_a, endpoint=endpoint)
    return endpoint


def webhook_delivery(w: World):
    endpoint = webhook_endpoint(w)
    return WebhookDelivery.objects.create(endpoint=endpoint, event_key="detention-1-notice", event_type="notice.issued",
                                          payload={}, next_attempt_at=endpoint.created_at)
