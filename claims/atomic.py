"""Writing an output file whole or not at all, and leaving nothing behind if killed.

The data goes to an unnamed file in the target's directory (Linux `O_TMPFILE`: it
has no name until it is complete, so a process killed half-way leaves nothing on
disk), which is then given a temporary name and renamed over the target in one
step. Where the file system cannot make unnamed files, a hidden temporary file
takes its place and is removed on any error. Every message names the file the user
asked for, never a temporary one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from domain.errors import InvalidInput


def check_writable(out: Path) -> None:
    """Refuse, before any work is done, an output that cannot be written."""
    if out.is_dir():
        msg = f"cannot write {out}: it is a directory"
        raise InvalidInput(msg)
    parent = out.parent
    if not parent.is_dir():
        msg = f"cannot write {out}: directory {parent} does not exist"
        raise InvalidInput(msg)


def write_atomically(out: Path, chunks: Iterable[bytes]) -> int:
    """Write the chunks to `out` as one file; returns how many chunks were written."""
    check_writable(out)
    try:
        fd, name = _unnamed(out.parent)
        try:
            count = 0
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                    count += 1
                handle.flush()
                os.fsync(handle.fileno())
                name = name or _link(handle.fileno(), out.parent)
                os.replace(name, out)
        except BaseException:
            if name is not None:  # named, but not renamed over the target
                Path(name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        msg = f"cannot write {out}: {exc.strerror or exc}"
        raise InvalidInput(msg) from None
    return count


def _unnamed(directory: Path) -> tuple[int, str | None]:
    """An open file in `directory`: unnamed where possible (name None), else hidden."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and os.path.isdir("/proc/self/fd"):  # naming it later goes through /proc
        try:
            return os.open(directory, flag | os.O_WRONLY, 0o644), None
        except OSError:
            pass  # a file system without unnamed files: use a hidden named one
    name = str(directory / f".claims-{secrets.token_hex(8)}.tmp")
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), name


def _link(fd: int, directory: Path) -> str:
    """Give the complete unnamed file a temporary name, to rename over the target."""
    name = f".claims-{secrets.token_hex(8)}.tmp"
    # linkat(AT_SYMLINK_FOLLOW) through /proc names the file itself; Python uses it
    # only when a directory descriptor is given (plain link() would link /proc's link).
    folder = os.open(directory, os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)
    return str(directory / name)
