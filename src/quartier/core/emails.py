"""E-mails in the recipient's language, rendered from a subject and a body template."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

SUPPORTED = ("de", "en")


def language_of(*, user: Any = None, contact: Any = None) -> str:
    """A user's chosen language; for a contact, English when they list it first; else German."""
    if user is not None and getattr(user, "language", "") in SUPPORTED:
        return str(user.language)
    languages = [part.strip().lower() for part in getattr(contact, "languages", "").split(",")]
    return "en" if languages and languages[0] in {"en", "englisch", "english"} else "de"


def send_templated(
    *,
    to: str,
    language: str,
    subject: Callable[[], str],
    body_template: str,
    context: dict[str, Any],
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
) -> None:
    """Subject (a function, so it is translated late) and body in ``language``."""
    with translation.override(language if language in SUPPORTED else "de"):
        rendered_subject = subject()
        body = render_to_string(body_template, context)
    message = EmailMessage(subject=rendered_subject, body=body, to=[to])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def mail_queue(*, subject: str, body: str, to: Iterable[str], reply_to: Iterable[str] = ()) -> int:
    """Hand plain e-mails to the worker, one per address (nobody sees the others).

    A message to sixty group members must not keep the moderator's request waiting on
    the mail server, and a mail server that is down must not undo the write. With the
    database task backend the queued e-mails are rows in the caller's transaction, so
    nothing goes out for a write that was rolled back. Returns how many were queued.
    """
    from quartier.core.tasks import mail_send

    addresses = list(dict.fromkeys(address for address in to if address))
    for address in addresses:
        mail_send.enqueue(subject=subject, body=body, to=address, reply_to=list(reply_to))
    return len(addresses)
