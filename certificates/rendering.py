"""Certificate PDF rendering: bilingual (Thai first), PDF/A-3b, Sarabun only, with a QR code.

Callers describe *what* is printed with two plain dataclasses, :class:`CertificateDesign` (the
template staff edit once per course) and :class:`CertificateContent` (one learner's data), and
render with a long-lived :class:`CertificateRenderer`::

    renderer = CertificateRenderer(allowed_dirs=[settings.MEDIA_ROOT])
    pdf_bytes = renderer.render(design, content)

The renderer parses the stylesheet and loads the fonts once, so keep one per process (it is not
thread-safe: WeasyPrint's font configuration is not).

With WeasyPrint 70.x it renders through :mod:`certificates.weasyprint70`, which uses WeasyPrint's
internals for about twice the speed; with any other release (or ``fast_path=False``) through
WeasyPrint's public API only, ``HTML(...).render(...)``: the same pages, slower.
"""

import base64
import datetime
import hashlib
import html
import io
import logging
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import qrcode
import qrcode.constants
import weasyprint
from fontTools.ttLib import TTFont
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from certificates.fetcher import RestrictedURLFetcher
from thai.dates import format_date

logger = logging.getLogger(__name__)

# The WeasyPrint releases certificates/weasyprint70.py (the fast path: WeasyPrint's internals)
# was written against and is tested with. Any other release renders with the public API only.
FAST_PATH_WEASYPRINT = "70"

# Sarabun (SIL OFL 1.1, OFL.txt beside it), the four faces certificates print with, vendored
# with their SHA-256 (SHA256SUMS, checked by tests/certificates/test_fonts.py): a changed font
# file would change every certificate rendered again. The site serves the same files
# (STATICFILES_DIRS, fonts/sarabun/).
FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Demo emblems and signatures shipped with the app (placeholders, not official seals).
ASSET_DIR = Path(__file__).resolve().parent / "static" / "certificates"
DEMO_ASSET_DIR = ASSET_DIR / "demo"

# A private family name: a system font that happens to be called "Sarabun" can never be picked.
FONT_FAMILY = "GovLab Sarabun"
_FONT_FILES = {
    (400, "normal"): "Sarabun-Regular.ttf",
    (400, "italic"): "Sarabun-Italic.ttf",
    (600, "normal"): "Sarabun-SemiBold.ttf",
    (700, "normal"): "Sarabun-Bold.ttf",
}

PAGE_SIZES_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
ORIENTATIONS = ("landscape", "portrait")
MAX_SIGNATORIES = 3

PLACEHOLDERS = frozenset(
    {
        "name_th",
        "name_en",
        "course_th",
        "course_en",
        "cohort",
        "cohort_th",
        "cohort_en",
        "cohort_code",
        "start_date_th",
        "end_date_th",
        "start_date_en",
        "end_date_en",
        "issue_date_th",
        "issue_date_en",
        "hours",
        "serial",
    }
)

# Characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE and
# U+FFFF): nothing printable, and they would stop the parser. Dropped from the markup.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class CertificateDesignError(ValueError):
    """The design cannot produce a correct certificate (unknown placeholder, missing file...)."""


@dataclass(frozen=True)
class Signatory:
    name_th: str
    name_en: str
    position_th: str
    position_en: str
    signature_image: Path | str | None = None


@dataclass(frozen=True)
class CertificateDesign:
    """What staff configure once per course: texts with placeholders, images, signatories."""

    title_th: str = "เกียรติบัตร"
    title_en: str = "Certificate of Completion"
    body_th: str = (
        "ได้ผ่านการอบรมหลักสูตร {course_th} {cohort}\n"
        "ระหว่างวันที่ {start_date_th} ถึงวันที่ {end_date_th} รวม {hours} ชั่วโมง"
    )
    body_en: str = (
        "has completed the course {course_en}, {cohort},\n"
        "from {start_date_en} to {end_date_en}, a total of {hours} hours."
    )
    presented_th: str = "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า"
    presented_en: str = "This is to certify that"
    issuer_th: str = ""
    issuer_en: str = ""
    page_size: str = "A4"
    orientation: str = "landscape"
    background_image: Path | str | None = None
    logos: Sequence[Path | str] = ()
    signatories: Sequence[Signatory] = ()


@dataclass(frozen=True)
class CertificateContent:
    """One learner's certificate. Titles (นาย/นางสาว, Mr/Ms, ดร./Dr) are printed before names."""

    serial: str
    holder_name_th: str
    holder_name_en: str
    course_name_th: str
    course_name_en: str
    cohort_code: str
    start_date: datetime.date
    end_date: datetime.date
    hours: int | float | Decimal
    issue_date: datetime.date
    verification_url: str
    holder_title_th: str = ""
    holder_title_en: str = ""
    # The cohort's name ("รุ่นที่ 1 ปีงบประมาณ 2569", "Cohort 1, fiscal year 2026"); the code is
    # printed only when the cohort has no name.
    cohort_name_th: str = ""
    cohort_name_en: str = ""
    extra: dict = field(default_factory=dict)


def _thai_date(day: datetime.date) -> str:
    """21 กุมภาพันธ์ 2563: the Buddhist era, as on every Thai page."""
    return format_date(day, "long", language="th")


def _english_date(day: datetime.date) -> str:
    """21 February 2020, whatever the process locale."""
    return format_date(day, "long", language="en")


def _hours_text(hours: int | float | Decimal) -> str:
    value = Decimal(str(hours))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _cohort_th(content: CertificateContent) -> str:
    return content.cohort_name_th or f"รุ่น {content.cohort_code}"


def _cohort_en(content: CertificateContent) -> str:
    return content.cohort_name_en or content.cohort_name_th or f"cohort {content.cohort_code}"


def _placeholder_values(content: CertificateContent, language: str = "th") -> dict[str, str]:
    """What each placeholder prints; ``{cohort}`` follows the language of the text it is in."""
    return {
        "name_th": f"{content.holder_title_th}{content.holder_name_th}",
        "name_en": f"{content.holder_title_en} {content.holder_name_en}".strip(),
        "course_th": content.course_name_th,
        "course_en": content.course_name_en,
        "cohort": _cohort_en(content) if language == "en" else _cohort_th(content),
        "cohort_th": _cohort_th(content),
        "cohort_en": _cohort_en(content),
        "cohort_code": content.cohort_code,
        "start_date_th": _thai_date(content.start_date),
        "end_date_th": _thai_date(content.end_date),
        "start_date_en": _english_date(content.start_date),
        "end_date_en": _english_date(content.end_date),
        "issue_date_th": _thai_date(content.issue_date),
        "issue_date_en": _english_date(content.issue_date),
        "hours": _hours_text(content.hours),
        "serial": content.serial,
    }


def _parse_template(template: str, where: str) -> list[tuple[str, str | None]]:
    """Split a template into (literal, placeholder) pairs, refusing anything but plain names."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        raise CertificateDesignError(f"{where}: {error} in {template!r}") from error
    result = []
    for literal, name, format_spec, conversion in parts:
        if name is not None:
            # No attribute access, indexing, conversions or format specs: "{name_th.__class__}"
            # or "{hours:>999999}" must not reach str.format.
            if format_spec or conversion or name not in PLACEHOLDERS:
                shown = "{" + name + (f"!{conversion}" if conversion else "")
                shown += (f":{format_spec}" if format_spec else "") + "}"
                known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                raise CertificateDesignError(
                    f"{where}: unknown placeholder {shown}; use one of {known}"
                )
        result.append((literal, name))
    return result


def fill_template(template: str, values: dict[str, str], where: str = "template") -> str:
    """Substitute placeholders, HTML-escaping both the template text and the values.

    Escaping the template text too means a design author cannot inject markup or CSS; line
    breaks in the template become ``<br/>``.
    """
    pieces = []
    for literal, name in _parse_template(template, where):
        pieces.append(html.escape(literal))
        if name is not None:
            pieces.append(html.escape(values[name]))
    return "".join(pieces).replace("\n", "<br/>")


def validate_design(design: CertificateDesign) -> None:
    """Raise :class:`CertificateDesignError` if ``design`` cannot render; for admin forms."""
    if design.page_size not in PAGE_SIZES_MM:
        raise CertificateDesignError(
            f"page size {design.page_size!r} is not one of {', '.join(PAGE_SIZES_MM)}"
        )
    if design.orientation not in ORIENTATIONS:
        raise CertificateDesignError(
            f"orientation {design.orientation!r} is not one of {', '.join(ORIENTATIONS)}"
        )
    if len(design.signatories) > MAX_SIGNATORIES:
        raise CertificateDesignError(f"at most {MAX_SIGNATORIES} signatories fit on a certificate")
    for where in ("title_th", "title_en", "body_th", "body_en", "presented_th", "presented_en"):
        _parse_template(getattr(design, where), where)


def _address_html(url: str, serial: str) -> str:
    """The verification address, its serial (and what follows it) in a line of its own."""
    base, found, rest = url.rpartition(serial)
    if not found:
        return html.escape(url)
    return f'{html.escape(base)}<span class="url-serial">{html.escape(serial + rest)}</span>'


def _qr_data_uri(url: str) -> str:
    # One pixel per module, drawn unsmoothed by the PDF viewer: a few hundred bytes, sharp at any
    # zoom. Level M survives a crease or a stamp across the code. A fixed mask pattern: choosing
    # the "best" of eight took 7 of the 9 ms a code cost, and any mask decodes.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4, mask_pattern=0
    )
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image().get_image().convert("1")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _stylesheet_text() -> str:
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (weight, style), name in _FONT_FILES.items()
    )
    return faces + "\n" + _STYLESHEET.replace("FONT_FAMILY", f'"{FONT_FAMILY}"')


# Colours: navy ink and an old-gold trim, the palette of Thai government certificates.
_STYLESHEET = """
* { font-family: FONT_FAMILY; }
html { color: #1c2c5b; font-size: 11pt; line-height: 1.45; }
body { margin: 0; }
/* No flexbox: WeasyPrint lays flex containers out several times over, and nested flex made a
   certificate cost ~0.5 s. Absolute boxes and fixed-width inline blocks lay out in one pass. */
.sheet { position: relative; box-sizing: border-box; overflow: hidden; background: #fffdf7; }
.sheet.with-background { background-size: 100% 100%; background-repeat: no-repeat; }
.frame-outer { position: absolute; top: 6mm; right: 6mm; bottom: 6mm; left: 6mm;
               border: 1.8mm solid #1c2c5b; }
.frame-inner { position: absolute; top: 9.5mm; right: 9.5mm; bottom: 9.5mm; left: 9.5mm;
               border: 0.5mm solid #b08d3c; }
.frame-hair { position: absolute; top: 10.8mm; right: 10.8mm; bottom: 10.8mm; left: 10.8mm;
              border: 0.2mm solid #b08d3c; }
.corner { position: absolute; width: 5mm; height: 5mm; background: #b08d3c;
          transform: rotate(45deg); }
.corner.tl { top: 7.2mm; left: 7.2mm; } .corner.tr { top: 7.2mm; right: 7.2mm; }
.corner.bl { bottom: 7.2mm; left: 7.2mm; } .corner.br { bottom: 7.2mm; right: 7.2mm; }
.with-background .frame-outer, .with-background .frame-inner, .with-background .frame-hair,
.with-background .corner { display: none; }

.content { position: absolute; top: 21mm; left: 24mm; right: 24mm; text-align: center; }
.logos { text-align: center; margin-bottom: 1mm; line-height: 1; }
.logos img { height: 17mm; width: auto; margin: 0 3mm; vertical-align: middle; }
.issuer-th { font-size: 12.5pt; font-weight: 600; margin: 0; }
.issuer-en { font-size: 9pt; letter-spacing: 0.04em; color: #5a6480; margin: 0 0 3mm 0; }
h1 { margin: 0; line-height: 1.25; }
.title-th { font-size: 34pt; font-weight: 700; color: #1c2c5b; display: block; }
.title-en { font-size: 12.5pt; font-weight: 400; color: #8a6a22; letter-spacing: 0.28em;
            text-transform: uppercase; display: block; margin-top: 0.5mm; }
.presented { margin: 4mm 0 0 0; font-size: 12.5pt; }
.presented-en { font-size: 9.5pt; color: #5a6480; }
.name-th { font-size: 27pt; font-weight: 600; margin: 1.5mm 0 0 0; line-height: 1.35; }
.name-en { font-size: 15pt; font-style: italic; margin: 0; color: #28386a; }
.rule { width: 70mm; border-top: 0.4mm solid #b08d3c; margin: 2.5mm auto 2.5mm auto; }
.body-th { font-size: 13pt; margin: 0; }
.body-en { font-size: 9.5pt; color: #5a6480; margin: 1mm 0 0 0; }
.issued { font-size: 11pt; margin: 2.5mm 0 0 0; }
.issued span { font-size: 9pt; color: #5a6480; }

.footer { position: absolute; left: 16mm; right: 16mm; bottom: 15mm; height: 45mm; }
.footer-balance { display: none; }
.verify { position: absolute; left: 0; bottom: 0; width: 40mm; font-size: 7pt; line-height: 1.3; color: #3d4866; text-align: left; }
.verify img { width: 25mm; height: 25mm; image-rendering: pixelated; display: block;
              margin-left: -1.5mm; }
.serial { font-size: 8pt; font-weight: 600; letter-spacing: 0.03em; color: #1c2c5b;
          white-space: nowrap; }
/* The address never fits the 40 mm column on one line: it breaks before the serial, which
   stays whole. Broken after "GL-", a PDF reader joining the lines dropped the hyphen. */
.url { word-break: break-all; }
.url-serial { display: block; white-space: nowrap; word-break: normal; }
.signatories { position: absolute; left: 40mm; right: 40mm; bottom: 0; text-align: center; }
.signatory { display: inline-block; width: 62mm; margin: 0 3mm; vertical-align: bottom;
             text-align: center; font-size: 9.5pt; line-height: 1.35; }
.signature { height: 13mm; text-align: center; line-height: 1; }
.signature img { height: 13mm; width: auto; max-width: 45mm; }
.signature-line { border-top: 0.25mm solid #1c2c5b; margin: 0.5mm 4mm 1mm 4mm; }
.signatory .sig-name-th { font-weight: 600; font-size: 10.5pt; }
.signatory .en { color: #5a6480; font-size: 8.5pt; }

.portrait .content { top: 30mm; left: 18mm; right: 18mm; }
.portrait .footer { height: 80mm; }
.portrait .signatories { left: 0; right: 0; bottom: 34mm; }
.portrait .signatory { width: 54mm; margin: 2mm 2mm; }
.portrait .verify { left: 50%; margin-left: -20mm; text-align: center; }
.portrait .verify img { margin: 0 auto; }
"""


class CertificateRenderer:
    """Renders certificates, reusing one parsed stylesheet and one font configuration.

    ``allowed_dirs`` are the directories designs may take images from (typically MEDIA_ROOT and
    STATIC_ROOT); the Sarabun fonts and the app's own assets are always allowed. Nothing else
    is read, see :mod:`certificates.fetcher`. ``fast_path=False`` renders with WeasyPrint's
    public API whatever its release (the setting ``CERTIFICATE_FAST_PATH``).
    """

    def __init__(self, allowed_dirs: Iterable[str | Path] = (), *, fast_path: bool = True) -> None:
        self.fetcher = RestrictedURLFetcher([FONT_DIR, ASSET_DIR, *allowed_dirs])
        # One FontConfiguration for the life of the renderer: it copies each font file once
        # and keeps Pango's font map warm, which is most of the cost of a fresh render.
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(
            string=_stylesheet_text(), font_config=self.font_config, url_fetcher=self.fetcher
        )
        self._page_stylesheets: dict[tuple[str, str], CSS] = {}
        # Per font file, computed once: the same few Sarabun files serve every certificate.
        self._reverse_cmaps: dict[str, dict[int, str]] = {}
        # WeasyPrint's internals where this release is known, else its public API only.
        self.fast = _fast_path(self.fetcher) if fast_path else None
        if not fast_path:
            logger.info(
                "Certificates are rendered with WeasyPrint's public API (CERTIFICATE_FAST_PATH off)"
            )

    def _page_stylesheet(self, page_size: str, orientation: str) -> CSS:
        key = (page_size, orientation)
        if key not in self._page_stylesheets:
            width, height = PAGE_SIZES_MM[page_size]
            if orientation == "landscape":
                width, height = height, width
            self._page_stylesheets[key] = CSS(
                string=f"@page {{ size: {width}mm {height}mm; margin: 0 }}"
                f".sheet {{ width: {width}mm; height: {height}mm }}",
                font_config=self.font_config,
                url_fetcher=self.fetcher,
            )
        return self._page_stylesheets[key]

    def _image_url(self, path: Path | str, what: str) -> str:
        path = Path(path)
        if not path.is_absolute():
            raise CertificateDesignError(f"{what} must be an absolute path, not {str(path)!r}")
        if not path.is_file():
            raise CertificateDesignError(f"{what} does not exist: {path}")
        if not self.fetcher.is_allowed_path(path):
            raise CertificateDesignError(
                f"{what} is outside the directories certificates may use: {path}"
            )
        return html.escape(path.as_uri())

    def html(self, design: CertificateDesign, content: CertificateContent) -> str:
        """The certificate as an HTML string; public so a preview page can show it.

        Well-formed XML too (empty elements closed, no character XML forbids), so the renderer
        can parse it with the standard library's expat (the fast path, :mod:`certificates.weasyprint70`).
        """
        return _XML_FORBIDDEN.sub("", self._html(design, content))

    def _html(self, design: CertificateDesign, content: CertificateContent) -> str:
        validate_design(design)
        values = _placeholder_values(content)
        english_values = _placeholder_values(content, language="en")

        def fill(name: str) -> str:
            language_values = english_values if name.endswith("_en") else values
            return fill_template(getattr(design, name), language_values, name)

        logos = "".join(
            f'<img src="{self._image_url(logo, "logo")}" alt=""/>' for logo in design.logos
        )
        signatories = "".join(self._signatory_html(s) for s in design.signatories)
        background = ""
        sheet_class = f"sheet {design.orientation}"
        if design.background_image:
            url = self._image_url(design.background_image, "background image")
            background = f' style="background-image: url(&quot;{url}&quot;)"'
            sheet_class += " with-background"
        e = html.escape
        issuer = ""
        if design.issuer_th:
            issuer += f'<p class="issuer-th">{e(design.issuer_th)}</p>'
        if design.issuer_en:
            issuer += f'<p class="issuer-en" lang="en">{e(design.issuer_en)}</p>'
        return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"/>
<title>{e(design.title_th)} {e(values["name_th"])} ({e(content.serial)})</title>
<meta name="author" content="{e(design.issuer_th or design.issuer_en)}"/>
<meta name="description" content="{e(values["course_th"])} / {e(values["course_en"])}"/>
<meta name="dcterms.created" content="{content.issue_date.isoformat()}T00:00:00+07:00"/>
<meta name="dcterms.modified" content="{content.issue_date.isoformat()}T00:00:00+07:00"/>
</head><body>
<div class="{sheet_class}"{background}>
  <div class="frame-outer"></div><div class="frame-inner"></div><div class="frame-hair"></div>
  <div class="corner tl"></div><div class="corner tr"></div>
  <div class="corner bl"></div><div class="corner br"></div>
  <div class="content">
    <div class="logos">{logos}</div>
    {issuer}
    <h1><span class="title-th">{fill("title_th")}</span>
        <span class="title-en" lang="en">{fill("title_en")}</span></h1>
    <p class="presented">{fill("presented_th")}
      <span class="presented-en" lang="en"> / {fill("presented_en")}</span></p>
    <p class="name-th">{e(values["name_th"])}</p>
    <p class="name-en" lang="en">{e(values["name_en"])}</p>
    <div class="rule"></div>
    <p class="body-th">{fill("body_th")}</p>
    <p class="body-en" lang="en">{fill("body_en")}</p>
    <p class="issued">ให้ไว้ ณ วันที่ {e(values["issue_date_th"])}
      <span lang="en"> / Given on {e(values["issue_date_en"])}</span></p>
  </div>
  <div class="footer">
    <div class="verify">
      <img src="{_qr_data_uri(content.verification_url)}" alt="QR"/>
      <div class="serial">{e(content.serial)}</div>
      <div>ตรวจสอบได้ที่ / <span lang="en">Verify at</span></div>
      <div class="url" lang="en">{_address_html(content.verification_url, content.serial)}</div>
    </div>
    <div class="signatories">{signatories}</div>
    <div class="footer-balance"></div>
  </div>
</div>
</body></html>"""

    def _signatory_html(self, signatory: Signatory) -> str:
        e = html.escape
        image = ""
        if signatory.signature_image:
            url = self._image_url(signatory.signature_image, "signature image")
            image = f'<img src="{url}" alt=""/>'
        return f"""<div class="signatory">
  <div class="signature">{image}</div>
  <div class="signature-line"></div>
  <div class="sig-name-th">({e(signatory.name_th)})</div>
  <div>{e(signatory.position_th)}</div>
  <div class="en" lang="en">{e(signatory.name_en)}</div>
  <div class="en" lang="en">{e(signatory.position_en)}</div>
</div>"""

    def render(self, design: CertificateDesign, content: CertificateContent) -> bytes:
        """Return the certificate as PDF/A-3b bytes, the same bytes every time for one content.

        Deterministic so a lost file can be regenerated to match the SHA-256 kept at issue
        time: the creation date is the issue date (``dcterms.created`` in :meth:`html`) and the
        file identifier is derived from the serial, not from the clock or a random number.
        """
        identifier = hashlib.sha256(content.serial.encode()).hexdigest()[:32].encode("ascii")
        options = {"pdf_variant": "pdf/a-3b", "pdf_identifier": identifier}
        markup = self.html(design, content)
        stylesheets = [self.stylesheet, self._page_stylesheet(design.page_size, design.orientation)]
        if self.fast is not None:
            document = self.fast.render(
                markup,
                stylesheets,
                self.font_config,
                (design.page_size, design.orientation),
                **options,
            )
        else:
            document = HTML(string=markup, url_fetcher=self.fetcher).render(
                stylesheets=stylesheets, font_config=self.font_config, **options
            )
        _map_glyphs_to_characters(document, self._reverse_cmaps)
        return document.write_pdf(**options)


def fast_path_supported() -> bool:
    """Whether the installed WeasyPrint is a release the fast path was tested with."""
    return weasyprint.__version__.split(".")[0] == FAST_PATH_WEASYPRINT


def _fast_path(fetcher: RestrictedURLFetcher):
    """The fast path's state for one renderer, or None where this WeasyPrint is not known."""
    if not fast_path_supported():
        logger.warning(
            "WeasyPrint %s: certificates are rendered with its public API only (the same "
            "pages, about 1.5 times the time); the fast path is for WeasyPrint %s.x",
            weasyprint.__version__,
            FAST_PATH_WEASYPRINT,
        )
        return None
    # Imported only here: it imports WeasyPrint's internals, which another release may lack.
    from certificates import weasyprint70

    return weasyprint70.FastPath(fetcher)


def _map_glyphs_to_characters(document, reverse_cmaps: dict[str, dict[int, str]]) -> None:
    """Have ``document`` map each drawn glyph to the font's own character (see
    :class:`_GlyphTextMap`), so Thai copied or searched in the PDF reads as printed.

    WeasyPrint offers no public hook for this: it replaces ``Document.fonts``, an internal of
    WeasyPrint 70, on every path, since WeasyPrint's own mapping garbles Thai ("งาน" copies as
    "งำน"). Where a release keeps its fonts otherwise, the PDF keeps WeasyPrint's mapping (the
    same pages) and a warning says so.
    """
    if type(getattr(document, "fonts", None)) is dict and not document.fonts:
        document.fonts = _CharacterMappingFonts(reverse_cmaps)
    else:
        logger.warning(
            "WeasyPrint %s keeps its fonts otherwise than 70 did: Thai copied out of "
            "certificate PDFs may read wrongly (SARA AM for SARA AA)",
            weasyprint.__version__,
        )


class _GlyphTextMap(dict):
    """A font's glyph-to-text map that prefers the font's own character for a glyph.

    WeasyPrint maps each glyph to the text of the first cluster it was drawn in. Thai clusters
    hold several glyphs (HarfBuzz splits SARA AM into NIKHAHIT + SARA AA; tone marks stack), so
    the plain SARA AA glyph could be mapped to "ำ" and copy/paste or search in the PDF would read
    "งาน" as "งำน". A glyph the font maps from exactly one character gets that character;
    ligatures and positional variants keep WeasyPrint's cluster text.
    """

    def __init__(self, reverse_cmap: dict[int, str]) -> None:
        super().__init__()
        self.reverse_cmap = reverse_cmap

    def __setitem__(self, glyph_id, text):
        super().__setitem__(glyph_id, self.reverse_cmap.get(glyph_id, text))


class _CharacterMappingFonts(dict):
    """``Document.fonts`` replacement that gives every new font a :class:`_GlyphTextMap`.

    Relies on WeasyPrint 70 internals (``Document.fonts``, ``Font.to_unicode``, ``hash``,
    ``file_content``, ``index``); a font without them keeps WeasyPrint's own mapping, and the
    text-extraction tests fail loudly if that happens with the installed release.
    """

    def __init__(self, reverse_cmaps: dict[str, dict[int, str]]) -> None:
        super().__init__()
        self.reverse_cmaps = reverse_cmaps

    def __setitem__(self, key, font):
        if all(hasattr(font, name) for name in ("to_unicode", "hash", "file_content", "index")):
            if font.hash not in self.reverse_cmaps:
                self.reverse_cmaps[font.hash] = _reverse_cmap(font.file_content, font.index)
            font.to_unicode = _GlyphTextMap(self.reverse_cmaps[font.hash])
        super().__setitem__(key, font)


def _reverse_cmap(font_file: bytes, index: int) -> dict[int, str]:
    ttfont = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    glyph_ids: dict[str, list[int]] = {}
    for codepoint, glyph_name in ttfont.getBestCmap().items():
        glyph_ids.setdefault(glyph_name, []).append(codepoint)
    reverse = {}
    for glyph_name, codepoints in glyph_ids.items():
        # A glyph shared by several characters cannot say which one it stood for.
        if len(codepoints) == 1:
            reverse[ttfont.getGlyphID(glyph_name)] = chr(codepoints[0])
    return reverse
