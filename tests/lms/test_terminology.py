"""One Thai word for certificate everywhere: เกียรติบัตร, the word printed on the certificate and
on the verify pages (วุฒิบัตร appeared beside it on the same admin screens)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_interface_uses_one_thai_word_for_certificate():
    catalogue = (ROOT / "locale/th/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    templates = "".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "templates").rglob("*.html")
    )
    assert "วุฒิบัตร" not in catalogue
    assert "วุฒิบัตร" not in templates
    assert "เกียรติบัตร" in catalogue
