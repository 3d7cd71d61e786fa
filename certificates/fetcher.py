"""A WeasyPrint URL fetcher that can only read our own files.

Certificate designs are edited by staff and filled with names that learners typed, so the HTML we
render is not fully ours. WeasyPrint's default fetcher would follow any ``<img>``, ``url()``,
``@import`` or ``<link>`` to the network or the whole file system (server-side request forgery,
reading ``/etc/passwd`` into a PDF). This fetcher serves only:

- files inside an allow-list of directories (fonts, our static files, the media directory),
  given as ``file://`` URLs or absolute paths, after resolving ``..`` and symlinks;
- small ``data:`` URIs (our QR code and inline images).

Everything else is refused before any network or file access, and logged. WeasyPrint 70 expects a
fetcher to be a :class:`weasyprint.urls.URLFetcher` subclass overriding ``fetch(url, headers)``
(its error handling reads attributes of that class); we override ``fetch`` entirely, so none of
urllib's handlers (HTTP, FTP, redirects) are ever reached.
"""

import base64
import logging
import mimetypes
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The QR code is well under 2 KB; a logo pasted as a data URI should still be small. Anything
# bigger belongs in the media directory, where it is a file we can see and audit.
DEFAULT_MAX_DATA_URI_BYTES = 256 * 1024
# Fonts are the largest legitimate files (Sarabun is ~90 KB); cap reads to avoid surprises.
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024


class ResourceRefused(ValueError):
    """A resource the certificate asked for is outside what we are willing to read."""


class RestrictedURLFetcher(URLFetcher):
    """Serve files from ``allowed_dirs`` and small ``data:`` URIs; refuse everything else."""

    def __init__(
        self,
        allowed_dirs: Iterable[str | os.PathLike[str]],
        *,
        max_data_uri_bytes: int = DEFAULT_MAX_DATA_URI_BYTES,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> None:
        # These arguments only matter to urllib code we never call; they document intent.
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        # Resolve once so a later change of a symlinked directory cannot widen the list.
        self.allowed_dirs = tuple(Path(os.path.realpath(d)) for d in allowed_dirs)
        self.max_data_uri_bytes = max_data_uri_bytes
        self.max_file_bytes = max_file_bytes

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme, _, _ = url.partition(":")
        scheme = scheme.lower()
        if url.startswith("/"):
            return self._fetch_file(url, Path(url))
        if scheme == "data":
            return self._fetch_data(url)
        if scheme == "file":
            return self._fetch_file(url, self._path_from_file_url(url))
        self._refuse(url, "scheme not allowed")

    def is_allowed_path(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` (after resolving ``..`` and symlinks) lies in an allowed directory."""
        real = Path(os.path.realpath(path))
        return any(real.is_relative_to(allowed) for allowed in self.allowed_dirs)

    def _refuse(self, url: str, reason: str) -> NoReturn:
        shown = url if len(url) <= 200 else url[:200] + "..."
        logger.warning("Certificate resource refused (%s): %s", reason, shown)
        raise ResourceRefused(f"{reason}: {shown}")

    def _path_from_file_url(self, url: str) -> Path:
        parts = urlsplit(url)
        # file://host/path would mean a network share on some systems.
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "file URL with a host")
        return Path(url2pathname(unquote(parts.path)))

    def _fetch_file(self, url: str, path: Path) -> URLFetcherResponse:
        if not path.is_absolute():
            self._refuse(url, "relative path")
        # realpath resolves "..", and symlinks at every level, before we compare.
        if not self.is_allowed_path(path):
            self._refuse(url, "outside the allowed directories")
        real = Path(os.path.realpath(path))
        # O_NOFOLLOW: the final component cannot be swapped for a symlink after the check;
        # O_NONBLOCK: a FIFO planted in media/ must not hang the renderer on open.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            descriptor = os.open(real, flags)
        except OSError as error:
            self._refuse(url, f"cannot open ({error.strerror})")
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            self._refuse(url, "not a regular file")
        with os.fdopen(descriptor, "rb") as file:
            body = file.read(self.max_file_bytes + 1)
        if len(body) > self.max_file_bytes:
            self._refuse(url, "file too large")
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), body, {"Content-Type": content_type})

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        # Base64 inflates by 4/3; check the encoded length before decoding anything.
        if len(url) > self.max_data_uri_bytes * 4 // 3 + 256:
            self._refuse(url, "data URI too large")
        header, comma, payload = url[len("data:") :].partition(",")
        if not comma:
            self._refuse(url, "malformed data URI")
        media_type, *params = header.split(";")
        try:
            if params and params[-1].lower() == "base64":
                body = base64.b64decode(payload, validate=False)
            else:
                body = unquote_to_bytes(payload)
        except ValueError:
            self._refuse(url, "malformed data URI")
        if len(body) > self.max_data_uri_bytes:
            self._refuse(url, "data URI too large")
        return URLFetcherResponse(url, body, {"Content-Type": media_type or "text/plain"})
