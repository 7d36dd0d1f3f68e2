"""``quartier worker``: the background worker (django-tasks database backend).

Imports of long lists, reminders and e-mails to many people run here, not in the web
request. ``make run`` starts one next to the web server; production runs it as the
``quartier-worker`` systemd unit.
"""

from __future__ import annotations

import argparse
import os
from typing import Any


def _worker(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from quartier.core.schedule import start_scheduler

    if args.schedule and not args.batch:
        start_scheduler(interval=args.schedule_interval)
    call_command(
        "db_worker",
        interval=args.interval,
        queue_name="*",
        batch=args.batch,
        reload=False,  # the scheduler thread lives in this process, not in a reloaded child
        startup_delay=not args.batch,
    )
    return 0


def register(subparsers: Any) -> None:
    worker = subparsers.add_parser(
        "worker", help="run background tasks (imports, reminders, e-mails) from the database queue"
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between polls when idle"
    )
    worker.add_argument(
        "--no-schedule",
        dest="schedule",
        action="store_false",
        help="do not enqueue the periodic jobs (reminders); run one scheduling worker only",
    )
    worker.add_argument(
        "--schedule-interval",
        type=float,
        default=300.0,
        help="seconds between enqueuing the periodic jobs",
    )
    worker.add_argument("--batch", action="store_true", help="run the tasks waiting now, then exit")
    worker.set_defaults(handler=_worker)
