from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.events.formats import DEFAULT_CATEGORIES
from quartier.events.models import DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS
from quartier.formats.registry import format_choices
from quartier.processes.models import Process


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class EventForm(forms.Form):
    format_key = forms.ChoiceField(label=_("Format"))
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    rooms = forms.CharField(
        label=_("Rooms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One room per line, e.g. “Saal”, “Raum 1”."),
    )
    slots = forms.CharField(
        label=_("Time slots"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One slot per line, e.g. “14:00–15:00”."),
    )
    categories = forms.CharField(
        label=_("Categories"),
        initial=DEFAULT_CATEGORIES,
        max_length=500,
        help_text=_("Separated by semicolons."),
    )
    vote_method = forms.ChoiceField(
        label=_("Voting method"),
        choices=[("dots", _("Dot voting")), ("approval", _("Approval voting"))],
    )
    dots = forms.IntegerField(label=_("Dots per participant"), min_value=1, max_value=20, initial=5)
    max_dots_per_card = forms.IntegerField(
        label=_("Dots per card at most"), min_value=1, max_value=20, initial=1
    )
    retention_days = forms.IntegerField(
        label=_("Keep participant data for (days)"),
        min_value=1,
        max_value=MAX_RETENTION_DAYS,
        initial=DEFAULT_RETENTION_DAYS,
        required=False,
        help_text=_(
            "Counted from the close of the event. Then participants' names, phone tokens and "
            "pair partners are deleted; cards, votes and topic groups stay without names. "
            "Contacts left with consent are kept."
        ),
    )
    moderators = forms.ModelMultipleChoiceField(
        label=_("Moderation team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["format_key"]).choices = format_choices(kind="event")
        cast(
            forms.ModelMultipleChoiceField, self.fields["moderators"]
        ).queryset = User.objects.filter(memberships__organisation=process.organisation).order_by(
            "full_name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end must not be before the start."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "format_key": data["format_key"],
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "rooms": _lines(data["rooms"]),
            "slots": _lines(data["slots"]),
            "moderators": list(data["moderators"]),
            "retention_days": data["retention_days"] or DEFAULT_RETENTION_DAYS,
            "settings": {
                "categories": data["categories"],
                "vote_method": data["vote_method"],
                "dots": data["dots"],
                "max_dots_per_card": data["max_dots_per_card"],
            },
        }


class RetentionForm(forms.Form):
    days = forms.IntegerField(
        label=_("Keep participant data for (days)"),
        min_value=1,
        max_value=MAX_RETENTION_DAYS,
        initial=DEFAULT_RETENTION_DAYS,
        help_text=_(
            "Counted from the close of the event. Then participants' names, phone tokens and "
            "pair partners are deleted; cards, votes and topic groups stay without names. "
            "Contacts left with consent are kept."
        ),
    )


class WalkInForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=60, required=False)
    email = forms.EmailField(
        label=_("E-mail, if registered"),
        required=False,
        help_text=_("Links the person to their record, so their participation counts."),
    )
