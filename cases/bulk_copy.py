"""Writing many new rows at once: PostgreSQL's COPY, with ids taken from the table's sequence.

`insert(model, objs)` stores unsaved model instances. On PostgreSQL their ids are drawn from the
table's own sequence in one round trip (`nextval` over `generate_series`), so they never collide with
rows other writers insert meanwhile, and the rows go in with one COPY (psycopg's `write_row`), which
skips building an INSERT statement of every value. On other databases it is Django's `bulk_create`.
Either way the instances end up as `bulk_create` leaves them: primary key set, timestamps Django
stamps on save stamped, marked as stored.

`copy_rows` is the COPY itself (ids already set), shared with the synthetic data set (cases/scale.py).
Database errors of the COPY (a unique entry number stored meanwhile) are raised as Django's, so
callers catch them as they would from `bulk_create`.
"""

from __future__ import annotations

import json
import operator

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone


def constructor(model: type):
    """A maker of new, unsaved instances from a dict of values by attname (`importer_id`, not `importer`),
    defaults for the rest, several times faster than the model's constructor when a file's worth of rows
    is built: the values go straight into the instance, as Django's own constructor leaves them for a new
    instance. When something listens to the model's init signals, the constructor itself is used."""
    plan = [(f.attname, f.get_default) for f in model._meta.concrete_fields]

    def make(values: dict):
        if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
            return model(*[values[attname] if attname in values else default() for attname, default in plan])
        obj = model.__new__(model)
        obj._state = ModelState()
        obj.__dict__.update({attname: values[attname] if attname in values else default()
                             for attname, default in plan})
        return obj

    return make


def _json(value) -> str:
    if not value and isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, cls=DjangoJSONEncoder)


def copy_rows(model: type, objs: list) -> None:
    """COPY `objs` (primary keys set) into the model's table; PostgreSQL only."""
    if not objs:
        return
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    # Values as psycopg adapts them: JSON as text, timestamps Django would stamp stamped once a batch
    # (and on the instance, as a save would); everything else (text, dates, numbers, foreign key ids) as it is.
    now = timezone.now()
    values = operator.attrgetter(*(f.attname for f in fields))
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    stamped_at = [(i, f.attname) for i, f in enumerate(fields)
                  if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            row = list(values(obj)) if len(fields) > 1 else [values(obj)]
            for i in json_at:
                row[i] = _json(row[i])
            for i, attname in stamped_at:
                if row[i] is None:
                    row[i] = now
                    setattr(obj, attname, now)
            copy.write_row(row)


def next_ids(model: type, count: int) -> list[int]:
    """`count` fresh primary keys from the model's sequence, in one round trip; PostgreSQL only."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, column, count])
        return [row[0] for row in cursor.fetchall()]


def insert(model: type, objs: list, *, batch_size: int | None = None) -> list:
    """Store new instances: COPY on PostgreSQL, `bulk_create` elsewhere; returns them with their ids."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._meta.default_manager.bulk_create(objs, batch_size=batch_size)
    pk = model._meta.pk.attname
    for obj, value in zip(objs, next_ids(model, len(objs)), strict=True):
        setattr(obj, pk, value)
    copy_rows(model, objs)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
