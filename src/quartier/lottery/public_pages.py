"""The lottery's transparency page is one of the process's public pages.

A draw is published together with its certificate, on the lottery's own page, so the
process settings show the lottery's flag and link there instead of switching it.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.processes.models import Process
from quartier.processes.publication import LOTTERY_TRANSPARENCY, PublicPage, register_public_page


def _any_draw_published(process: Process) -> bool:
    return process.lotteries.filter(published=True).exists()


def _lottery_settings(process: Process) -> str:
    return reverse("lottery:list", args=[process.organisation.slug, process.slug])


register_public_page(
    PublicPage(
        key=LOTTERY_TRANSPARENCY,
        label=_("Citizens' lottery"),
        help=_("The published draws with their seed, audit record and how to check them."),
        url_name="lottery_public:process_draws",
        order=40,
        is_published=_any_draw_published,
        settings_url=_lottery_settings,
    )
)
