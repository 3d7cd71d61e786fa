"""The demo content files (demo/content/) and how they are read."""

import shutil

import pytest

from demo import loading


def test_every_text_has_thai_beside_english(demo_content):
    def texts(value, path):
        if isinstance(value, dict):
            if {"th", "en"} & value.keys():
                yield path, value
            for key, item in value.items():
                yield from texts(item, f"{path}.{key}")
        elif isinstance(value, list):
            for number, item in enumerate(value):
                yield from texts(item, f"{path}[{number}]")

    pairs = list(texts(demo_content, "content"))
    assert len(pairs) > 400  # the walk found the texts
    for path, pair in pairs:
        assert pair.get("th") and pair.get("en"), path


def test_courses_come_in_the_order_the_catalogue_lists_them(demo_content):
    assert [course["slug"] for course in demo_content["courses"]] == demo_content["pages"][
        "course_index"
    ]["courses"]


def test_it_refuses_a_course_file_the_catalogue_does_not_list(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(loading.CONTENT_DIR, content)
    (content / "courses" / "orphan.yaml").write_text("slug: orphan\n", encoding="utf-8")

    with pytest.raises(loading.ContentError, match="orphan"):
        loading.read_content(content)


def test_it_refuses_a_course_file_whose_slug_is_not_its_name(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(loading.CONTENT_DIR, content)
    course = content / "courses" / "evidence-based-policy.yaml"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "slug: evidence-based-policy", "slug: evidence-policy", 1
        ),
        encoding="utf-8",
    )

    with pytest.raises(loading.ContentError, match="evidence-policy"):
        loading.read_content(content)
