"""The client's address, for login throttling (axes) and the blog's request limits.

Behind ``PROXY_COUNT`` trusted proxies, each appends the address it received the request
from to ``X-Forwarded-For``; the client is the entry that many places from the right.
Anything further left was written by the client itself and is never trusted. Without a
proxy (``PROXY_COUNT=0``) the header is ignored and ``REMOTE_ADDR`` counts.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    return hops[-count] if len(hops) >= count else remote
