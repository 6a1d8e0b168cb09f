"""Django's username-and-password backend, refusing accounts of a suspended importer organisation."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

UserModel = get_user_model()


def organisation_suspended(user) -> bool:
    organisation = getattr(user, "organisation", None) if getattr(user, "organisation_id", None) else None
    return organisation is not None and not organisation.is_active


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not organisation_suspended(user)

    def get_user(self, user_id):
        # The organisation comes with the user (one query per request, as before), so checking that it is
        # still active costs nothing. A suspended organisation's sessions are ended by AccountGateMiddleware,
        # which says why; get_user keeps returning the user so the gate can.
        user = UserModel._default_manager.select_related("organisation").filter(pk=user_id).first()
        if user is None or not super().user_can_authenticate(user):
            return None
        return user

