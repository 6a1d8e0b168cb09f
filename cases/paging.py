"""Keyset (cursor) paging for the large lists: a page costs the same at any depth and any table size.

A page is read in two steps. First the ids of the page, in order, from an index that matches the
ordering (only the columns the filter and the ordering need, with `LIMIT per_page + 1`); then the full
rows of those ids with every join the page shows. The cursor is the ordering key of the first or last
row shown, so "next" and "previous" are index range reads (`WHERE (key, id) > (...)`) instead of
OFFSET, which reads and throws away every earlier row.

The ordering is a list of field names (a leading "-" for descending) ending with a unique field. A
nullable field sorts its NULLs after every value (`NULLS LAST` ascending, `NULLS FIRST` descending, the
same on PostgreSQL and SQLite), which is how PostgreSQL's default b-tree index reads them.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet

COUNT_CAP = 1000


class BadCursor(ValueError):
    """A cursor that was not produced by this module for this ordering."""


@dataclass
class Key:
    name: str
    descending: bool
    nullable: bool


def _nullable(model, name: str) -> bool:
    """Whether the field `name` ("shipment__presentation_date" follows relations) may read as NULL: a nullable
    column, or a nullable relation on the way to it. An annotation (a Coalesce of joined columns, say) may be."""
    path = name.split("__")
    for step, part in enumerate(path):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return True
        if getattr(field, "null", False) or (field.is_relation and not field.concrete):
            return True
        if step < len(path) - 1:
            if not field.is_relation:
                return True  # a lookup or transform, not a column: treat as nullable
            model = field.related_model
    return False


def parse_ordering(ordering, model) -> list[Key]:
    return [Key(name=spec.lstrip("-"), descending=spec.startswith("-"), nullable=_nullable(model, spec.lstrip("-")))
            for spec in ordering]


def order_expressions(keys: list[Key]) -> list:
    return [F(k.name).desc(nulls_first=True) if k.descending else F(k.name).asc(nulls_last=True) for k in keys]


def _after(key: Key, value, descending: bool) -> Q | None:
    """Rows whose `key` comes strictly after `value` in the given direction (NULL counts as the greatest)."""
    if not descending:
        if value is None:
            return None
        after = Q(**{f"{key.name}__gt": value})
        return after | Q(**{f"{key.name}__isnull": True}) if key.nullable else after
    if value is None:
        return Q(**{f"{key.name}__isnull": False})
    return Q(**{f"{key.name}__lt": value})


def _equal(key: Key, value) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def seek(keys: list[Key], values: list, backwards: bool = False) -> Q:
    """The rows after the position `values` in the ordering (before it when `backwards`)."""
    condition = Q(pk__in=[])
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        step = _after(key, value, key.descending != backwards)
        if step is not None:
            condition |= prefix & step
        prefix &= _equal(key, value)
    return condition


def _encode_value(value):
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value):
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return datetime.date.fromisoformat(value["d"])
        raise BadCursor("unknown value")
    if value is None or isinstance(value, (int, float, str)):
        return value  # a float (a match score, say) round-trips exactly through JSON
    raise BadCursor("unknown value")


def encode_cursor(values: list, backwards: bool, offset: int = 0) -> str:
    """The cursor of a position; `offset` is how many rows come before the page it leads to (for "51–100")."""
    raw = json.dumps({"v": [_encode_value(v) for v in values], "b": backwards, "o": max(offset, 0)},
                     separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: list[Key]) -> tuple[list, bool, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = [_decode_value(v) for v in data["v"]]
        backwards = bool(data.get("b"))
        offset = int(data.get("o", 0))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise BadCursor("This page link is not valid; start again from the first page.") from exc
    if len(values) != len(keys) or values[-1] is None or offset < 0:
        raise BadCursor("This page link is not valid; start again from the first page.")
    return values, backwards, offset


@dataclass
class KeysetPage:
    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None
    count: int | None = None
    count_capped: bool = False
    offset: int = 0  # rows before this page in the ordering (carried in the cursor)
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def count_label(self) -> str:
        if self.count is None:
            return ""
        return f"{COUNT_CAP:,}+" if self.count_capped else f"{self.count:,}"


def keyset_page(queryset: QuerySet, ordering, cursor: str | None, per_page: int, *,
                rows: QuerySet | None = None, count: bool = False) -> KeysetPage:
    """One page of `queryset` in `ordering` after (or before) `cursor`, ids first and the rows joined after.

    `rows` is the queryset the shown rows are read from (with its select_related and annotations, or
    `values()` including "id"); by default the same queryset. Raises BadCursor for a cursor that does not decode.
    """
    keys = parse_ordering(ordering, queryset.model)
    names = [k.name for k in keys]
    backwards = False
    offset = 0
    ids_qs = queryset
    if cursor:
        values, backwards, offset = decode_cursor(cursor, keys)
        ids_qs = ids_qs.filter(seek(keys, values, backwards))
    order = order_expressions([Key(k.name, k.descending != backwards, k.nullable) for k in keys])
    found = list(ids_qs.order_by(*order).values_list("pk", *names)[: per_page + 1])
    more = len(found) > per_page
    found = found[:per_page]
    if backwards:
        found.reverse()
    ids = [row[0] for row in found]
    read = (rows if rows is not None else queryset).filter(pk__in=ids) if ids else ()
    by_id = {(obj["id"] if isinstance(obj, dict) else obj.pk): obj for obj in read}
    objects = [by_id[pk] for pk in ids if pk in by_id]
    first, last = (list(found[0][1:]), list(found[-1][1:])) if found else (None, None)
    if backwards and not more:
        offset = 0  # read back to the start: this is the first page
    has_next = more if not backwards else bool(cursor)
    has_previous = bool(cursor) if not backwards else more
    page = KeysetPage(
        object_list=objects, has_next=has_next and last is not None, has_previous=has_previous and first is not None,
        next_cursor=encode_cursor(last, False, offset + len(objects)) if last is not None else None,
        previous_cursor=encode_cursor(first, True, offset - per_page) if first is not None else None,
        offset=offset,
    )
    if count:
        total = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
        page.count, page.count_capped = min(total, COUNT_CAP), total > COUNT_CAP
    return page
