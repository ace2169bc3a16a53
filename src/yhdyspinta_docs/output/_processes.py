"""LibreOffice processes: how many to start, their throw-away profiles, starting and stopping.

Used by :mod:`._pdf`. Every instance runs in a session of its own, so stopping it also stops
the processes it started; a profile folder is LibreOffice's home, working folder and log.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import ConversionError

__all__ = ["MAX_WORKERS", "group_running", "new_profile", "pdf_workers", "popen_office",
           "remove_profiles", "signal_group", "split_by_size", "stop_processes"]

MAX_WORKERS = 4  # each instance needs a few hundred MB; more rarely pays off
_GRACE = 5.0  # seconds between asking an instance to stop and killing it


def pdf_workers(files: int) -> int:
    """How many LibreOffice instances to start for `files` files.

    The cores this process may use, less those other programs keep busy (the one-minute load
    average, not counting the caller itself, which only waits), at most one per file and at
    most :data:`MAX_WORKERS`; always at least one.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        busy = max(0, int(os.getloadavg()[0]) - 1)
    except OSError:  # load average unavailable
        busy = 0
    return max(1, min(cores - busy, files, MAX_WORKERS))


def split_by_size(sources: Sequence[Path], parts: int) -> list[list[Path]]:
    """`sources` in `parts` groups of about the same total size (largest files first)."""
    groups: list[list[Path]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for source in sorted(sources, key=lambda p: (-p.stat().st_size, str(p))):
        i = loads.index(min(loads))
        groups[i].append(source)
        loads[i] += source.stat().st_size
    return [g for g in groups if g]



def stop_processes(processes: Sequence[subprocess.Popen[bytes]],
                   profiles: Sequence[tempfile.TemporaryDirectory[str]], *,
                   background: bool = False) -> None:
    """Stop `processes` and everything they started, then remove `profiles`.

    Every process group is asked to stop, also when its first process has already exited:
    LibreOffice's launcher may have started (or restarted, after making a new profile) the
    office process, which outlives it in the same group. Whatever still runs after
    :data:`_GRACE` seconds is killed.
    """
    for process in processes:
        signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + _GRACE
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            signal_group(process, signal.SIGKILL)
            process.wait()
    groups = [p.pid for p in processes]
    while any(group_running(g) for g in groups) and time.monotonic() < deadline:
        time.sleep(0.02)
    for process in processes:
        if group_running(process.pid):
            signal_group(process, signal.SIGKILL)
    if background and profiles:
        threading.Thread(target=remove_profiles, args=(list(profiles),),
                         name="yhdyspinta-lo-cleanup").start()
    else:
        remove_profiles(profiles)


def group_running(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs (a zombie, exited but not yet reaped,
    does not count)."""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: ask the system whether the group exists
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":  # fields: state, ppid, pgrp, …
            return True
    return False


def remove_profiles(profiles: Sequence[tempfile.TemporaryDirectory[str]]) -> None:
    for profile in profiles:
        profile.cleanup()


def signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Send `sig` to `process` and everything it started (it leads its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)



def new_profile() -> tuple[tempfile.TemporaryDirectory[str], Path, Path, dict[str, str]]:
    """A throw-away profile folder (also LibreOffice's home and working folder), its log."""
    profile = tempfile.TemporaryDirectory(prefix="yhdyspinta-lo-")
    home = Path(profile.name)
    env = dict(os.environ)
    env.setdefault("HOME", str(home))  # LibreOffice wants a writable home
    return profile, home, home / "soffice.log", env


def popen_office(executable: str, args: list[str], home: Path, log: Path, env: dict[str, str],
           profile: tempfile.TemporaryDirectory[str]) -> subprocess.Popen[bytes]:
    """Start LibreOffice in its own session, its output appended to `log`."""
    try:
        with log.open("ab") as out:
            return subprocess.Popen([executable, *args], stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, cwd=home, env=env,
                                    start_new_session=True)
    except OSError as exc:
        profile.cleanup()
        raise ConversionError(f"cannot run {executable}: {exc}") from exc
