/* px-run-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <time.h>

#include "px-hosts.h"
#include "px-job.h"
#include "px-kernels.h"
#include "px-queue.h"
#include "px-median.h"
#include "px-net.h"
#include "px-proc-tree.h"
#include "px-protocol.h"
#include "px-run.h"
#include "px-sync.h"

G_BEGIN_DECLS

/* Payload bytes handed to one worker process and not yet answered:
 * chunks are sized by bytes as well as by count, so large payloads never
 * queue more than this in the parent (a GByteArray's length is 32-bit). */
#define PX_MAX_INFLIGHT_BYTES (64u << 20)

/* Per-worker counters: written by one thread only (the worker's own, or
 * the process executor's IO thread), read at any time by observers. Each
 * sits on cache lines of its own, so workers never contend on a count. */
typedef struct __attribute__ ((aligned (64)))
{
  guint      index;
  int        pid;
  int        tid;
  clockid_t  cpu_clock;
  gboolean   has_clock;
  gboolean   tick_fallback;
  guint64    claimed;
  /* Chunks claimed, and the fewest and most tasks in one. */
  guint64    chunks;
  guint      chunk_min;
  guint      chunk_max;
  guint64    tasks_done;
  guint64    tasks_failed;
  guint64    tasks_cancelled;
  guint64    tasks_retried;
  gint64     busy_us;
  gint64     lock_wait_us;
  gint64     io_wait_us;
  gint64     signal_wait_us;
  guint64    cpu_ns_origin;
  guint64    cpu_ns_base;
  guint64    cpu_ns_last;
  guint      restarts;
  /* kind=command: the job running, and the most CPU its process tree
   * was seen to have, so the worker's CPU never goes back when it ends. */
  int        job_pid;
  guint64    job_cpu_seen;
  /* The task id of the job running, plus one; 0: none. */
  guint64    job_task;
  /* launcher=ssh: a worker on another host (its pid is that host's),
   * and its host's index in the run's hosts (-1: this machine). Its CPU
   * comes with its beats: the CPU it had used at the last two, at this
   * machine's time, under the run's lock; and how its clock stands to
   * this machine's (its time minus ours), give or take. */
  gboolean   remote;
  gboolean   elsewhere;
  gint       host;
  gint64     beat_at_us[2];
  guint64    beat_cpu_ns[2];
  gint64     clock_offset_us;
  gint64     clock_error_us;
  /* The name the host of a worker elsewhere gave itself in its hello
   * ("": not told yet), under the run's lock. */
  char       node[PX_NODE_MAX];
} PxWorkerInfo;

/* What executors share with the run; observers go through PxRun. */
typedef struct
{
  PxSpec         spec;
  double         iters_per_ms;
  PxQueue       *queue;
  PxTaskRecord  *records;
  /* Written only where a wait is not zero (px-run-shared.c): untouched,
   * the pages cost no memory; read only once one is written
   * (@has_waits, atomic), as a read maps pages too. */
  PxTaskWaits   *waits;
  gint           has_waits;
  PxWorkerInfo  *workers;
  /* executor=event-loop: each loop's lag and slow callbacks. */
  PxLoopStats   *loop_stats;
  PxSync        *sync;
  PxGil         *gil;
  /* kind=net: the run's server (NULL once stopped, under the lock, its
   * last figures then in net_final), each task's connect time and the
   * bytes the requests moved. */
  PxNetServer   *net_server;
  guint16        net_port;
  PxNetStats     net_final;
  guint32       *net_connect_us;
  guint64        net_bytes;
  char          *tmpdir;
  char          *worker_path;
  /* kind=command: the inputs (NULL: none), the extra environment and
   * how each job ended. */
  char         **inputs;
  char         **job_env;
  PxJobRecord   *jobs;
  /* serve=lines: each slot's serving process, written by its thread. */
  PxJobServer   *servers;
  /* launcher=ssh or srun: each slot's words that start a job on its
   * host (NULL: on this machine), and parallax-worker's path there
   * (px-run-remote-jobs.c). */
  char        ***job_remote;
  char          *job_remote_worker;
  /* When the jobs stop early (halt), and what ended so far. */
  gpointer       job_halt;
  guint          jobs_failed;
  guint          jobs_succeeded;
  gint           halted;
  /* task-timeout-percent: the wall times of the jobs that succeeded,
   * under the lock, and their median in µs, read as jobs run. */
  PxMedian      *job_times;
  gint64         job_median_us;
  /* The last lines each job wrote (JobTails by task id), under the
   * lock, and how many bytes they hold. */
  GHashTable    *job_tails;
  gsize          job_tail_bytes;
  GMutex         lock;
  GHashTable    *reasons;
  GPtrArray     *events;
  guint          cancelled_unclaimed;
  guint          workers_lost;
  gint           cancel_requested;
  gint64         t0;
  gboolean       burst;
  gpointer       executor_data;
  GObject       *owner;
  /* Tests only: a thread worker stops, without looking at cancel or
   * deadline, before the first attempt of this task, until released or
   * for at most this long. */
  guint32        test_stall_task;
  gulong         test_stall_us;
  gint           test_stall_released;
} PxRunShared;

typedef struct
{
  gboolean (*run)    (PxRunShared *shared,
                      GError     **error);
  void     (*cancel) (PxRunShared *shared);
} PxExecutor;

/* A run read back from a report: what observers read of it, since no
 * worker or shared memory is left to ask. */
typedef struct
{
  PxRunCounters     counters;
  PxWorkerSnapshot *workers;
  /* Each worker's node, as the report says ("": none), then NULL. */
  char            **nodes;
  gint64            shared_value;
  PxSignalStats     signal;
} PxRunLoaded;

/* The run object, shared by px-run.c (its life) and px-run-read.c
 * (what observers read). */
struct _PxRun
{
  GObject      parent_instance;

  PxRunShared  shared;
  PxRunState   state;
  gint64       start_us;
  gint64       end_us;
  /* When it started, on the wall clock (µs since the epoch). */
  gint64       start_real_us;
  PxRunLoaded *loaded;
  gboolean     calibrated;
  gboolean     executed;
  gsize        records_size;
  gsize        waits_size;
  /* kind=command: what a sampler keeps open to read each slot's job
   * tree, under watch_lock. */
  PxProcTreeWatch **tree_watches;
  GMutex       watch_lock;
  /* Its PxSummary, once it has ended and nothing in it changes. */
  gpointer     summary;
};

extern const PxExecutor px_thread_executor;
extern const PxExecutor px_process_executor;
extern const PxExecutor px_loop_executor;

guint    _px_run_shared_chunk_max (const PxSpec       *spec);
guint    _px_run_shared_chunk    (PxRunShared         *shared);
void     _px_run_shared_claimed  (PxRunShared         *shared,
                                  guint                worker,
                                  guint                n);
void     _px_run_shared_set_waits (PxRunShared        *shared,
                                   guint               task_id,
                                   gint64              lock_wait_us,
                                   gint64              gil_wait_us,
                                   gint64              signal_wait_us);
void     _px_run_shared_unclaim  (PxRunShared         *shared,
                                  guint                worker,
                                  guint32              task_id);
gboolean _px_run_shared_complete (PxRunShared         *shared,
                                  guint                worker,
                                  guint32              task_id,
                                  guint                attempt,
                                  PxTaskStatus         status,
                                  gint64               start_us,
                                  gint64               end_us,
                                  const PxTaskOutcome *outcome,
                                  const char          *reason);
guint64  _px_run_shared_remote_cpu (PxRunShared       *shared,
                                    PxWorkerInfo      *info,
                                    gint64             now);
void     _px_run_shared_event    (PxRunShared         *shared,
                                  const char          *format,
                                  ...) G_GNUC_PRINTF (2, 3);
gboolean _px_run_shared_cancelled (PxRunShared        *shared);
void     _px_run_shared_fail     (PxRunShared         *shared);
guint64  _px_thread_cpu_ns       (void);
void     _px_run_shared_worker_thread_begin (PxRunShared *shared,
                                             guint        index);
void     _px_run_shared_worker_thread_end   (PxRunShared *shared,
                                             guint        index);
void     _px_run_set_test_stall  (PxRun               *run,
                                  guint32              task_id,
                                  gulong               usec);
void     _px_run_release_test_stall (PxRun            *run);
PxRunShared *_px_run_get_shared  (PxRun               *run);
void     _px_run_set_loaded      (PxRun               *run,
                                  PxRunState           state,
                                  gint64               start_us,
                                  gint64               end_us,
                                  gint64               start_real_us,
                                  PxRunLoaded         *loaded);
gboolean _px_process_executor_parse_input (const guint8 *data,
                                           gsize         size);
guint    _px_run_shared_next_attempt (PxRunShared     *shared,
                                      guint32          task_id);
void     _px_run_shared_stop_servers (PxRunShared     *shared);

/* px-run-transfer.c */
void     _px_run_shared_transfer_worker (PxRunShared      *shared,
                                         const PxHostList *hosts,
                                         const gint       *host_of,
                                         guint             n_slots,
                                         char * const     *ssh_words,
                                         const char       *path);

/* px-run-remote-jobs.c */
gboolean _px_run_shared_remote_jobs_prepare (PxRunShared  *shared,
                                             GError      **error);
gboolean _px_run_shared_jobs_all_remote     (const PxSpec *spec);
void     _px_run_shared_remote_jobs_clear   (PxRunShared  *shared);
void     _px_run_shared_remote_job_ended    (PxRunShared  *shared,
                                             guint         worker,
                                             const PxJobResult *result);
void     _px_run_job_tails_free  (gpointer             tails);
PxTaskStatus _px_run_shared_run_job  (gpointer             shared,
                                      guint                worker,
                                      guint32              task_id,
                                      PxTaskOutcome       *out);

G_END_DECLS
