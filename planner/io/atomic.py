"""Write output files whole or not at all, readable by their owner only.

Each file is first written to a temporary file in the same folder (created 0o600 by `tempfile.mkstemp`),
flushed to disk, then moved over its target with `os.replace`, which is atomic on POSIX and Windows within one
file system. `write_files` stages every file of a set before replacing any, so a failure while writing (disk full,
an exception while rendering) leaves the folder exactly as it was: no partial file, no half-updated set.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: str | Path) -> Path:
    """Create `path` (and missing parents) when missing, every folder created owner-only (0o700); an existing one
    is kept as it is."""
    folder = Path(path)
    if not folder.exists():
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for created in reversed(missing):  # mkdir(parents=True) would make the parents with the umask's mode
            with contextlib.suppress(FileExistsError):
                created.mkdir(mode=DIR_MODE)
                os.chmod(created, DIR_MODE)  # mkdir's mode is filtered by the umask
    elif not folder.is_dir():
        raise NotADirectoryError(str(folder))
    return folder


def _stage(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to a new owner-only temporary file next to its target; remove it on any failure."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _sync_dir(folder: Path) -> None:
    """Make the renames durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_files(folder: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every `name -> bytes` into `folder` atomically, as one set: all are staged before any replaces.

    Returns the paths written, in the order given. On failure no target is touched and no temporary file stays.
    """
    target_dir = ensure_private_dir(folder)
    for name in files:
        if Path(name).name != name or name in {"", ".", ".."}:
            raise ValueError(f"not a plain file name: {name!r}")
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            staged.append((_stage(target_dir, name, data), target_dir / name))
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    done = 0
    try:
        for tmp, target in staged:
            os.replace(tmp, target)
            done += 1
    finally:
        for tmp, _ in staged[done:]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_dir(target_dir)
    return [target for _, target in staged]


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write one file atomically (owner-only)."""
    target = Path(path)
    return write_files(target.parent if str(target.parent) else ".", {target.name: data})[0]


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding))
