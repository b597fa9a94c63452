"""Start, wait for and time one child process per request; a helper of ``bench/run.py``.

Why a separate, tiny process: on Linux a child's ``ru_maxrss`` is at least the
peak RSS of the process that spawned it (``exec`` records the high-water mark
of the address space it replaces, and a vfork/posix_spawn child starts in its
parent's). Spawned from the benchmark itself (~30 MiB once it has built the
data), every reading would be inflated to that. This helper runs under
``python -I -S``, imports only ``os`` and ``sys`` and stays about the size of
``python -c pass``, so the readings are the children's own.

Protocol, one request per line on stdin: ``N \\0 argv[0] \\0 … argv[N-1] \\0 K=V \\0 …``
(bytes, NUL-separated). One reply per request on stdout:
``<wall ms> <CPU ms (user + system)> <peak RSS as ru_maxrss> <exit code>``. The child's stdin,
stdout and stderr are ``/dev/null``; the time is ``time.perf_counter`` around
``posix_spawn`` + ``wait4``.
"""

import os
import sys
import time

NULL_STDIO = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY, 0) for fd in (0, 1, 2)]


def main() -> None:
    out = sys.stdout
    for line in sys.stdin.buffer:
        items = [os.fsdecode(item) for item in line.rstrip(b"\n").split(b"\0")]
        count = int(items[0])
        argv = items[1 : 1 + count]
        env = dict(item.split("=", 1) for item in items[1 + count :])
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=NULL_STDIO)
        _, status, usage = os.wait4(pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (usage.ru_utime + usage.ru_stime) * 1000
        code = os.waitstatus_to_exitcode(status)
        out.write(f"{elapsed:.6f} {cpu:.3f} {usage.ru_maxrss} {code}\n")
        out.flush()


if __name__ == "__main__":
    main()
