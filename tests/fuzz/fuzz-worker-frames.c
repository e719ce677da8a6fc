/* fuzz-worker-frames.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent's reader of what a worker process sends: hello, results,
 * shared-state updates, goodbye. A worker's bytes are input: malformed
 * frames, lying counts, times off the clock and numbers that would
 * overflow must stop the worker, never the parent.
 */

#include "config.h"

#include <stdint.h>

#include "px-run-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  _px_process_executor_parse_input (data, size);
  return 0;
}
