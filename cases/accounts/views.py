"""Sign-in, two-factor sign-in (enrolment, verification, recovery codes) and the owner's API tokens."""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.accounts import sessions
from cases.accounts.forms import CodeForm, EnrolForm, SignInForm, TokenForm
from cases.api.errors import error_body
from cases.audit import record_event
from cases.errors import CaseError
from cases.models import ApiToken, AuditOutcome
from cases.services import accounts
from cases.views.common import message_for

ENROLLING = "accounts_enrolling_device"
LOCKED_OUT = ("Too many failed sign-ins for this username or from this address. Wait {minutes} minutes and try "
              "again, or ask an administrator to unlock the account.")


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username or address is locked out (AXES_LOCKOUT_CALLABLE)."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    message = LOCKED_OUT.format(minutes=minutes)
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("locked_out", message), status=429)
    form = SignInForm(request, data=None)
    return render(request, "registration/login.html", {"form": form, "locked_out": message,
                                                       "next": request.POST.get("next", "")}, status=429)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _home(request) -> str:
    return reverse("portal:home") if request.user.is_importer else reverse("home")


def qr_svg(text: str) -> str:
    """The QR code as inline SVG, drawn here: no image service sees the secret."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def spaced(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def enrol(request):
    """Add an authenticator app: scan the QR code (or type the key), then prove it with a first code."""
    user = request.user
    if sessions.second_factor_pending(request) == "verify":
        return redirect(f"{reverse('two-factor-verify')}?next={_next(request, _home(request))}")
    device = TOTPDevice.objects.filter(pk=request.session.get(ENROLLING), user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[ENROLLING] = device.pk
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = accounts.confirm_totp(actor=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", message_for(error))
        except CaseError as error:
            messages.error(request, message_for(error))
        else:
            otp_login(request, device)
            sessions.second_factor_done(request)
            request.session.pop(ENROLLING, None)
            return render(request, "accounts/recovery_codes.html", {
                "codes": codes, "next": _next(request, _home(request)), "first_time": True})
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/enrol.html", {
        "form": form, "qr": mark_safe(qr_svg(device.config_url)), "secret": spaced(secret),
        "next": _next(request, _home(request)), "required": sessions.second_factor_pending(request) == "enrol",
    })


@login_required
def verify(request):
    """The second step of signing in: a code from the app, or a recovery code (each works once)."""
    user = request.user
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        device = next((d for d in devices_for_user(user) if d.verify_token(code)), None)
        with transaction.atomic():
            record_event(actor=user, action="verify_two_factor" if device else "verify_two_factor_failed", obj=user,
                         after={"device": device.name} if device else {},
                         outcome=AuditOutcome.SUCCESS if device else AuditOutcome.REFUSED)
        if device is not None:
            otp_login(request, device)
            sessions.second_factor_done(request)
            if device.persistent_id.startswith("otp_static"):
                left = device.token_set.count()
                messages.warning(request, f"You used a recovery code; {left} left. Make new ones on Sign-in security.")
            return redirect(_next(request, _home(request)))
        form.add_error("code", "That code is not right or was used already. Wait for the next code and try again; "
                               "after several wrong codes each try waits longer.")
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request, _home(request))})


@login_required
def security(request):
    """The person's own sign-in security: two-factor state, recovery codes, and a link to their tokens."""
    user = request.user
    totp = accounts.confirmed_totp(user)
    static = user.staticdevice_set.first()
    return render(request, "accounts/security.html", {
        "enrolled": totp is not None, "recovery_left": static.token_set.count() if static else 0,
        "staff_required": user.is_agency_staff and sessions.second_factor_due(user) != "",
    })


@login_required
@require_POST
def regenerate_codes(request):
    try:
        codes = accounts.regenerate_recovery_codes(actor=request.user)
    except CaseError as error:
        messages.error(request, message_for(error))
        return redirect("account-security")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("account-security")})


@login_required
@require_POST
def turn_off(request):
    try:
        accounts.disable_two_factor(actor=request.user)
    except CaseError as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, "Two-factor sign-in is off for your account.")
    return redirect("account-security")


@login_required
def tokens(request):
    """The owner's API tokens: mint one (its key shown once), see when each was used, revoke."""
    form = TokenForm(request.POST or None)
    minted = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = accounts.mint_token(actor=request.user, name=form.cleaned_data["name"])
        except (CaseError, ValidationError) as error:
            messages.error(request, message_for(error))
        else:
            minted = {"token": token, "key": key}
            form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id")[:200]
    listed = [{"token": token, "state": accounts.token_state(token, request.user)} for token in rows]
    return render(request, "accounts/tokens.html", {"form": form, "minted": minted, "tokens": listed})


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # someone else's token: 404, like none
    try:
        accounts.revoke_token(actor=request.user, token=token)
    except CaseError as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, f"Token {token.name} is revoked; systems using it are refused from now on.")
    return redirect("account-tokens")


@login_required
def account_settings(request):
    """The person's own settings: how notification email reaches them, with links to sign-in security and
    API tokens. A POST changes the preference through its service (audited)."""
    from cases.accounts.forms import NotificationSettingsForm
    from cases.services import preferences

    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                preferences.set_notification_delivery(actor=request.user, user=request.user,
                                                      delivery=form.cleaned_data["delivery"])
            except ValidationError as error:
                form.add_error(None, message_for(error))
            except CaseError as error:
                messages.error(request, message_for(error))
                return redirect("account-settings")
            else:
                messages.success(request, "Your notification settings are saved.")
                return redirect("account-settings")
        return render(request, "accounts/settings.html", {"form": form}, status=400)
    form = NotificationSettingsForm(initial={"delivery": preferences.notification_delivery(request.user)})
    return render(request, "accounts/settings.html", {"form": form})
