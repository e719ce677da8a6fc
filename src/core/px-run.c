/* px-run.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run of a workload: it prepares the shared state, produces the
 * tasks, hands them to an executor (threads or processes) and lets
 * observers read its counters, workers, task records and events. What
 * the executors call while it goes on is in px-run-shared.c.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/mman.h>

#include "px-job.h"
#include "px-run-private.h"


G_DEFINE_FINAL_TYPE (PxRun, px_run, G_TYPE_OBJECT)

#define PRODUCER_SLICE_US 20000

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

PxRunShared *
_px_run_get_shared (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  return &self->shared;
}

void
_px_run_set_test_stall (PxRun   *self,
                        guint32  task_id,
                        gulong   usec)
{
  g_return_if_fail (PX_IS_RUN (self));

  self->shared.test_stall_task = task_id;
  self->shared.test_stall_us = usec;
}

void
_px_run_release_test_stall (PxRun *self)
{
  g_return_if_fail (PX_IS_RUN (self));

  g_atomic_int_set (&self->shared.test_stall_released, 1);
}

static guint
px_run_count_cancelled (PxRun *self)
{
  guint n = self->shared.cancelled_unclaimed;

  for (guint i = 0; i < self->shared.spec.workers; i++)
    n += __atomic_load_n (&self->shared.workers[i].tasks_cancelled, __ATOMIC_RELAXED);
  return n;
}

static void
px_run_finalize (GObject *object)
{
  PxRun *self = (PxRun *)object;
  PxRunShared *shared = &self->shared;

  px_spec_clear (&shared->spec);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&shared->queue, px_queue_free);
  if (shared->records != NULL)
    munmap (shared->records, self->records_size);
  if (shared->waits != NULL)
    munmap (shared->waits, self->waits_size);
  g_clear_pointer (&shared->workers, g_aligned_free);
  g_clear_pointer (&shared->loop_stats, g_free);
  g_clear_pointer (&shared->net_server, px_net_server_free);
  g_clear_pointer (&shared->net_connect_us, g_free);
  g_clear_pointer (&shared->sync, px_sync_free);
  g_clear_pointer (&shared->gil, px_gil_free);
  g_clear_pointer (&shared->tmpdir, g_free);
  g_clear_pointer (&shared->worker_path, g_free);
  g_clear_pointer (&shared->inputs, g_strfreev);
  g_clear_pointer (&shared->job_env, g_strfreev);
  _px_run_shared_remote_jobs_clear (shared);
  g_clear_pointer (&shared->jobs, g_free);
  g_clear_pointer (&shared->job_halt, g_free);
  if (shared->job_times != NULL)
    px_median_clear (shared->job_times);
  g_clear_pointer (&shared->job_times, g_free);
  g_clear_pointer (&shared->servers, g_free);
  g_clear_pointer (&shared->reasons, g_hash_table_unref);
  g_clear_pointer (&shared->job_tails, g_hash_table_unref);
  for (guint i = 0; self->tree_watches != NULL && i < shared->spec.workers; i++)
    px_proc_tree_watch_free (self->tree_watches[i]);
  g_clear_pointer (&self->tree_watches, g_free);
  g_mutex_clear (&self->watch_lock);
  g_clear_pointer (&shared->events, g_ptr_array_unref);
  g_mutex_clear (&shared->lock);
  if (self->loaded != NULL)
    {
      g_free (self->loaded->workers);
      g_strfreev (self->loaded->nodes);
    }
  g_clear_pointer (&self->loaded, g_free);

  G_OBJECT_CLASS (px_run_parent_class)->finalize (object);
}

static void
px_run_class_init (PxRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = px_run_finalize;
}

static void
px_run_init (PxRun *self)
{
  g_mutex_init (&self->shared.lock);
  g_mutex_init (&self->watch_lock);
  self->shared.reasons = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->shared.events = g_ptr_array_new_with_free_func (g_free);
}

/**
 * px_run_new:
 * @spec: the workload, copied
 *
 * Creates a run. Nothing starts until px_run_execute() or
 * px_run_execute_async().
 */
PxRun *
px_run_new (const PxSpec *spec)
{
  PxRun *self = g_object_new (PX_TYPE_RUN, NULL);
  PxRunShared *shared = &self->shared;

  g_return_val_if_fail (spec != NULL, NULL);

  px_spec_copy (&shared->spec, spec);
  shared->owner = G_OBJECT (self);
  if (spec->kind == PX_KIND_COMMAND)
    {
      /* A job is a process of its own: its slot is a thread that waits
       * for it. With inputs, there is a job an input. */
      shared->spec.executor = PX_EXECUTOR_THREADS;
      shared->spec.spawn = PX_SPAWN_POOL;
      shared->spec.gil = FALSE;
      shared->spec.payload_bytes = 0;
      if (spec->input_list != NULL)
        shared->inputs = g_strdupv (spec->input_list);
      else if (spec->inputs_file != NULL && spec->inputs_file[0] != '\0')
        shared->inputs = px_job_inputs_read_file (spec->inputs_file, PX_MAX_TASKS, NULL);
      else if (spec->inputs != NULL && spec->inputs[0] != '\0')
        shared->inputs = px_job_inputs_parse (spec->inputs, PX_MAX_TASKS, NULL);
      if (shared->inputs != NULL)
        shared->spec.tasks = g_strv_length (shared->inputs);
      shared->jobs = g_new0 (PxJobRecord, MAX (shared->spec.tasks, 1));
      shared->job_tails = g_hash_table_new_full (NULL, NULL, NULL, _px_run_job_tails_free);
      if (spec->serve == PX_SERVE_LINES)
        shared->servers = g_new0 (PxJobServer, spec->workers);
    }
  spec = &shared->spec;
  /* Records are many and touched once each: huge pages spare most of the
   * page faults of a million-task run. Fresh anonymous memory is zeroed. */
  self->records_size = MAX ((gsize)spec->tasks * sizeof (PxTaskRecord), 1);
  shared->records = mmap (NULL, self->records_size, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (shared->records == MAP_FAILED)
    g_error ("could not allocate %zu bytes for task records", self->records_size);
  madvise (shared->records, self->records_size, MADV_HUGEPAGE);
#ifdef MADV_POPULATE_WRITE
  /* Faulted in now, before the first task, up to 128 MiB (2.4 M tasks):
   * then no worker or reader stalls on a page fault as records are
   * written during the run. Larger runs fault in as they go. */
  if (self->records_size <= (128u << 20))
    madvise (shared->records, self->records_size, MADV_POPULATE_WRITE);
#endif
  self->waits_size = MAX ((gsize)spec->tasks * sizeof (PxTaskWaits), 1);
  shared->waits = mmap (NULL, self->waits_size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (shared->waits == MAP_FAILED)
    g_error ("could not allocate %zu bytes for task waits", self->waits_size);
  shared->workers = g_aligned_alloc0 (spec->workers, sizeof (PxWorkerInfo), 64);
  shared->loop_stats = g_new0 (PxLoopStats, spec->workers);
  for (guint i = 0; i < spec->workers; i++)
    {
      shared->workers[i].index = i;
      shared->workers[i].host = -1;
    }
  shared->queue = px_queue_new (spec->tasks, spec->queue_capacity);

  return self;
}

const PxSpec *
px_run_get_spec (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), NULL);

  return &self->shared.spec;
}

void
px_run_set_worker_path (PxRun      *self,
                        const char *path)
{
  g_return_if_fail (PX_IS_RUN (self));

  g_free (self->shared.worker_path);
  self->shared.worker_path = g_strdup (path);
}

void
px_run_set_calibration (PxRun  *self,
                        double  iters_per_ms)
{
  g_return_if_fail (PX_IS_RUN (self));
  g_return_if_fail (iters_per_ms > 0);

  self->shared.iters_per_ms = iters_per_ms;
  self->calibrated = TRUE;
}

double
px_run_get_calibration (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), 0);

  return self->shared.iters_per_ms;
}

/**
 * px_find_helper_binary:
 * @name: a program Parallax installs beside itself, as parallax-worker
 *
 * Returns the one of the build tree when this program runs from it, else
 * the installed one. Never searches PATH or the current folder.
 */
char *
px_find_helper_binary (const char *name)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT "/"))
    return g_build_filename (PX_BUILD_ROOT, "src", "worker", name, NULL);

  return g_build_filename (PX_LIBEXECDIR, name, NULL);
}

/* The parallax-worker to start. */
char *
px_find_worker_binary (void)
{
  return px_find_helper_binary ("parallax-worker");
}

static gpointer
producer_thread (gpointer data)
{
  PxRunShared *shared = data;
  guint total = shared->spec.tasks;
  guint produced = 0;

  while (produced < total && !_px_run_shared_cancelled (shared))
    {
      gint64 now = g_get_monotonic_time ();
      guint due = total;

      if (shared->spec.arrival == PX_ARRIVAL_RATE)
        {
          double elapsed_s = (double)(now - shared->t0) / G_USEC_PER_SEC;
          due = (guint)MIN ((double)total, elapsed_s * shared->spec.rate + 1.0);
        }

      if (due > produced)
        {
          guint n = due - produced;

          /* One at a time into a bounded queue, which blocks the producer
           * while full; a task arrives when it enters the queue. */
          if (shared->spec.queue_capacity > 0)
            {
              n = 1;
              if (!px_queue_wait_for_room (shared->queue, n))
                break;
              now = g_get_monotonic_time ();
            }
          for (guint i = 0; i < n; i++)
            shared->records[produced + i].enqueue_us = now;
          if (!px_queue_produce (shared->queue, n))
            break;
          produced += n;
          continue;
        }

      {
        gint64 next = shared->t0 + (gint64)((double)produced / shared->spec.rate * G_USEC_PER_SEC);
        g_usleep (CLAMP (next - now, 50, PRODUCER_SLICE_US));
      }
    }

  return NULL;
}

static const PxExecutor *
executor_for (const PxSpec *spec)
{
  switch (spec->executor)
    {
    case PX_EXECUTOR_PROCESSES:
      return &px_process_executor;
    case PX_EXECUTOR_EVENT_LOOP:
      return &px_loop_executor;
    case PX_EXECUTOR_THREADS:
    default:
      return &px_thread_executor;
    }
}

static gboolean
prepare (PxRun   *self,
         GError **error)
{
  PxRunShared *shared = &self->shared;
  const PxSpec *spec = &shared->spec;

  if (spec->kind == PX_KIND_COMMAND)
    {
      /* Jobs are timed as they run: nothing to calibrate. */
      if (!self->calibrated)
        shared->iters_per_ms = 1;
      self->calibrated = TRUE;
      if (spec->input_list == NULL && spec->inputs_file != NULL && spec->inputs_file[0] != '\0' &&
          shared->inputs == NULL)
        {
          /* Read again, for its error. */
          g_strfreev (px_job_inputs_read_file (spec->inputs_file, PX_MAX_TASKS, error));
          return FALSE;
        }
      if (spec->input_list == NULL && spec->inputs != NULL && spec->inputs[0] != '\0' &&
          shared->inputs == NULL)
        {
          /* Parsed again, for its error. */
          g_strfreev (px_job_inputs_parse (spec->inputs, PX_MAX_TASKS, error));
          return FALSE;
        }
      /* A command that runs only on other hosts is looked for there. */
      if (!_px_run_shared_jobs_all_remote (spec) &&
          !px_job_check_command (spec->command ? spec->command : "", spec->shell,
                                 spec->workdir != NULL && spec->workdir[0] != '\0'
                                 ? spec->workdir : NULL, error))
        return FALSE;
      if (!_px_run_shared_remote_jobs_prepare (shared, error))
        return FALSE;
      if (spec->env != NULL && spec->env[0] != '\0' &&
          !g_shell_parse_argv (spec->env, NULL, &shared->job_env, error))
        return FALSE;
      shared->job_halt = g_new0 (PxJobHalt, 1);
      if (!px_job_halt_parse (spec->halt, shared->job_halt, error))
        return FALSE;
      if (spec->task_timeout_percent > 0 && shared->job_times == NULL)
        {
          shared->job_times = g_new0 (PxMedian, 1);
          px_median_init (shared->job_times);
        }
    }
  else if (!self->calibrated)
    {
      shared->iters_per_ms = px_kernels_calibrate ();
      self->calibrated = TRUE;
    }

  {
    PxSync *sync = px_sync_new (spec->semaphore_limit, spec->executor == PX_EXECUTOR_PROCESSES,
                                error);

    if (sync == NULL)
      return FALSE;
    g_mutex_lock (&shared->lock);
    shared->sync = sync;
    g_mutex_unlock (&shared->lock);
  }

  if (spec->gil && spec->executor == PX_EXECUTOR_THREADS)
    shared->gil = px_gil_new ();

  if (spec->kind == PX_KIND_FILE_IO)
    {
      g_autoptr(GError) local_error = NULL;

      /* A private folder (mode 0700) that is removed whatever happens. */
      shared->tmpdir = g_dir_make_tmp ("parallax-XXXXXX", &local_error);
      if (shared->tmpdir == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Could not create a folder for file-io tasks: %s"),
                       local_error->message);
          return FALSE;
        }
    }

  if (spec->kind == PX_KIND_NET && shared->net_server == NULL)
    {
      PxNetServer *server = px_net_server_new (spec, error);

      if (server == NULL)
        return FALSE;
      g_mutex_lock (&shared->lock);
      shared->net_server = server;
      g_mutex_unlock (&shared->lock);
      shared->net_port = px_net_server_get_port (server);
      shared->net_connect_us = g_new0 (guint32, spec->tasks);
    }

  if (spec->executor == PX_EXECUTOR_PROCESSES && shared->worker_path == NULL)
    shared->worker_path = px_find_worker_binary ();

  return TRUE;
}

/**
 * px_run_execute:
 * @self: a #PxRun
 * @error: return location for a setup error
 *
 * Runs the workload to its end, or until px_run_cancel(), blocking the
 * calling thread. Failed tasks are not an error: they are counted.
 * Returns %FALSE only when the run could not be carried out.
 */
gboolean
px_run_execute (PxRun   *self,
                GError **error)
{
  PxRunShared *shared = &self->shared;
  const PxExecutor *executor;
  GThread *producer = NULL;
  gboolean ok;

  g_return_val_if_fail (PX_IS_RUN (self), FALSE);
  g_return_val_if_fail (!self->executed, FALSE);

  self->executed = TRUE;
  g_atomic_int_set (&self->state, PX_RUN_RUNNING);

  if (!prepare (self, error))
    {
      g_atomic_int_set (&self->state, PX_RUN_ERROR);
      return FALSE;
    }

  /* A cancel that came during setup reaches what setup made. */
  if (_px_run_shared_cancelled (shared))
    px_sync_cancel (shared->sync);

  executor = executor_for (&shared->spec);

  shared->t0 = g_get_monotonic_time ();
  self->start_real_us = g_get_real_time ();
  __atomic_store_n (&self->start_us, shared->t0, __ATOMIC_RELEASE);

  if (shared->spec.arrival == PX_ARRIVAL_BURST && shared->spec.queue_capacity == 0)
    {
      /* Every task arrived at t0: written as each task ends, not here. */
      shared->burst = TRUE;
      px_queue_produce (shared->queue, shared->spec.tasks);
    }
  else
    {
      producer = g_thread_new ("px-producer", producer_thread, shared);
    }

  ok = executor->run (shared, error);

  if (!ok)
    {
      g_atomic_int_set (&shared->cancel_requested, 1);
      px_sync_cancel (shared->sync);
    }
  px_queue_close (shared->queue);
  if (producer)
    g_thread_join (producer);
  /* serve=lines: the slots' processes end with the run, their input
   * closed; what they used is counted. */
  _px_run_shared_stop_servers (shared);
  /* kind=net: the server stops with the run, its port free again. */
  if (shared->net_server != NULL)
    {
      PxNetServer *server;

      g_mutex_lock (&shared->lock);
      server = g_steal_pointer (&shared->net_server);
      px_net_server_read (server, &shared->net_final);
      g_mutex_unlock (&shared->lock);
      px_net_server_free (server);
    }

  /* Whatever did not end is accounted for as cancelled. */
  for (guint i = 0; i < shared->spec.tasks; i++)
    {
      if (shared->records[i].status == PX_TASK_PENDING)
        {
          shared->records[i].status = PX_TASK_CANCELLED;
          shared->cancelled_unclaimed++;
        }
    }

  if (shared->tmpdir)
    remove_tree (shared->tmpdir);

  __atomic_store_n (&self->end_us, g_get_monotonic_time (), __ATOMIC_RELEASE);

  /* A cancel that came after the last task ended cancelled nothing. */
  if (!ok)
    g_atomic_int_set (&self->state, PX_RUN_ERROR);
  else if (_px_run_shared_cancelled (shared) && px_run_count_cancelled (self) > 0)
    g_atomic_int_set (&self->state, PX_RUN_CANCELLED);
  else
    g_atomic_int_set (&self->state, PX_RUN_FINISHED);

  return ok;
}

static void
execute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PxRun *self = source_object;
  GError *error = NULL;

  if (px_run_execute (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

typedef struct
{
  GCancellable *cancellable;
  gulong        handler;
} ExecuteData;

static void
execute_data_free (gpointer data)
{
  ExecuteData *ed = data;

  /* Disconnecting drops the run's reference the handler held. */
  if (ed->cancellable)
    g_cancellable_disconnect (ed->cancellable, ed->handler);
  g_clear_object (&ed->cancellable);
  g_free (ed);
}

static void
cancelled_cb (GCancellable *cancellable,
              PxRun        *self)
{
  px_run_cancel (self);
}

void
px_run_execute_async (PxRun               *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PX_IS_RUN (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, px_run_execute_async);
  if (cancellable)
    {
      ExecuteData *ed = g_new0 (ExecuteData, 1);

      ed->cancellable = g_object_ref (cancellable);
      ed->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                           g_object_ref (self), g_object_unref);
      g_task_set_task_data (task, ed, execute_data_free);
    }
  g_task_run_in_thread (task, execute_thread);
}

gboolean
px_run_execute_finish (PxRun         *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * px_run_cancel:
 *
 * Stops the run from any thread: running tasks end as cancelled, worker
 * processes are killed and reaped. px_run_execute() returns within a
 * second.
 */
void
px_run_cancel (PxRun *self)
{
  PxRunShared *shared = &self->shared;

  g_return_if_fail (PX_IS_RUN (self));

  if (!g_atomic_int_compare_and_exchange (&shared->cancel_requested, 0, 1))
    return;

  px_queue_close (shared->queue);

  g_mutex_lock (&shared->lock);
  if (shared->sync)
    px_sync_cancel (shared->sync);
  g_mutex_unlock (&shared->lock);

  if (g_atomic_int_get (&self->state) == PX_RUN_RUNNING)
    {
      executor_for (&shared->spec)->cancel (shared);
    }
}

PxRunState
px_run_get_state (PxRun *self)
{
  g_return_val_if_fail (PX_IS_RUN (self), PX_RUN_ERROR);

  return g_atomic_int_get (&self->state);
}
