"""Personal QR codes for thousands of letters, fast.

Every letter of a lottery carries a link of the same length (site URL + 12-character
code), so every QR code has the same version, error level and mask: the finder, timing
and alignment patterns, the format and version information and the order in which data
bits are placed are identical. ``QrLayout`` takes those from one code made by segno and
then only encodes the data and its Reed-Solomon error correction per letter (about a
tenth of segno's time per code, which is built for any input). Links of another length or
outside byte mode are handed to segno unchanged. The result equals segno's matrix for the
same mask (tested module by module).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

import segno
from segno import consts, encoder

QR_MASK = 2  # any of the eight masks is valid; searching for the "best" one is slow
_PAD = (0xEC, 0x11)


def _data_positions(width: int) -> list[tuple[int, int]]:
    """(row, column) of each data module in placement order (ISO/IEC 18004 7.7.3)."""
    function = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function, width, width)
    encoder.add_alignment_patterns(function, width, width)
    positions: list[tuple[int, int]] = []
    for right in range(width - 1, 0, -2):
        if right <= 6:
            right -= 1
        upwards = (right & 2) == 0
        for vertical in range(width):
            for z in (0, 1):
                column = right - z
                up = upwards ^ (column < 6)
                row = (width - 1 - vertical) if up else vertical
                if function[row][column] == 0x2:
                    positions.append((row, column))
    return positions


class QrLayout:
    """Everything of a byte-mode QR code that does not depend on the data."""

    def __init__(self, length: int, mask: int = QR_MASK) -> None:
        sample = segno.make("a" * length, error="m", micro=False, mask=mask, mode="byte")
        self.length = length
        self.version = int(sample.version)
        error = consts.ERROR_MAPPING[sample.error.upper()]
        ecc: Any = consts.ECC
        self.blocks = ecc[self.version][error]
        self.data_codewords = sum(info.num_blocks * info.num_data for info in self.blocks)
        self.template = [bytearray(row) for row in sample.matrix]
        width = len(self.template)
        masked = encoder.get_data_mask_functions(False)[mask]
        self.positions = [
            (row, column, 1 if masked(row, column) else 0) for row, column in _data_positions(width)
        ]
        self._products = {
            info.num_total - info.num_data: _generator_products(info.num_total - info.num_data)
            for info in self.blocks
        }
        self._rows = self._row_recipes()
        self.count_bits = consts.CHAR_COUNT_INDICATOR_LENGTH[consts.MODE_BYTE][
            encoder.version_range(self.version)
        ]

    def _row_recipes(self) -> list[tuple[str, Callable[[str], tuple[str, ...]], int]]:
        """Per row: a format string with the fixed modules and a slot per data module, the
        bit indices that fill the slots, and the mask bits as an integer."""
        width = len(self.template)
        index_of = {(row, col): i for i, (row, col, _m) in enumerate(self.positions)}
        mask_of = {(row, col): m for row, col, m in self.positions}
        recipes: list[tuple[str, Callable[[str], tuple[str, ...]], int]] = []
        for row in range(width):
            slots = [index_of[(row, col)] for col in range(width) if (row, col) in index_of]
            template = "".join(
                "{}" if (row, col) in index_of else str(self.template[row][col])
                for col in range(width)
            )
            mask = int("".join(str(mask_of.get((row, col), 0)) for col in range(width)), 2)
            pick = _picker(slots)
            recipes.append((template, pick, mask))
        return recipes

    def _data(self, payload: bytes) -> list[int]:
        value, bits = consts.MODE_BYTE, 4
        value = (value << self.count_bits) | len(payload)
        bits += self.count_bits
        value = (value << 8 * len(payload)) | int.from_bytes(payload, "big")
        bits += 8 * len(payload)
        capacity = 8 * self.data_codewords
        terminator = min(4, capacity - bits)
        value <<= terminator
        bits += terminator
        # Like segno: a whole zero byte when the terminator ends on a byte boundary
        # (still a valid code; decoders stop at the terminator).
        padding = 8 - bits % 8 if bits < capacity else 0
        value <<= padding
        bits += padding
        words = list(value.to_bytes(bits // 8, "big"))
        words.extend(_PAD[i % 2] for i in range(self.data_codewords - len(words)))
        return words

    def _error_words(self, block: list[int], size: int) -> list[int]:
        """Reed-Solomon remainder as a shift register held in one integer."""
        table = self._products[size]
        top = 8 * (size - 1)
        keep = (1 << (8 * size)) - 1
        remainder = 0
        for word in block:
            remainder = ((remainder << 8) & keep) ^ table[(remainder >> top) ^ word]
        return list(remainder.to_bytes(size, "big"))

    def codewords(self, payload: bytes) -> list[int]:
        """Data and error-correction codewords, interleaved as they are placed."""
        words = self._data(payload)
        data_blocks: list[list[int]] = []
        error_blocks: list[list[int]] = []
        start = 0
        for info in self.blocks:
            size = info.num_total - info.num_data
            for _block in range(info.num_blocks):
                block = words[start : start + info.num_data]
                start += info.num_data
                data_blocks.append(block)
                error_blocks.append(self._error_words(block, size))
        out: list[int] = []
        for blocks in (data_blocks, error_blocks):
            longest = max(len(block) for block in blocks)
            for index in range(longest):
                out.extend(block[index] for block in blocks if index < len(block))
        return out

    def rows(self, payload: bytes) -> list[str]:
        """Each row as a string of "0"/"1", masked, with the function patterns."""
        stream = self.codewords(payload)
        bits = format(int.from_bytes(bytes(stream), "big"), f"0{8 * len(stream)}b")
        bits += "0" * (len(self.positions) - len(bits))
        width = len(self.template)
        return [
            format(int(template.format(*pick(bits)), 2) ^ mask, f"0{width}b")
            for template, pick, mask in self._rows
        ]

    def matrix(self, payload: bytes) -> list[bytearray]:
        return [bytearray(b"\x00\x01"[int(c)] for c in row) for row in self.rows(payload)]


def _picker(slots: list[int]) -> Callable[[str], tuple[str, ...]]:
    if not slots:
        return lambda bits: ()
    if len(slots) == 1:
        index = slots[0]
        return lambda bits: (bits[index],)
    return cast("Callable[[str], tuple[str, ...]]", itemgetter(*slots))


def _generator_products(size: int) -> list[int]:
    """For every leading coefficient, the generator polynomial times it, as one integer."""
    log, exp = consts.GALIOS_LOG, consts.GALIOS_EXP
    generator = consts.GEN_POLY[size]
    products = [0]
    for coefficient in range(1, 256):
        shift = log[coefficient]
        product = 0
        for n in range(size):
            product = (product << 8) | exp[shift + generator[n]]
        products.append(product)
    return products


@lru_cache(maxsize=8)
def _layout(length: int) -> QrLayout:
    return QrLayout(length)


def _fast(payload: str) -> bool:
    return payload.isascii() and not _fits_smaller_mode(payload)


def qr_matrix(payload: str) -> list[bytearray]:
    """The QR code's modules (1 = dark), rows from the top, without the quiet zone."""
    if _fast(payload):
        return _layout(len(payload)).matrix(payload.encode("ascii"))
    code = segno.make(payload, error="m", micro=False, mask=QR_MASK)
    return [bytearray(row) for row in code.matrix]


_DARK = re.compile("1+")


def qr_runs(payload: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The code's width in modules and (row, first column, length) of every dark run."""
    if not _fast(payload):
        matrix = qr_matrix(payload)
        return len(matrix), dark_runs(matrix)
    rows = _layout(len(payload)).rows(payload.encode("ascii"))
    runs = [
        (number, match.start(), match.end() - match.start())
        for number, row in enumerate(rows)
        for match in _DARK.finditer(row)
    ]
    return len(rows), runs


def _fits_smaller_mode(payload: str) -> bool:
    """segno would choose numeric or alphanumeric mode for such payloads."""
    alphanumeric = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    return all(character in alphanumeric for character in payload)


def dark_runs(matrix: list[bytearray]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    runs: list[tuple[int, int, int]] = []
    for row, cells in enumerate(matrix):
        start = -1
        for column, dark in enumerate(cells):
            if dark and start < 0:
                start = column
            elif not dark and start >= 0:
                runs.append((row, start, column - start))
                start = -1
        if start >= 0:
            runs.append((row, start, len(cells) - start))
    return runs
