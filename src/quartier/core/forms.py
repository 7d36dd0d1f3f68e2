"""Project-wide form rendering.

Labels without a trailing colon give cleaner accessible names (screen readers read
"E-Mail-Adresse", not "E-Mail-Adresse Doppelpunkt"), and every field is rendered by one
template so help texts and errors are always tied to their input.
"""

from django.forms.renderers import TemplatesSetting


class QuartierFormRenderer(TemplatesSetting):
    field_template_name = "core/forms/field.html"
