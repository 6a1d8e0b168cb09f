"""The search box and the notification inbox."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Notification
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["entry", "importer", "producer", "order"])
def test_search_finds_a_detention_by_entry_importer_producer_or_order(client, officer, org_a, query):
    detention = helpers.detained(officer=officer, basis="wro", importer=org_a)
    other = helpers.detained(officer=officer)
    term = {"entry": detention.shipment.entry_number, "importer": "Alpha Imports",
            "producer": detention.shipment.producer.name, "order": detention.wro.reference}[query]
    client.force_login(officer)

    page = client.get(reverse("search"), {"q": term}).content.decode()

    assert detention.shipment.entry_number in page
    assert other.shipment.entry_number not in page


def test_search_finds_orders(client, officer):
    wro = factories.WroFactory(reference="WRO-2021-0777")
    client.force_login(officer)

    assert wro.reference in client.get(reverse("search"), {"q": "0777"}).content.decode()


def test_a_one_letter_search_asks_for_more(client, officer):
    client.force_login(officer)

    assert "at least two characters" in client.get(reverse("search"), {"q": "A"}).content.decode()


def test_every_staff_page_carries_the_labelled_search_box(client, officer):
    client.force_login(officer)

    page = client.get(reverse("queue")).content.decode()

    assert 'role="search"' in page and '<label class="usa-sr-only" for="site-search-q">' in page


def test_an_importer_gets_not_found_for_staff_search(client, importer_a):
    client.force_login(importer_a)

    assert client.get(reverse("search"), {"q": "gloves"}).status_code == 404


def test_the_header_shows_the_unread_count(client, officer):
    helpers.detained(officer=officer)  # notifies the assigned officer
    client.force_login(officer)

    page = client.get(reverse("queue")).content.decode()

    assert '<span class="usa-tag unread-count">1<span class="usa-sr-only"> unread</span></span>' in page


def test_the_unread_count_stops_at_its_cap_and_says_so(client, officer, monkeypatch):
    """Counted up to a cap (1000 in production, 3 here) so a desk with thousands unread costs no more."""
    monkeypatch.setattr("cases.queries.UNREAD_COUNT_CAP", 3)
    Notification.objects.bulk_create([
        Notification(recipient=officer, kind="clock_reminder", subject=f"Reminder {i}", body="Due soon.",
                     idempotency_key=f"cap-{i}") for i in range(5)])
    client.force_login(officer)

    page = client.get(reverse("inbox")).content.decode()

    assert '<span class="usa-tag unread-count">3+<span class="usa-sr-only"> unread</span></span>' in page
    assert "(3+ unread)" in page
    Notification.objects.filter(subject__in=["Reminder 0", "Reminder 1", "Reminder 2"]).delete()
    page = client.get(reverse("inbox")).content.decode()
    assert '<span class="usa-tag unread-count">2<span class="usa-sr-only"> unread</span></span>' in page


def test_the_inbox_pages_newest_first_through_every_notification_once(client, officer, officer2):
    """60 notifications (read and unread, created in the same instant in pairs so the id breaks ties) and
    another person's: the Next page links list mine newest first, each once, 25 a page."""
    base = timezone.now()
    made = Notification.objects.bulk_create([
        Notification(recipient=officer, kind="clock_reminder", subject=f"Reminder {i}", body="Due soon.",
                     idempotency_key=f"page-{i}", read_at=base if i % 3 == 0 else None) for i in range(60)])
    Notification.objects.bulk_create([Notification(recipient=officer2, kind="clock_reminder", subject="Not mine",
                                                   body="Due soon.", idempotency_key="other")])
    for index, notification in enumerate(made):  # pairs share a creation time; the later id is newer
        Notification.objects.filter(pk=notification.pk).update(created_at=base - datetime.timedelta(minutes=index // 2))
    newest_first = sorted(made, key=lambda n: (made.index(n) // 2, -n.pk))
    client.force_login(officer)

    def subjects(params):
        found, url, pages = [], reverse("inbox") + "?" + params, 0
        while url:
            html = client.get(url).content.decode()
            pages += 1
            found += re.findall(r"(Reminder \d+|Not mine)<br>", html)
            following = re.search(r'href="\?([^"]*)"><span class="usa-pagination__link-text">Next page', html)
            url = reverse("inbox") + "?" + unescape(following.group(1)) if following else None
        return found, pages

    every, pages = subjects("show=")
    assert every == [n.subject for n in newest_first]
    assert pages == 3
    unread, _ = subjects("show=unread")
    assert unread == [n.subject for n in newest_first if n.read_at is None]
    assert len(unread) == 40


def test_the_inbox_lists_only_my_notifications(client, officer, officer2):
    helpers.detained(officer=officer)
    helpers.detained(officer=officer2)
    client.force_login(officer)

    page = client.get(reverse("inbox")).content.decode()

    assert page.count('class="unread"') == 1


def test_marking_a_notification_read_lowers_the_count(client, officer):
    helpers.detained(officer=officer)
    notification = Notification.objects.get(recipient=officer)
    client.force_login(officer)

    client.post(reverse("inbox-read", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread-count" not in client.get(reverse("inbox")).content.decode()


def test_nobody_marks_another_persons_notification(client, officer, officer2):
    helpers.detained(officer=officer2)
    notification = Notification.objects.get(recipient=officer2)
    client.force_login(officer)

    assert client.post(reverse("inbox-read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, officer):
    helpers.detained(officer=officer)
    helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.post(reverse("inbox-read-all"), follow=True)

    assert "Marked 2 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()


def test_the_unread_filter_hides_read_notifications(client, officer):
    helpers.detained(officer=officer)
    helpers.detained(officer=officer)
    first = Notification.objects.filter(recipient=officer).first()
    client.force_login(officer)
    client.post(reverse("inbox-read", args=[first.pk]))

    page = client.get(reverse("inbox"), {"show": "unread"}).content.decode()

    assert first.subject not in page or page.count('class="unread"') == 1
    assert page.count("<tr") == 2  # the header row and the one unread notification


def test_an_importer_marks_every_notice_read_from_the_portal_and_only_their_own(client, officer, importer_a,
                                                                                importer_b):
    for user in (importer_a, importer_a, importer_b):
        Notification.objects.create(recipient=user, kind="clock_reminder", subject="Reminder", body="Due soon.",
                                    idempotency_key=f"test-{Notification.objects.count()}")
    client.force_login(importer_a)
    assert reverse("portal:notifications_read_all") in client.get(reverse("portal:inbox")).content.decode()

    response = client.post(reverse("portal:notifications_read_all"), follow=True)

    assert "Marked 2 notices as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=importer_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=importer_b, read_at__isnull=True).count() == 1
    # Nothing unread: the button is gone.
    assert reverse("portal:notifications_read_all") not in client.get(reverse("portal:inbox")).content.decode()


def test_staff_cannot_use_the_portals_mark_all_read(client, officer):
    client.force_login(officer)
    assert client.post(reverse("portal:notifications_read_all")).status_code in (403, 404)
