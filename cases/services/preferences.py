"""The person's own settings: how notification email reaches them (each at once, or a daily digest).

The in-app inbox shows every notification at once either way; only the email is held back
(cases/outbox.py reads the preference). A person changes only their own preference; the change is
audited in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.audit import record_event
from cases.errors import ActionNotPermitted
from cases.models import DeliveryPreference, NotificationPreference


def notification_delivery(user) -> str:
    """The person's delivery choice; immediate when they never chose."""
    row = NotificationPreference.objects.filter(user=user).only("delivery").first()
    return row.delivery if row else DeliveryPreference.IMMEDIATE


@transaction.atomic
def set_notification_delivery(*, actor, user, delivery: str) -> NotificationPreference:
    """Record how `user` wants notification email; only the person themself may change it."""
    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        raise ActionNotPermitted("You can change only your own notification settings.")
    if delivery not in DeliveryPreference.values:
        raise ValidationError({"delivery": "Choose how you want to receive notification email."})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    before = preference.delivery if not _created else DeliveryPreference.IMMEDIATE
    if before == delivery and not _created:
        return preference
    preference.delivery = delivery
    preference.save(update_fields=["delivery", "updated_at"])
    record_event(actor=actor, action="set_notification_delivery", obj=preference,
                 before={"delivery": before}, after={"delivery": delivery})
    return preference
