"""Owner-only folders and files, whatever the umask: the records concern a minor.

Folders are made 0700 and files 0600 (originals 0400) explicitly, because ``mkdir``'s and ``open``'s
modes are narrowed by the umask but never widened back, and intermediate folders get the umask's default.
An existing folder is never changed behind its owner's back: ``exposed`` lets start-up warn instead.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600
ORIGINAL_MODE = 0o400
"""Stored originals: read-only, for the owner only."""


def private_folder(path: Path | str) -> Path:
    """``path`` and every missing parent created 0700; folders that already exist are left as they are.

    One ``mkdir`` when only the folder itself is missing (the blob store makes one per new hash prefix,
    nearly one per file at first): parents are looked at only when it says they are missing.
    """
    folder = os.fspath(path)
    try:
        os.mkdir(folder, FOLDER_MODE)
    except FileExistsError:  # it exists already, or another process made it meanwhile
        return Path(path)
    except FileNotFoundError:
        parent = os.path.dirname(folder.rstrip("/"))
        if not parent or parent == folder:
            raise
        private_folder(parent)
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:
            return Path(path)
    os.chmod(folder, FOLDER_MODE)  # the umask may have taken the owner's bits too
    return Path(path)


def create_private_file(path: Path | str) -> int:
    """A new file opened for writing (fails if it exists), readable by its owner only from the start."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return descriptor


def exposed(path: Path) -> bool:
    """Whether group or others may read, write or enter ``path``."""
    try:
        return bool(stat.S_IMODE(path.stat().st_mode) & 0o077)
    except FileNotFoundError:
        return False


def warn_if_exposed(path: Path, what: str) -> bool:
    """One log line when ``path`` is open to group or others (and how to close it)."""
    if not exposed(path):
        return False
    mode = stat.S_IMODE(path.stat().st_mode)
    log.warning(
        "the %s %s is readable by other users (mode %o): run `chmod -R go-rwx %s` to make it private",
        what,
        path,
        mode,
        path,
    )
    return True
