from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.lottery import population_figures
from quartier.lottery.categories import QUESTIONS, category_choices
from quartier.lottery.letters import PLACEHOLDERS
from quartier.lottery.models import (
    CATEGORY_LABELS,
    ExtractKind,
    LetterTranslation,
    Lottery,
    Municipality,
)
from quartier.lottery.register import FIELDS

CATEGORY_CHOICES = [(key, label) for key, label in CATEGORY_LABELS.items()]
ENCODINGS = [
    ("", _("as detected")),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252 (Excel)"),
    ("iso8859_15", "ISO-8859-15"),
]


class LotteryForm(forms.ModelForm):
    strata = forms.MultipleChoiceField(
        label=_("Strata for the letters"),
        choices=CATEGORY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Letters are spread over every combination of these, in proportion to the register."
        ),
    )
    quota_categories = forms.MultipleChoiceField(
        label=_("Quota categories for the panel"),
        choices=CATEGORY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People report these themselves when they register."),
    )

    oversample_text = forms.CharField(
        label=_("Oversampling"),
        required=False,
        help_text=_(
            "Strata that answer less often get more letters, e.g. “16-24=1.5, Lindenhain=2”. "
            "Leave empty for a proportional draw."
        ),
    )

    class Meta:
        model = Lottery
        fields = [
            "title",
            "event",
            "event_date",
            "registration_deadline",
            "letters_count",
            "new_residents_letters",
            "panel_size",
            "min_age",
            "strata",
            "quota_categories",
            "one_per_household",
            "prefill_from_register",
            "place",
            "time_text",
            "accessibility",
            "childcare",
            "cost_note",
            "letter_text",
        ]
        widgets = {
            "event_date": forms.DateInput(attrs={"type": "date"}),
            "registration_deadline": forms.DateInput(attrs={"type": "date"}),
            "letter_text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "letter_text": _("Placeholders: %(names)s")
            % {"names": ", ".join("{" + p + "}" for p in PLACEHOLDERS)},
            "new_residents_letters": _(
                "Drawn from the new-residents lists (Neubürger), if you upload any."
            ),
        }

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.oversample:
            self.initial["oversample_text"] = ", ".join(
                f"{key}={factor:g}" for key, factor in self.instance.oversample.items()
            )
        self.fields["event"].queryset = process.events.all()  # type: ignore[attr-defined]
        self.fields["event"].required = False

    def clean_oversample_text(self) -> dict[str, float]:
        factors: dict[str, float] = {}
        for part in self.cleaned_data.get("oversample_text", "").split(","):
            if not part.strip():
                continue
            key, _sep, value = part.rpartition("=")
            try:
                factor = float(value.replace(",", ".").strip())
            except ValueError:
                factor = 0.0
            if not key.strip() or factor <= 0:
                raise forms.ValidationError(
                    _("Write each entry as stratum=factor, e.g. 16-24=1.5."), code="bad_oversample"
                )
            factors[key.strip()] = factor
        return factors

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return values | {"oversample": self.cleaned_data.get("oversample_text") or {}}


class MunicipalityForm(forms.ModelForm):
    signature_file = forms.FileField(label=_("Signature image (PNG or JPEG)"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Language blocks on this municipality's letters"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Enter the translations on the set-up page first; German is always printed."),
    )

    figures_key = forms.ChoiceField(
        label=_("Official figures per age band and sex"),
        required=False,
        help_text=_(
            "The extract's make-up is compared with them on the register page (shares of "
            "adults per age band, share of women)."
        ),
    )

    def __init__(self, *args: Any, lottery: Lottery | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        figures = cast(forms.ChoiceField, self.fields["figures_key"])
        figures.choices = [("", _("none")), *population_figures.choices()]
        if self.instance.pk:
            self.initial["figures_key"] = self.instance.official_figures.get("key", "")
        translations = list(lottery.translations.all()) if lottery is not None else []
        field = cast(forms.MultipleChoiceField, self.fields["languages"])
        field.choices = [(t.language, t.label) for t in translations]
        if not translations:
            del self.fields["languages"]
        elif self.instance.pk:
            self.initial["languages"] = self.instance.languages

    class Meta:
        model = Municipality
        fields = ["name", "population", "letterhead", "sender_line", "signer_name", "signer_role"]
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "letterhead": _("First line in bold, e.g. “Markt Elsenfeld”, then up to three lines."),
            "sender_line": _(
                "The small return address above the window, e.g. “Markt Elsenfeld · Marktplatz 1 · 63820 Elsenfeld”."
            ),
            "population": _(
                "From the official statistics; the register make-up is compared with it."
            ),
        }


class TranslationForm(forms.ModelForm):
    class Meta:
        model = LetterTranslation
        fields = ["language", "letter_text", "page_text"]
        widgets = {
            "letter_text": forms.Textarea(attrs={"rows": 5}),
            "page_text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "letter_text": _(
                "Printed below the German text of the municipalities that choose this "
                "language. Placeholders as in the German text: %(names)s"
            )
            % {"names": ", ".join("{" + p + "}" for p in PLACEHOLDERS)},
            "page_text": _(
                "A short explanation shown on the registration page when someone picks this "
                "language there. Leave empty to offer the language on the letter only."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter_text"].widget.attrs["dir"] = "auto"
        self.fields["page_text"].widget.attrs["dir"] = "auto"

    def validate_unique(self) -> None:  # the service checks (it knows the lottery)
        return


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Municipality")
    )
    kind = forms.ChoiceField(label=_("List"), choices=ExtractKind.choices, initial="register")
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, lottery: Lottery, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = lottery.municipalities.all()  # type: ignore[attr-defined]


class MappingForm(forms.Form):
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False)
    postcodes = forms.CharField(
        label=_("Only these postcodes"),
        required=False,
        help_text=_("Comma-separated; leave empty for the whole extract."),
    )
    exclude = forms.CharField(
        label=_("Exclude these register numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example people with a block on disclosure; one per line or comma-separated."
        ),
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(i), h or f"#{i + 1}") for i, h in enumerate(headers)
        ]
        for field in FIELDS:
            self.fields[f"col_{field.key}"] = forms.ChoiceField(
                label=str(field.label), choices=choices, required=False
            )

    def columns(self) -> dict[str, int | None]:
        return {
            f.key: int(self.cleaned_data[f"col_{f.key}"])
            if self.cleaned_data.get(f"col_{f.key}")
            else None
            for f in FIELDS
        }

    @staticmethod
    def _split(text: str) -> list[str]:
        return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]

    def postcode_list(self) -> list[str]:
        return self._split(self.cleaned_data.get("postcodes", ""))

    def exclude_list(self) -> list[str]:
        return self._split(self.cleaned_data.get("exclude", ""))


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("Announced random number"),
        max_length=200,
        help_text=_(
            "A number announced before the draw, e.g. the lottery numbers of a fixed date or dice thrown at a public meeting."
        ),
    )
    announced = forms.CharField(
        label=_("Where and when was it announced?"), max_length=300, required=False
    )
    confirm = forms.BooleanField(
        label=_("The number was announced publicly before this draw."), required=True
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=40,
        help_text=_("12 characters, printed next to the QR code, e.g. ABCD-EFGH-JKMN"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class RegistrationForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        lottery: Lottery,
        register_values: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for category in lottery.quota_categories:
            choices = category_choices(lottery, category)
            known = (register_values or {}).get(category, "")
            self.fields[f"feature_{category}"] = forms.ChoiceField(
                label=str(QUESTIONS.get(category, category)),
                choices=choices,
                widget=forms.RadioSelect,
                initial=known if known in dict(choices) else None,
            )
        self.fields["full_name"] = forms.CharField(label=_("Your name"), max_length=200)
        self.fields["email"] = forms.EmailField(
            label=_("E-mail"),
            required=False,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
        self.fields["phone"] = forms.CharField(
            label=_("Phone"),
            required=False,
            max_length=40,
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        )
        self.fields["postal_address"] = forms.CharField(
            label=_("Postal address (if you prefer a letter)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
        )
        self.fields["accessibility_needs"] = forms.CharField(
            label=_("Anything we should prepare for you?"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("For example step-free access, sign language, childcare, an interpreter."),
        )
        self.fields["consent"] = forms.BooleanField(
            label=_("I agree that my details are used for this lottery and deleted afterwards."),
            required=True,
        )
        self.fields["keep_informed"] = forms.BooleanField(
            label=_("Keep me informed about the results, even if I am not drawn."), required=False
        )

    def features(self, lottery: Lottery) -> dict[str, str]:
        return {c: self.cleaned_data[f"feature_{c}"] for c in lottery.quota_categories}

    def contact(self) -> dict[str, Any]:
        keys = (
            "full_name",
            "email",
            "phone",
            "postal_address",
            "accessibility_needs",
            "consent",
            "keep_informed",
        )
        return {k: self.cleaned_data[k] for k in keys}


class QuotaForm(forms.Form):
    def __init__(self, *args: Any, quotas: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = quotas
        for i, row in enumerate(quotas):
            self.fields[f"min_{i}"] = forms.IntegerField(
                min_value=0, initial=row["min"], label=_("minimum")
            )
            self.fields[f"max_{i}"] = forms.IntegerField(
                min_value=0, initial=row["max"], label=_("maximum")
            )

    def quotas(self) -> list[dict[str, Any]]:
        return [
            row | {"min": self.cleaned_data[f"min_{i}"], "max": self.cleaned_data[f"max_{i}"]}
            for i, row in enumerate(self.rows)
        ]
