"""ASGI entry point: Django for HTTP, Channels for websockets.

Live features add their websocket routes to ``quartier.config.routing``.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from quartier.config.routing import websocket_urlpatterns  # noqa: E402
from quartier.events.consumers import with_server_send  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": with_server_send(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

from quartier.events.hyphenation import soft_hyphens  # noqa: E402

# The hyphenation patterns load on first use: here, not in the live writer in the middle
# of a room (measured: the first card of a 1,000-phone run held the writer ~0.8 s).
soft_hyphens("Nachbarschaftshilfe")

# Garbage collection in a full hall: a thousand open sockets are a few hundred thousand
# long-lived objects, and each full collection walks all of them while holding the
# interpreter lock (measured: 130-470 ms pauses during a 1,000-phone run, every screen
# and every action waiting). Everything loaded so far (Django, the URL conf, templates)
# lives as long as the process: freeze it out of the collector's sight, and collect
# less often (young objects are mostly freed by reference counting anyway).
gc.freeze()
gc.set_threshold(*(int(n) for n in os.environ.get("GC_THRESHOLDS", "50000,20,100").split(",")))
