"""Where certificate PDFs are kept, written so that a crash never leaves half a file.

``certificate_storage()`` is the one storage :mod:`certificates.issuing` reads and writes:

- ``STORAGES["certificates"]`` if the deployment configures it;
- otherwise, when the default storage is Django's plain ``FileSystemStorage``, an
  :class:`AtomicFileSystemStorage` on the same ``MEDIA_ROOT`` (the same files, written safely);
- otherwise the default storage itself: S3-compatible object stores (django-storages' S3Storage)
  already replace an object in one step, so a reader never sees a partial PDF there.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

_CHUNK = 64 * 1024


class AtomicFileSystemStorage(FileSystemStorage):
    """A ``FileSystemStorage`` whose files appear complete or not at all.

    ``_save`` writes to a temporary file in the destination directory, fsyncs it, then
    ``os.replace()``s it onto the final name (atomic on POSIX within one file system) and fsyncs
    the directory so the rename survives a power cut. If anything fails on the way (disk full,
    killed process) the temporary file is removed and the final name never exists.
    """

    def _save(self, name, content):
        full_path = Path(self.path(name))
        full_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=full_path.parent, prefix=f".{full_path.name}.", suffix=".part"
        )
        try:
            with os.fdopen(descriptor, "wb") as file:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks(_CHUNK):
                    self._write(file, chunk)
                file.flush()
                os.fsync(file.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            full_path = self._publish(Path(temporary), full_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_directory(full_path.parent)
        return str(full_path.relative_to(Path(self.location))).replace("\\", "/")

    def _publish(self, temporary: Path, full_path: Path) -> Path:
        """Give the complete temporary file its final name; return that name."""
        if getattr(self, "_allow_overwrite", False):  # Django >= 5.1; not in django-stubs yet
            os.replace(temporary, full_path)
            return full_path
        # link() fails if the name is taken (someone saved it since get_available_name()
        # chose it), where rename() would silently replace the other file.
        while True:
            try:
                os.link(temporary, full_path)
            except FileExistsError:
                name = self.get_available_name(str(full_path.relative_to(Path(self.location))))
                full_path = Path(self.path(name))
                continue
            temporary.unlink()
            return full_path

    def _write(self, file, chunk: bytes) -> None:
        """One chunk to the temporary file (a seam for the disk-full test)."""
        file.write(chunk)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def certificate_storage() -> Storage:
    """The storage certificate PDFs live in (see the module docstring)."""
    if "certificates" in settings.STORAGES:
        return storages["certificates"]
    default = storages["default"]
    if type(default) is FileSystemStorage:
        return AtomicFileSystemStorage(location=default.location, base_url=default.base_url)
    return default
