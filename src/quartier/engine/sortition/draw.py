"""Pick one panel of the published lottery from a public seed, in a way anyone can redo.

The rule is deliberately tiny so it can be checked by hand in any language::

    index = int.from_bytes(sha256(seed.encode("utf-8")).digest(), "big") % m

``seed`` is the text of the public random number (e.g. tonight's lottery numbers as
"3 12 19 28 33 41"), ``m`` is the number of panels and ``index`` is 0-based into the
panels in their canonical (sorted) order. The modulo bias is below m / 2**256.
"""

from __future__ import annotations

import hashlib
import secrets


def draw_index(seed: str, panels: int) -> int:
    """The 0-based index of the chosen panel among ``panels`` panels."""
    if panels < 1:
        raise ValueError("there must be at least one panel to draw from")
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return int.from_bytes(digest, "big") % panels


def new_seed() -> str:
    """A fresh random seed for runs where no public random number was given."""
    return secrets.token_hex(16)
