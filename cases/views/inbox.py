"""The notification inbox: the rows the services wrote for this person, newest first, with read marks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases import queries
from cases.services import notifications
from cases.views.common import cursor_page

INBOX_ORDER = ("-created_at", "-id")


@login_required
def inbox(request):
    """Newest first, a keyset page at a time, so a desk with tens of thousands of notifications opens as fast
    as an empty one."""
    show = "unread" if request.GET.get("show") == "unread" else ""
    qs = queries.unread_notifications(request.user) if show else queries.visible_notifications(request.user)
    page = cursor_page(request, qs.select_related("detention__shipment"), INBOX_ORDER)
    return render(request, "cases/inbox.html", {"page": page, "show": show, "page_query": f"show={show}"})


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = queries.get_visible_or_404(queries.visible_notifications(request.user), pk=pk)
    notification = notifications.mark_read(actor=request.user, notification=notification)
    if notification.detention_id and request.POST.get("open") and request.user.is_agency_staff:
        return redirect("detention", pk=notification.detention_id)
    return redirect("inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notifications.mark_all_read(actor=request.user, notifications=queries.visible_notifications(request.user))
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("inbox")
