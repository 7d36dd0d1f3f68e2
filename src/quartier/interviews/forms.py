from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.interviews.models import Campaign, Theme
from quartier.organisations.models import Organisation
from quartier.processes.models import Process
from quartier.reach.models import Contact

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    opening_question = forms.CharField(
        label=_("Opening question"),
        max_length=500,
        help_text=_(
            "Every interview opens with this question, "
            "e.g. “What do you understand by integration?”"
        ),
    )
    questions = forms.CharField(
        label=_("Further questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line."),
    )
    target_count = forms.IntegerField(
        label=_("Target number of interviews"), min_value=1, max_value=10000, initial=50
    )
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    process = forms.ModelChoiceField(
        label=_("Process"), queryset=Process.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        campaign: Campaign | None = None,
        **kwargs: Any,
    ) -> None:
        if campaign is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": campaign.title,
                    "opening_question": campaign.questions.get(is_opening=True).text,
                    "questions": "\n".join(
                        q.text for q in campaign.questions.filter(is_opening=False)
                    ),
                    "target_count": campaign.target_count,
                    "interviewers": list(campaign.interviewers.values_list("pk", flat=True)),
                    "description": campaign.description,
                    "process": campaign.process_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation
        ).order_by("full_name")
        self.fields["process"].queryset = organisation.processes.filter(archived_at__isnull=True)  # type: ignore[attr-defined]
        if campaign is not None and campaign.interviews.exists():
            self.fields["opening_question"].disabled = True
            self.fields["opening_question"].help_text = _(
                "Fixed: interviews have already opened with it."
            )

    def question_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class InterviewForm(forms.Form):
    """Answers are entered on a phone: one long column of plain text areas."""

    client_token = forms.CharField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Date of the interview"), widget=DATE)
    contact = forms.ModelChoiceField(
        label=_("Interviewee"),
        queryset=Contact.objects.none(),
        required=False,  # type: ignore[arg-type]
        empty_label=_("anonymous (not linked to a person)"),
    )

    def __init__(self, *args: Any, campaign: Campaign, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]
        self.questions = list(campaign.questions.all())
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                required=question.is_opening,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Opening question") if question.is_opening else "",
            )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}", "") for q in self.questions}


class TagForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_theme = forms.CharField(label=_("New theme"), max_length=100, required=False)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = campaign.themes.all()  # type: ignore[attr-defined]
