"""The volunteer board is one of the process's public pages (processes.publication)."""

from django.utils.translation import gettext_lazy as _

from quartier.processes.publication import PublicPage, register_public_page

register_public_page(
    PublicPage(
        key="volunteers",
        label=_("Volunteer board"),
        help=_("Open needs with an “I'll help” form, and a form to offer help."),
        url_name="volunteers:public_board",
        order=30,
    )
)
