/* px-process-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the process executor (px-process-executor.c: starting, feeding,
 * watching and replacing worker processes) shares with its reader of what
 * the workers send (px-process-reader.c).
 */

#pragma once

#include <gio/gio.h>

#include "px-run-private.h"

G_BEGIN_DECLS

/* Output a worker does not read is bounded: past this it is stopped. It
 * is well above what PX_MAX_INFLIGHT_BYTES lets a healthy worker queue. */
#define MAX_PENDING_OUT (256u << 20)
/* Slack allowed on a worker's timestamps against the parent's clock. */
#define CLOCK_SLACK_US  (5 * G_USEC_PER_SEC)

typedef struct
{
  guint32 id;
  guint32 attempt;
} Inflight;

typedef struct
{
  guint        index;
  GSubprocess *proc;
  int          pid;
  int          to_fd;
  int          from_fd;
  GByteArray  *out;
  gsize        out_pos;
  GByteArray  *in;
  gsize        in_pos;
  GArray      *inflight;
  guint        inflight_head;
  guint        assigned;
  gboolean     alive;
  gboolean     hello;
  gboolean     finish_sent;
  gboolean     bye;
  guint        failed_starts;
  gboolean     write_failed;
  char        *fault;
  guint64      cpu_ns;
  gint64       spawned_us;
  gint64       last_input_us;
  guint64      started_base;
  guint        answered;
  gboolean     recover_pending;
  gboolean     restart_pending;
  gboolean     restart_clean;
  char        *how;
  /* Its pipes are in the executor's epoll set: its output always, its
   * input while there is something to write. */
  gboolean     watched;
  gboolean     out_watched;
} Proc;

typedef struct
{
  PxRunShared *shared;
  Proc        *procs;
  guint        n_procs;
  int          wake_fd;
  int          epoll_fd;
  char        *profile_text;
  char       **environ;
  double       task_us_sum;
  guint64      task_count;
  guint        n_cpus;
  gint64       last_watch_us;
  gint64       resumed_us;
  gboolean     killed_all;
  GError      *error;
} ProcExec;

static inline guint
_px_proc_inflight_count (Proc *p)
{
  return p->inflight->len - p->inflight_head;
}

void _px_proc_consume_input (ProcExec     *pe,
                             Proc         *p,
                             const guint8 *data,
                             gsize         length);
void _px_proc_mark_fault    (Proc         *p,
                             const char   *fault);
void _px_proc_free_buffers  (Proc         *p);

/* px-process-writer.c */
void  _px_proc_send_finish        (Proc           *p);
guint _px_proc_depth_target       (ProcExec       *pe);
guint _px_proc_payload_task_limit (const PxSpec   *spec);
void  _px_proc_feed               (ProcExec       *pe,
                                   Proc           *p,
                                   guint           target);
void  _px_proc_flush_out          (Proc           *p);

G_END_DECLS
