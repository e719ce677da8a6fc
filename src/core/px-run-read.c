/* px-run-read.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What observers read of a run while it goes on and after: counters,
 * each worker's snapshot (its CPU clock, or its job's process tree), the
 * task and job records, failure reasons and events. Reads are atomic
 * and never stop the workers.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-gtop-source.h"
#include "px-hosts.h"
#include "px-job.h"
#include "px-proc-tree.h"
#include "px-run-private.h"

void
px_run_get_counters (PxRun         *self,
                     PxRunCounters *counters)
{
  PxRunShared *shared = &self->shared;

  g_return_if_fail (PX_IS_RUN (self));

  if (self->loaded != NULL)
    {
      *counters = self->loaded->counters;
      return;
    }
  counters->total = shared->spec.tasks;
  counters->produced = px_queue_get_produced (shared->queue);
  counters->queued = px_queue_get_depth (shared->queue);
  {
    guint64 claimed = 0, ended = 0;

    counters->done = counters->failed = counters->retried = 0;
    counters->cancelled = __atomic_load_n (&shared->cancelled_unclaimed, __ATOMIC_RELAXED);
    for (guint i = 0; i < shared->spec.workers; i++)
      {
        const PxWorkerInfo *w = &shared->workers[i];
        guint64 done = __atomic_load_n (&w->tasks_done, __ATOMIC_RELAXED);
        guint64 failed = __atomic_load_n (&w->tasks_failed, __ATOMIC_RELAXED);
        guint64 cancelled = __atomic_load_n (&w->tasks_cancelled, __ATOMIC_RELAXED);
        guint64 retried = __atomic_load_n (&w->tasks_retried, __ATOMIC_RELAXED);

        counters->done += done;
        counters->failed += failed;
        counters->cancelled += cancelled;
        counters->retried += retried;
        claimed += __atomic_load_n (&w->claimed, __ATOMIC_RELAXED);
        ended += done + failed + cancelled + retried;
      }
    /* Each claimed attempt ends, or is tried again, exactly once. */
    counters->in_flight = claimed > ended ? (guint)(claimed - ended) : 0;
  }

  /* Waiting = enqueued and not started yet, wherever: in the queue, in a
   * thread's claimed chunk or in a worker process's pipe. */
  if (shared->sync != NULL)
    {
      guint64 started = 0;
      guint64 enqueued = counters->produced + counters->retried;

      for (guint i = 0; i < shared->spec.workers; i++)
        started += __atomic_load_n (&px_sync_get_live (shared->sync, i)->started, __ATOMIC_RELAXED);
      counters->waiting = enqueued > started ? (guint)(enqueued - started) : 0;
    }
  else
    {
      counters->waiting = counters->queued;
    }
  if (px_run_get_end_time (self) != 0)
    counters->waiting = 0;
  counters->workers_lost = g_atomic_int_get (&shared->workers_lost);
  {
    gint64 start = px_run_get_start_time (self);
    gint64 end = px_run_get_end_time (self);

    if (start == 0)
      counters->elapsed_us = 0;
    else if (end != 0)
      counters->elapsed_us = end - start;
    else
      counters->elapsed_us = g_get_monotonic_time () - start;
  }
}

/**
 * px_run_get_chunks:
 * @n_chunks: (out) (optional): chunks of tasks claimed by the workers
 * @smallest: (out) (optional): the fewest tasks in one (0 if none)
 * @largest: (out) (optional): the most
 *
 * How the tasks were handed out: with chunk-size=auto, the chunks
 * shrink as the queue empties.
 */
void
px_run_get_chunks (PxRun   *self,
                   guint64 *n_chunks,
                   guint   *smallest,
                   guint   *largest)
{
  guint64 n = 0;
  guint lo = 0, hi = 0;

  g_return_if_fail (PX_IS_RUN (self));

  for (guint i = 0; i < self->shared.spec.workers; i++)
    {
      const PxWorkerInfo *w = &self->shared.workers[i];
      guint64 chunks = __atomic_load_n (&w->chunks, __ATOMIC_ACQUIRE);

      if (chunks == 0)
        continue;
      lo = n == 0 ? w->chunk_min : MIN (lo, w->chunk_min);
      hi = MAX (hi, w->chunk_max);
      n += chunks;
    }
  if (n_chunks != NULL)
    *n_chunks = n;
  if (smallest != NULL)
    *smallest = lo;
  if (largest != NULL)
    *largest = hi;
}

/**
 * px_run_dup_chunk_size_text:
 *
 * The run's chunk-size as a profile writes it ("5000", "auto") and, once
 * tasks were handed out, how: "auto: 312 chunks of 1 to 125000 tasks".
 */
char *
px_run_dup_chunk_size_text (PxRun *self)
{
  const PxSpec *spec;
  g_autofree char *count = NULL;
  guint64 n;
  guint lo, hi;

  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  spec = &self->shared.spec;
  px_run_get_chunks (self, &n, &lo, &hi);
  if (spec->chunk_size != PX_CHUNK_SIZE_AUTO)
    return g_strdup_printf ("%u", spec->chunk_size);
  if (n == 0 || spec->executor == PX_EXECUTOR_EVENT_LOOP)
    return g_strdup ("auto");
  /* TRANSLATORS: chunk-size=auto, then how the tasks were handed out. */
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "auto: %s chunk of %u to %u tasks",
                                       "auto: %s chunks of %u to %u tasks", n),
                          count, lo, hi);
}

guint
px_run_get_n_workers (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), 0);

  return self->shared.spec.workers;
}

/* A wait that burns no CPU: a futex (idle, locks, semaphore, barrier,
 * GIL, an event or condition) or a sleep. file-io's IO state includes copying, so it is not. */
static gboolean
is_cpu_free_wait (PxRun         *self,
                  PxWorkerState  state)
{
  return state == PX_WORKER_IDLE || state == PX_WORKER_LOCK_WAIT ||
         state == PX_WORKER_SIGNAL_WAIT ||
         (state == PX_WORKER_IO_WAIT && self->shared.spec.kind != PX_KIND_FILE_IO);
}

/* Fills @snapshot for worker @index at @now. When @since_us is set and
 * @snapshot holds the reading of that time, a worker that has waited
 * without a break since then keeps its CPU time without a clock read (a
 * system call per worker that may cost a microsecond). */
static void
read_worker (PxRun            *self,
             guint             index,
             gint64            now,
             gint64            since_us,
             PxProcTreeWatch **watch,
             PxWorkerSnapshot *snapshot)
{
  PxWorkerInfo *info = &self->shared.workers[index];
  PxLiveReading reading = { PX_WORKER_IDLE, 0, { 0 } };
  gboolean have_live = self->shared.sync != NULL;
  gboolean unchanged;
  guint64 cpu_ns;

  snapshot->rss_bytes = 0;
  if (have_live)
    {
      PxWorkerLive *live = px_sync_get_live (self->shared.sync, index);

      px_live_read (live, now, &reading);
      snapshot->rss_bytes = self->shared.spec.executor == PX_EXECUTOR_PROCESSES
                            ? __atomic_load_n (&live->rss_bytes, __ATOMIC_RELAXED) : 0;
    }

  unchanged = since_us > 0 && have_live && is_cpu_free_wait (self, reading.state) &&
              reading.phase_start_us > 0 && reading.phase_start_us <= since_us &&
              snapshot->pid == __atomic_load_n (&info->pid, __ATOMIC_RELAXED);

  if (!unchanged)
    {
      cpu_ns = __atomic_load_n (&info->cpu_ns_last, __ATOMIC_RELAXED);

      /* A slot of jobs only waits for its job: what it uses is its job
       * tree's, read below, not its thread's, which is not read. */
      if (self->shared.jobs == NULL && __atomic_load_n (&info->has_clock, __ATOMIC_ACQUIRE))
        {
          guint64 clock_ns;

          if (px_clock_read_ns (info->cpu_clock, &clock_ns) && clock_ns >= info->cpu_ns_origin)
            cpu_ns = MAX (cpu_ns, clock_ns - info->cpu_ns_origin);
        }
      /* On another host: between its last two beats, a beat behind. */
      else if (__atomic_load_n (&info->remote, __ATOMIC_ACQUIRE))
        cpu_ns = MAX (cpu_ns, _px_run_shared_remote_cpu (&self->shared, info, now));
      else if (__atomic_load_n (&info->tick_fallback, __ATOMIC_RELAXED))
        {
          int pid = __atomic_load_n (&info->pid, __ATOMIC_RELAXED);

          /* 10 ms ticks: coarse, but better than nothing between reports. */
          if (pid > 0)
            cpu_ns = MAX (cpu_ns, px_gtop_get_proc_cpu_ns (pid));
        }
      snapshot->cpu_ns = __atomic_load_n (&info->cpu_ns_base, __ATOMIC_RELAXED) + cpu_ns;

      /* A job's process tree, as it runs; what it was seen to use stays
       * counted when it ends, until its own account takes over. */
      if (self->shared.jobs != NULL)
        {
          int job = __atomic_load_n (&info->job_pid, __ATOMIC_ACQUIRE);
          PxProcTree tree;

          snapshot->job_rss_bytes = 0;
          /* A sampler reads the same trees again and again: it keeps
           * their files open. */
          if (watch != NULL && (job <= 0 || (*watch != NULL &&
                                              px_proc_tree_watch_get_root (*watch) != job)))
            g_clear_pointer (watch, px_proc_tree_watch_free);
          if (watch != NULL && job > 0 && *watch == NULL)
            *watch = px_proc_tree_watch_new (job);
          if (job > 0 &&
              (watch != NULL ? px_proc_tree_watch_read (*watch, now, &tree)
                             : px_proc_tree_read (job, &tree)) &&
              __atomic_load_n (&info->job_pid, __ATOMIC_ACQUIRE) == job)
            {
              guint64 seen = __atomic_load_n (&info->job_cpu_seen, __ATOMIC_RELAXED);

              seen = MAX (seen, tree.cpu_ns);
              __atomic_store_n (&info->job_cpu_seen, seen, __ATOMIC_RELAXED);
              snapshot->cpu_ns += seen;
              snapshot->job_rss_bytes = tree.rss_bytes;
            }
        }
    }

  snapshot->index = index;
  snapshot->host = __atomic_load_n (&info->host, __ATOMIC_RELAXED);
  snapshot->elsewhere = __atomic_load_n (&info->elsewhere, __ATOMIC_RELAXED);
  snapshot->clock_offset_us = __atomic_load_n (&info->clock_offset_us, __ATOMIC_RELAXED);
  snapshot->clock_error_us = __atomic_load_n (&info->clock_error_us, __ATOMIC_RELAXED);
  snapshot->pid = __atomic_load_n (&info->pid, __ATOMIC_RELAXED);
  snapshot->tid = __atomic_load_n (&info->tid, __ATOMIC_RELAXED);
  snapshot->tasks_done = __atomic_load_n (&info->tasks_done, __ATOMIC_RELAXED);
  /* Attempts that failed on this worker, whether tried again or not. */
  snapshot->tasks_failed = __atomic_load_n (&info->tasks_failed, __ATOMIC_RELAXED) +
                           __atomic_load_n (&info->tasks_retried, __ATOMIC_RELAXED);
  snapshot->busy_us = __atomic_load_n (&info->busy_us, __ATOMIC_RELAXED);
  snapshot->lock_wait_us = __atomic_load_n (&info->lock_wait_us, __ATOMIC_RELAXED);
  snapshot->io_wait_us = __atomic_load_n (&info->io_wait_us, __ATOMIC_RELAXED);
  snapshot->signal_wait_us = __atomic_load_n (&info->signal_wait_us, __ATOMIC_RELAXED);
  snapshot->restarts = __atomic_load_n (&info->restarts, __ATOMIC_RELAXED);
  snapshot->job = (gint64)__atomic_load_n (&info->job_task, __ATOMIC_ACQUIRE) - 1;
  snapshot->state = px_run_get_end_time (self) ? PX_WORKER_IDLE : reading.state;
  memcpy (snapshot->time_us, reading.time_us, sizeof snapshot->time_us);
}

void
px_run_get_worker (PxRun            *self,
                   guint             index,
                   PxWorkerSnapshot *snapshot)
{
  g_return_if_fail (PX_IS_RUN (self));
  g_return_if_fail (index < self->shared.spec.workers);

  if (self->loaded != NULL)
    {
      *snapshot = self->loaded->workers[index];
      return;
    }
  {
    gint64 end = px_run_get_end_time (self);

    read_worker (self, index, end ? end : g_get_monotonic_time (), 0, NULL, snapshot);
  }
}

/**
 * px_run_dup_worker_node:
 *
 * Returns: (nullable): the name the host of worker @index gave itself,
 *   for a worker on another machine (launcher=ssh or srun) once it said
 *   hello; NULL otherwise.
 */
char *
px_run_dup_worker_node (PxRun *self,
                        guint  index)
{
  char *node = NULL;

  g_return_val_if_fail (PX_IS_RUN (self), NULL);
  g_return_val_if_fail (index < self->shared.spec.workers, NULL);

  if (self->loaded != NULL)
    {
      if (self->loaded->nodes != NULL && self->loaded->nodes[index][0] != '\0')
        node = g_strdup (self->loaded->nodes[index]);
      return node;
    }
  g_mutex_lock (&self->shared.lock);
  if (self->shared.workers[index].node[0] != '\0')
    node = g_strdup (self->shared.workers[index].node);
  g_mutex_unlock (&self->shared.lock);
  return node;
}

/**
 * px_run_dup_worker_host:
 *
 * Returns: (nullable): the host worker @index ran on as the profile's
 *   hosts name it ("user@host:port"); under srun, the node it ran on, as
 *   its host named itself; NULL on this machine, or under srun before
 *   the worker said where it was.
 */
char *
px_run_dup_worker_host (PxRun *self,
                        guint  index)
{
  g_autoptr(PxHostList) hosts = NULL;
  PxWorkerSnapshot snapshot;

  g_return_val_if_fail (PX_IS_RUN (self), NULL);
  g_return_val_if_fail (index < self->shared.spec.workers, NULL);

  if (self->shared.spec.launcher == PX_LAUNCHER_SRUN)
    return px_run_dup_worker_node (self, index);
  if (self->loaded != NULL)
    snapshot.host = self->loaded->workers[index].host;
  else
    snapshot.host = __atomic_load_n (&self->shared.workers[index].host, __ATOMIC_RELAXED);
  if (snapshot.host < 0 || self->shared.spec.launcher != PX_LAUNCHER_SSH)
    return NULL;
  hosts = px_host_list_parse (self->shared.spec.hosts, NULL);
  if (hosts == NULL || (guint)snapshot.host >= hosts->n_hosts ||
      hosts->hosts[snapshot.host].name == NULL)
    return NULL;
  return px_host_describe (&hosts->hosts[snapshot.host]);
}

/**
 * px_run_update_workers:
 * @self: a #PxRun
 * @snapshots: (inout caller-allocates): one per worker, as the previous
 *   call left them (zeroed before the first)
 * @since_us: when the previous call was made, or 0
 *
 * Reads every worker at one instant: what a sampler wants. Returns the
 * time of the reading, to pass as @since_us next time.
 */
gint64
px_run_update_workers (PxRun            *self,
                       PxWorkerSnapshot *snapshots,
                       gint64            since_us)
{
  gint64 now;

  g_return_val_if_fail (PX_IS_RUN (self), 0);

  now = px_run_get_end_time (self);
  if (now == 0)
    now = g_get_monotonic_time ();
  if (self->loaded != NULL)
    {
      memcpy (snapshots, self->loaded->workers,
              self->shared.spec.workers * sizeof (PxWorkerSnapshot));
      return now;
    }
  g_mutex_lock (&self->watch_lock);
  if (self->tree_watches == NULL && self->shared.jobs != NULL)
    self->tree_watches = g_new0 (PxProcTreeWatch *, self->shared.spec.workers);
  for (guint i = 0; i < self->shared.spec.workers; i++)
    read_worker (self, i, now, since_us,
                 self->tree_watches != NULL ? &self->tree_watches[i] : NULL, &snapshots[i]);
  g_mutex_unlock (&self->watch_lock);

  return now;
}

const PxTaskRecord *
px_run_get_records (PxRun *self,
                    guint *n_records)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  if (n_records)
    *n_records = self->shared.spec.tasks;
  return self->shared.records;
}

/* The lock, GIL and signal waits of each task, by task id: all zeros
 * for a task (or a run) that had none. */
const PxTaskWaits *
px_run_get_task_waits (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  return self->shared.waits;
}

/* Whether any task of the run had a lock, GIL or signal wait: if not,
 * px_run_get_task_waits () is all zeros, and a reader of every task can
 * leave it unread (reading a million tasks' waits added 9 MB to a
 * report's peak RSS here). */
gboolean
px_run_has_task_waits (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), FALSE);

  return __atomic_load_n (&self->shared.has_waits, __ATOMIC_ACQUIRE);
}

/* How each job of a kind=command run ended, by task id; NULL for other
 * kinds. A job that has not ended is all zeros. */
const PxJobRecord *
px_run_get_job_records (PxRun *self,
                        guint *n_records)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  if (n_records)
    *n_records = self->shared.jobs != NULL ? self->shared.spec.tasks : 0;
  return self->shared.jobs;
}

/* Task @task_id's job number: its {#} and its joblog's Seq. */
guint32
px_run_get_job_number (PxRun   *self,
                       guint32  task_id)
{
  g_return_val_if_fail (PX_IS_RUN (self), 0);

  if (self->shared.spec.job_numbers != NULL && task_id < self->shared.spec.tasks)
    return self->shared.spec.job_numbers[task_id];
  return task_id + 1;
}

/* Task @task_id's input, or NULL when the run has no inputs. */
const char *
px_run_get_input (PxRun   *self,
                  guint32  task_id)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  if (self->shared.inputs == NULL || task_id >= self->shared.spec.tasks)
    return NULL;
  return self->shared.inputs[task_id];
}

/**
 * px_run_dup_job_command:
 * @slot: the worker slot that runs it, from 0
 *
 * Task @task_id's command line as its job runs it on @slot, its
 * placeholders filled in, quoted as a shell would read it back; for a
 * serving command, the command that serves it (its input goes as a
 * line). NULL for other kinds.
 */
char *
px_run_dup_job_command (PxRun   *self,
                        guint32  task_id,
                        guint    slot)
{
  const PxSpec *spec;
  g_auto(GStrv) argv = NULL;

  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  spec = &self->shared.spec;
  if (self->shared.jobs == NULL || task_id >= spec->tasks || spec->command == NULL)
    return NULL;
  argv = px_job_expand (spec->command, spec->shell,
                        self->shared.servers == NULL ? px_run_get_input (self, task_id) : NULL,
                        px_run_get_job_number (self, task_id), slot + 1, NULL);
  if (argv == NULL)
    return NULL;
  /* The shell's script is what the user wrote. */
  if (spec->shell && g_strv_length (argv) >= 3)
    return g_strdup (argv[2]);
  return px_job_format_argv (argv);
}

char *
px_run_dup_failure_reason (PxRun   *self,
                           guint32  task_id)
{
  char *reason;

  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  g_mutex_lock (&self->shared.lock);
  reason = g_strdup (g_hash_table_lookup (self->shared.reasons, GUINT_TO_POINTER (task_id)));
  g_mutex_unlock (&self->shared.lock);
  return reason;
}

char **
px_run_dup_events (PxRun *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **events;

  g_mutex_lock (&self->shared.lock);
  for (guint i = 0; i < self->shared.events->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->shared.events, i));
  g_mutex_unlock (&self->shared.lock);

  events = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return events;
}

gint64
px_run_get_start_time (PxRun *self)
{
  return __atomic_load_n (&self->start_us, __ATOMIC_ACQUIRE);
}

gint64
px_run_get_end_time (PxRun *self)
{
  return __atomic_load_n (&self->end_us, __ATOMIC_ACQUIRE);
}

gint64
px_run_get_shared_value (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), 0);

  if (self->loaded != NULL)
    return self->loaded->shared_value;
  return self->shared.sync ? px_sync_get_shared (self->shared.sync) : 0;
}

/* The most workers inside the semaphore at once (kind=semaphore), as
 * the semaphore counted them; 0 for a run read back from a report. */
guint
px_run_get_semaphore_peak (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), 0);

  return self->loaded == NULL && self->shared.sync != NULL
         ? px_sync_get_semaphore_peak (self->shared.sync) : 0;
}

/* What the workers' signals did (kind=event, kind=condition). */
void
px_run_get_signal_stats (PxRun         *self,
                         PxSignalStats *stats)
{
  g_return_if_fail (PX_IS_RUN (self));

  memset (stats, 0, sizeof *stats);
  if (self->loaded != NULL)
    *stats = self->loaded->signal;
  else if (self->shared.sync != NULL)
    px_sync_get_signal_stats (self->shared.sync, stats);
}

/* When the run started on the wall clock, in µs since the epoch; 0 if
 * it has not started, or a report read back did not say. */
gint64
px_run_get_start_real_time (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), 0);

  return self->start_real_us;
}

/* Whether the run was read back from a report rather than carried out. */
gboolean
px_run_get_loaded (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), FALSE);

  return self->loaded != NULL;
}

/* Makes a run that was never carried out the finished run a report
 * describes: its records and events are written through its shared
 * state by the reader; @loaded (taken) answers the rest. */
void
_px_run_set_loaded (PxRun       *self,
                    PxRunState   state,
                    gint64       start_us,
                    gint64       end_us,
                    gint64       start_real_us,
                    PxRunLoaded *loaded)
{
  g_return_if_fail (PX_IS_RUN (self));
  g_return_if_fail (!self->executed && self->loaded == NULL);

  self->loaded = loaded;
  self->executed = TRUE;
  self->start_real_us = start_real_us;
  self->shared.t0 = start_us;
  __atomic_store_n (&self->start_us, start_us, __ATOMIC_RELEASE);
  __atomic_store_n (&self->end_us, end_us, __ATOMIC_RELEASE);
  g_atomic_int_set (&self->state, state);
}

/**
 * px_run_get_loop_stats:
 *
 * Event loop @worker's own account of its lag and slow callbacks; FALSE
 * for a run of another executor, or read back from a report.
 */
gboolean
px_run_get_loop_stats (PxRun       *self,
                       guint        worker,
                       PxLoopStats *stats)
{
  const PxLoopStats *from;

  g_return_val_if_fail (PX_IS_RUN (self), FALSE);

  if (self->shared.spec.executor != PX_EXECUTOR_EVENT_LOOP || self->shared.loop_stats == NULL ||
      worker >= self->shared.spec.workers)
    return FALSE;
  from = &self->shared.loop_stats[worker];
  stats->lag_us = __atomic_load_n (&from->lag_us, __ATOMIC_RELAXED);
  stats->lag_max_us = __atomic_load_n (&from->lag_max_us, __ATOMIC_RELAXED);
  stats->lag_sum_us = __atomic_load_n (&from->lag_sum_us, __ATOMIC_RELAXED);
  stats->probes = __atomic_load_n (&from->probes, __ATOMIC_RELAXED);
  stats->slow_callbacks = __atomic_load_n (&from->slow_callbacks, __ATOMIC_RELAXED);
  stats->in_flight = __atomic_load_n (&from->in_flight, __ATOMIC_RELAXED);
  stats->in_flight_max = __atomic_load_n (&from->in_flight_max, __ATOMIC_RELAXED);
  stats->probe_due_us = __atomic_load_n (&from->probe_due_us, __ATOMIC_RELAXED);
  stats->lag_peak_us = __atomic_load_n (&from->lag_peak_us, __ATOMIC_RELAXED);
  return TRUE;
}

/**
 * px_run_take_loop_lag:
 * @now_us: the time of the reading
 *
 * Event loop @worker's lag now, for a live graph: the most its probes
 * found since the last reading (which this one starts again), or how
 * late its next probe already is, if the loop is held now; -1 for a run
 * of another executor. One reader (the run's sampler) should take it.
 */
gint64
px_run_take_loop_lag (PxRun  *self,
                      guint   worker,
                      gint64  now_us)
{
  PxLoopStats *stats;
  gint64 peak, due;

  g_return_val_if_fail (PX_IS_RUN (self), -1);

  if (self->shared.spec.executor != PX_EXECUTOR_EVENT_LOOP || self->shared.loop_stats == NULL ||
      worker >= self->shared.spec.workers)
    return -1;
  stats = &self->shared.loop_stats[worker];
  peak = __atomic_exchange_n (&stats->lag_peak_us, 0, __ATOMIC_RELAXED);
  due = __atomic_load_n (&stats->probe_due_us, __ATOMIC_RELAXED);
  /* A loop with no task waits for one: nothing of its is late. */
  if (__atomic_load_n (&stats->in_flight, __ATOMIC_RELAXED) == 0)
    due = 0;
  return MAX (peak, due > 0 ? now_us - due : 0);
}

/**
 * px_run_get_net_stats:
 * @stats: (out): what the server did: live while it runs, its last
 *   figures once it stopped
 * @bytes: (out) (optional): the bytes the requests moved, both ways
 *
 * FALSE for a run of another kind, or one that has not started.
 */
gboolean
px_run_get_net_stats (PxRun      *self,
                      PxNetStats *stats,
                      guint64    *bytes)
{
  PxRunShared *shared;

  g_return_val_if_fail (PX_IS_RUN (self), FALSE);

  shared = &self->shared;
  if (shared->spec.kind != PX_KIND_NET || shared->net_connect_us == NULL)
    return FALSE;
  g_mutex_lock (&shared->lock);
  if (shared->net_server != NULL)
    px_net_server_read (shared->net_server, stats);
  else
    *stats = shared->net_final;
  g_mutex_unlock (&shared->lock);
  if (bytes != NULL)
    *bytes = __atomic_load_n (&shared->net_bytes, __ATOMIC_RELAXED);
  return TRUE;
}

/**
 * px_run_get_connect_times:
 *
 * Returns: (nullable): kind=net: each task's connect time in µs, by
 *   task id (read with its record, once the task ended); %NULL for
 *   other runs
 */
const guint32 *
px_run_get_connect_times (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  return self->shared.net_connect_us;
}
