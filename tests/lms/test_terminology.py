"""One Thai word for each thing the interface names, and one way of addressing the reader.

- Certificate: เกียรติบัตร, the word printed on the certificate and on the verify pages
  (วุฒิบัตร appeared beside it on the same admin screens, ประกาศนียบัตร in an e-mail).
- Module: บทเรียน, as the learner's pages say (โมดูล appeared in admin messages). API token:
  โทเค็น, the Royal Institute spelling (โทเคน appeared beside it on the profile page).
- The reader: ท่าน, the formal pronoun Thai government services address people with (คุณ and
  ท่าน were mixed, sometimes in one message). คุณ stays inside other words (คุณภาพ, คุณสมบัติ,
  ขอบคุณ) and as the courtesy title before a name (คุณสมชาย), which is data, not interface.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "lms/locale/th/LC_MESSAGES/django.po",
    ROOT / "lms/locale-admin/th/LC_MESSAGES/django.po",
]
PRONOUN = re.compile(r"(?<!ขอบ)คุณ(?!ภาพ|สมบัติ|ค่า|ลักษณะ|ธรรม|ประโยชน์|วุฒิ|นาย|หญิง)")


def _thai_translations() -> list[str]:
    """Every msgstr of the Thai catalogues, continuation lines joined."""
    texts, current = [], None
    for catalogue in CATALOGUES:
        for line in catalogue.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgstr"):
                current = [line.partition(" ")[2].strip('"')]
                texts.append(current)
            elif line.startswith('"') and current is not None:
                current.append(line.strip('"'))
            else:
                current = None
    return ["".join(parts) for parts in texts]


def _thai_templates() -> dict[str, str]:
    paths = [
        *(ROOT / "templates").rglob("*.th.txt"),
        *(ROOT / "templates").glob("[45]0[0-9].html"),
    ]
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths}


def test_the_interface_uses_one_thai_word_for_certificate():
    catalogue = (ROOT / "lms/locale/th/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    templates = "".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "templates").rglob("*.html")
    )
    assert "วุฒิบัตร" not in catalogue
    assert "วุฒิบัตร" not in templates
    assert "เกียรติบัตร" in catalogue


def test_the_interface_addresses_the_reader_formally():
    translations = _thai_translations()
    assert len(translations) > 500  # the catalogues were read
    informal = [text for text in translations if PRONOUN.search(text)]
    informal += [name for name, text in _thai_templates().items() if PRONOUN.search(text)]
    assert informal == []
    assert sum("ท่าน" in text for text in translations) > 50


def test_words_that_contain_the_pronoun_are_not_pronouns():
    for word in ["คุณภาพ", "คุณสมบัติ", "ขอบคุณ", "คุณค่า"]:
        assert not PRONOUN.search(word)
    assert PRONOUN.search("คำขอของคุณ")


def test_one_thai_word_for_module_token_and_certificate_in_every_message_and_e_mail():
    texts = _thai_translations() + list(_thai_templates().values())
    for other_word in ["โมดูล", "โทเคน", "ประกาศนียบัตร", "วุฒิบัตร"]:
        assert [text for text in texts if other_word in text] == [], other_word
    assert any("บทเรียน" in text for text in texts)
    assert any("โทเค็น" in text for text in texts)
