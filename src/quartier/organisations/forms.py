from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation, Role


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.ORGANIZER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
