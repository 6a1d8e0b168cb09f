"""Pagination: cursors for the large, growing lists; page numbers where a person pages through."""

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from cases.api.middleware import DEPRECATED_ENDPOINT_ATTRIBUTE

# docs/api-changelog.md "Deep page numbers": a page number whose page starts past the first DEEP_PAGE_ROWS rows
# makes the database sort and skip every earlier row, so its cost grows with the table. Deprecated on the first
# day; refused after the sunset, naming the cursor, which reads any depth at the cost of one page.
DEEP_PAGE_ROWS = 10_000
DEEP_PAGES_DEPRECATED_ON = datetime.date(2026, 12, 7)
DEEP_PAGES_SUNSET = datetime.date(2027, 6, 30)


class PageNumbers(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class Cursor(CursorPagination):
    """Stable under inserts (a new detention never shifts a page) and O(page) at any depth."""

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def get_paginated_response_schema(self, schema):
        # DRF's example links end in a stray quote, which is no URI; give valid ones.
        described = super().get_paginated_response_schema(schema)
        described["properties"]["next"]["example"] = "https://cases.example.gov/api/v1/detentions/?cursor=cD00ODY%3D"
        described["properties"]["previous"]["example"] = (
            "https://cases.example.gov/api/v1/detentions/?cursor=cj0xJnA9NDg3"
        )
        return described


class TimelineCursor(Cursor):
    ordering = "sequence"


class PageNumbersOrCursor(PageNumbers):
    """Page numbers as before (with `count`), or cursors on request: `?paging=cursor` for the first page, then
    the `next` / `previous` links (`?cursor=...`). A cursor page is an index range read at any depth, where a
    page number deep in a large list makes the database sort and skip every earlier row; a cursor answer has
    no `count` (counting is what grows with the table)."""

    def __init__(self):
        self._cursor = None

    def paginate_queryset(self, queryset, request, view=None):
        if "cursor" in request.query_params or request.query_params.get("paging") == "cursor":
            self._cursor = Cursor()
            return self._cursor.paginate_queryset(queryset, request, view)
        self._check_depth(request)
        return super().paginate_queryset(queryset, request, view)

    def _check_depth(self, request):
        number = request.query_params.get(self.page_query_param, "")
        if not number.isdigit() or (int(number) - 1) * self.get_page_size(request) < DEEP_PAGE_ROWS:
            return
        # The sunset is a UTC date, as its Sunset header says (cases.api.middleware).
        if timezone.now().date() > DEEP_PAGES_SUNSET:
            raise ValidationError({self.page_query_param: [
                f"Page numbers reach the first {DEEP_PAGE_ROWS:,} rows. For rows past them use cursor paging: "
                "ask for ?paging=cursor and follow the next link (narrowing the list with its filters also works)."
            ]})
        setattr(request._request, DEPRECATED_ENDPOINT_ATTRIBUTE, (
            DEEP_PAGES_DEPRECATED_ON, DEEP_PAGES_SUNSET,
            settings.API_CHANGELOG_URL.split("#")[0] + "#deep-page-numbers"))

    def get_paginated_response(self, data):
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["results"]
        described["properties"]["count"]["description"] = "Total rows; absent from cursor pages."
        return described

    def get_schema_operation_parameters(self, view):
        cursor_parameters = [p for p in Cursor().get_schema_operation_parameters(view) if p["name"] == "cursor"]
        numbered = super().get_schema_operation_parameters(view)
        for parameter in numbered:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = (
                    f"A page number. A page starting past the first {DEEP_PAGE_ROWS:,} rows is deprecated (answered "
                    f"with Deprecation and Sunset headers) and refused after {DEEP_PAGES_SUNSET.isoformat()}: "
                    "use `paging=cursor` for those rows.")
        return [*numbered, *cursor_parameters, {
            "name": "paging", "required": False, "in": "query",
            "description": "`cursor` for cursor paging from the first page (then follow `next`).",
            "schema": {"type": "string", "enum": ["cursor"]},
        }]
