import dataclasses
import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from xml.etree import ElementTree

import pypdf
import pytest
import weasyprint
import zxingcpp
from PIL import Image, ImageChops
from weasyprint import HTML

from certificates import weasyprint70
from certificates.demo import demo_content, demo_design
from certificates.rendering import (
    DEMO_ASSET_DIR,
    CertificateDesignError,
    CertificateRenderer,
    Signatory,
    fill_template,
)
from certificates.serials import is_valid_serial

# Stacked vowels and tone marks that a broken shaper would misplace or split.
HARD_THAI_NAME = "ป้ ฝ้ ฟ้ ญู ฐู ซื้อ ศักดิ์สิทธิ์"


@pytest.fixture(scope="module")
def renderer():
    return CertificateRenderer()


@pytest.fixture(scope="module")
def demo_pdf(renderer):
    return renderer.render(demo_design(), demo_content())


def _reader(pdf):
    return pypdf.PdfReader(io.BytesIO(pdf))


def _text(pdf):
    return "".join(page.extract_text() for page in _reader(pdf).pages)


def _squash(text):
    # Text extraction puts line breaks and spaces where the layout wrapped. The PDF maps the
    # drawn glyphs of SARA AM back to NIKHAHIT + SARA AA, its compatibility decomposition.
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def _font_names(pdf):
    names = set()
    for page in _reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return names


def test_the_demo_serial_is_a_valid_serial():
    assert is_valid_serial(demo_content().serial)


def test_it_prints_the_thai_name_and_both_calendars(demo_pdf):
    text = _squash(_text(demo_pdf))
    assert _squash("นางสาวศักดิ์สิทธิ์ฟ้าใส") in text
    assert _squash("MsSaksitFasai") in text
    assert _squash("21กุมภาพันธ์2563") in text
    assert _squash("17กุมภาพันธ์2563") in text
    assert _squash("21February2020") in text
    assert _squash("2020") in text and "2563" in text
    assert _squash("การออกแบบบริการภาครัฐ(PublicServiceDesign)") in text
    assert _squash("30ชั่วโมง") in text
    assert _squash("สำนักงานคณะกรรมการพัฒนาระบบราชการ(ก.พ.ร.)") in text
    assert _squash("เลขาธิการก.พ.ร.") in text
    assert demo_content().serial in text
    assert _squash("ตรวจสอบได้ที่") in text


def test_it_is_one_small_page_in_a4_landscape(demo_pdf):
    reader = _reader(demo_pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    # A4 landscape in points: 841.89 x 595.28.
    assert round(float(box.width)) == 842
    assert round(float(box.height)) == 595
    assert len(demo_pdf) < 80 * 1024


def test_it_declares_pdf_a_3b(demo_pdf):
    metadata = _reader(demo_pdf).xmp_metadata
    assert metadata is not None
    xml = metadata.stream.get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xml or 'pdfaid:part="3"' in xml
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xml or 'conformance="B"' in xml


def test_only_embedded_sarabun_subsets_are_used(demo_pdf):
    names = _font_names(demo_pdf)
    assert names
    for name in names:
        # "ABCDEF+" is the PDF marker of a subset font.
        assert re.fullmatch(r"/[A-Z]{6}\+GovLab-Sarabun(-[A-Za-z-]+)?", name), name


def test_hard_thai_text_stays_in_sarabun_and_extracts_intact(renderer):
    pdf = renderer.render(demo_design(), demo_content(holder_name_th=HARD_THAI_NAME))
    for name in _font_names(pdf):
        assert "Sarabun" in name, name
    text = _squash(_text(pdf))
    for word in HARD_THAI_NAME.split():
        assert _squash(word) in text, word


def test_the_qr_code_decodes_to_the_verification_url(demo_pdf):
    images = [image for page in _reader(demo_pdf).pages for image in page.images]
    decoded = []
    for image in images:
        bitmap = image.image.convert("L")
        # The QR is stored at one pixel per module; enlarge it as a camera would see it.
        bitmap = bitmap.resize((bitmap.width * 8, bitmap.height * 8), Image.Resampling.NEAREST)
        decoded += [result.text for result in zxingcpp.read_barcodes(bitmap)]
    assert decoded == [demo_content().verification_url]


def test_it_prints_a_gregorian_and_buddhist_date_for_any_day(renderer):
    content = demo_content(
        start_date=datetime.date(2024, 12, 30),
        end_date=datetime.date(2025, 1, 2),
        issue_date=datetime.date(2025, 1, 3),
        hours=12.5,
    )
    text = _squash(_text(renderer.render(demo_design(), content)))
    assert _squash("30ธันวาคม2567") in text
    assert _squash("2มกราคม2568") in text
    assert _squash("30December2024") in text
    assert _squash("2January2025") in text
    assert _squash("12.5ชั่วโมง") in text


def test_html_in_template_text_is_printed_not_obeyed(renderer):
    design = demo_design(
        body_th='<b style="color:red">ตัวหนา</b> <img src="file:///etc/passwd"> {course_th}',
        title_en="</h1><style>* {{ display: none }}</style>",
    )
    content = demo_content(holder_name_en="<script>alert(1)</script> Smith")
    page_html = renderer.html(design, content)
    assert "<b style" not in page_html
    assert "&lt;b style=&quot;color:red&quot;&gt;" in page_html
    assert "<style>*" not in page_html
    assert "<script>" not in page_html
    text = _text(renderer.render(design, content))
    assert _squash("<b") in text and "ตัวหนา" in text
    assert _squash("alert(1)") in text


def test_an_unknown_placeholder_is_a_clear_error(renderer):
    for body in ["{name_th} {nmae_en}", "{name_th.__class__}", "{hours:>99}", "{0}", "{", "}"]:
        with pytest.raises(CertificateDesignError) as error:
            renderer.render(demo_design(body_en=body), demo_content())
        assert "body_en" in str(error.value)
    with pytest.raises(CertificateDesignError, match=r"unknown placeholder \{nmae_en\}"):
        renderer.render(demo_design(body_en="{nmae_en}"), demo_content())


def test_fill_template_escapes_and_keeps_literal_braces():
    values = {"name_th": "<นาย ก>", "hours": "3"}
    assert fill_template("{{x}} {name_th} & {hours}\nline", values) == (
        "{x} &lt;นาย ก&gt; &amp; 3<br/>line"
    )


def test_it_refuses_images_outside_the_allowed_dirs(renderer, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    with pytest.raises(CertificateDesignError, match="outside"):
        renderer.render(demo_design(logos=[logo]), demo_content())
    with pytest.raises(CertificateDesignError, match="does not exist"):
        renderer.render(demo_design(logos=[tmp_path / "missing.png"]), demo_content())
    allowed = CertificateRenderer(allowed_dirs=[tmp_path])
    logo.write_bytes(_png(40, 40))
    pdf = allowed.render(demo_design(logos=[logo]), demo_content())
    assert len(_reader(pdf).pages[0].images) == 2  # our logo and the QR code


def _png(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, "PNG")
    return out.getvalue()


def test_it_rejects_too_many_signatories_and_unknown_page_sizes(renderer):
    four = [Signatory("ก", "A", "ข", "B")] * 4
    with pytest.raises(CertificateDesignError):
        renderer.render(demo_design(signatories=four), demo_content())
    with pytest.raises(CertificateDesignError):
        renderer.render(demo_design(page_size="A3"), demo_content())
    with pytest.raises(CertificateDesignError):
        renderer.render(demo_design(orientation="sideways"), demo_content())


@pytest.mark.parametrize(
    ("page_size", "orientation", "size_pt"),
    [("A4", "portrait", (595, 842)), ("Letter", "landscape", (792, 612))],
)
def test_other_page_sizes_still_fit_one_page(renderer, page_size, orientation, size_pt):
    signatories = demo_design().signatories
    design = demo_design(
        page_size=page_size, orientation=orientation, signatories=[*signatories, signatories[0]]
    )
    reader = _reader(renderer.render(design, demo_content()))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size_pt


def test_a_reused_renderer_gives_each_learner_their_own_certificate(renderer):
    first = renderer.render(demo_design(), demo_content())
    second = renderer.render(
        demo_design(),
        demo_content(holder_name_th="สมชาย ใจดี", holder_title_th="นาย", serial="GL-X"),
    )
    assert _squash("นายสมชายใจดี") in _squash(_text(second))
    assert _squash("ศักดิ์สิทธิ์") not in _squash(_text(second))
    assert _squash("ศักดิ์สิทธิ์") in _squash(_text(first))


def test_it_declares_pdf_a_3b_with_an_srgb_output_intent_and_icc_profile(demo_pdf):
    root = _reader(demo_pdf).trailer["/Root"]
    xml = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xml or "<pdfaid:part>3</pdfaid:part>" in xml
    assert 'pdfaid:conformance="B"' in xml or "<pdfaid:conformance>B</pdfaid:conformance>" in xml
    intents = [intent.get_object() for intent in root["/OutputIntents"]]
    assert [str(intent["/S"]) for intent in intents] == ["/GTS_PDFA1"]
    profile = intents[0]["/DestOutputProfile"].get_object()
    icc = profile.get_data()
    assert int(profile["/N"]) == 3  # RGB
    # An ICC profile: its header says "acsp" at byte 36 and it describes an RGB space.
    assert icc[36:40] == b"acsp"
    assert icc[16:20] == b"RGB "


def test_every_font_is_an_embedded_subset(demo_pdf):
    for page in _reader(demo_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.match(r"/[A-Z]{6}\+", str(font["/BaseFont"])), font["/BaseFont"]
            for descendant in font["/DescendantFonts"]:
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                embedded = descriptor["/FontFile2"].get_object().get_data()
                # A subset: far smaller than the font file it came from (Sarabun is ~90 KB).
                assert 0 < len(embedded) < 40_000


def test_rendering_is_deterministic_across_renderers(renderer):
    """A lost file regenerated later (another process, another day) has the issued SHA-256."""
    content = demo_content()

    first = renderer.render(demo_design(), content)
    second = CertificateRenderer().render(demo_design(), content)

    assert first == second


def test_the_pdf_carries_the_issue_date_as_its_creation_date(demo_pdf):
    metadata = _reader(demo_pdf).metadata
    issued = demo_content().issue_date.strftime("%Y%m%d")
    assert metadata["/CreationDate"].startswith(f"D:{issued}")
    assert metadata["/ModDate"].startswith(f"D:{issued}")


def _rasterise(pdf, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(tmp_path / name)],
        check=True,
    )
    return Image.open(tmp_path / f"{name}.png").convert("RGB")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_the_small_user_agent_stylesheet_renders_what_weasyprints_full_one_does(renderer, tmp_path):
    design, content = demo_design(), demo_content()
    full = HTML(string=renderer.html(design, content), url_fetcher=renderer.fetcher).write_pdf(
        stylesheets=[renderer.stylesheet, renderer._page_stylesheet("A4", "landscape")],
        font_config=renderer.font_config,
        pdf_variant="pdf/a-3b",
    )

    ours = _rasterise(renderer.render(design, content), tmp_path, "ours")
    reference = _rasterise(full, tmp_path, "full")

    assert ImageChops.difference(ours, reference).getbbox() is None


def test_a_renderer_keeps_file_images_but_not_each_learners_qr_code(renderer):
    for number in range(3):
        renderer.render(
            demo_design(),
            demo_content(verification_url=f"https://govlab.opdc.go.th/verify/{number}"),
        )

    assert renderer.fast.file_images
    assert all(str(key).startswith("file:") for key in renderer.fast.file_images)


def test_styles_shared_across_certificates_change_nothing_printed():
    """A renderer that has rendered other designs and learners gives the same bytes as one that
    shares no computed style between documents (WeasyPrint's public API, its own behaviour)."""
    design = demo_design()
    designs = [
        design,
        dataclasses.replace(design, orientation="portrait"),
        dataclasses.replace(design, signatories=[*design.signatories, design.signatories[0]]),
        dataclasses.replace(design, page_size="Letter", logos=()),
        # Same page, two backgrounds: styles given by an element's style attribute.
        dataclasses.replace(design, background_image=DEMO_ASSET_DIR / "emblem-placeholder.svg"),
        dataclasses.replace(design, background_image=DEMO_ASSET_DIR / "govlab-placeholder.svg"),
    ]
    contents = [
        demo_content(),
        demo_content(holder_name_th=HARD_THAI_NAME, holder_name_en="Yanisa Pomphet", hours=12.5),
        demo_content(holder_title_th="ดร.", course_name_th="การออกแบบบริการภาครัฐ " * 4),
    ]
    shared = CertificateRenderer()
    shared_pdfs = [shared.render(d, c) for d in designs for c in contents]
    again_pdfs = [shared.render(d, c) for d in reversed(designs) for c in reversed(contents)]

    alone = CertificateRenderer(fast_path=False)
    alone_pdfs = [alone.render(d, c) for d in designs for c in contents]

    assert shared.fast is not None and alone.fast is None
    assert shared_pdfs == alone_pdfs
    assert again_pdfs[::-1] == alone_pdfs


def test_the_renderer_reads_its_markup_as_weasyprints_html5_parser_would(renderer):
    design = demo_design(
        title_en="Award & \"Honour\" <for> 'you'",
        body_th="บรรทัดแรก {name_th}\nบรรทัดที่สอง {hours} ชั่วโมง",
        background_image=DEMO_ASSET_DIR / "emblem-placeholder.svg",
    )
    content = demo_content(holder_name_en="O'Brien & <Sons>", holder_name_th=HARD_THAI_NAME)
    markup = renderer.html(design, content)

    ours = weasyprint70._CertificateHTML(markup, renderer.fetcher).etree_element
    weasyprints = HTML(string=markup).etree_element

    assert ElementTree.tostring(ours, encoding="unicode") == ElementTree.tostring(
        weasyprints, encoding="unicode"
    )


def test_characters_xml_forbids_are_dropped_not_fatal(renderer):
    pdf = renderer.render(demo_design(), demo_content(holder_name_en="Saksit\x07 Fa\x00sai\ufffe"))

    assert "Saksit Fasai" in _text(pdf)


def test_a_shared_style_still_registers_its_anchor_in_each_new_document(renderer):
    # Certificates carry no ids today; a design that did, with a target-counter(), must not lose
    # the target in every certificate after the first.
    stylesheet = weasyprint.CSS(
        string='a::after { content: " p." target-counter(attr(href), page) }'
    )
    markup = '<html><body><p id="top">Top</p><a href="#top">see</a></body></html>'
    shared: dict = {}
    texts = []
    for _ in range(2):
        document = weasyprint70._CertificateHTML(markup, renderer.fetcher)
        document.user_agent_stylesheet = renderer.fast.user_agent_stylesheet
        document.computed_styles = shared
        texts.append(
            _text(document.write_pdf(stylesheets=[stylesheet], font_config=renderer.font_config))
        )

    assert "p.1" in _squash(texts[1])
    assert texts[0] == texts[1]
