"""The verify page's PDF picker in a real browser: both languages until a file is chosen, then
the file's name, and back to both languages when the choice is cleared."""

from certificates import issuing
from tests.certificates.factories import make_enrollment


def test_the_picker_shows_the_chosen_file_and_restores_both_languages(desktop_page, tmp_path):
    certificate = issuing.issue_certificate(make_enrollment())
    page = desktop_page
    page.goto(f"/verify/{certificate.serial}/")
    name = page.locator("#file-picker-name")
    assert name.inner_text() == "ยังไม่ได้เลือกไฟล์ / No file chosen"
    assert page.locator(".file-picker-button").inner_text() == "เลือกไฟล์ PDF / Choose a PDF file"

    upload = tmp_path / "ใบเกียรติบัตร.pdf"
    upload.write_bytes(b"%PDF-1.7\n")
    page.locator("input[type=file]").set_input_files(upload)
    assert name.inner_text() == "ใบเกียรติบัตร.pdf"

    page.locator("input[type=file]").set_input_files([])
    assert name.inner_text() == "ยังไม่ได้เลือกไฟล์ / No file chosen"
    assert name.locator('span[lang="en"]').inner_text() == "/ No file chosen"
