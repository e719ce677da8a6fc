/* px-run-jobs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kind=command run's tasks as its slots run them: each a job (here,
 * or on its slot's host, px-run-remote-jobs.c) or a line to the slot's
 * serving process; the job's time limit, its kept output and errors,
 * what it cost added to its slot's CPU, and the halt condition after
 * each one ends.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "px-job.h"
#include "px-run-private.h"

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
