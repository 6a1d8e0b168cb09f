"""The sign-in security pages are as readable as the rest: one h1, no skipped heading level, labelled
fields, header cells with a scope."""

import pytest

from cases.services import accounts
from tests.security.support import sign_in
from tests.workspace.test_accessibility import structure_of

pytestmark = pytest.mark.django_db


def check(client, url):
    parser, _html = structure_of(client, url)
    assert parser.headings.count(1) == 1 and parser.headings[0] == 1, url
    for before, after in zip(parser.headings, parser.headings[1:], strict=False):
        assert after <= before + 1, f"{url}: h{before} followed by h{after}"
    for field in parser.fields:
        assert field.get("id") in parser.label_targets or field.get("aria-label"), f"{url}: unlabelled {field}"
    assert all(cell.get("scope") in ("col", "row") for cell in parser.header_cells), url


def test_the_sign_in_and_two_factor_pages_have_headings_and_labels(client, officer):
    check(client, "/accounts/login/")
    sign_in(client, "officer")
    check(client, "/accounts/two-factor/enrol/")
    check(client, "/accounts/two-factor/verify/")


def test_the_security_and_token_pages_have_headings_and_labels(client, importer_a):
    accounts.mint_token(actor=importer_a, name="Broker upload")
    client.force_login(importer_a)

    check(client, "/accounts/security/")
    check(client, "/accounts/tokens/")
