"""Files the command lines write: whole or not at all, and only where an ordinary file may be.

Every `--output` goes through `write_output`. It writes a temporary file in the target's folder and
renames it over the target, so a failure (a full disk, a size limit, an interrupt) never leaves half a
file behind. It replaces only a regular file or nothing: a symbolic link, a device such as /dev/null,
a pipe or a folder is refused and left as it was (a link is not followed either: renaming over it
would replace the link, and writing through it could reach a device). Refusals and failures raise
OutputError, which the commands report in one line with exit code 4.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from store.faults import EXIT_WRITE, Fault

_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


class OutputError(Fault):
    """An output file that was not written (and nothing was left in its place)."""

    exit_code = EXIT_WRITE


def _refusal(target: Path) -> OutputError | None:
    """Why `target` may not be replaced, or None when it is missing or a regular file."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return OutputError("output.no_folder", target)
    except OSError as error:
        return output_failure(target, error)
    if stat.S_ISREG(status.st_mode):
        return None
    if stat.S_ISDIR(status.st_mode):
        return OutputError("output.folder", target)
    return OutputError("output.not_regular", target)


def output_failure(target: Path, error: OSError) -> OutputError:
    """The OutputError of a write the system refused (full disk, read-only place, a file in the way...)."""
    reason = error.strerror or str(error)
    if error.errno in _DISK_FULL:
        return OutputError("output.disk_full", target, detail=reason)
    if error.errno in _NOT_ALLOWED:
        return OutputError("output.not_allowed", target, detail=reason)
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return OutputError("output.no_folder", target, detail=reason)
    if error.errno == errno.EISDIR:
        return OutputError("output.folder", target)
    return OutputError("output.failed", target, detail=reason)


def check_output(target: Path | str) -> None:
    """Refuse a target that may not be replaced before any work is done for it (write_output checks again)."""
    refused = _refusal(Path(target))
    if refused:
        raise refused


def write_output(target: Path | str, data: bytes) -> None:
    """Write `data` to `target` whole, creating its folder if needed; raise OutputError instead of half a file."""
    target = Path(target)
    refused = _refusal(target)
    if refused:
        raise refused
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp makes it private; an export is an ordinary file
        refused = _refusal(target)  # something may have been put there while we wrote
        if refused:
            raise refused
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise output_failure(target, error) from None
    finally:
        if temporary is not None and os.path.lexists(temporary):
            os.unlink(temporary)


STANDARD_OUTPUT = Path("<standard output>")


def write_standard_output(data: bytes) -> None:
    """Write `data` to standard output; a full disk or device behind it raises OutputError, not a traceback.

    A closed pipe (`| head`) is not ours to report: BrokenPipeError passes for the command to handle.
    """
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        # What is still buffered would fail again in the interpreter's last flush, with a traceback of its own.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise output_failure(STANDARD_OUTPUT, error) from None
