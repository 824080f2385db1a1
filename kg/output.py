"""Writing files so that a reader never sees half of one.

Every output goes to a temporary file beside its target and is renamed into
place only when complete; an error or Ctrl-C removes the temporary file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def prepare_dir(path: Path) -> Path:
    """Create the output folder (and parents) or say in one line why it cannot be."""
    path = Path(path)
    for parent in (path, *path.parents):
        if parent.exists() and not parent.is_dir():
            raise OutputError(str(path), f"cannot create output folder: {parent} is a file")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(str(path), f"cannot create output folder ({_why(e)})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(str(path), "output folder is not writable")
    return path


def write_atomic(path: Path, data: bytes | list[bytes]) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    `data` may come in pieces (a page around its large fixed parts): they are written one
    after the other, never joined into one copy.  The folder is checked (and made) only when
    the temporary file cannot be: a build writes thousands of files into one folder it made."""
    path = Path(path)
    tmp = None
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError:                 # no such folder, or not one, or not writable: say which
            prepare_dir(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fd, 0o644)
            if isinstance(data, bytes):
                fh.write(data)
            else:
                fh.writelines(data)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise OutputError(str(path), f"cannot write file ({_why(e)})") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
