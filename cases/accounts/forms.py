"""Forms of the sign-in, two-factor and token pages."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from cases.services import accounts


class SignInForm(AuthenticationForm):
    """Django's form, saying plainly when the password is right but the organisation is suspended."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(self.request, "axes_locked_out", False):
                raise
            username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            suspended = accounts.suspended_account(username, password) if username and password else None
            if suspended is not None:
                raise forms.ValidationError(accounts.suspended_message(suspended), code="organisation_suspended") \
                    from error
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label="One-time code", max_length=16, strip=True,
        help_text="The 6 digits your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=16, strip=True,
        help_text="After adding the account to the app, enter the 6 digits it shows.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="Token name", max_length=100,
                           help_text="The system that will use it, e.g. Broker upload service.")


class NotificationSettingsForm(forms.Form):
    delivery = forms.ChoiceField(
        label="Notification email", widget=forms.RadioSelect,
        help_text="Your inbox in this system shows every notification at once either way.",
        error_messages={"required": "Choose how you want to receive notification email.",
                        "invalid_choice": "Choose one of the options shown."},
    )

    def __init__(self, *args, **kwargs):
        from cases.models import DeliveryPreference

        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = DeliveryPreference.choices
