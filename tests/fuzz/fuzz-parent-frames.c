/* fuzz-parent-frames.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker process's reader of what its parent sends: the configuration
 * (a profile and the run's own values), task chunks with payloads, update
 * replies and the end. Anything malformed is refused, never a crash.
 */

#include "config.h"

#include <stdint.h>

#include "px-worker.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  _px_worker_parse_input (data, size);
  return 0;
}
