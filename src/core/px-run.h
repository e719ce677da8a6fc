/* px-run.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-net.h"
#include "px-types.h"

G_BEGIN_DECLS

/* An event loop's own account: how late its lag probe ran last and at
 * most, their sum and count (for a mean), its slow callbacks, and the
 * tasks in flight on it. Written by the loop, read by anyone. */
typedef struct
{
  gint64  lag_us;
  gint64  lag_max_us;
  gint64  lag_sum_us;
  guint64 probes;
  guint   slow_callbacks;
  guint   in_flight;
  guint   in_flight_max;
  /* For a live reading: when the next probe is due (a loop held past it
   * is late by now), and the most lag since the last reading. */
  gint64  probe_due_us;
  gint64  lag_peak_us;
} PxLoopStats;

/* One task's timing, in microseconds on CLOCK_MONOTONIC (the clock of
 * g_get_monotonic_time(), shared by the parent and worker processes).
 * 40 bytes: a million-task run keeps a million of them. */
typedef struct
{
  gint64   enqueue_us;
  gint64   start_us;
  gint64   end_us;
  guint32  io_wait_us;
  /* Payload handling and round trips to the parent. */
  guint32  ipc_us;
  guint16  worker;
  guint8   attempt;
  guint8   status;
  guint8   tries;
} PxTaskRecord;

/* The waits only some workloads have, beside the records, one for each
 * task: a run that has none of them never touches their memory. */
typedef struct
{
  guint32  lock_wait_us;
  guint32  gil_wait_us;
  /* Waiting for another worker's signal (kind=event, kind=condition). */
  guint32  signal_wait_us;
} PxTaskWaits;

/* How a job of kind=command ended, as the kernel accounts for it. */
typedef struct
{
  /* -1 when a signal ended it, or it did not start. */
  gint32   exit_status;
  gint32   signal;
  gint32   pid;
  gboolean timed_out;
  gint64   user_us;
  gint64   system_us;
  gint64   max_rss_bytes;
  guint64  out_bytes;
  guint64  err_bytes;
} PxJobRecord;

typedef struct
{
  guint   total;
  guint   produced;
  guint   queued;
  guint   waiting;
  guint   in_flight;
  guint   done;
  guint   failed;
  guint   cancelled;
  guint   retried;
  guint   workers_lost;
  gint64  elapsed_us;
} PxRunCounters;

typedef struct
{
  guint    index;
  int      pid;
  int      tid;
  guint64  tasks_done;
  guint64  tasks_failed;
  gint64   busy_us;
  gint64   lock_wait_us;
  gint64   io_wait_us;
  gint64   signal_wait_us;
  guint64  cpu_ns;
  guint    restarts;
  /* kind=command: the task id of the job running, or -1, and the
   * resident memory of its process tree (0: not read). */
  gint64   job;
  guint64  job_rss_bytes;
  /* A worker process's resident memory as it last read it itself (0:
   * not read; threads share the parent's). */
  guint64  rss_bytes;
  PxWorkerState state;
  gint64   time_us[PX_WORKER_N_STATES];
  /* launcher=ssh: the index of its host in the profile's hosts, -1 on
   * this machine; its pid is then that host's, and its clock stood to
   * this machine's as its time minus ours, give or take the error. */
  gint     host;
  gint64   clock_offset_us;
  gint64   clock_error_us;
  /* On another machine (ssh, or srun with no host named): its pid is
   * not one of this machine's. */
  gboolean elsewhere;
} PxWorkerSnapshot;

typedef enum
{
  PX_RUN_READY,
  PX_RUN_RUNNING,
  PX_RUN_FINISHED,
  PX_RUN_CANCELLED,
  PX_RUN_ERROR,
} PxRunState;

#define PX_TYPE_RUN (px_run_get_type ())

G_DECLARE_FINAL_TYPE (PxRun, px_run, PX, RUN, GObject)

PxRun              *px_run_new                 (const PxSpec      *spec);
const PxSpec       *px_run_get_spec            (PxRun             *self);
void                px_run_set_worker_path     (PxRun             *self,
                                                const char        *path);
void                px_run_set_calibration     (PxRun             *self,
                                                double             iters_per_ms);
double              px_run_get_calibration     (PxRun             *self);
gboolean            px_run_execute             (PxRun             *self,
                                                GError           **error);
void                px_run_execute_async       (PxRun             *self,
                                                GCancellable      *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer           user_data);
gboolean            px_run_execute_finish      (PxRun             *self,
                                                GAsyncResult      *result,
                                                GError           **error);
void                px_run_cancel              (PxRun             *self);
PxRunState          px_run_get_state           (PxRun             *self);
void                px_run_get_counters        (PxRun             *self,
                                                PxRunCounters     *counters);
guint               px_run_get_n_workers       (PxRun             *self);
void                px_run_get_chunks          (PxRun             *self,
                                                guint64           *n_chunks,
                                                guint             *smallest,
                                                guint             *largest);
char               *px_run_dup_chunk_size_text (PxRun             *self);
void                px_run_get_worker          (PxRun             *self,
                                                guint              index,
                                                PxWorkerSnapshot  *snapshot);
char               *px_run_dup_worker_host     (PxRun             *self,
                                                guint              index);
char               *px_run_dup_worker_node     (PxRun             *self,
                                                guint              index);
gint64              px_run_update_workers      (PxRun             *self,
                                                PxWorkerSnapshot  *snapshots,
                                                gint64             since_us);
const PxTaskWaits  *px_run_get_task_waits      (PxRun             *self);
gboolean            px_run_has_task_waits      (PxRun             *self);
const PxTaskRecord *px_run_get_records         (PxRun             *self,
                                                guint             *n_records);
const PxJobRecord  *px_run_get_job_records     (PxRun             *self,
                                                guint             *n_records);
const char         *px_run_get_input           (PxRun             *self,
                                                guint32            task_id);
guint32             px_run_get_job_number      (PxRun             *self,
                                                guint32            task_id);
char               *px_run_dup_failure_reason  (PxRun             *self,
                                                guint32            task_id);
char               *px_run_dup_job_command     (PxRun             *self,
                                                guint32            task_id,
                                                guint              slot);
gboolean            px_run_dup_job_output      (PxRun             *self,
                                                guint32            task_id,
                                                char             **out,
                                                char             **err);
char              **px_run_dup_events          (PxRun             *self);
gint64              px_run_get_start_time      (PxRun             *self);
gint64              px_run_get_end_time        (PxRun             *self);
gint64              px_run_get_start_real_time (PxRun             *self);
gboolean            px_run_get_loaded          (PxRun             *self);
gint64              px_run_get_shared_value    (PxRun             *self);
gint64              px_run_take_loop_lag       (PxRun             *self,
                                                guint              worker,
                                                gint64             now_us);
guint               px_run_get_semaphore_peak  (PxRun             *self);
void                px_run_get_signal_stats    (PxRun             *self,
                                                PxSignalStats     *stats);
char               *px_find_worker_binary      (void);
char               *px_find_helper_binary      (const char        *name);

gboolean            px_run_get_loop_stats      (PxRun             *self,
                                                guint              worker,
                                                PxLoopStats       *stats);
gboolean            px_run_get_net_stats       (PxRun             *self,
                                                PxNetStats        *stats,
                                                guint64           *bytes);
const guint32      *px_run_get_connect_times   (PxRun             *self);

G_END_DECLS
