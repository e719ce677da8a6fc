#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets' corpora (tests/fuzz/corpus).

Frames are little-endian, as on the machines Parallax runs on: u32 body
length, u8 type, three bytes of padding, then the body (src/core/px-protocol.h).
Run it again after a change to the protocol; the fuzzers grow the corpora
from these seeds.
"""
import os
import shutil
import struct

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def frame(kind, body):
    return struct.pack("<IB3x", len(body), kind) + body


def write(target, name, data):
    folder = os.path.join(here, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# The profile loader: every bundled profile.
profiles = os.path.join(root, "data", "profiles")
for name in sorted(os.listdir(profiles)):
    if name.endswith(".ini"):
        shutil.copy(os.path.join(profiles, name),
                    os.path.join(here, "corpus", "fuzz-profile", name))
write("fuzz-profile", "translated.ini",
      b"[Profile]\nversion=1\nname=A\nname[zh_CN]=\xe7\x94\xb2\n"
      b"[Workload]\nkind=memory   # a comment\njitter=exponential\n"
      b"task-timeout=0.5\nworker-timeout=2\n[X-Extra]\nkey=value\n")

# What a worker sends the parent. Two leading bytes shape the run: the
# payload size (0, 1, 16 or 4096 bytes) and the task kind (1 is sleep).
HELLO, RESULTS, UPDATE, BYE, PONG, LIVE, RESULTS_SHORT = 10, 11, 12, 13, 14, 15, 16
PROTOCOL_VERSION = 5


def result(task, start, end, payload=b"", status=1, reason=b""):
    # lock, IO and GIL wait, IPC time, connect time, signal wait, bytes
    # over the network, the result, the payload's length
    return struct.pack("<IIIIqqqqqqqqQQI", task, 0, status, len(reason), start, end,
                       0, 0, 0, 0, 0, 0, 0, 0, len(payload)) + reason + payload


def short_result(task, start, end, value=0):
    return struct.pack("<IIqqQ", task, 0, start, end, value)


hello = frame(HELLO, struct.pack("<III", PROTOCOL_VERSION, 4242, 6) + b"node-1")
results = frame(RESULTS, struct.pack("<QI", 1000, 3) +
                result(0, 1000000, 1000500) + result(1, 1000500, 1001000) +
                result(2, 1001000, 1001500, status=2, reason=b"write: No space left on device"))
write("fuzz-worker-frames", "hello-results-bye",
      bytes([0, 1]) + hello + results + frame(BYE, struct.pack("<Q", 2000)))
write("fuzz-worker-frames", "shared-update",
      bytes([0, 7]) + hello + frame(UPDATE, struct.pack("<q", 1)) +
      frame(UPDATE, struct.pack("<q", -1)))
write("fuzz-worker-frames", "short-results",
      bytes([0, 1]) + hello + frame(RESULTS_SHORT, struct.pack("<QI", 1000, 2) +
                                    short_result(0, 1000000, 1000500) +
                                    short_result(1, 1000500, 1001000, 7)) +
      results + frame(BYE, struct.pack("<Q", 2000)))
write("fuzz-worker-frames", "payload-16",
      bytes([2, 1]) + hello + frame(RESULTS, struct.pack("<QI", 10, 1) +
                                    result(0, 1000000, 1000001, payload=bytes(16))))

# What the parent sends a worker: the configuration, then tasks.
CONFIG, TASKS, UPDATE_REPLY, FINISH = 1, 2, 3, 4
config = (b"[Profile]\nversion=1\n[Workload]\nkind=sleep\nworkers=2\n"
          b"[X-Run]\niters-per-ms=1000\nworker=1\nsync-fd=-1\ntmpdir=/tmp/a\\\\b\n")
tasks = frame(TASKS, struct.pack("<I", 2) +
              struct.pack("<III", 0, 0, 4) + b"abcd" + struct.pack("<III", 1, 0, 0))
write("fuzz-parent-frames", "config-tasks-finish",
      frame(CONFIG, config) + tasks + frame(FINISH, b""))
write("fuzz-parent-frames", "update-reply",
      frame(CONFIG, config) + frame(UPDATE_REPLY, struct.pack("<q", 42)))
