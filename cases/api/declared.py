"""The API's side of the declared acts (cases.actions): one POST endpoint per act of a resource's kind, and the
POST on the resource's list for the act that makes a new record of it."""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from cases import actions
from cases.api.views.base import post_action
from cases.workflows import MACHINES


def endpoint(act: actions.Act, response, created=None):
    """The view method of `act`: validate the body with the act's input, run its service on the object read
    through the caller's scope, answer with the object (or the record it created) as it is now."""

    def view(self, request, pk=None):
        obj = self.get_object()
        extra = {}
        if created is not None:
            query, serializer = created
            extra = {"status_code": 201, "answer_serializer": serializer,
                     "answer": lambda record: query(request.user).get(pk=record.pk)}
        # A record with a state table is checked against it; one without, against the roles the act names.
        transition = actions.transition_for(act, request.data) if type(obj) in MACHINES else None
        return self.act(obj=obj, body=act.body, transition=transition, roles=act.roles or None,
                        call=lambda **data: act.perform(request.user, obj, data), **extra)

    view.__name__ = act.api_method
    return post_action(act.api_path, request=act.body, response=created[1] if created else response,
                       summary=act.summary, status_code=201 if created else 200)(view)


def creation(act: actions.Act, response):
    """The list's POST: validate the body with the act's input, run its service, answer 201 with the new record
    as the caller now reads it."""

    def create(self, request):
        return self.act(obj=None, body=act.body, roles=act.roles, status_code=status.HTTP_201_CREATED,
                        call=lambda **data: act.perform(request.user, None, data),
                        answer=lambda record: self.get_queryset().get(pk=record.pk))

    return extend_schema(request=act.body, responses={201: response}, summary=act.summary)(create)


def declared_actions(kind: str, *, created: dict | None = None, response=None):
    """Class decorator: the resource answers every declared act of `kind` (except those another act's
    endpoint serves). `created` maps a created record's kind to (its scoped query, its serializer);
    `response` is the serializer of the answer when the resource has none of its own."""

    def decorate(cls):
        for act in actions.acts_of(kind):
            if act.served_by:
                continue
            if act.api_method in cls.__dict__:
                raise TypeError(f"{cls.__name__}.{act.api_method} is declared in cases.actions; remove the method.")
            if act.collection:
                setattr(cls, act.api_method, creation(act, response or cls.serializer_class))
                continue
            setattr(cls, act.api_method, endpoint(act, response or cls.serializer_class,
                                                  (created or {}).get(act.created) if act.created else None))
        return cls

    return decorate
