import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from quartier.events.hyphenation import soft_hyphens as _soft_hyphens

register = template.Library()


@register.filter
def soft_hyphens(text: str) -> str:
    """Long words with soft hyphens at their syllables (the projector's columns)."""
    return _soft_hyphens(str(text))


@register.simple_tag
def client_token() -> SafeString:
    """A fresh client token per rendered form: a resubmitted form repeats it, so the
    server acts once; the page script replaces it with one made in the browser."""
    return format_html('<input type="hidden" name="client_token" value="{}">', uuid.uuid4())


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
