"""What the page frame shows on every page: the unread notification count (one COUNT query, capped)."""

from cases import queries


def workspace(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    count = queries.unread_notification_count(user)
    label = f"{count}+" if count >= queries.UNREAD_COUNT_CAP else str(count)
    return {"unread_notifications": count, "unread_notifications_label": label}
