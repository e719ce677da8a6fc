/* px-worker.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Faults a test worker can be asked to commit; parallax-worker commits none. */
typedef enum
{
  PX_WORKER_FAULT_NONE,
  PX_WORKER_FAULT_GARBAGE,
  PX_WORKER_FAULT_WRONG_RESULT,
  PX_WORKER_FAULT_CRASH,
  PX_WORKER_FAULT_CLOSE_OUTPUT,
  PX_WORKER_FAULT_NO_HELLO,
  PX_WORKER_FAULT_HANG_AFTER_HELLO,
  PX_WORKER_FAULT_HALF_FRAME,
  PX_WORKER_FAULT_HANG_TASK,
} PxWorkerFault;

/* How often a worker process stamps its heartbeat. */
#define PX_WORKER_HEARTBEAT_US (100 * 1000)

int      px_worker_main        (int            in_fd,
                                int            out_fd,
                                PxWorkerFault  fault,
                                guint          fault_after);
int      px_worker_main_stdio  (int            in_fd,
                                int            out_fd);
gboolean _px_worker_parse_input (const guint8  *data,
                                 gsize          size);

G_END_DECLS
