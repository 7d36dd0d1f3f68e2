from django import template

from quartier.audit.labels import action_label

register = template.Library()


@register.filter
def audit_action(action: str) -> str:
    """``{{ entry.action|audit_action }}``: the readable label in the active language."""
    return action_label(action)
