"""The renderer's two paths: WeasyPrint 70's internals (fast) and its public API (any release).

Both must print the same certificate: a file issued by a worker on one path and regenerated
later on the other (after an upgrade of WeasyPrint, or with CERTIFICATE_FAST_PATH off) must
still match the SHA-256 kept at issue time.
"""

import io
import logging
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest
import weasyprint
import weasyprint.css
import zxingcpp
from PIL import Image, ImageChops

from certificates import issuing
from certificates.demo import demo_content, demo_design
from certificates.rendering import CertificateRenderer

HARD_THAI_NAME = "ป้ ฝ้ ฟ้ ญู ฐู ซื้อ ศักดิ์สิทธิ์"
# SARA AA after SARA AM in the same font: WeasyPrint's own glyph-to-text map copies it as SARA AM.
THAI_WITH_SARA_AA = "สำนักงานคณะกรรมการพัฒนาระบบราชการ"

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)"
)


def _squash(text):
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def _text(pdf):
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _pages(pdf, tmp_path, name):
    """Every page as pixels, at 100 dpi (a screen's view of the whole certificate)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(tmp_path / name)], check=True)
    return [Image.open(page).convert("RGB") for page in sorted(tmp_path.glob(f"{name}-*.png"))]


@pytest.fixture
def everything_design(tmp_path):
    """The demo design (SVG emblems and signatures) with a raster logo and a raster background."""
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 40), "navy").save(logo)
    background = tmp_path / "background.png"
    Image.new("RGB", (297, 210), (250, 246, 230)).save(background)
    design = demo_design()
    return demo_design(logos=[*design.logos, logo], background_image=background)


@pytest.fixture
def content():
    return demo_content(holder_name_th=HARD_THAI_NAME, holder_name_en="Yanisa Pomphet")


@needs_pdftoppm
def test_the_public_api_prints_the_pages_the_fast_path_prints(tmp_path, everything_design, content):
    fast = CertificateRenderer(allowed_dirs=[tmp_path])
    plain = CertificateRenderer(allowed_dirs=[tmp_path], fast_path=False)
    assert fast.fast is not None and plain.fast is None

    fast_pages = _pages(fast.render(everything_design, content), tmp_path, "fast")
    plain_pages = _pages(plain.render(everything_design, content), tmp_path, "plain")

    assert len(fast_pages) == len(plain_pages) == 1
    assert ImageChops.difference(fast_pages[0], plain_pages[0]).getbbox() is None


def test_a_certificate_issued_on_one_path_regenerates_byte_for_byte_on_the_other(
    tmp_path, everything_design, content
):
    fast = CertificateRenderer(allowed_dirs=[tmp_path])
    plain = CertificateRenderer(allowed_dirs=[tmp_path], fast_path=False)
    for _ in range(2):  # the second time from the fast path's shared styles and images
        assert fast.render(everything_design, content) == plain.render(everything_design, content)


def test_an_unknown_weasyprint_release_renders_with_the_public_api(monkeypatch, caplog):
    monkeypatch.setattr(weasyprint, "__version__", "71.0")

    with caplog.at_level(logging.WARNING, logger="certificates.rendering"):
        renderer = CertificateRenderer()
        pdf = renderer.render(demo_design(), demo_content(holder_name_th=HARD_THAI_NAME))

    assert renderer.fast is None
    assert "WeasyPrint 71.0" in caplog.text and "public API" in caplog.text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    xml = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xml or "<pdfaid:part>3</pdfaid:part>" in xml
    text = _squash(_text(pdf))
    for word in HARD_THAI_NAME.split():
        assert _squash(word) in text, word
    assert _squash(THAI_WITH_SARA_AA) in text
    assert _squash("MsSaksitFasai") in text
    images = [image.image for image in reader.pages[0].images]
    decoded = [
        result.text
        for image in images
        for result in zxingcpp.read_barcodes(
            image.convert("L").resize((image.width * 8, image.height * 8), Image.Resampling.NEAREST)
        )
    ]
    assert decoded == [demo_content().verification_url]


def test_the_fast_path_leaves_weasyprint_as_it_was_for_the_rest_of_the_process():
    CertificateRenderer().render(demo_design(), demo_content())

    assert weasyprint.css.StyleFor.__module__ == "weasyprint.css"
    assert weasyprint.HTML._ua_stylesheets.__module__ == "weasyprint"


def test_certificate_fast_path_off_renders_the_same_file_with_the_public_api(
    settings, tmp_path, caplog
):
    settings.MEDIA_ROOT = str(tmp_path / "fast")
    issued = issuing.render_design(demo_design(), demo_content())
    settings.CERTIFICATE_FAST_PATH = False
    settings.MEDIA_ROOT = str(tmp_path / "plain")

    with caplog.at_level(logging.INFO, logger="certificates.rendering"):
        regenerated = issuing.render_design(demo_design(), demo_content())

    assert "CERTIFICATE_FAST_PATH" in caplog.text
    assert regenerated == issued
