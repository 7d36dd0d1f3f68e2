from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.formats.manifest import FormatManifest
from quartier.formats.registry import format_choices
from quartier.groups.models import Group
from quartier.reach.models import Contact, Place


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def _setting_field(spec: Any) -> forms.Field:
    common = {"label": spec.label, "help_text": spec.help_text, "initial": spec.default}
    if spec.kind == "int":
        return forms.IntegerField(
            min_value=spec.minimum, max_value=spec.maximum, required=True, **common
        )
    if spec.kind == "bool":
        return forms.BooleanField(required=False, **common)
    if spec.kind == "choice":
        return forms.ChoiceField(choices=[(k, v) for k, v in spec.choices], **common)
    return forms.CharField(required=False, **common)


class MeetingForm(forms.Form):
    """Plan or change a meeting; the format's own settings are added as fields."""

    format_key = forms.ChoiceField(label=_("Format"))
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place_ref: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Place from the register"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("e.g. “Parish hall St. Marien, Kirchgasse 3” or a room number."),
    )
    moderator = forms.ModelChoiceField(
        label=_("Moderator"), queryset=User.objects.none(), required=False
    )
    group: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Group"), queryset=Group.objects.none(), required=False
    )
    invite_users = forms.ModelMultipleChoiceField(
        label=_("Invite members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invite_contacts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Invite contacts"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        process: Any,
        groups: Any,
        manifest: FormatManifest | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = process.organisation
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        cast(forms.ChoiceField, self.fields["format_key"]).choices = format_choices(kind="meeting")
        _set_queryset(self, "moderator", members)
        _set_queryset(self, "invite_users", members)
        _set_queryset(
            self,
            "invite_contacts",
            Contact.objects.filter(organisation=organisation, erased_at__isnull=True).order_by(
                "full_name"
            ),
        )
        places = Place.objects.filter(organisation=organisation)
        _set_queryset(self, "place_ref", places)
        _set_queryset(self, "group", groups)
        self.fields["starts_at"].initial = (timezone.localtime() + timedelta(days=7)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        if editing:
            for name in ("format_key", "invite_users", "invite_contacts"):
                del self.fields[name]
        if not places.exists():
            del self.fields["place_ref"]
        if manifest is not None:
            for spec in manifest.settings:
                self.fields[f"setting_{spec.key}"] = _setting_field(spec)

    def settings_data(self) -> dict[str, Any]:
        return {
            key.removeprefix("setting_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("setting_")
        }


class InviteesForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    names = forms.CharField(
        label=_("More people (one name per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For people without an account or contact entry."),
    )

    def __init__(self, *args: Any, organisation: Any, exclude: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "users",
            User.objects.filter(memberships__organisation=organisation)
            .exclude(pk__in=exclude)
            .order_by("full_name"),
        )


class PhaseForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Own title (optional)")}),
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=600)


class NewPhaseForm(forms.Form):
    title = forms.CharField(label=_("New phase"), max_length=200)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=600, initial=10)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes for this phase"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=300)


class ConcernForm(forms.Form):
    title = forms.CharField(label=_("Concern"), max_length=300)
    shared_by = forms.IntegerField(
        label=_("How many people share it?"), min_value=1, max_value=1000, initial=1
    )
    readiness = forms.TypedChoiceField(
        label=_("How ready are they to act?"),
        coerce=int,
        choices=[
            (1, _("1 – not at all")),
            (2, _("2 – a little")),
            (3, _("3 – somewhat")),
            (4, _("4 – quite")),
            (5, _("5 – very, we start now")),
        ],
        initial=3,
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ResultNoteForm(forms.Form):
    result_note = forms.CharField(
        label=_("Result note (no case content)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “3 cases consulted, feedback: new perspectives, very helpful”."),
    )


class NextStepForm(forms.Form):
    title = forms.CharField(label=_("Next step"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Who takes care of it?"), queryset=User.objects.none(), required=False
    )
    owner_name = forms.CharField(
        label=_("…or a name"),
        max_length=200,
        required=False,
        help_text=_("For someone without an account."),
    )
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "owner",
            User.objects.filter(memberships__organisation=organisation).order_by("full_name"),
        )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("On agenda item"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "agenda_item", meeting.agenda_items.all())


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Short title"), max_length=200)
    text = forms.CharField(
        label=_("Your case"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the people in your consultation group will read this."),
    )


class CaseNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class ProtocolForm(forms.Form):
    body = forms.CharField(
        label=_("Protocol (Markdown)"), widget=forms.Textarea(attrs={"rows": 24})
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        required=False,
        help_text=_(
            "Needed once the protocol is finalized; every correction is kept as a version."
        ),
    )
