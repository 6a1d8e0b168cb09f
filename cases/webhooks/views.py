"""Portal pages for an organisation's webhooks: its endpoints, registering one, and each one's deliveries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases.errors import CaseError
from cases.queries import get_visible_or_404
from cases.views.common import apply_errors, message_for
from cases.views.portal.common import importer_required
from cases.webhooks import queries, services
from cases.webhooks.forms import EndpointForm

DELIVERIES_SHOWN = 50
SECRET_SESSION_KEY = "webhook-secret-{pk}"


def _list_page(request, form=None):
    endpoints = queries.visible_endpoints(request.user).order_by("-id")
    return render(request, "portal/webhooks.html", {
        "endpoints": endpoints, "form": form or EndpointForm(),
        "may_manage": request.user.is_organisation_admin,
    })


@importer_required
def endpoints(request):
    return _list_page(request)


@importer_required
@require_POST
def register(request):
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint = services.register_endpoint(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            form.add_error(None, message_for(error))
        else:
            # Shown once, on the next page: the secret is not displayed again.
            request.session[SECRET_SESSION_KEY.format(pk=endpoint.pk)] = endpoint.secret
            return redirect("webhooks:endpoint", endpoint_pk=endpoint.pk)
    return _list_page(request, form)


@importer_required
def endpoint(request, endpoint_pk: int):
    endpoint = get_visible_or_404(queries.visible_endpoints(request.user), pk=endpoint_pk)
    deliveries = (queries.visible_deliveries(request.user).filter(endpoint=endpoint)
                  .prefetch_related("attempt_log").order_by("-id")[:DELIVERIES_SHOWN])
    return render(request, "portal/webhook_endpoint.html", {
        "endpoint": endpoint, "deliveries": deliveries,
        "actions": services.allowed_endpoint_actions(request.user, endpoint),
        "secret": request.session.pop(SECRET_SESSION_KEY.format(pk=endpoint.pk), None),
    })


SERVICES = {"pause": services.pause_endpoint, "resume": services.resume_endpoint,
            "disable": services.disable_endpoint}
DONE = {"pause": "paused", "resume": "resumed", "disable": "disabled"}


@importer_required
@require_POST
def act(request, endpoint_pk: int, action: str):
    endpoint = get_visible_or_404(queries.visible_endpoints(request.user), pk=endpoint_pk)
    try:
        SERVICES[action](actor=request.user, endpoint=endpoint)
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, f"The endpoint is {DONE[action]}.")
    return redirect("webhooks:endpoint", endpoint_pk=endpoint.pk)
