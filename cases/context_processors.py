"""What the page frame shows on every page: the unread notification count (one COUNT query)."""

from cases import queries


def workspace(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": queries.unread_notification_count(user)}
