"""The standing groups' page is one of the process's public pages (processes.publication)."""

from django.utils.translation import gettext_lazy as _

from quartier.processes.publication import PublicPage, register_public_page

register_public_page(
    PublicPage(
        key="groups",
        label=_("Standing groups"),
        help=_("Groups that chose to publish their page, with a request to join (“mitmachen”)."),
        url_name="groups:public_list",
        order=10,
    )
)
