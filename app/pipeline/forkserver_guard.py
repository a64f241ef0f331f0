"""Imported by the decode pool's fork server only (app.pipeline.pool preloads it there): when the
process that started the fork server ends, however it ends, the fork server ends its own
children and itself.

Why: a worker forked from the fork server is not the owner's child. A worker that has started
ends with its owner by itself (app.pipeline.pool._end_with), but one still starting (reading its
start-up data when the owner was killed) never returns from that read, since it holds the
pipe's other end, and it keeps the fork server alive too. Nothing else would ever end them.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def _end_all() -> None:
    for child in _children(os.getpid()):
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os._exit(0)


def _guard(owner: int) -> None:
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:
        _end_all()
        return
    except (AttributeError, OSError):  # no pidfd here: the workers' own watch is all there is
        return

    def watch() -> None:
        select.select([handle], [], [])  # readable once the owner has ended
        _end_all()

    threading.Thread(target=watch, name="captioncheck-forkserver-guard", daemon=True).start()


if Path("/proc").is_dir():
    _guard(os.getppid())
