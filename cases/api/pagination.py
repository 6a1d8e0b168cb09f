"""Pagination: cursors for the large, growing lists; page numbers where a person pages through."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


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
        return super().paginate_queryset(queryset, request, view)

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
        return [*super().get_schema_operation_parameters(view), *cursor_parameters, {
            "name": "paging", "required": False, "in": "query",
            "description": "`cursor` for cursor paging from the first page (then follow `next`).",
            "schema": {"type": "string", "enum": ["cursor"]},
        }]
