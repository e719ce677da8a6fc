/* px-run-shared.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the executors call while a run goes on: claiming tasks, handing
 * them back, recording how each attempt ended (retrying it or not), the
 * run's events, and cancelling from inside. Every per-worker counter
 * has one writer, the thread that runs the worker; readers (the
 * sampler, the window) read them atomically and never stop it.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-job.h"
#include "px-run-private.h"

gboolean
_px_run_shared_cancelled (PxRunShared *shared)
{
  return g_atomic_int_get (&shared->cancel_requested) != 0;
}

/* Stops the run from inside, as a cancel does: an executor that cannot
 * go on calls it. */
void
_px_run_shared_fail (PxRunShared *shared)
{
  g_atomic_int_set (&shared->cancel_requested, 1);
  px_sync_cancel (shared->sync);
  px_queue_close (shared->queue);
}

guint
_px_run_shared_next_attempt (PxRunShared *shared,
                             guint32      task_id)
{
  /* Counted by the parent: nothing a worker reports can reset it. */
  return shared->records[task_id].tries;
}

void
_px_run_shared_event (PxRunShared *shared,
                      const char  *format,
                      ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_mutex_lock (&shared->lock);
  g_ptr_array_add (shared->events, text);
  g_mutex_unlock (&shared->lock);
}

/* A counter with one writer: a plain load and store, atomic only so that
 * readers never see a torn value. */
#define BUMP(slot, delta) \
  __atomic_store_n ((slot), __atomic_load_n ((slot), __ATOMIC_RELAXED) + (delta), __ATOMIC_RELAXED)

/* The most tasks a chunk holds: chunk-size, or for chunk-size=auto the
 * chunks of Python's Pool.map (the tasks in four chunks a worker,
 * rounded up), at most AUTO_CHUNK_MAX. Larger chunks save nothing more:
 * handing one out costs a few microseconds, while a chunk's frames and
 * the bookkeeping of its tasks in flight stop fitting in the caches
 * (measured on a million empty tasks: chunks of 100000 ran 1.7 times
 * slower than chunks of 2048). */
#define AUTO_CHUNK_MAX 2048

guint
_px_run_shared_chunk_max (const PxSpec *spec)
{
  guint workers = MAX (spec->workers, 1);

  if (spec->chunk_size != PX_CHUNK_SIZE_AUTO)
    return spec->chunk_size;
  return CLAMP ((spec->tasks + 4 * workers - 1) / (4 * workers), 1, AUTO_CHUNK_MAX);
}

/* How many tasks to claim now. chunk-size=auto schedules as OpenMP's
 * "guided" does: each chunk a share of the tasks still to hand out (half
 * of an even share a worker), at most Pool.map's chunk, so chunks are
 * large while much remains, cost little to hand out, and shrink to
 * single tasks at the end, where they let workers finish together. */
guint
_px_run_shared_chunk (PxRunShared *shared)
{
  const PxSpec *spec = &shared->spec;
  guint workers = MAX (spec->workers, 1);
  guint produced, remaining;

  if (spec->chunk_size != PX_CHUNK_SIZE_AUTO)
    return spec->chunk_size;
  produced = px_queue_get_produced (shared->queue);
  remaining = px_queue_get_depth (shared->queue) + (spec->tasks - MIN (produced, spec->tasks));
  return CLAMP ((remaining + 2 * workers - 1) / (2 * workers), 1,
                _px_run_shared_chunk_max (spec));
}

void
_px_run_shared_claimed (PxRunShared *shared,
                        guint        worker,
                        guint        n)
{
  PxWorkerInfo *info = &shared->workers[worker];

  BUMP (&info->claimed, n);
  if (n == 0)
    return;
  /* Written by this worker's one writer; read as a whole after the run. */
  info->chunk_min = info->chunks == 0 ? n : MIN (info->chunk_min, n);
  info->chunk_max = MAX (info->chunk_max, n);
  BUMP (&info->chunks, 1);
}

/* Hands back a task @worker claimed and never began: it returns to the
 * queue without counting as an attempt. */
void
_px_run_shared_unclaim (PxRunShared *shared,
                        guint        worker,
                        guint32      task_id)
{
  BUMP (&shared->workers[worker].claimed, -1);
  px_queue_retry (shared->queue, task_id);
}

/* Keeps task @task_id's rarer waits. The memory is touched, even read,
 * only where a wait is not zero or a retry may overwrite an earlier
 * attempt's: a run that has none of them costs nothing for them, not
 * even a page fault. */
void
_px_run_shared_set_waits (PxRunShared *shared,
                          guint        task_id,
                          gint64       lock_wait_us,
                          gint64       gil_wait_us,
                          gint64       signal_wait_us)
{
  PxTaskWaits *w = &shared->waits[task_id];
  PxTaskWaits v = {
    .lock_wait_us = (guint32)CLAMP (lock_wait_us, 0, G_MAXUINT32),
    .gil_wait_us = (guint32)CLAMP (gil_wait_us, 0, G_MAXUINT32),
    .signal_wait_us = (guint32)CLAMP (signal_wait_us, 0, G_MAXUINT32),
  };

  if ((v.lock_wait_us | v.gil_wait_us | v.signal_wait_us) != 0 ||
      (shared->records[task_id].attempt > 0 &&
       (w->lock_wait_us | w->gil_wait_us | w->signal_wait_us) != 0))
    *w = v;
}

/* Records how an attempt ended. Returns %TRUE if the task has ended for
 * good (the caller tells the queue, in batches); %FALSE if it was queued
 * to be tried again. Called by the one thread that writes @worker. */
gboolean
_px_run_shared_complete (PxRunShared         *shared,
                         guint                worker,
                         guint32              task_id,
                         guint                attempt,
                         PxTaskStatus         status,
                         gint64               start_us,
                         gint64               end_us,
                         const PxTaskOutcome *outcome,
                         const char          *reason)
{
  PxTaskRecord *rec = &shared->records[task_id];
  PxWorkerInfo *info = &shared->workers[worker];

  if (status == PX_TASK_DONE && px_kind_is_compute (shared->spec.kind) &&
      outcome->result != px_task_expected_result (&shared->spec, shared->iters_per_ms, task_id))
    {
      status = PX_TASK_FAILED;
      reason = "wrong result";
    }

  if (shared->burst)
    rec->enqueue_us = shared->t0;
  rec->worker = worker;
  rec->attempt = MIN (attempt, G_MAXUINT8);
  rec->tries = MIN (attempt + 1, G_MAXUINT8);
  rec->start_us = start_us;
  rec->end_us = end_us;
  rec->io_wait_us = outcome ? (guint32)MIN (outcome->io_wait_us, G_MAXUINT32) : 0;
  rec->ipc_us = outcome ? (guint32)MIN (outcome->ipc_us, G_MAXUINT32) : 0;
  _px_run_shared_set_waits (shared, task_id,
                            outcome ? outcome->lock_wait_us : 0,
                            outcome ? outcome->gil_wait_us : 0,
                            outcome ? outcome->signal_wait_us : 0);

  /* An event loop's tasks overlap: it accounts for its own time (busy
   * while it has tasks in flight), not the sum of theirs. */
  if (shared->spec.executor != PX_EXECUTOR_EVENT_LOOP)
    BUMP (&info->busy_us, end_us - start_us);
  if (outcome && shared->net_connect_us != NULL)
    {
      shared->net_connect_us[task_id] = (guint32)CLAMP (outcome->connect_us, 0, G_MAXUINT32);
      __atomic_add_fetch (&shared->net_bytes, outcome->net_bytes, __ATOMIC_RELAXED);
    }
  if (outcome && shared->spec.executor != PX_EXECUTOR_EVENT_LOOP)
    {
      /* A worker's lock wait counts the GIL too, as its live state does;
       * the task records keep the two apart. */
      BUMP (&info->lock_wait_us, outcome->lock_wait_us + outcome->gil_wait_us);
      BUMP (&info->io_wait_us, outcome->io_wait_us);
      BUMP (&info->signal_wait_us, outcome->signal_wait_us);
    }

  if (status == PX_TASK_FAILED || (status == PX_TASK_CANCELLED && reason != NULL))
    {
      g_mutex_lock (&shared->lock);
      g_hash_table_replace (shared->reasons, GUINT_TO_POINTER (task_id),
                            g_strdup (reason ? reason : _("failed")));
      g_mutex_unlock (&shared->lock);
    }

  if (status == PX_TASK_FAILED && attempt < shared->spec.retries &&
      !_px_run_shared_cancelled (shared))
    {
      rec->status = PX_TASK_PENDING;
      BUMP (&info->tasks_retried, 1);
      px_queue_retry (shared->queue, task_id);
      return FALSE;
    }

  rec->status = status;
  switch (status)
    {
    case PX_TASK_DONE:
      BUMP (&info->tasks_done, 1);
      break;
    case PX_TASK_FAILED:
      BUMP (&info->tasks_failed, 1);
      break;
    case PX_TASK_CANCELLED:
    case PX_TASK_PENDING:
    default:
      rec->status = PX_TASK_CANCELLED;
      BUMP (&info->tasks_cancelled, 1);
      break;
    }

  return TRUE;
}

/* The end of each stream a job writes that is kept, the lines of it
 * the window shows, and how much of those a run keeps for jobs that
 * succeeded. */
#define JOB_TAIL_KEPT 4096
#define JOB_TAIL_LINES 12
#define JOB_TAILS_BUDGET (32u << 20)
/* What a job may print whole when it ends (--output); beyond, a note. */
#define JOB_PRINT_KEPT (1 << 20)

static GMutex print_lock;

/* Prints @kept of a stream of @total bytes to @fd in one piece, no job's
 * output interleaved with another's. */
static void
print_stream (int         fd,
              GByteArray *kept,
              guint64     total,
              guint32     job)
{
  gsize at = 0;

  while (at < kept->len)
    {
      ssize_t n = write (fd, kept->data + at, kept->len - at);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      at += n;
    }
  if (total > kept->len)
    {
      g_autofree char *more = g_strdup_printf ("%" G_GUINT64_FORMAT, total - kept->len);
      g_autofree char *note = g_strdup_printf (_("[job %u: %s more bytes not shown]\n"), job,
                                               more);

      if (write (STDERR_FILENO, note, strlen (note)) < 0)
        return;
    }
}

static void
job_started_cb (int      pid,
                gpointer user_data)
{
  PxWorkerInfo *info = user_data;

  __atomic_store_n (&info->job_cpu_seen, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&info->job_pid, pid, __ATOMIC_RELEASE);
  /* The worker table shows the job's pid while it runs. */
  __atomic_store_n (&info->pid, pid, __ATOMIC_RELAXED);
}

typedef struct
{
  PxRunShared  *shared;
  PxWorkerInfo *info;
} JobWatch;

static void
job_watch_started_cb (int      pid,
                      gpointer user_data)
{
  job_started_cb (pid, ((JobWatch *)user_data)->info);
}

static gboolean
job_watch_stop_cb (gpointer user_data)
{
  return _px_run_shared_cancelled (((JobWatch *)user_data)->shared);
}

/* A job's time limit now, in seconds (0: none): task-timeout, or
 * task-timeout-percent of the median of the jobs that succeeded so far
 * if that is shorter, as GNU parallel's --timeout N% (no limit of that
 * kind before the first success). */
static double
job_timeout (PxRunShared *shared)
{
  const PxSpec *spec = &shared->spec;
  gint64 median_us = __atomic_load_n (&shared->job_median_us, __ATOMIC_RELAXED);
  double limit = spec->task_timeout;

  if (spec->task_timeout_percent > 0 && median_us > 0)
    {
      double follows = spec->task_timeout_percent / 100 * (double)median_us / G_USEC_PER_SEC;

      limit = limit > 0 ? MIN (limit, follows) : follows;
    }
  return limit;
}

static double
job_watch_timeout_cb (gpointer user_data)
{
  return job_timeout (((JobWatch *)user_data)->shared);
}

/* A job succeeded in @wall_us: the median that task-timeout-percent
 * follows takes it in. */
static void
job_succeeded (PxRunShared *shared,
               gint64       wall_us)
{
  if (shared->job_times == NULL)
    return;
  g_mutex_lock (&shared->lock);
  px_median_add (shared->job_times, MAX (wall_us, 1));
  __atomic_store_n (&shared->job_median_us, (gint64)px_median_get (shared->job_times),
                    __ATOMIC_RELAXED);
  g_mutex_unlock (&shared->lock);
}

/* The last lines of a job's output, kept for the window. */
typedef struct
{
  char *out;
  char *err;
} JobTails;

void
_px_run_job_tails_free (gpointer data)
{
  JobTails *tails = data;

  g_free (tails->out);
  g_free (tails->err);
  g_free (tails);
}

/* Keeps the last lines task @task_id's job wrote, replacing those of an
 * earlier attempt. Past JOB_TAILS_BUDGET for the run, only a failed
 * job's are kept. */
static void
keep_tails (PxRunShared *shared,
            guint32      task_id,
            GByteArray  *out,
            GByteArray  *err,
            gboolean     failed)
{
  JobTails *tails = g_new0 (JobTails, 1);
  gsize size;

  tails->out = px_job_dup_last_lines (out, JOB_TAIL_LINES);
  tails->err = px_job_dup_last_lines (err, JOB_TAIL_LINES);
  size = (tails->out ? strlen (tails->out) : 0) + (tails->err ? strlen (tails->err) : 0);

  g_mutex_lock (&shared->lock);
  {
    JobTails *old = g_hash_table_lookup (shared->job_tails, GUINT_TO_POINTER (task_id));

    if (old != NULL)
      shared->job_tail_bytes -= (old->out ? strlen (old->out) : 0) +
                                (old->err ? strlen (old->err) : 0);
    if (size == 0 || (!failed && shared->job_tail_bytes + size > JOB_TAILS_BUDGET))
      {
        g_hash_table_remove (shared->job_tails, GUINT_TO_POINTER (task_id));
        _px_run_job_tails_free (g_steal_pointer (&tails));
      }
    else
      {
        g_hash_table_replace (shared->job_tails, GUINT_TO_POINTER (task_id),
                              g_steal_pointer (&tails));
        shared->job_tail_bytes += size;
      }
  }
  g_mutex_unlock (&shared->lock);
}

/* A serving command's answer is what its task wrote. */
static void
keep_answer (PxRunShared   *shared,
             guint32        task_id,
             const GString *reply)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *)reply->str, MIN (reply->len, JOB_TAIL_KEPT));
  keep_tails (shared, task_id, out, NULL, FALSE);
}

/**
 * px_run_dup_job_output:
 * @out: (out) (optional): the last lines of its standard output, or NULL
 * @err: (out) (optional): the last lines of its standard error, or NULL
 *
 * What task @task_id's job wrote last (a few lines of each stream), kept
 * while the run lives; for a serving command, its answer. Returns FALSE
 * when nothing is kept.
 */
gboolean
px_run_dup_job_output (PxRun    *run,
                       guint32   task_id,
                       char    **out,
                       char    **err)
{
  PxRunShared *shared = _px_run_get_shared (run);
  JobTails *tails;

  if (out)
    *out = NULL;
  if (err)
    *err = NULL;
  if (shared->job_tails == NULL)
    return FALSE;
  g_mutex_lock (&shared->lock);
  tails = g_hash_table_lookup (shared->job_tails, GUINT_TO_POINTER (task_id));
  if (tails != NULL)
    {
      if (out)
        *out = g_strdup (tails->out);
      if (err)
        *err = g_strdup (tails->err);
    }
  g_mutex_unlock (&shared->lock);
  return tails != NULL;
}

/* After a job ended: halts the run when its halt condition is reached,
 * once. "soon" starts no more jobs; "now" also ends those under way. */
static void
consider_halt (PxRunShared *shared,
               gboolean     failed)
{
  const PxJobHalt *halt = shared->job_halt;
  guint *counted = failed ? &shared->jobs_failed : &shared->jobs_succeeded;
  guint f, s;

  __atomic_add_fetch (counted, 1, __ATOMIC_SEQ_CST);
  f = __atomic_load_n (&shared->jobs_failed, __ATOMIC_SEQ_CST);
  s = __atomic_load_n (&shared->jobs_succeeded, __ATOMIC_SEQ_CST);

  if (halt == NULL || !px_job_halt_reached (halt, shared->spec.tasks, f, s) ||
      !g_atomic_int_compare_and_exchange (&shared->halted, 0, 1))
    return;

  if (halt->on_success)
    _px_run_shared_event (shared, ngettext ("halted after %u job succeeded (halt=%s)",
                                            "halted after %u jobs succeeded (halt=%s)", s),
                          s, shared->spec.halt);
  else
    _px_run_shared_event (shared, ngettext ("halted after %u job failed (halt=%s)",
                                            "halted after %u jobs failed (halt=%s)", f),
                          f, shared->spec.halt);
  px_queue_close (shared->queue);
  if (halt->now)
    _px_run_shared_fail (shared);
}

/* A slot's serving process has ended: what it used joins its worker's
 * CPU time, before the sampler stops reading its tree. */
static void
server_ended (PxRunShared       *shared,
              PxWorkerInfo      *info,
              const PxJobResult *result)
{
  guint64 cpu_ns = (guint64)(result->user_us + result->system_us) * 1000;

  cpu_ns = MAX (cpu_ns, __atomic_load_n (&info->job_cpu_seen, __ATOMIC_RELAXED));
  __atomic_add_fetch (&info->cpu_ns_base, cpu_ns, __ATOMIC_RELAXED);
  __atomic_store_n (&info->job_pid, 0, __ATOMIC_RELEASE);
  __atomic_store_n (&info->pid, getpid (), __ATOMIC_RELAXED);
}

/* Ends the slots' serving processes at the end of a run: their input
 * closed, kill-grace to end on their own, then ended. */
void
_px_run_shared_stop_servers (PxRunShared *shared)
{
  if (shared->servers == NULL)
    return;
  for (guint w = 0; w < shared->spec.workers; w++)
    {
      PxJobResult result;

      if (shared->servers[w].pid <= 0)
        continue;
      px_job_server_stop (&shared->servers[w], _px_run_shared_cancelled (shared),
                          shared->spec.kill_grace, &result);
      server_ended (shared, &shared->workers[w], &result);
      px_job_result_clear (&result);
    }
}

/* serve=lines: task @task_id is a line to the slot's serving process,
 * started for the slot's first task (and again after it ended); its
 * answer is a line back, the round trip the task's time. */
static PxTaskStatus
serve_job (PxRunShared   *shared,
           guint          worker,
           guint32        task_id,
           guint32        number,
           PxJobSpec     *job,
           PxTaskOutcome *out)
{
  const PxSpec *spec = &shared->spec;
  PxWorkerInfo *info = &shared->workers[worker];
  PxJobServer *server = &shared->servers[worker];
  PxJobRecord *record = &shared->jobs[task_id];
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autofree char *line = NULL;
  PxJobResult result;
  PxJobAnswer answer;
  gint64 asked_us;

  if (server->pid <= 0)
    {
      g_autoptr(GError) error = NULL;

      if (!px_job_server_start (job, server, &error))
        {
          g_strlcpy (out->reason, error->message, sizeof out->reason);
          return PX_TASK_FAILED;
        }
      __atomic_store_n (&info->job_cpu_seen, 0, __ATOMIC_RELAXED);
      __atomic_store_n (&info->job_pid, server->pid, __ATOMIC_RELEASE);
      __atomic_store_n (&info->pid, server->pid, __ATOMIC_RELAXED);
    }

  line = shared->inputs != NULL ? g_strdup (shared->inputs[task_id])
                                : g_strdup_printf ("%u", number);
  /* One line in, one line out: an input's own line breaks would be
   * more than one task. */
  g_strdelimit (line, "\r\n", ' ');
  asked_us = g_get_monotonic_time ();
  answer = px_job_server_ask (server, line, job_timeout (shared), job->stop, job->user_data,
                              reply, out->reason, sizeof out->reason);
  record->pid = server->pid;
  if (answer == PX_JOB_ANSWER_LINE)
    {
      job_succeeded (shared, g_get_monotonic_time () - asked_us);
      keep_answer (shared, task_id, reply);
      record->exit_status = 0;
      record->out_bytes = reply->len + 1;
      return PX_TASK_DONE;
    }

  /* It ended, or is ended: the next task starts it again. */
  px_job_server_stop (server, answer != PX_JOB_ANSWER_ENDED, spec->kill_grace, &result);
  server_ended (shared, info, &result);
  record->exit_status = result.exit_status;
  record->signal = result.signal;
  record->timed_out = answer == PX_JOB_ANSWER_TIMED_OUT;
  if (answer == PX_JOB_ANSWER_ENDED)
    {
      g_autofree char *end = px_job_describe_end (&result);

      g_snprintf (out->reason, sizeof out->reason, "%s (%s)",
                  _("the served command ended without answering"), end);
    }
  px_job_result_clear (&result);
  return answer == PX_JOB_ANSWER_STOPPED ? PX_TASK_CANCELLED : PX_TASK_FAILED;
}

/**
 * _px_run_shared_run_job:
 *
 * Runs task @task_id of a kind=command run as a job on @worker: its
 * command filled in with its input, job number and slot, its time limit
 * the task-timeout, ended with its process group if the run is
 * cancelled. Records how it ended and adds what it cost to the
 * worker's CPU time.
 */
PxTaskStatus
_px_run_shared_run_job (gpointer       data,
                        guint          worker,
                        guint32        task_id,
                        PxTaskOutcome *out)
{
  PxRunShared *shared = data;
  const PxSpec *spec = &shared->spec;
  PxWorkerInfo *info = &shared->workers[worker];
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  PxJobSpec job = { 0 };
  PxJobResult result = { 0 };
  JobWatch watch = { shared, info };
  PxJobRecord *record = &shared->jobs[task_id];
  g_autofree char *end = NULL;
  g_autofree char *last = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *err_path = NULL;
  PxTaskStatus status;
  guint64 cpu_ns;
  guint32 number;

  record->exit_status = -1;
  /* Halted soon: the jobs under way end on their own, no more start. */
  if (g_atomic_int_get (&shared->halted))
    {
      g_strlcpy (out->reason, _("not started: the run halted"), sizeof out->reason);
      return PX_TASK_CANCELLED;
    }
  number = spec->job_numbers != NULL ? spec->job_numbers[task_id] : task_id + 1;
  /* A serving command gets its inputs as lines, not as arguments. */
  argv = px_job_expand (spec->command, spec->shell,
                        shared->inputs != NULL && shared->servers == NULL
                        ? shared->inputs[task_id] : NULL,
                        number, worker + 1, &error);
  if (argv == NULL)
    {
      g_strlcpy (out->reason, error->message, sizeof out->reason);
      return PX_TASK_FAILED;
    }

  job.argv = argv;
  job.workdir = spec->workdir != NULL && spec->workdir[0] != '\0' ? spec->workdir : NULL;
  job.env = shared->job_env;
  job.output_limit = spec->print_output ? JOB_PRINT_KEPT : JOB_TAIL_KEPT;
  job.keep_tail = !spec->print_output;
  if (spec->results != NULL && spec->results[0] != '\0')
    {
      g_autofree char *name = g_strdup_printf ("%u", number);

      folder = g_build_filename (spec->results, name, NULL);
      out_path = g_build_filename (folder, "stdout", NULL);
      err_path = g_build_filename (folder, "stderr", NULL);
      if (g_mkdir_with_parents (folder, 0777) != 0)
        {
          int saved = errno;

          g_snprintf (out->reason, sizeof out->reason, "%s: %s", folder, g_strerror (saved));
          return PX_TASK_FAILED;
        }
      job.out_path = out_path;
      job.err_path = err_path;
    }
  job.timeout_s = spec->task_timeout;
  job.kill_grace_s = spec->kill_grace;
  job.started = job_watch_started_cb;
  job.stop = job_watch_stop_cb;
  if (shared->job_remote != NULL && shared->job_remote[worker] != NULL)
    {
      /* On its host, through ssh or srun: what runs here is theirs, not
       * the job's, so no tree is watched; its figures come at its end. */
      job.remote = shared->job_remote[worker];
      job.remote_shell = spec->launcher == PX_LAUNCHER_SSH;
      job.remote_worker = shared->job_remote_worker;
      job.started = NULL;
      __atomic_store_n (&info->pid, 0, __ATOMIC_RELAXED);
    }
  if (shared->job_times != NULL)
    job.timeout = job_watch_timeout_cb;
  job.user_data = &watch;

  px_live_enter (px_sync_get_live (shared->sync, worker), PX_WORKER_COMPUTING);
  __atomic_store_n (&info->job_task, (guint64)task_id + 1, __ATOMIC_RELEASE);
  if (shared->servers != NULL)
    {
      status = serve_job (shared, worker, task_id, number, &job, out);
      __atomic_store_n (&info->job_task, 0, __ATOMIC_RELEASE);
      if (status == PX_TASK_DONE || status == PX_TASK_FAILED)
        consider_halt (shared, status == PX_TASK_FAILED);
      return status;
    }
  if (!px_job_run (&job, NULL, &result, &error))
    {
      __atomic_store_n (&info->job_task, 0, __ATOMIC_RELEASE);
      px_job_result_clear (&result);
      g_strlcpy (out->reason, error->message, sizeof out->reason);
      return PX_TASK_FAILED;
    }

  /* The job is over and reaped, so its tree reads as gone: its CPU time
   * moves to the worker's total, never less than the tree was seen to
   * have, before the sampler stops looking for it. */
  cpu_ns = (guint64)(result.user_us + result.system_us) * 1000;
  cpu_ns = MAX (cpu_ns, __atomic_load_n (&info->job_cpu_seen, __ATOMIC_RELAXED));
  __atomic_add_fetch (&info->cpu_ns_base, cpu_ns, __ATOMIC_RELAXED);
  __atomic_store_n (&info->job_pid, 0, __ATOMIC_RELEASE);
  __atomic_store_n (&info->pid, job.remote != NULL ? result.pid : getpid (), __ATOMIC_RELAXED);
  __atomic_store_n (&info->job_task, 0, __ATOMIC_RELEASE);
  if (job.remote != NULL)
    _px_run_shared_remote_job_ended (shared, worker, &result);

  record->exit_status = result.exit_status;
  record->signal = result.signal;
  record->timed_out = result.timed_out;
  record->pid = result.pid;
  record->user_us = result.user_us;
  record->system_us = result.system_us;
  record->max_rss_bytes = result.max_rss_bytes;
  record->out_bytes = result.out_bytes;
  record->err_bytes = result.err_bytes;

  if (result.cancelled)
    status = PX_TASK_CANCELLED;
  else if (result.exit_status == 0 && !result.timed_out)
    {
      status = PX_TASK_DONE;
      job_succeeded (shared, result.end_us - result.start_us);
    }
  else
    status = PX_TASK_FAILED;
  if (status == PX_TASK_DONE || status == PX_TASK_FAILED)
    consider_halt (shared, status == PX_TASK_FAILED);
  keep_tails (shared, task_id, result.out, result.err, status != PX_TASK_DONE);
  if (spec->print_output)
    {
      g_mutex_lock (&print_lock);
      print_stream (STDOUT_FILENO, result.out, result.out_bytes, number);
      print_stream (STDERR_FILENO, result.err, result.err_bytes, number);
      g_mutex_unlock (&print_lock);
    }
  if (status == PX_TASK_FAILED)
    {
      end = px_job_describe_end (&result);
      last = px_job_dup_last_lines (result.err, 1);
      /* The remote shell found no worker there to run the job. */
      if (job.remote != NULL && !result.measured_there && result.exit_status == 127 &&
          spec->launcher == PX_LAUNCHER_SSH && !spec->transfer)
        {
          char *hinted = g_strdup_printf (_("%s (transfer=true copies parallax-worker there)"),
                                          end);

          g_free (end);
          end = hinted;
        }
      g_snprintf (out->reason, sizeof out->reason, "%s%s%s", end, last ? ": " : "",
                  last ? last : "");
    }
  px_job_result_clear (&result);
  return status;
}

/* This thread's CPU time so far, in ns. */
guint64
_px_thread_cpu_ns (void)
{
  guint64 ns = 0;

  px_clock_read_ns (CLOCK_THREAD_CPUTIME_ID, &ns);
  return ns;
}

/* The calling thread becomes worker @index: its ids, and its CPU clock
 * for the sampler, counted from now (GLib may hand over a thread that
 * already ran). */
void
_px_run_shared_worker_thread_begin (PxRunShared *shared,
                                    guint        index)
{
  PxWorkerInfo *info = &shared->workers[index];
  clockid_t clock;

  info->pid = getpid ();
  __atomic_store_n (&info->tid, gettid (), __ATOMIC_RELAXED);
  info->cpu_ns_origin = _px_thread_cpu_ns ();
  if (pthread_getcpuclockid (pthread_self (), &clock) == 0)
    {
      info->cpu_clock = clock;
      __atomic_store_n (&info->has_clock, TRUE, __ATOMIC_RELEASE);
    }
}

/* Worker @index's thread ends: its CPU time is kept, its clock goes. */
void
_px_run_shared_worker_thread_end (PxRunShared *shared,
                                  guint        index)
{
  PxWorkerInfo *info = &shared->workers[index];

  __atomic_store_n (&info->cpu_ns_last, _px_thread_cpu_ns () - info->cpu_ns_origin,
                    __ATOMIC_RELAXED);
  __atomic_store_n (&info->has_clock, FALSE, __ATOMIC_RELEASE);
}
