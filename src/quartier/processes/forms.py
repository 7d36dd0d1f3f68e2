from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.organisations.models import Organisation
from quartier.processes.models import Process, Status


class ProcessForm(forms.ModelForm):
    team = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Moderators and participants only see the processes whose team they are on."),
    )

    class Meta:
        model = Process
        fields = ["title", "description", "area", "starts_on", "ends_on", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = cast(forms.ModelMultipleChoiceField, self.fields["team"])
        team_field.queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "full_name"
        )
        self.fields["status"].initial = Status.PLANNED
        if self.instance.pk:
            self.fields["team"].initial = list(self.instance.team.values_list("pk", flat=True))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must not be before the start."))
        return cleaned


class DeleteConfirmForm(forms.Form):
    confirm_title = forms.CharField(label=_("Type the title to confirm"), max_length=200)
