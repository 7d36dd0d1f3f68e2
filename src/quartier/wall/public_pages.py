"""The open-ends page is one of the process's public pages (see processes.publication)."""

from django.utils.translation import gettext_lazy as _

from quartier.processes.publication import PublicPage, register_public_page

register_public_page(
    PublicPage(
        key="open_ends",
        label=_("Open ends"),
        help=_("Topics without a group, only those a moderator reviewed and marked public."),
        url_name="wall:open_ends",
        order=20,
    )
)
