#!/usr/bin/env python3
"""Soak test: one long run sampled at 10 Hz on 16 worker processes.

Usage: build-aux/soak.py PARALLAX MINUTES

Samples the parent's resident memory, threads and open files once a
minute, prints every figure, and fits a line through the readings from
minute 2 on (the first minute fills the sampled history, which is bounded
at 600 samples a series, so growth after it is what a leak would be).
Fails when the slope is above 1 MB an hour. The task records grow by
design (48 bytes a task); at 20 tasks a second that is under 3 MB an hour,
so it is reported beside the slope and taken off it.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

RATE = 20
RECORD_BYTES = 48
LIMIT_MB_PER_HOUR = 1.0


def status_field(pid, name):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def main():
    parallax, minutes = sys.argv[1], int(sys.argv[2])
    tasks = RATE * 60 * (minutes + 1)
    profile = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
    profile.write(f"""[Profile]
version=1
name=Soak
description=16 worker processes, sampled at 10 Hz, for {minutes} minutes.

[Workload]
executor=processes
workers=16
tasks={tasks}
kind=mixed
task-ms=20
cpu-fraction=0.25
arrival=rate
rate={RATE}

[Sampling]
interval-ms=100
history=600
""")
    profile.close()

    proc = subprocess.Popen([parallax, "run", profile.name, "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    readings = []
    start = time.monotonic()
    try:
        for minute in range(minutes + 1):
            time.sleep(max(0.0, start + 60 * minute + 1 - time.monotonic()))
            if proc.poll() is not None:
                break
            rss = status_field(proc.pid, "VmRSS")
            threads = status_field(proc.pid, "Threads")
            fds = len(os.listdir(f"/proc/{proc.pid}/fd"))
            readings.append((minute, rss))
            print(f"minute {minute:3d}: RSS {rss / 1024:8.2f} MB, {threads} threads, {fds} fds",
                  flush=True)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        os.unlink(profile.name)

    if proc.returncode not in (0, 1):
        print(f"parallax ended with status {proc.returncode}:\n{err.decode()}")
        return 1

    points = [(m, r) for m, r in readings if m >= 2]
    if len(points) < 3:
        print("too few readings for a slope; run for at least 4 minutes")
        return 1
    n = len(points)
    mx = sum(m for m, _ in points) / n
    my = sum(r for _, r in points) / n
    slope_kb_per_min = (sum((m - mx) * (r - my) for m, r in points) /
                        sum((m - mx) ** 2 for m, _ in points))
    slope = slope_kb_per_min * 60 / 1024
    records = RATE * 3600 * RECORD_BYTES / 1024 / 1024
    print(f"RSS slope from minute 2: {slope:.2f} MB an hour; task records account for "
          f"{records:.2f} MB an hour; the rest: {slope - records:.2f} MB an hour "
          f"(limit {LIMIT_MB_PER_HOUR} MB an hour)")
    return 0 if slope - records <= LIMIT_MB_PER_HOUR else 1


if __name__ == "__main__":
    sys.exit(main())
