import base64
import io
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pypdf
import pytest
from PIL import Image
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from certificates.fetcher import ResourceRefused, RestrictedURLFetcher

LEAK_MARK = "LEAKEDSECRET"


def _png_bytes(colour="red", size=(8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def dirs(tmp_path):
    """An allowed directory with a logo, and a secret directory beside it."""
    allowed = tmp_path / "allowed"
    secret = tmp_path / "secret"
    allowed.mkdir()
    secret.mkdir()
    (allowed / "logo.png").write_bytes(_png_bytes("blue"))
    (secret / "leak.css").write_text(f'body::before {{ content: "{LEAK_MARK}" }}')
    (secret / "leak.png").write_bytes(_png_bytes("red"))
    (secret / "leak.txt").write_text(LEAK_MARK)
    os.symlink(secret / "leak.css", allowed / "innocent.css")
    os.symlink(secret, allowed / "innocent-dir")
    return allowed, secret


class _RecordingHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.paths.append(self.path)
        if self.path.endswith(".css"):
            body, kind = f'body::after {{ content: "{LEAK_MARK}" }}'.encode(), "text/css"
        else:
            body, kind = _png_bytes("green"), "image/png"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _html_referencing(base):
    """Every way a document can pull in a resource, all pointing under ``base``."""
    return f"""<html><head>
      <link rel="stylesheet" href="{base}/link.css">
      <style>
        @import url("{base}/import.css");
        @font-face {{ font-family: Sneaky; src: url("{base}/font.ttf"); }}
        .bg {{ width: 20px; height: 20px; background: url("{base}/bg.png"); }}
      </style></head>
      <body><p>hello</p><img src="{base}/img.png"><div class="bg"></div>
      <a rel="attachment" href="{base}/attached.txt">file</a></body></html>"""


def _render(html, fetcher):
    # Uncompressed, so a leaked file would show in the bytes of the PDF.
    return HTML(string=html, url_fetcher=fetcher).write_pdf(uncompressed_pdf=True)


def _pdf_text(pdf):
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _pdf_image_count(pdf):
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_default_fetcher_would_hit_a_local_server(http_server):
    # Control for the next test: proves the server and the HTML really cause requests.
    pdf = _render(_html_referencing(f"http://127.0.0.1:{http_server.server_port}"), URLFetcher())
    assert len(http_server.paths) >= 4
    assert LEAK_MARK in _pdf_text(pdf)


def test_it_never_contacts_a_server(http_server, dirs, caplog):
    allowed, _ = dirs
    base = f"http://127.0.0.1:{http_server.server_port}"
    with caplog.at_level(logging.WARNING, logger="certificates.fetcher"):
        pdf = _render(_html_referencing(base), RestrictedURLFetcher([allowed]))
    assert http_server.paths == []
    assert LEAK_MARK not in _pdf_text(pdf)
    assert _pdf_image_count(pdf) == 0
    refused = [r.getMessage() for r in caplog.records if r.name == "certificates.fetcher"]
    for name in ["link.css", "import.css", "font.ttf", "bg.png", "img.png", "attached.txt"]:
        assert any(f"{base}/{name}" in message for message in refused), name


def test_the_default_fetcher_would_attach_etc_passwd():
    # Control: without our fetcher, a learner-controlled link would ship the server's files.
    pdf = _render('<a rel="attachment" href="file:///etc/passwd">x</a>', URLFetcher())
    assert b"root:" in pdf


def test_it_refuses_etc_passwd_from_every_kind_of_reference(dirs, caplog):
    allowed, _ = dirs
    html = _html_referencing("file:///etc").replace("/etc/", "/etc/passwd#")
    with caplog.at_level(logging.WARNING, logger="certificates.fetcher"):
        pdf = _render(html, RestrictedURLFetcher([allowed]))
    assert b"root:" not in pdf
    assert b"/EmbeddedFile" not in pdf
    assert _pdf_image_count(pdf) == 0
    refusals = [r for r in caplog.records if r.name == "certificates.fetcher"]
    assert len(refusals) >= 6
    assert all("passwd" in r.getMessage() for r in refusals)


def test_it_refuses_files_outside_the_allowed_dirs_even_through_dot_dot_or_symlinks(dirs):
    allowed, secret = dirs
    for base in [
        secret.as_uri(),
        f"{allowed.as_uri()}/../secret",
        f"{allowed.as_uri()}/innocent-dir",
    ]:
        html = (
            _html_referencing(base)
            .replace("link.css", "leak.css")
            .replace("import.css", "leak.css")
        )
        html = html.replace("img.png", "leak.png").replace("bg.png", "leak.png")
        html = html.replace("attached.txt", "leak.txt")
        pdf = _render(html, RestrictedURLFetcher([allowed]))
        assert LEAK_MARK not in _pdf_text(pdf), base
        assert _pdf_image_count(pdf) == 0, base
        assert LEAK_MARK.encode() not in pdf, base

    pdf = _render(
        f'<link rel="stylesheet" href="{(allowed / "innocent.css").as_uri()}"><p>x</p>',
        RestrictedURLFetcher([allowed]),
    )
    assert LEAK_MARK not in _pdf_text(pdf)


def test_the_same_files_render_when_their_dir_is_allowed(dirs):
    # Control for the test above: the refusals come from the allow-list, not a broken HTML.
    allowed, secret = dirs
    html = f'<link rel="stylesheet" href="{(secret / "leak.css").as_uri()}">'
    html += f'<img src="{(secret / "leak.png").as_uri()}">'
    pdf = _render(html, RestrictedURLFetcher([allowed, secret]))
    assert LEAK_MARK in _pdf_text(pdf)
    assert _pdf_image_count(pdf) == 1


def test_it_serves_allowed_files_by_url_and_by_path(dirs):
    allowed, _ = dirs
    fetcher = RestrictedURLFetcher([allowed])
    expected = (allowed / "logo.png").read_bytes()
    for reference in [(allowed / "logo.png").as_uri(), str(allowed / "logo.png")]:
        response = fetcher.fetch(reference)
        assert response.read() == expected
        assert response.content_type == "image/png"


def test_it_serves_small_data_uris_and_refuses_big_ones(dirs):
    allowed, _ = dirs
    fetcher = RestrictedURLFetcher([allowed], max_data_uri_bytes=1024)
    small = _png_bytes()
    response = fetcher.fetch("data:image/png;base64," + base64.b64encode(small).decode())
    assert response.read() == small
    assert response.content_type == "image/png"
    big = base64.b64encode(os.urandom(4096)).decode()
    with pytest.raises(ResourceRefused):
        fetcher.fetch("data:image/png;base64," + big)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "HTTP://169.254.169.254/latest/meta-data/",
        "gopher://localhost:6379/_INFO",
        "file:///etc/passwd",
        "file://fileserver/share/logo.png",
        "/etc/passwd",
        "logo.png",
        "jar:file:///x.zip!/y",
    ],
)
def test_it_refuses_and_logs(url, dirs, caplog):
    allowed, _ = dirs
    with caplog.at_level(logging.WARNING, logger="certificates.fetcher"):
        with pytest.raises(ResourceRefused):
            RestrictedURLFetcher([allowed]).fetch(url)
    assert any(url in record.getMessage() for record in caplog.records)


def test_it_refuses_a_directory_and_a_fifo_inside_the_allowed_dir(dirs):
    allowed, _ = dirs
    os.mkfifo(allowed / "pipe")
    fetcher = RestrictedURLFetcher([allowed])
    with pytest.raises(ResourceRefused):
        fetcher.fetch(allowed.as_uri())
    with pytest.raises(ResourceRefused):
        fetcher.fetch((allowed / "pipe").as_uri())
