"""The pages a person sees when something goes wrong: 403, 404, 405 and 500, each with the site's
navigation and a way back (config/urls.py names the handlers; the 405 page comes from the middleware
below, since Django answers a wrong method with an empty body). Under /api/ the API's JSON errors stay
(cases/api/middleware.py).
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": _reason(exception)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page. Rendered with the request's context when that still works (the navigation knows who is
    signed in); if even that fails (a database that is down), the same page without it."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page must answer whatever broke
        logger.exception("The 500 page could not use the request context; answering without it.")
        return HttpResponse(loader.get_template("500.html").render({}), status=500)


def _reason(exception) -> str:
    text = str(exception) if exception is not None else ""
    # Django's own messages ("403 Forbidden", "") say nothing a person can act on.
    return text if text and not text[0].isdigit() else ""


class MethodNotAllowedPageMiddleware:
    """Give a 405 answer (a form's address opened as a link, a button's URL bookmarked) a page with the
    navigation instead of an empty body; the Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith(API_PREFIX) or response.content:
            return response
        page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
