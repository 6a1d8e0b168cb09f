"""Two organisations: every portal URL answers 404 for the other organisation's object, staff never
use the portal, and importers never reach staff pages.

The URL lists come from the URLconfs themselves, so a URL added later is covered (or the test that
maps its arguments to objects fails, naming it) without anyone remembering to add it here.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import portal_urls
from cases import urls as staff_urls
from cases.models import AdmissibilitySubmission, Notification, SubmissionStatus, User
from cases.services import protests, submissions
from tests import factories
from tests.portal.builders import excluded, internal_and_shared_notes, noticed, with_rfi

pytestmark = pytest.mark.django_db

PORTAL_ROUTES = [(p.name, tuple(p.pattern.converters)) for p in portal_urls.urlpatterns]
STAFF_ROUTES = [(p.name, tuple(p.pattern.converters)) for p in staff_urls.urlpatterns]
# Pages of the root URLconf every signed-in person uses: where sign-in leads, and one's own inbox.
SHARED_WITH_IMPORTERS = {"home", "inbox", "inbox-read", "inbox-read-all", "glossary"}  # the glossary is public help
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def bravo(officer, supervisor, importer_b):
    """Organisation B's records of every kind a portal URL names, each built through the services."""
    detention = noticed(officer=officer, basis="wro", importer=importer_b.organisation)
    internal_and_shared_notes(officer=officer, detention=detention)
    draft = submissions.save_draft(actor=importer_b, detention=detention, summary="BRAVO SECRET SUMMARY")
    rfi = with_rfi(officer=officer, importer=importer_b.organisation)
    colleague = factories.UserFactory(role="importer", organisation=importer_b.organisation, username="bravo2")
    excluded_b = excluded(officer=officer, supervisor=supervisor, basis="wro", importer=importer_b.organisation)
    protest = protests.file_protest(actor=importer_b, detention=excluded_b, protestant_name="Bravo Trading Co.",
                                    protestant_address="1 Bay St", importer_number="98-7654321AA",
                                    entry_number=excluded_b.shipment.entry_number, merchandise="Gloves",
                                    objections="BRAVO SECRET GROUNDS")
    return {
        "detention_pk": detention.pk, "submission_pk": draft.pk, "rfi_pk": rfi.pk, "user_pk": colleague.pk,
        "protest_pk": protest.pk,
        "notification_pk": Notification.objects.filter(recipient=importer_b).first().pk,
        "entry_number": detention.shipment.entry_number,
        # The act after the decision names its record by kind and id: demand redelivery on B's detention.
        "kind": "detention", "pk": detention.pk, "action": "demand_redelivery",
    }


def url_for(name, converters, objects):
    missing = [c for c in converters if c not in objects]
    assert not missing, f"portal URL {name!r} takes {missing}: add an object of that kind to the fixtures"
    return reverse(f"portal:{name}", kwargs={c: objects[c] for c in converters})


def _unchanged(bravo):
    """What a refused POST must leave as it was."""
    draft = AdmissibilitySubmission.objects.get(pk=bravo["submission_pk"])
    return (draft.status, draft.summary, User.objects.get(pk=bravo["user_pk"]).is_active,
            Notification.objects.get(pk=bravo["notification_pk"]).read_at)


OBJECT_ROUTES = [r for r in PORTAL_ROUTES if r[1]]
LIST_ROUTES = [r for r in PORTAL_ROUTES if not r[1]]


def test_the_portal_has_urls_with_and_without_object_arguments():
    assert len(OBJECT_ROUTES) >= 10 and len(LIST_ROUTES) >= 3


@pytest.mark.parametrize(("name", "converters"), OBJECT_ROUTES, ids=[r[0] for r in OBJECT_ROUTES])
def test_another_organisations_object_answers_404_on_every_portal_url(client, importer_a, bravo, name, converters):
    url = url_for(name, converters, bravo)
    before = _unchanged(bravo)
    client.force_login(importer_a)

    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"version": 1, "answer": "x", "confirm": "on", "reason": "x"}).status_code == 404
    assert _unchanged(bravo) == before


@pytest.mark.parametrize(("name", "converters"), OBJECT_ROUTES, ids=[r[0] for r in OBJECT_ROUTES])
def test_the_owner_reaches_the_same_url(client, importer_b, bravo, name, converters):
    """The control for the test above: the 404 is about the organisation, not a broken URL."""
    client.force_login(importer_b)

    response = client.get(url_for(name, converters, bravo))

    assert response.status_code in (200, 302, 405)


@pytest.mark.parametrize(("name", "converters"), LIST_ROUTES, ids=[r[0] for r in LIST_ROUTES])
def test_list_pages_never_mention_another_organisation(client, importer_a, org_b, bravo, name, converters):
    client.force_login(importer_a)

    page = client.get(reverse(f"portal:{name}")).content.decode()

    assert bravo["entry_number"] not in page
    assert org_b.name not in page
    assert "bravo2" not in page


@pytest.mark.parametrize(("name", "converters"), PORTAL_ROUTES, ids=[r[0] for r in PORTAL_ROUTES])
@pytest.mark.parametrize("role", ["officer", "supervisor", "admin"])
def test_staff_get_404_on_every_portal_url(client, bravo, role, name, converters):
    client.force_login(factories.UserFactory(role=role, username=f"staff-{role}"))
    url = url_for(name, converters, bravo) if converters else reverse(f"portal:{name}")

    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"version": 1}).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "converters"), PORTAL_ROUTES, ids=[r[0] for r in PORTAL_ROUTES])
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_portal_url(client, bravo, name, converters, method):
    url = url_for(name, converters, bravo) if converters else reverse(f"portal:{name}")

    response = getattr(client, method)(url)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


STAFF_ONLY = [r for r in STAFF_ROUTES if r[0] not in SHARED_WITH_IMPORTERS]


def test_the_shared_pages_named_here_exist():
    assert {name for name, _ in STAFF_ROUTES} >= SHARED_WITH_IMPORTERS


@pytest.mark.parametrize(("name", "converters"), STAFF_ONLY, ids=[r[0] for r in STAFF_ONLY])
def test_importers_get_404_on_every_staff_page_even_for_their_own_detention(client, officer, importer_a, name,
                                                                            converters):
    own = noticed(officer=officer, importer=importer_a.organisation)
    values = {"pk": own.pk, "kind": "wro", "action": "demand_redelivery"}
    missing = [c for c in converters if c not in values]
    assert not missing, f"staff URL {name!r} takes {missing}: give it a value here"
    client.force_login(importer_a)

    response = client.get(reverse(name, kwargs={c: values[c] for c in converters}))

    assert response.status_code in (404, 405)


def test_the_staff_inbox_read_mark_answers_404_for_another_persons_notice(client, importer_a, bravo):
    client.force_login(importer_a)

    assert client.post(reverse("inbox-read", args=[bravo["notification_pk"]])).status_code == 404


def test_another_organisations_file_answers_404(client, importer_a, importer_b, bravo,
                                                django_capture_on_commit_callbacks):
    draft = AdmissibilitySubmission.objects.get(pk=bravo["submission_pk"])
    client.force_login(importer_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:upload", args=["submission", draft.pk]),
                    {"category": "audit_report", "file": SimpleUploadedFile("audit.pdf", PDF)})
    evidence_file = draft.evidence_files.get()
    client.force_login(importer_a)

    assert client.get(reverse("evidence:file", args=[evidence_file.pk])).status_code == 404
    assert client.get(reverse("evidence:download", args=[evidence_file.pk])).status_code == 404
    assert client.post(reverse("evidence:upload", args=["submission", draft.pk]),
                       {"category": "audit_report", "file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    assert draft.evidence_files.count() == 1


def test_a_draft_stays_a_draft_and_unseen_by_the_other_organisation(client, importer_a, bravo):
    client.force_login(importer_a)

    page = client.get(reverse("portal:home")).content.decode()

    assert "BRAVO SECRET SUMMARY" not in page
    assert AdmissibilitySubmission.objects.get(pk=bravo["submission_pk"]).status == SubmissionStatus.DRAFT


@pytest.mark.parametrize(("name", "converters"), PORTAL_ROUTES, ids=[r[0] for r in PORTAL_ROUTES])
def test_every_portal_post_needs_the_csrf_token(importer_b, bravo, name, converters):
    client = Client(enforce_csrf_checks=True)
    client.force_login(importer_b)
    url = url_for(name, converters, bravo) if converters else reverse(f"portal:{name}")
    before = _unchanged(bravo)

    response = client.post(url, {"version": 1, "answer": "x", "confirm": "on", "summary": "changed"})

    assert response.status_code == 403
    assert _unchanged(bravo) == before
