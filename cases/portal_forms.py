"""Forms of the importer portal. They parse and label input; the services decide what is valid."""

from django import forms

from cases.checklists import CHECKLISTS, ILO_STATEMENT_PACKAGES
from cases.glossary import BY_KEY
from cases.models import IloIndicator, PackageKind

TEXTAREA = forms.Textarea(attrs={"rows": 5})


# The UFLPA choice importers meet: the two routes to release (glossary, cases/glossary.py).
UFLPA_PACKAGE_HELP = (
    "Applicability review: " + BY_KEY["applicability-review"].short + " Exception: " + BY_KEY["exception"].short
)


class VersionedForm(forms.Form):
    """Carries the version of the object the page showed; a form built from an older one is refused."""

    # Read by the view (cases.views.common.posted_version): a missing or garbled value is refused there as
    # stale, with a message, rather than as an error on a field the person cannot see.
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class SubmissionForm(VersionedForm):
    """The package, guided by its checklist: one section per written item and, against a WRO or a
    Finding, one per ILO indicator. Documents are attached one file at a time beside this form."""

    package = forms.ChoiceField(label="Kind of package")
    summary = forms.CharField(label="Executive summary", required=False, widget=TEXTAREA)

    def __init__(self, *args, packages, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].choices = [(p, PackageKind(p).label) for p in packages]
        if PackageKind.UFLPA_APPLICABILITY in packages and PackageKind.UFLPA_EXCEPTION in packages:
            self.fields["package"].help_text = UFLPA_PACKAGE_HELP
        if len(packages) == 1:
            self.fields["package"].widget = forms.HiddenInput()
        self.package = package
        self.answer_fields, self.ilo_fields = [], []
        for item in CHECKLISTS[package]:
            if item.document_category:
                continue
            name = f"answer__{item.key}"
            self.fields[name] = forms.CharField(
                label=item.label, required=False, widget=TEXTAREA,
                help_text="Required before you submit." if item.required else "Optional.",
            )
            self.answer_fields.append(name)
        if package in ILO_STATEMENT_PACKAGES:
            for indicator in IloIndicator:
                name = f"ilo__{indicator.value}"
                self.fields[name] = forms.CharField(
                    label=indicator.label, required=False, widget=TEXTAREA,
                    help_text="Your policies on this indicator and the evidence that they are applied.",
                )
                self.ilo_fields.append(name)

    def answers(self) -> dict:
        return {name.removeprefix("answer__"): self.cleaned_data.get(name, "") for name in self.answer_fields}

    def ilo_statements(self) -> dict:
        return {name.removeprefix("ilo__"): self.cleaned_data.get(name, "") for name in self.ilo_fields}

    def answer_boundfields(self):
        return [self[name] for name in self.answer_fields]

    def ilo_boundfields(self):
        return [self[name] for name in self.ilo_fields]


def initial_for(submission) -> dict:
    initial = {"package": submission.package, "summary": submission.summary, "version": submission.version}
    initial.update({f"answer__{k}": v for k, v in submission.answers.items()})
    initial.update({f"ilo__{k}": v for k, v in submission.ilo_statements.items()})
    return initial


class ExportForm(VersionedForm):
    confirm = forms.BooleanField(
        label="I elect to export the goods instead of contesting the detention.",
        error_messages={"required": "Tick the box to confirm that you elect to export the goods."},
    )


class ProtestForm(VersionedForm):
    """CBP Form 19 with the contents of 19 CFR 174.13; the service checks each one."""

    protestant_name = forms.CharField(label="Protestant's name", required=False, max_length=300)
    protestant_address = forms.CharField(label="Protestant's address", required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    importer_number = forms.CharField(label="Importer number", required=False, max_length=20)
    entry_number = forms.CharField(label="Entry number", required=False, max_length=13,
                                   help_text="As on the entry summary, e.g. ABC-1234567-8.")
    merchandise = forms.CharField(label="Merchandise protested", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    objections = forms.CharField(label="Decisions protested and the reasons for your objection", required=False,
                                 widget=forms.Textarea(attrs={"rows": 8}))


class InviteForm(forms.Form):
    email = forms.CharField(label="Email address", max_length=254, required=False)
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    organisation_admin = forms.BooleanField(label="May invite and disable users", required=False)


class DisableForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=500)
