"""The verification address printed under the QR code: copied or read, it is the address."""

import shutil
import subprocess

import pytest

from accounts.models import User
from certificates.demo import demo_content, demo_design
from certificates.rendering import CertificateRenderer

SERIAL = "GL-QGKQ-6XYS-K9TB-HR35"
URL = f"https://govlab.opdc.go.th/verify/{SERIAL}/"


@pytest.fixture(scope="module")
def renderer():
    return CertificateRenderer()


def _lines(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed"
    text = subprocess.run(
        [pdftotext, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_the_serial_of_the_address_is_never_split(renderer, tmp_path, orientation):
    pdf = renderer.render(
        demo_design(orientation=orientation),
        demo_content(serial=SERIAL, verification_url=URL),
    )

    lines = _lines(pdf, tmp_path)
    # The address whole, or broken once before the serial: never after "GL-", where a PDF
    # reader joining the lines drops the hyphen ("GLQGKQ-...").
    if URL not in lines:
        at = lines.index(f"{SERIAL}/")
        assert lines[at - 1] == URL.removesuffix(f"{SERIAL}/")
    assert not any(line.endswith("GL-") for line in lines)
    assert "GL" + SERIAL.removeprefix("GL-") not in "".join(lines)


def test_the_demo_writes_english_titles_as_the_title_choices_do(renderer, tmp_path):
    """Holders' titles come from accounts' choices ("Mr", "Ms", no period): the demo's
    signatories and sample holder are written the same way, so one certificate never prints
    "Mr. Pakorn" above "Mr Thanawat"."""
    titles = {value for value in User.TitleEn.values if value}
    design, content = demo_design(), demo_content()

    assert content.holder_title_en in titles
    for signatory in design.signatories:
        assert signatory.name_en.split(" ", 1)[0] in titles, signatory.name_en

    text = " ".join(_lines(renderer.render(design, content), tmp_path))
    assert "Ms Saksit Fasai" in text and "Mr Pakorn Saksrisuk" in text
    assert not any(f"{title}." in text for title in titles)
