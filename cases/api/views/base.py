"""What every resource shares: scoped reads, and actions that call one service each.

An action validates the body's shape, calls the service with the object read through the caller's
scope, and answers with the object as it is now. A refused transition answers 409 with the state and
the actions still open to the caller; the service's own refusals map through cases.api.errors.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.schema import ApiSchema
from cases.api.serializers import api_actions, shipment_actions
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import Role, Shipment
from cases.workflows import MACHINES


def post_action(url_path: str, *, request=None, response=None, summary: str, status_code: int = 200):
    """A POST action on one object, documented with its body and its answer."""

    def decorate(func):
        # extend_schema goes on the action it documents, so it must wrap the result of @action.
        routed = action(detail=True, methods=["post"], url_path=url_path)(func)
        return extend_schema(request=request, responses={status_code: response}, summary=summary)(routed)

    return decorate


class ReadOnlyResource(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    schema = ApiSchema()
    # Ids are digits that fit the database's 64-bit integers; any other path segment is no endpoint (404).
    lookup_value_regex = "[0-9]{1,18}"
    # Overridden per resource; every queryset comes from cases.queries, scoped to request.user.
    scoped_query = None
    prefetch: tuple[str, ...] = ()

    def get_queryset(self):
        queryset = type(self).scoped_query(self.request.user)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def current_actions(self, obj) -> list[str]:
        if obj is None:
            return []
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        if isinstance(fresh, Shipment):
            return shipment_actions(self.request.user, fresh)
        return api_actions(self.request.user, fresh)

    def act(self, *, obj, call, body=None, answer=None, answer_serializer=None, transition: str | None = None,
            roles=None, status_code: int = status.HTTP_200_OK):
        """Validate `body`, run `call(**data)` (the service), answer with `answer(result)` serialized.

        A caller who may never take the action hears 403 before any complaint about the body: from the
        state table's row for `transition`, or, for creations, from the `roles` the service admits.
        The service checks again; the early answer only orders the refusals.
        """
        self.refuse_early(obj, transition, roles)
        data = {}
        if body is not None:
            serializer = body(data=self.request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        try:
            result = call(**data)
        except InvalidTransition as exc:
            exc.allowed_actions = self.current_actions(obj)
            raise
        return self.respond(answer(result) if answer else self.reread(obj), status_code, answer_serializer)

    def refuse_early(self, obj, transition, roles) -> None:
        user = self.request.user
        machine = MACHINES.get(type(obj)) if obj is not None else None
        if transition is None and machine is not None and self.action in machine.by_action:
            transition = self.action  # the view's action names follow the state tables
        if roles is not None and getattr(user, "role", None) not in roles:
            labels = " or ".join(f"{Role(role).label.lower()}s" for role in roles)
            raise ActionNotPermitted(f"Only {labels} may do this.")
        if transition is not None:
            refusal = machine.refusal(user, obj, machine.by_action[transition])
            if isinstance(refusal, ActionNotPermitted):
                raise refusal

    def reread(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def respond(self, instance, status_code=status.HTTP_200_OK, serializer_class=None):
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=status_code)
