"""Findings replayed: no Content-Security-Policy, no Cache-Control on signed-in answers, a deeply nested
JSON body answering 500, dates of any year accepted, and a public API schema."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from cases.api.parsers import json_depth
from tests.api.conftest import client_for
from tests.cases import helpers

pytestmark = pytest.mark.django_db

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/queue/", "/inbox/"])
def test_every_html_page_sends_a_content_security_policy_without_inline_script(client, officer, path):
    client.force_login(officer)
    response = client.get(path)

    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("style-src", []) and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_no_template_holds_an_inline_script_or_an_event_handler_attribute():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template.name}: {tag}")
        offenders += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{template.name}: {m}" for m in re.findall(r"\b(?:hx-on|javascript:)", text)]
    assert offenders == []


def test_htmx_is_configured_without_eval_or_injected_styles(client):
    page = client.get("/accounts/login/").content.decode()

    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page


@pytest.mark.parametrize("path", ["/queue/", "/queue/export.csv", "/inbox/"])
def test_signed_in_pages_and_exports_are_not_stored_by_caches(client, officer, path):
    client.force_login(officer)
    response = client.get(path)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_api_answers_are_not_stored_by_caches(officer):
    response = client_for(officer).get("/api/v1/detentions/")

    assert "no-store" in response["Cache-Control"]


def test_a_deeply_nested_json_body_is_400_even_without_signing_in():
    body = "[" * 50_000 + "]" * 50_000

    response = client_for(None).generic("POST", "/api/v1/auth/token/", body, content_type="application/json")

    assert response.status_code == 400
    assert "nested more than" in response.content.decode()


def test_the_nesting_count_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": "[[[[{{{{", "b": [1, {"c": "\\"]]]"}]}') == 3


def test_a_moderately_nested_body_is_still_parsed(officer):
    nested = {"a": {"b": {"c": {"d": 1}}}}
    response = client_for(officer).post("/api/v1/auth/token/", {"username": "x", "password": nested}, format="json")

    assert response.status_code == 400 and "nested more than" not in response.content.decode()


def test_an_api_date_far_in_the_future_is_a_field_error(officer):
    detention = helpers.detained(officer=officer, basis="caatsa")
    far = datetime.date.today().replace(year=datetime.date.today().year + 6).isoformat()

    response = client_for(officer).post(f"/api/v1/detentions/{detention.pk}/elect-export/", {"exported_on": far},
                                        format="json")

    assert response.status_code == 400
    assert "Enter a date between" in response.content.decode()


def test_a_form_date_before_1930_or_beyond_the_horizon_is_a_field_error():
    from cases import action_forms, actions
    from cases.forms import QueueFilterForm

    activate = actions.get("wro", "activate")  # the order page's form, validated by the API's input
    for day in ("1899-12-31", f"{datetime.date.today().year + 6}-01-01"):
        form = action_forms.form_class(activate)(data={"effective_date": day})
        assert action_forms.validate(activate, form, {}) is None
        assert "Enter a date between" in str(form.errors["effective_date"])
        queue_filter = QueueFilterForm(data={"detained_from": day})
        assert not queue_filter.is_valid() and "Enter a date between" in str(queue_filter.errors["detained_from"])
    today = datetime.date.today()
    form = action_forms.form_class(activate)(data={"effective_date": today.isoformat()})
    assert action_forms.validate(activate, form, {}) == {"effective_date": today}


def test_the_api_schema_and_docs_are_for_signed_in_callers_only(officer):
    assert client_for(None).get("/api/v1/schema/").status_code == 401
    assert client_for(None).get("/api/v1/docs/").status_code == 401
    assert client_for(officer).get("/api/v1/docs/").status_code == 200
