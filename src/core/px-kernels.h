/* px-kernels.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <time.h>

#include <glib.h>

#include "px-sync.h"
#include "px-types.h"

G_BEGIN_DECLS

typedef struct _PxTaskOutcome PxTaskOutcome;

/* Asks the owner of the shared state to add @delta; returns the new
 * value. Worker processes send it to the parent and wait for the answer. */
typedef gint64 (*PxUpdateFunc) (gpointer user_data,
                                gint64   delta,
                                gint64  *wait_us);

/* What one worker needs to run tasks; the same for a thread and for
 * parallax-worker, so a task costs the same on either executor. */
typedef struct
{
  const PxSpec *spec;
  double        iters_per_ms;
  PxSync       *sync;
  PxGil        *gil;
  guint         worker;
  const char   *tmpdir;
  guint         tasks_run;
  /* kind=event: the setting of the event this worker last went on at. */
  guint32       event_seen;
  guint8       *mem_src;
  guint8       *mem_dst;
  gsize         mem_size;
  PxUpdateFunc  update;
  gpointer      update_data;
  PxWorkerLive *live;
  gint64        deadline_us;
  gboolean      timed_out;
  guint         generation;
  /* kind=command: runs task @task_id's job for @worker. */
  PxTaskStatus (*run_job) (gpointer       job_data,
                           guint          worker,
                           guint32        task_id,
                           PxTaskOutcome *out);
  gpointer      job_data;
  /* kind=net: the run's loopback server. */
  guint16       net_port;
} PxKernelContext;

struct _PxTaskOutcome
{
  guint64  result;
  gint64   lock_wait_us;
  gint64   io_wait_us;
  /* Waiting for the simulated GIL, and moving the payload or talking to
   * the parent: each kept apart from lock wait and compute. */
  gint64   gil_wait_us;
  gint64   ipc_us;
  /* Waiting for another worker's signal: an event set, an item notified. */
  gint64   signal_wait_us;
  /* kind=net: the connect, within io_wait_us (the whole request), and
   * the bytes moved both ways. */
  gint64   connect_us;
  guint64  net_bytes;
  char     reason[96];
};

/* Clears @out for a task: its times and result zero, its reason empty.
 * Only the reason's first byte: all 96 zeroed at every task cost as
 * much as an empty task does. */
static inline void
px_task_outcome_clear (PxTaskOutcome *out)
{
  memset (out, 0, G_STRUCT_OFFSET (PxTaskOutcome, reason));
  out->reason[0] = '\0';
}

void          px_kernel_context_prepare (PxKernelContext *ctx);
void          px_kernel_context_clear (PxKernelContext *ctx);
PxTaskStatus  px_kernel_run           (PxKernelContext *ctx,
                                       guint32          task_id,
                                       PxTaskOutcome   *out);
gboolean      px_task_sleep_blocks    (const PxSpec    *spec,
                                       guint32          task_id);
void          px_task_split           (const PxSpec    *spec,
                                       double           iters_per_ms,
                                       guint32          task_id,
                                       guint64         *compute_iterations,
                                       guint64         *wait_us);
void          px_kernel_compute       (PxKernelContext *ctx,
                                       guint32          task_id,
                                       guint64          iterations,
                                       PxTaskOutcome   *out);
void          px_kernel_compute_on    (PxKernelContext *ctx,
                                       guint64         *state,
                                       guint64          iterations,
                                       PxTaskOutcome   *out);
guint64       px_task_amount          (const PxSpec    *spec,
                                       double           iters_per_ms,
                                       guint32          task_id);
guint64       px_task_expected_result (const PxSpec    *spec,
                                       double           iters_per_ms,
                                       guint32          task_id);
double        px_kernels_calibrate    (void);
gboolean      px_clock_read_ns        (clockid_t        clock,
                                       guint64         *ns);
guint64       px_cpu_compute          (guint64          state,
                                       guint64          iterations);
guint64       px_cpu_jump             (guint64          state,
                                       guint64          iterations);
guint64       px_task_seed            (guint64          seed,
                                       guint32          task_id);
void          px_payload_fill         (guint8          *buf,
                                       gsize            n,
                                       guint64          seed,
                                       guint32          task_id);
void          px_payload_stream       (guint8          *buf,
                                       gsize            n,
                                       guint64         *state);
gboolean      px_payload_verify       (const guint8    *buf,
                                       gsize            n,
                                       guint64         *state,
                                       guint64          offset);
void          px_payload_transform    (guint8          *buf,
                                       gsize            n);
gboolean      px_payload_check        (const guint8    *buf,
                                       gsize            n,
                                       guint64          seed,
                                       guint32          task_id);
const char   *px_format_seconds       (char            *buffer,
                                       gsize            size,
                                       double           seconds);
void          px_format_task_timeout  (char            *reason,
                                       gsize            size,
                                       double           timeout_s);

G_END_DECLS
