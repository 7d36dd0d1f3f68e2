from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.organisations.models import Organisation
from quartier.reach.importing import FIELDS
from quartier.reach.models import (
    Contact,
    LegalBasis,
    OneToOne,
    Place,
    Readiness,
    TargetGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactForm(forms.ModelForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Yes, this is a different person: save anyway"), required=False
    )

    class Meta:
        model = Contact
        fields = [
            "full_name",
            "email",
            "phone",
            "languages",
            "neighbourhood",
            "street",
            "house_number",
            "postcode",
            "city",
            "notes",
            "legal_basis",
            "consent_given_on",
            "retention_until",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "consent_given_on": DATE,
            "retention_until": DATE,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, show_confirm: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_confirm:
            del self.fields["confirm_duplicate"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("legal_basis") == LegalBasis.CONSENT and not cleaned.get("consent_given_on"):
            self.add_error("consent_given_on", _("Consent needs the date on which it was given."))
        return cleaned


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "address", "contact_person", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, erased_at__isnull=True
        )


class PlaceMembershipForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    role = forms.CharField(
        label=_("Role there"),
        max_length=100,
        required=False,
        help_text=_("e.g. member, board, coach"),
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]


class KeyPersonForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("for the place"), queryset=Place.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("or for the group"), queryset=Place.objects.none(), required=False
    )
    since = forms.DateField(label=_("since"), required=False, widget=DATE)

    def __init__(self, *args: Any, places: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("place")) == bool(cleaned.get("group")):
            raise forms.ValidationError(_("Choose either a place or a group."))
        return cleaned


class OneToOneForm(forms.ModelForm):
    follow_up_1 = forms.CharField(label=_("Agreed follow-up"), max_length=300, required=False)
    follow_up_1_due = forms.DateField(label=_("due on"), required=False, widget=DATE)
    follow_up_1_by_contact = forms.BooleanField(label=_("The person takes this on"), required=False)
    follow_up_2 = forms.CharField(label=_("Another follow-up"), max_length=300, required=False)
    follow_up_2_due = forms.DateField(label=_("due on"), required=False, widget=DATE)
    follow_up_2_by_contact = forms.BooleanField(label=_("The person takes this on"), required=False)

    class Meta:
        model = OneToOne
        fields = [
            "held_on",
            "held_by",
            "process",
            "interests",
            "concerns",
            "motivation",
            "readiness",
            "notes",
        ]
        widgets = {
            "held_on": DATE,
            "interests": forms.Textarea(attrs={"rows": 3}),
            "concerns": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "readiness": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_by"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation
        ).order_by("full_name")
        self.fields["held_by"].required = False
        self.fields["held_by"].help_text = _("Leave empty if you held it yourself.")
        self.fields["process"].queryset = organisation.processes.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        self.fields["process"].required = False
        self.fields["readiness"].choices = Readiness.choices  # type: ignore[attr-defined]
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError(_("A one-to-one cannot be recorded for a future date."))
        return held_on


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = ["name", "reachability", "is_focus", "responsible", "channels", "description"]
        widgets = {
            "channels": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "reachability": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation
        ).order_by("full_name")


class TargetMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("People in this target group"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, erased_at__isnull=True
        )


class RetentionForm(forms.Form):
    until = forms.DateField(label=_("Keep until"), widget=DATE)

    def clean_until(self) -> Any:
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        return until


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("The first line must hold the column names.")
    )


ENCODINGS = ("utf-8", "cp1252", "iso8859_15", "cp1250", "cp1251", "cp1254", "utf-16", "mac_roman")


class MappingForm(forms.Form):
    duplicate_mode = forms.ChoiceField(
        label=_("When a person already exists"),
        choices=[("skip", _("skip the row")), ("merge", _("merge: fill in empty fields"))],
        widget=forms.RadioSelect,
        initial="skip",
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for rows without one"),
        choices=LegalBasis.choices,
        initial=LegalBasis.CONSENT,
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on, for rows without a date"),
        required=False,
        widget=DATE,
        help_text=_(
            "For example the date of the sign-up list. Needed when the legal basis is consent "
            "and the file has no column with the date."
        ),
    )

    def __init__(self, *args: Any, headers: list[str], encoding: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if encoding and encoding != "xlsx":
            known = [(e, e) for e in ENCODINGS if e != encoding]
            self.fields["encoding"] = forms.ChoiceField(
                label=_("Character encoding"),
                choices=[(encoding, encoding), *known],
                initial=encoding,
                help_text=_(
                    "Detected automatically. If umlauts look wrong above, choose another one."
                ),
            )
        choices = [("", _("– not in the file –"))] + [
            (str(i), h or f"#{i + 1}") for i, h in enumerate(headers)
        ]
        for import_field in FIELDS:
            self.fields[f"col_{import_field.key}"] = forms.ChoiceField(
                label=cast(Any, import_field.label), choices=choices, required=False
            )
        self.fields["col_full_name"].help_text = _(
            "Or leave it empty and choose first and last name: they are joined (with the title)."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = {f.key for f in FIELDS if cleaned.get(f"col_{f.key}")}
        if not chosen & {"full_name", "first_name", "last_name"}:
            self.add_error(
                "col_full_name",
                _("Choose the column with the name, or the columns with first and last name."),
            )
        consent_from_file = chosen & {"consent_given_on", "legal_basis"}
        if (
            cleaned.get("legal_basis") == LegalBasis.CONSENT
            and not cleaned.get("consent_given_on")
            and not consent_from_file
        ):
            self.add_error(
                "consent_given_on",
                _(
                    "The file has no consent date. Enter the date on which the people "
                    "consented, or choose another legal basis."
                ),
            )
        return cleaned

    def columns(self) -> dict[str, int | None]:
        return {
            f.key: int(self.cleaned_data[f"col_{f.key}"])
            if self.cleaned_data.get(f"col_{f.key}")
            else None
            for f in FIELDS
        }
