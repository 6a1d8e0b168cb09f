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
