"""Markup a screen reader can follow on every workspace page: one h1 and no skipped heading level, a label
for every field, header cells with a scope, and the skip link to the main content."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.fields, self.label_targets, self.header_cells = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.fields.append(attrs)
        elif tag == "th":
            self.header_cells.append(attrs)


def structure_of(client, url) -> tuple[PageStructure, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    parser = PageStructure()
    parser.feed(html)
    return parser, html


def pages(officer, supervisor):
    detention = helpers.proposed(officer=officer, basis="wro")
    noticed = helpers.detained(officer=officer)
    investigation = factories.InvestigationFactory(status="under_investigation", assigned_officer=officer)
    return [
        reverse("queue"), reverse("queue") + "?tab=all", reverse("detention", args=[detention.pk]),
        reverse("detention-notice", args=[noticed.pk]), reverse("detention-notice-print", args=[detention.pk]),
        reverse("supervisor"), reverse("orders"), reverse("order", args=["wro", detention.wro.pk]),
        reverse("investigations"), reverse("investigation", args=[investigation.pk]),
        reverse("search") + "?q=AB", reverse("inbox"),
        reverse("glossary"), reverse("account-settings"), reverse("all-clocks"),
        reverse("orders") + "?sort=-country", reverse("investigations") + "?sort=officer",
    ]


def test_every_page_has_one_h1_and_no_skipped_heading_level(client, officer, supervisor):
    client.force_login(supervisor)
    for url in pages(officer, supervisor):
        parser, _html = structure_of(client, url)
        assert parser.headings.count(1) == 1 and parser.headings[0] == 1, url
        for before, after in zip(parser.headings, parser.headings[1:], strict=False):
            assert after <= before + 1, f"{url}: h{before} followed by h{after}"


def test_every_field_has_a_label(client, officer, supervisor):
    client.force_login(supervisor)
    for url in pages(officer, supervisor):
        parser, _html = structure_of(client, url)
        for field in parser.fields:
            labelled = field.get("id") in parser.label_targets or field.get("aria-label") or field.get(
                "aria-labelledby")
            assert labelled, f"{url}: unlabelled field {field}"


def test_every_table_header_cell_has_a_scope(client, officer, supervisor):
    client.force_login(supervisor)
    for url in pages(officer, supervisor):
        parser, _html = structure_of(client, url)
        assert all(cell.get("scope") in ("col", "row") for cell in parser.header_cells), url


def test_every_page_starts_with_a_skip_link_to_main(client, officer, supervisor):
    client.force_login(supervisor)
    for url in pages(officer, supervisor):
        _parser, html = structure_of(client, url)
        assert html.index('href="#main-content"') < html.index("<header"), url
        assert '<main id="main-content"' in html, url
