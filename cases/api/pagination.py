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


class TimelineCursor(Cursor):
    ordering = "sequence"
