"""Browser forms for the acts after the decision (staff and portal); cases.services.seizures decides."""

from django import forms

from cases.models import ElectionKind


def _text(label, rows=2, required=True, help_text=""):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _line(label, required=True, max_length=200, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text)


def _amount(label, required=True, help_text=""):
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2, help_text=help_text)


def _date(label):
    return forms.DateField(label=label, required=False, help_text="YYYY-MM-DD; empty means today.",
                           widget=forms.DateInput(attrs={"type": "date"}))


class SeizureRecordForm(forms.Form):
    goods_description = _text("Goods seized")
    quantity = _line("Quantity", max_length=100)
    appraised_value = _amount("Appraised domestic value (USD)")
    storage_location = _line("Storage location")
    custody_receipt_number = _line("Custody receipt number (CBP Form 6051S)", max_length=40)
    seized_on = _date("Date of seizure")
    notice_sent_on = _date("Notice of seizure mailed on")


class PetitionForm(forms.Form):
    kind = forms.ChoiceField(label="What you file", choices=[c for c in ElectionKind.choices
                                                            if c[0] != ElectionKind.SUPPLEMENTAL])
    grounds = _text("Facts and grounds for relief", rows=5)
    offer_amount = _amount("Amount offered (USD, offers in compromise only)", required=False)


class SupplementalPetitionForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial=ElectionKind.SUPPLEMENTAL)
    grounds = _text("Facts and grounds for the supplemental petition", rows=5)


class ClaimForm(forms.Form):
    statement = _text("Your interest in the goods and your claim", rows=3)
    cost_bond_amount = _amount("Cost bond (USD)", help_text="USD 5,000 or 10% of the appraised value, whichever is "
                                                            "lower, and at least USD 250 (19 U.S.C. 1608).")


class AbandonForm(forms.Form):
    statement = _text("Statement (optional)", required=False)


class PublicationForm(forms.Form):
    published_on = _date("First publication on")


class DeclarationForm(forms.Form):
    reason = _text("Declaration of forfeiture: reference or reason")


class ReferralForm(forms.Form):
    reference = _line("U.S. Attorney referral reference")


class PetitionProposalForm(forms.Form):
    outcome = forms.ChoiceField(label="Proposed decision", choices=[("grant", "Grant"), ("deny", "Deny")],
                                widget=forms.RadioSelect)
    reasons = _text("Reasons")
    disposition = forms.ChoiceField(label="If granted: what becomes of the goods", required=False,
                                    choices=[("", "Choose (grants only)"), ("release", "Release to the petitioner"),
                                             ("export", "Export under bond")])
    conditions = _text("If granted: conditions of relief", required=False)
    payment = _amount("If granted: payment (USD)", required=False)


class SendBackForm(forms.Form):
    reason = _text("Reason for sending it back")


class DestructionForm(forms.Form):
    destruction_method = _line("How the goods were destroyed")
    witness_name = _line("Witness", required=False)
    witness_title = _line("Witness's title", required=False)
    destroyed_on = _date("Destroyed on")


class ExportRecordForm(forms.Form):
    inbond_number = _line("In-bond number (CBP Form 7512)", max_length=30)
    port_of_exit = _line("Port of exit (4 digits)", max_length=4)
    exported_on = _date("Exported on")


class ExportProofForm(forms.Form):
    proof_reference = _line("Export record (bill of lading, ITN)", max_length=100)
    proof_on = _date("Proof dated")


class ReleaseRecordForm(forms.Form):
    released_on = _date("Released on")


class RedeliveryDemandForm(forms.Form):
    reason = _text("Why the goods must be redelivered")
    bond_number = _line("Bond number", max_length=40)
    goods_value = _amount("Value of the goods (USD)")
    demanded_on = _date("Notice dated")


class RedeliveredForm(forms.Form):
    redelivered_on = _date("Redelivered on")


class DamagesForm(forms.Form):
    amount = _amount("Liquidated damages (USD)")


class EmptyForm(forms.Form):
    pass
