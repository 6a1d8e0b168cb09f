"""Response headers for signed-in pages: nothing a person saw while signed in stays in a cache."""

from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in person (pages, exports, downloads, API)
    and on every API answer, unless the view chose a stricter or explicit policy itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or request.path.startswith("/api/")) and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
        return response
