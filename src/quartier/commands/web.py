"""``quartier serve|demo|createadmin|manage``: running the web application."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
    import django

    django.setup()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
    # The live room's writer thread gives the interpreter lock back on every database
    # call and then waits for the event loop thread (busy writing frames to a hall of
    # sockets) to hand it over: by default up to 5 ms each time, a dozen times per
    # write, which caps a hall at a few dozen writes a second. A shorter interval lets
    # the writer back in quickly.
    sys.setswitchinterval(float(os.environ.get("GIL_SWITCH_INTERVAL_MS", "0.5")) / 1000)
    uvicorn.run(
        "quartier.config.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        reload=False,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=args.log_level,
        # Live events send the same small frame to hundreds of sockets; compressing it once
        # per socket costs more CPU than the few bytes it saves.
        ws_per_message_deflate=False,
        # Phones send small JSON frames; a 10 MB frame is refused before it is parsed.
        ws_max_size=64 * 1024,
        lifespan="off",  # Django does not implement the ASGI lifespan protocol
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    _setup_django()
    from quartier.core.demo import build_demo, demo_exists

    if args.if_missing and demo_exists():
        print("demo data present; nothing to do")
        return 0
    context = build_demo(log=lambda line: print(line, file=sys.stderr))
    summary = context.get("summary", [])
    assert isinstance(summary, list)
    for line in summary:
        print(line)
    return 0


def _createadmin(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from quartier.accounts.models import User
    from quartier.accounts.services import user_create
    from quartier.organisations.services import organisation_create

    email = args.email or input("E-mail: ").strip()
    try:
        validate_email(email)
    except ValidationError:
        print(f"error: {email!r} is not a valid e-mail address", file=sys.stderr)
        return 2
    if User.objects.filter(email=email.lower()).exists():
        print(f"error: a user with {email} exists already", file=sys.stderr)
        return 2
    password = (
        args.password or os.environ.get("QUARTIER_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    )
    if len(password) < 10:
        print("error: the password needs at least 10 characters", file=sys.stderr)
        return 2
    user = user_create(email=email, full_name=args.name, password=password, is_superuser=True)
    if args.organisation:
        organisation = organisation_create(name=args.organisation, creator=user)
        print(
            f"created admin {user.email} for organisation {organisation.name} ({organisation.slug})"
        )
    else:
        print(f"created admin {user.email}")
    return 0


def _manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["quartier manage", *args.arguments])
    return 0


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve", help="serve the web application through the ASGI server (uvicorn)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="ASGI worker processes (use PostgreSQL + Redis for more than one)",
    )
    serve.add_argument(
        "--proxy-headers", action="store_true", help="trust X-Forwarded-* from the reverse proxy"
    )
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1")
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(handler=_serve)

    demo = subparsers.add_parser("demo", help="create a German demo organisation with processes")
    demo.add_argument(
        "--if-missing", action="store_true", help="do nothing when the demo exists already"
    )
    demo.set_defaults(handler=_demo)

    createadmin = subparsers.add_parser("createadmin", help="create an administrator account")
    createadmin.add_argument("--email")
    createadmin.add_argument("--name", default="Admin")
    createadmin.add_argument(
        "--password", help="prefer the QUARTIER_ADMIN_PASSWORD variable or the prompt"
    )
    createadmin.add_argument(
        "--organisation", help="also create this organisation with the admin as its admin"
    )
    createadmin.set_defaults(handler=_createadmin)

    manage = subparsers.add_parser(
        "manage", help="run a Django management command (migrate, shell, ...)"
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
