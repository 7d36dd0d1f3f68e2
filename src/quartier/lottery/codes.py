"""Personal codes on the letters: short enough to type, long enough not to be guessed.

Eleven random characters from an alphabet without look-alikes (no 0/O, 1/I/L) carry
54 bits; a twelfth is a check character (weighted sum modulo 31), so typing errors are told
apart from unknown codes without looking anything up. Together with the throttle on the
registration page, enumerating codes is hopeless.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 11
LENGTH = RANDOM_LENGTH + 1
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_character(body: str) -> str:
    """Weighted sum modulo 31 (a prime, the alphabet's size) with weights 1, 2, 3, ...

    A single wrong character changes the sum by weight x difference, never a multiple
    of 31; two swapped neighbours change it by their difference. Both are caught.
    """
    total = sum((i + 1) * ALPHABET.index(char) for i, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def normalize(text: str) -> str:
    """Upper case without spaces or dashes; the letters O/I/L (never used) read as 0/1."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(LOOK_ALIKES)


def is_well_formed(code: str) -> bool:
    """Right length, only code characters, and a matching check character."""
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return False
    return check_character(code[:-1]) == code[-1]


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
