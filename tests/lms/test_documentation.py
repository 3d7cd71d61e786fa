"""The documents a newcomer reads first: every app has a README in the app map, and every
relative link in the repository's Markdown leads to a file that exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "var", "media", "static_collected", ".git"}
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _markdown_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.md")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
    )


def _apps() -> list[str]:
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def _app_map() -> dict[str, str]:
    """The rows of the README's app map: folder -> what it holds."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## App map", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([\w-]+)/` \| (.*) \|$", section, flags=re.MULTILINE))


@pytest.mark.parametrize("app", _apps())
def test_every_app_has_a_readme_that_the_app_map_links(app):
    assert (ROOT / app / "README.md").is_file(), f"{app}/ has no README.md"
    assert f"[{app}/README.md]({app}/README.md)" in _app_map().get(app, ""), (
        f"the app map in README.md has no row for {app}/ linking its README"
    )


def test_every_folder_the_app_map_names_exists():
    missing = [folder for folder in _app_map() if not (ROOT / folder).is_dir()]
    assert not missing, f"README.md's app map names folders that do not exist: {missing}"


@pytest.mark.parametrize(
    "document", _markdown_files(), ids=lambda path: str(path.relative_to(ROOT))
)
def test_every_relative_link_leads_to_a_file(document):
    broken = []
    for target in LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # an address on the web, a mail address, or a heading of this document
        if not (document.parent / target.split("#", 1)[0]).exists():
            broken.append(target)
    assert not broken, f"{document.relative_to(ROOT)} links to missing files: {broken}"
