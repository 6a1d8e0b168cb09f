"""An organisation's administrators invite and disable its users, and no one else's."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, User
from cases.services import organisations
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_admin(org_a):
    return factories.UserFactory(role="importer", organisation=org_a, username="alpha-admin",
                                 is_organisation_admin=True, first_name="Alma", last_name="Price")


def link(uid, token):
    return f"https://cases.example/accounts/set-password/{uid}/{token}/"


def invite(actor, email="new.colleague@alpha.example", **kw):
    return organisations.invite_user(actor=actor, email=email, first_name="Noor", last_name="Haddad",
                                     set_password_url=link, **kw)


def test_an_organisation_admin_invites_a_colleague_into_their_own_organisation(org_admin):
    user = invite(org_admin)

    assert user.role == "importer" and user.organisation_id == org_admin.organisation_id
    assert user.username == "new.colleague@alpha.example"
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="invite_user", object_id=str(user.pk)).exists()


def test_the_invitation_email_carries_a_one_time_set_password_link(org_admin, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(org_admin)

    mail = next(m for m in mailoutbox if "new.colleague@alpha.example" in m.to)
    assert "https://cases.example/accounts/set-password/" in mail.body
    assert user.notifications.filter(kind="invitation").exists()


def test_an_importer_who_is_not_an_organisation_admin_cannot_invite(importer_a):
    with pytest.raises(ActionNotPermitted):
        invite(importer_a)

    assert not User.objects.filter(username="new.colleague@alpha.example").exists()


def test_staff_cannot_use_the_organisation_services(officer, importer_a):
    with pytest.raises(ActionNotPermitted):
        invite(officer)
    with pytest.raises(ActionNotPermitted):
        organisations.disable_user(actor=officer, user=importer_a)


def test_an_invitation_needs_a_valid_email_and_names(org_admin):
    with pytest.raises(ValidationError) as refused:
        organisations.invite_user(actor=org_admin, email="not-an-email", first_name="", last_name=" ",
                                  set_password_url=link)

    assert set(refused.value.message_dict) == {"email", "first_name", "last_name"}


def test_an_address_that_already_has_an_account_anywhere_gets_one_neutral_message(org_admin, importer_b):
    with pytest.raises(ValidationError) as refused:
        invite(org_admin, email=importer_b.email.upper())

    assert refused.value.message_dict["email"] == [
        "This address already has an account; ask the agency's administrator for help."]


def test_an_organisation_admin_disables_a_user_of_their_organisation(org_admin, importer_a):
    organisations.disable_user(actor=org_admin, user=importer_a, reason="Left the company")

    importer_a.refresh_from_db()
    assert importer_a.is_active is False
    event = AuditEvent.objects.get(action="disable_user", object_id=str(importer_a.pk))
    assert event.before == {"is_active": True} and event.after == {"is_active": False}
    assert event.reason == "Left the company"


def test_an_organisation_admin_cannot_disable_another_organisations_user(org_admin, importer_b):
    with pytest.raises(ActionNotPermitted):
        organisations.disable_user(actor=org_admin, user=importer_b)

    importer_b.refresh_from_db()
    assert importer_b.is_active


def test_an_organisation_admin_cannot_disable_themself(org_admin):
    with pytest.raises(InvalidTransition):
        organisations.disable_user(actor=org_admin, user=org_admin)


def test_a_disabled_user_is_signed_out_of_the_portal(client, org_admin, importer_a):
    client.force_login(importer_a)
    organisations.disable_user(actor=org_admin, user=importer_a)

    response = client.get(reverse("portal:home"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_organisation_page_lists_its_users_and_offers_invitation_to_admins(client, org_admin, importer_a,
                                                                               importer_b):
    client.force_login(org_admin)

    page = client.get(reverse("portal:organisation")).content.decode()

    assert importer_a.email in page and importer_b.email not in page
    assert "Send the invitation" in page
    assert reverse("portal:disable_user", args=[importer_a.pk]) in page


def test_a_plain_user_sees_the_list_without_the_forms(client, importer_a):
    client.force_login(importer_a)

    page = client.get(reverse("portal:organisation")).content.decode()

    assert "Send the invitation" not in page
    assert "Ask an administrator of your organisation" in page


def test_inviting_from_the_page_and_setting_the_password_through_the_link(client, org_admin, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:invite"), {
            "email": "Noor.Haddad@Alpha.example", "first_name": "Noor", "last_name": "Haddad"})
    assert response.status_code == 302
    url = re.search(r"http://testserver(/accounts/set-password/\S+/)", mailoutbox[-1].body).group(1)
    client.logout()

    form_page = client.get(url, follow=True)
    done = client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else url, {
        "new_password1": "Harbor-lights-2026", "new_password2": "Harbor-lights-2026"}, follow=True)

    assert "Your password is set" in done.content.decode()
    # django-axes counts sign-ins per client address, so the login needs a request to take it from.
    assert client.login(request=HttpRequest(), username="noor.haddad@alpha.example", password="Harbor-lights-2026")


def test_an_invitation_with_bad_input_shows_the_reasons_on_the_page(client, org_admin):
    client.force_login(org_admin)

    response = client.post(reverse("portal:invite"), {"email": "nope", "first_name": "", "last_name": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the invitee&#x27;s email address" in page
    assert "Give the invitee&#x27;s first name." in page


def test_disabling_from_the_page(client, org_admin, importer_a):
    client.force_login(org_admin)

    client.post(reverse("portal:disable_user", args=[importer_a.pk]), {"reason": "Left"})

    importer_a.refresh_from_db()
    assert not importer_a.is_active


def test_a_plain_user_cannot_disable_a_colleague_from_the_page(client, importer_a, org_admin):
    client.force_login(importer_a)

    response = client.post(reverse("portal:disable_user", args=[org_admin.pk]), follow=True)

    org_admin.refresh_from_db()
    assert org_admin.is_active
    assert "Only an administrator of your organisation" in response.content.decode()
