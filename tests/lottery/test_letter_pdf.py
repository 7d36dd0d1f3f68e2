"""The letters PDF: the fast QR encoder equals segno's, shared parts are drawn once."""

from __future__ import annotations

import io
import random
import string

import segno
from pypdf import PdfReader

from quartier.lottery.letter_pdf import render_letters
from quartier.lottery.letters import Facts, LanguageBlock, LetterData, Sender
from quartier.lottery.qr import QR_MASK, dark_runs, qr_matrix
from tests.lottery.pdf_pages import qr_links


def _segno(payload: str) -> list[bytearray]:
    code = segno.make(payload, error="m", micro=False, mask=QR_MASK)
    return [bytearray(row) for row in code.matrix]


def test_the_fast_qr_matrix_equals_segnos_for_links_of_every_length():
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits
    for length in range(0, 140):
        payload = "https://q.example/los/" + "".join(rng.choice(alphabet) for _ in range(length))
        assert qr_matrix(payload) == _segno(payload), length


def test_links_that_segno_would_encode_in_another_mode_are_left_to_segno():
    for payload in ("HTTPS://Q.EXAMPLE/LOS/ABCD2345", "https://q.example/los/ä"):
        assert qr_matrix(payload) == _segno(payload)


def test_dark_runs_cover_exactly_the_dark_modules():
    matrix = qr_matrix("https://q.example/los/ABCDEFGHJKLM")
    painted = {(row, col + i) for row, col, length in dark_runs(matrix) for i in range(length)}
    dark = {(r, c) for r, cells in enumerate(matrix) for c, v in enumerate(cells) if v}
    assert painted == dark


def _facts(**extra) -> Facts:
    values = dict(
        title="Bürgerrat Mainufer",
        date_text="5. März 2027",
        time_text="18 Uhr",
        place="Bürgerzentrum",
        deadline_text="1. Februar 2027",
        accessibility="Stufenloser Zugang",
        childcare="Ab 3 Jahren",
        cost_note="",
        registration_url="https://q.example/los",
        text="",
    )
    return Facts(**(values | extra))


def _letters(count: int, sender: Sender) -> list[LetterData]:
    return [
        LetterData(
            code=f"ABCDEFGH{n:04d}",
            display_code=f"ABCD-EFGH-{n:04d}",
            link=f"https://q.example/los/ABCDEFGH{n:04d}",
            given_name="Ayşe",
            family_name=f"Yılmaz {n}",
            street="Hauptstraße 1",
            postcode="63910",
            city="Mainufer",
            sender=sender,
        )
        for n in range(count)
    ]


def test_every_page_has_its_own_code_and_shares_the_letterhead_and_facts():
    sender = Sender(
        name="Mainufer",
        letterhead="Markt Mainufer\nRathaus",
        sender_line="Markt Mainufer · Marktplatz 1",
        signer_name="Erika Beispiel",
        signer_role="Bürgermeisterin",
        languages=(LanguageBlock("English", "You are invited on {datum}."),),
    )
    buffer = io.BytesIO()
    assert render_letters(_letters(3, sender), _facts(), buffer) == 3
    reader = PdfReader(buffer)
    assert len(reader.pages) == 3
    for number, page in enumerate(reader.pages):
        text = page.extract_text()
        assert f"ABCD-EFGH-{number:04d}" in text
        assert f"Ayşe Yılmaz {number}" in text
        assert "Markt Mainufer" in text and "Erika Beispiel" in text
        assert "Stufenloser Zugang" in text
        assert "You are invited on 5. März 2027." in text
        forms = page["/Resources"]["/XObject"]
        assert len(forms) >= 4  # page, head, facts, signature (+ language block)
    # The shared parts are one object each, referenced from every page.
    first = {name: ref.idnum for name, ref in reader.pages[0]["/Resources"]["/XObject"].items()}
    last = {name: ref.idnum for name, ref in reader.pages[2]["/Resources"]["/XObject"].items()}
    assert first == last
    buffer.seek(0)
    assert qr_links(buffer, 2) == ["https://q.example/los/ABCDEFGH0002"]


ARABIC = "مرحبا {vorname}، أنتم مدعوون إلى مجلس المواطنين يوم {datum}. رمزكم: {code}"


def test_an_arabic_block_prints_joined_letters_in_visual_order_and_latin_stays_as_written(
    monkeypatch,
):
    import re

    import arabic_reshaper
    import pypdf._text_extraction
    from bidi import get_display

    sender = Sender(
        name="Mainufer",
        letterhead="Markt Mainufer",
        sender_line="Markt Mainufer",
        signer_name="Erika Beispiel",
        signer_role="",
        languages=(
            LanguageBlock("Türkçe", "Merhaba {vorname}, {datum} tarihinde davetlisiniz."),
            LanguageBlock("العربية", ARABIC, right_to_left=True),
        ),
    )
    buffer = io.BytesIO()
    render_letters(_letters(1, sender), _facts(), buffer)
    text = PdfReader(buffer).pages[0].extract_text()
    assert "Merhaba Ayşe, 5. März 2027 tarihinde davetlisiniz." in text
    # The extracted text holds the joined presentation forms, not the logical letters.
    shaped = arabic_reshaper.reshape("مرحبا")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)
    assert "مرحبا" not in text
    assert shaped in text  # pypdf reads right-to-left runs back in logical order
    # The glyphs as stored, drawn from left to right (pypdf told not to reorder them):
    # every word is in visual order, its first letter the rightmost one, while the
    # Latin name and the code inside the Arabic line keep their own order.
    monkeypatch.setattr(pypdf._text_extraction, "RTL_CHARACTER_PATTERN", re.compile("(?!)"))
    stored = PdfReader(buffer).pages[0].extract_text()
    for word in ("مرحبا", "المواطنين", "مدعوون", "العربية"):
        visual = get_display(arabic_reshaper.reshape(word), base_dir="R")
        assert visual == arabic_reshaper.reshape(word)[::-1]
        assert visual in stored, word
        assert arabic_reshaper.reshape(word) not in stored
    assert "ABCD-EFGH-0000" in stored and "Ayşe" in stored
    assert "Merhaba Ayşe, 5. März 2027 tarihinde davetlisiniz." in stored


def test_right_to_left_is_recognised_from_the_language_or_the_text():
    from quartier.lottery.rtl import is_right_to_left

    assert is_right_to_left("ar")
    assert is_right_to_left("fa-IR")
    assert not is_right_to_left("tr", "Merhaba")
    assert is_right_to_left("", "مرحبا")
    assert not is_right_to_left("", "Hello")
