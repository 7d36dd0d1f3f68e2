from django.conf import settings
from django.http import HttpRequest

from quartier import __version__


def site(request: HttpRequest) -> dict[str, object]:
    return {"QUARTIER_VERSION": __version__, "DEBUG": settings.DEBUG}
