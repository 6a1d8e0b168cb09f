"""The administration site: every model is there, nothing can be deleted, case records and the audit
trail are read-only, and edits made there are audited."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from cases.models import AuditChainHead, AuditEvent, ImporterOrganisation, Notification, User
from cases.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.cases.helpers import detained

CASES_MODELS = list(apps.get_app_config("cases").get_models())
READ_ONLY_MODELS = [AuditEvent, AuditChainHead, Notification, WebhookEndpoint, WebhookDelivery, WebhookAttempt]


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_cases_model_is_registered_in_the_admin():
    unregistered = [model.__name__ for model in CASES_MODELS if not admin.site.is_registered(model)]

    assert unregistered == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", CASES_MODELS, ids=lambda model: model.__name__)
def test_no_record_can_be_deleted_in_the_admin_even_by_a_superuser(model, admin_user):
    model_admin = admin.site._registry[model]
    request = admin_request(admin_user)

    assert model_admin.has_delete_permission(request) is False
    assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.django_db
@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda model: model.__name__)
def test_audit_and_outbox_admins_refuse_add_and_change(model, admin_user):
    model_admin = admin.site._registry[model]
    request = admin_request(admin_user)

    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_view_permission(request) is True


@pytest.mark.django_db
def test_audit_event_admin_answers_403_to_add_change_and_delete(client, admin_user, officer):
    detained(officer=officer)
    event = AuditEvent.objects.first()
    client.force_login(admin_user)

    assert client.get(url(AuditEvent, "add")).status_code == 403
    assert client.post(url(AuditEvent, "change", event.pk), {"reason": "x"}).status_code == 403
    assert client.post(url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason


@pytest.mark.django_db
def test_every_admin_list_and_detail_page_opens_for_an_administrator(client, admin_user, officer):
    detained(officer=officer, basis="wro")
    client.force_login(admin_user)

    for model in CASES_MODELS:
        assert client.get(url(model, "changelist")).status_code == 200, model.__name__
        first = model._default_manager.first()
        if first is not None:
            assert client.get(url(model, "change", first.pk)).status_code == 200, model.__name__


@pytest.mark.django_db
def test_detention_admin_is_read_only(client, admin_user, officer):
    detention = detained(officer=officer)
    client.force_login(admin_user)

    response = client.post(url(detention._meta.model, "change", detention.pk), {"status": "released"})

    assert response.status_code == 403
    detention.refresh_from_db()
    assert detention.status == "detained"


@pytest.mark.django_db
def test_an_administrator_adding_a_user_with_a_role_is_audited(client, admin_user):
    client.force_login(admin_user)

    response = client.post(url(User, "add"), {
        "username": "newofficer", "usable_password": "true",
        "password1": "a-long-pass-phrase-2026", "password2": "a-long-pass-phrase-2026",
        "first_name": "Nia", "last_name": "Okafor", "email": "nia@example.gov",
        "role": "officer", "port_code": "5201", "organisation": "",
    })

    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert (user.role, user.port_code) == ("officer", "5201")
    event = AuditEvent.objects.get(action="admin_add_user")
    assert event.actor == admin_user
    assert event.after["role"] == "officer"
    assert "password" not in event.after


@pytest.mark.django_db
def test_an_administrator_renaming_an_organisation_is_audited_with_before_and_after(client, admin_user, org_a):
    client.force_login(admin_user)

    response = client.post(url(ImporterOrganisation, "change", org_a.pk), {
        "name": "Alpha Global Imports LLC", "importer_number": org_a.importer_number,
        "address": org_a.address, "contact_email": org_a.contact_email, "is_active": "on",
    })

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin_change_importerorganisation")
    assert event.before == {"name": "Alpha Imports LLC"}
    assert event.after == {"name": "Alpha Global Imports LLC"}
