/* px-types.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PX_MAX_WORKERS 256
#define PX_MAX_TASKS   10000000u

typedef enum
{
  PX_EXECUTOR_THREADS,
  PX_EXECUTOR_PROCESSES,
  /* One thread a worker, each running a loop of many tasks that await,
   * as asyncio does. */
  PX_EXECUTOR_EVENT_LOOP,
} PxExecutorKind;

typedef enum
{
  PX_KIND_CPU,
  PX_KIND_SLEEP,
  PX_KIND_FILE_IO,
  PX_KIND_MEMORY,
  PX_KIND_LOCK,
  PX_KIND_SEMAPHORE,
  PX_KIND_BARRIER,
  PX_KIND_SHARED_UPDATE,
  PX_KIND_MIXED,
  PX_KIND_COMMAND,
  /* A request to a loopback server that the run starts. */
  PX_KIND_NET,
  /* Worker 0 sets an event every event-every tasks; the others wait for
   * it before each task (threading.Event). */
  PX_KIND_EVENT,
  /* Worker 0 produces an item a task and notifies; the others wait on the
   * condition for an item before each task (threading.Condition). */
  PX_KIND_CONDITION,
} PxTaskKind;

typedef enum
{
  PX_JITTER_NONE,
  PX_JITTER_UNIFORM,
  PX_JITTER_EXPONENTIAL,
} PxJitter;

typedef enum
{
  PX_ARRIVAL_BURST,
  PX_ARRIVAL_RATE,
} PxArrival;

typedef enum
{
  PX_SPAWN_POOL,
  PX_SPAWN_PER_TASK,
} PxSpawn;

/* How worker processes are started: here, through ssh on hosts, or as
 * Slurm job steps where Slurm places them. */
typedef enum
{
  PX_LAUNCHER_LOCAL,
  PX_LAUNCHER_SSH,
  PX_LAUNCHER_SRUN,
} PxLauncher;

/* How a command serves its tasks: a job each, or one process a slot
 * answering a line a task. */
typedef enum
{
  PX_SERVE_NONE,
  PX_SERVE_LINES,
} PxServe;

/* What workers signalling each other did over a run (kind=event and
 * kind=condition): sets of the event and waits that blocked on it;
 * items produced, notifies, wakeups from a condition wait, and those that
 * found no item and waited again (futile: the thundering herd of
 * notify_all); the most items waiting at once, and those left over. */
typedef struct
{
  guint64 event_sets;
  guint64 event_waits;
  guint64 items;
  guint64 notifies;
  guint64 wakeups;
  guint64 futile_wakeups;
  guint64 items_max;
  guint64 items_left;
} PxSignalStats;

/* What a worker is doing; also the categories of its time breakdown. */
typedef enum
{
  PX_WORKER_IDLE,
  PX_WORKER_COMPUTING,
  PX_WORKER_LOCK_WAIT,
  PX_WORKER_IO_WAIT,
  PX_WORKER_IPC,
  /* Waiting for an event to be set or a condition to be notified. */
  PX_WORKER_SIGNAL_WAIT,
  PX_WORKER_N_STATES,
} PxWorkerState;

typedef enum
{
  PX_TASK_PENDING,
  PX_TASK_DONE,
  PX_TASK_FAILED,
  PX_TASK_CANCELLED,
} PxTaskStatus;

/* The workload a profile describes. Plain data: copied into a run. */
/* chunk-size=auto: large chunks first, smaller as the queue empties. */
#define PX_CHUNK_SIZE_AUTO 0

typedef struct
{
  char           *name;
  char           *description;
  PxExecutorKind  executor;
  guint           workers;
  /* executor=event-loop: tasks in flight on a loop at once (0: no
   * limit), and how long a callback may hold its loop before it is
   * called slow, in ms. */
  guint           concurrency;
  double          slow_callback_ms;
  guint           tasks;
  PxTaskKind      kind;
  double          task_ms;
  guint64         task_iterations;
  PxJitter        jitter;
  /* Tasks handed out at a time; PX_CHUNK_SIZE_AUTO picks them as it
   * goes (px_run_shared_chunk()). */
  guint           chunk_size;
  guint           payload_bytes;
  gboolean        gil;
  PxArrival       arrival;
  double          rate;
  guint           queue_capacity;
  PxSpawn         spawn;
  /* launcher=ssh: the hosts (px-hosts.h's syntax), the ssh command and
   * the worker's path there (empty: the same as here); with srun, that
   * path too. */
  PxLauncher      launcher;
  char           *hosts;
  char           *ssh;
  char           *remote_worker;
  /* launcher=ssh: copy parallax-worker to hosts that lack it. */
  gboolean        transfer;
  /* launcher=srun: the srun command. */
  char           *srun;
  guint           retries;
  double          task_timeout;
  /* kind=command: a limit that follows the median of the jobs that
   * succeeded so far, in percent of it (0: none). */
  double          task_timeout_percent;
  double          worker_timeout;
  guint64         seed;
  double          lock_fraction;
  guint           semaphore_limit;
  guint           barrier_every;
  /* kind=sleep: every Nth task computes for its length instead (0: none),
   * the task that blocks an event loop. */
  guint           block_every;
  /* kind=event: the setter's tasks between sets, and whether each set is
   * cleared again (a go signal a set) or stays (a start gate). */
  guint           event_every;
  gboolean        event_clear;
  /* kind=condition: wake every waiter for each item, or one. */
  gboolean        notify_all;
  guint           updates;
  guint           file_bytes;
  guint           memory_bytes;
  double          cpu_fraction;
  /* kind=net: the server's latency a request (spread by jitter), the
   * reply's size, and the requests it serves at once (0: any). */
  double          server_latency_ms;
  guint           response_bytes;
  guint           server_concurrency;
  guint           repetitions;
  guint           warmup;
  guint           history;
  guint           interval_ms;
  /* kind=command: a user's command run as a job a task. */
  char           *command;
  gboolean        shell;
  char           *inputs;
  /* A file of inputs, one a line, in place of inputs. */
  char           *inputs_file;
  char           *workdir;
  char           *env;
  double          kill_grace;
  char           *results;
  char           *halt;
  PxServe         serve;
  /* Inputs given as a list (the command line's ::: and ::::), not a
   * profile key; when set, they are the jobs' inputs. */
  char          **input_list;
  /* The jobs' numbers ({#}, the joblog's Seq), tasks of them, when they
   * are not 1 to tasks (a resumed run); NULL otherwise. */
  guint32        *job_numbers;
  /* Print each job's output whole when it ends (the command line's
   * --output), not a profile key either. */
  gboolean        print_output;
} PxSpec;

void        px_spec_copy          (PxSpec       *dest,
                                   const PxSpec *src);
void        px_spec_clear         (PxSpec       *spec);
const char *px_executor_kind_name (PxExecutorKind kind);
const char *px_task_kind_name     (PxTaskKind    kind);
const char *px_task_status_name   (PxTaskStatus  status);
const char *px_worker_state_name  (PxWorkerState state);
gboolean    px_kind_is_compute    (PxTaskKind    kind);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PxSpec, px_spec_clear)

G_END_DECLS
