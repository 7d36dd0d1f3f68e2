"""Invitation tokens are stored as SHA-256 digests: a leaked table opens no account.

The raw token exists only in the e-mail's link; a 32-byte random token needs no salt or
slow hash (nothing to guess), so one SHA-256 is enough to compare it.
"""

from __future__ import annotations

import hashlib


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
