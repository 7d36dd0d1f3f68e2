"""Read letters the way a phone camera does: render the PDF page and decode the QR code."""

from __future__ import annotations


def qr_links(pdf_path, page_number: int = 0) -> list[str]:
    """Render one page at 200 dpi (pdfium) and decode every QR code on it (zxing-cpp)."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf_path if hasattr(pdf_path, "read") else str(pdf_path))
    try:
        image = document[page_number].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]
