"""The organisation's users (invite, disable) and the importer's notification inbox."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import queries
from cases.errors import CaseError
from cases.portal_forms import DisableForm, InviteForm
from cases.services import notifications, organisations
from cases.views.common import apply_errors, message_for
from cases.views.portal.common import importer_required

INBOX_SHOWN = 100


def _organisation_page(request, invite_form=None):
    users = queries.visible_users(request.user).order_by("-is_active", "last_name", "first_name", "username")
    return render(request, "portal/organisation.html", {
        "organisation": request.user.organisation, "users": users,
        "invite_form": invite_form or InviteForm(), "may_manage": request.user.is_organisation_admin,
    })


@importer_required
def organisation(request):
    return _organisation_page(request)


@importer_required
@require_POST
def invite(request):
    """Invite a colleague; they receive an email with a one-time link to choose their password."""
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            user = organisations.invite_user(
                actor=request.user, email=form.cleaned_data["email"], first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"], organisation_admin=form.cleaned_data["organisation_admin"],
                set_password_url=lambda uid, token: request.build_absolute_uri(
                    reverse("set_password", kwargs={"uidb64": uid, "token": token})),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            form.add_error(None, message_for(error))
        else:
            messages.success(request, f"{user.display_name} is invited; the email with the sign-in link is on its way.")
            return redirect("portal:organisation")
    return _organisation_page(request, invite_form=form)


@importer_required
@require_POST
def disable(request, user_pk: int):
    user = queries.get_visible_or_404(queries.visible_users(request.user), pk=user_pk)
    form = DisableForm(request.POST)
    form.is_valid()
    try:
        organisations.disable_user(actor=request.user, user=user, reason=form.cleaned_data.get("reason", ""))
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, f"{user.display_name} can no longer sign in.")
    return redirect("portal:organisation")


@importer_required
def inbox(request):
    """Every notice sent to this person, unread first (each was also emailed)."""
    notifications = queries.visible_notifications(request.user).select_related("detention__shipment").order_by(
        "read_at", "-created_at", "-id")[:INBOX_SHOWN]
    return render(request, "portal/inbox.html", {"notifications": notifications})


@importer_required
@require_POST
def mark_all_read(request):
    """Every unread notice of this person's, read at once (the API's mark-all-read)."""
    count = notifications.mark_all_read(actor=request.user, notifications=queries.visible_notifications(request.user))
    messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read.")
    return redirect("portal:inbox")


@importer_required
@require_POST
def mark_read(request, notification_pk: int):
    notification = queries.get_visible_or_404(queries.visible_notifications(request.user), pk=notification_pk)
    notifications.mark_read(actor=request.user, notification=notification)
    if notification.detention_id and request.POST.get("open"):
        return redirect("portal:detention", detention_pk=notification.detention_id)
    return redirect("portal:inbox")
