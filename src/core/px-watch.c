/* px-watch.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watching a program Parallax did not write: a process and all it
 * starts, each thread on its own, from what the kernel publishes in
 * /proc, without ptrace.
 *
 * This file: the object, launching a program and reading its output,
 * and what a watch tells; a sample, in px-watch-sample.c; the reading
 * of /proc, in px-watch-proc.c.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "px-watch-private.h"

G_DEFINE_FINAL_TYPE (PxWatch, px_watch, G_TYPE_OBJECT)

enum {
  SAMPLED,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_px_watch_emit_sampled (PxWatch *self)
{
  g_signal_emit (self, signals[SAMPLED], 0);
}

/* Marks the watch ended, once. */
void
_px_watch_end (PxWatch *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  self->end_on_exit = FALSE;
  g_signal_emit (self, signals[ENDED], 0);
}

static gboolean
sample_cb (gpointer data)
{
  px_watch_sample (data);
  return G_SOURCE_CONTINUE;
}

void
px_watch_start (PxWatch *self)
{
  g_return_if_fail (PX_IS_WATCH (self));

  if (self->timeout_id != 0 || self->ended)
    return;
  px_watch_sample (self);
  if (!self->ended)
    self->timeout_id = g_timeout_add (self->interval_ms, sample_cb, self);
}

void
px_watch_stop (PxWatch *self)
{
  g_return_if_fail (PX_IS_WATCH (self));

  if (self->timeout_id != 0)
    _px_watch_catch_up (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
px_watch_dispose (GObject *object)
{
  PxWatch *self = PX_WATCH (object);

  px_watch_stop (self);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_object (&self->output);
  g_clear_object (&self->passed_on);
  g_clear_pointer (&self->progress, px_progress_free);
  /* A launched program outlives no watch of it. */
  if (self->launched != NULL && !self->exited)
    {
      g_subprocess_force_exit (self->launched);
      g_subprocess_wait (self->launched, NULL, NULL);
    }
  g_clear_object (&self->launched);

  G_OBJECT_CLASS (px_watch_parent_class)->dispose (object);
}

static void
px_watch_finalize (GObject *object)
{
  PxWatch *self = PX_WATCH (object);

  g_clear_pointer (&self->time, px_history_unref);
  for (guint i = 0; i < PX_WATCH_N_SERIES; i++)
    g_clear_pointer (&self->series[i], px_history_unref);
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  g_clear_pointer (&self->processes, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->workdir, g_free);
  g_clear_pointer (&self->progress_pattern, g_free);

  G_OBJECT_CLASS (px_watch_parent_class)->finalize (object);
}

static void
px_watch_class_init (PxWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_watch_dispose;
  object_class->finalize = px_watch_finalize;

  /**
   * PxWatch::sampled:
   *
   * A sample was taken.
   */
  signals[SAMPLED] = g_signal_new ("sampled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PxWatch::ended:
   *
   * The watched program is gone: no more samples are taken.
   */
  signals[ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
px_watch_init (PxWatch *self)
{
  self->time = px_history_new (CAPACITY);
  for (guint i = 0; i < PX_WATCH_N_SERIES; i++)
    self->series[i] = px_history_new (CAPACITY);
  self->threads = g_ptr_array_new_with_free_func (_px_watch_thread_free);
  self->processes = g_ptr_array_new_with_free_func (_px_watch_process_free);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->page_size = sysconf (_SC_PAGESIZE);
  self->ticks = sysconf (_SC_CLK_TCK);
  self->interval_ms = 100;
}

static PxWatch *
watch_new (int   pid,
           guint interval_ms)
{
  PxWatch *self = g_object_new (PX_TYPE_WATCH, NULL);

  self->root = pid;
  self->started_real_us = g_get_real_time ();
  self->interval_ms = CLAMP (interval_ms, 10, 60000);
  self->start_us = g_get_monotonic_time ();
  return self;
}

/**
 * px_watch_new_attach:
 * @pid: the process to watch, with the processes it starts
 *
 * Returns: a watch, not yet sampling; %NULL with @error if @pid does
 *   not exist or its threads cannot be read
 */
PxWatch *
px_watch_new_attach (int      pid,
                     guint    interval_ms,
                     GError **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;

  if (pid <= 0 || (kill (pid, 0) != 0 && errno == ESRCH))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no process has the pid %d"), pid);
      return NULL;
    }
  dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("the threads of process %d cannot be read (%s): it may belong to another "
                     "user, or /proc may hide it (hidepid)"), pid, local->message);
      return NULL;
    }

  return watch_new (pid, interval_ms);
}

/* The CPU time of this process's children that were collected, in
 * microseconds. */
static gint64
children_cpu_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_CHILDREN, &usage) != 0)
    return 0;
  return (gint64)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
launched_wait_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  PxWatch *self = data;

  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    {
      self->exit_cpu_s = (children_cpu_us () - self->children_cpu_us) / 1e6;
      self->exited = TRUE;
      self->exit_status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                          ? g_subprocess_get_exit_status (G_SUBPROCESS (source))
                          : 128 + g_subprocess_get_term_sig (G_SUBPROCESS (source));
    }
  if (self->end_on_exit)
    _px_watch_end (self);
  g_object_unref (self);
}

/* A read of the program's output under way: it holds the watch weakly,
 * so a watch let go of ends its reading. */
typedef struct
{
  GWeakRef      watch;
  GCancellable *cancellable;
} Reader;

static void
reader_free (Reader *reader)
{
  g_weak_ref_clear (&reader->watch);
  g_clear_object (&reader->cancellable);
  g_free (reader);
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Reader *reader = data;
  g_autoptr(PxWatch) self = g_weak_ref_get (&reader->watch);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, &length, &error);

  if (line == NULL || self == NULL || g_cancellable_is_cancelled (reader->cancellable))
    {
      /* Its end, not text, or the watch is over: the program's output
       * is no longer read, and no longer counted. */
      reader_free (reader);
      return;
    }
  /* Passed on whole, as the program wrote it. */
  g_output_stream_write_all (self->passed_on, line, length, NULL, NULL, NULL);
  g_output_stream_write_all (self->passed_on, "\n", 1, NULL, NULL, NULL);
  px_progress_feed (self->progress, line);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, reader->cancellable,
                                       line_read_cb, reader);
}

static void
read_output (PxWatch *self)
{
  Reader *reader = g_new0 (Reader, 1);

  g_weak_ref_init (&reader->watch, self);
  reader->cancellable = g_object_ref (self->reading);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, reader->cancellable,
                                       line_read_cb, reader);
}

/**
 * px_watch_new_launch:
 * @argv: the program and its arguments
 * @workdir: (nullable): where it runs; %NULL: here
 * @progress: (nullable): a pattern its output's lines match for each
 *   task done (see px-progress.c); its output is then read, and passed
 *   on to this process's
 *
 * Starts @argv with this process's streams and watches it from its
 * first sample.
 */
PxWatch *
px_watch_new_launch (const char * const *argv,
                     const char         *workdir,
                     const char         *progress,
                     guint               interval_ms,
                     GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(PxProgress) counter = NULL;
  const char *identifier;
  gint64 cpu_before;
  PxWatch *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (progress != NULL && (counter = px_progress_new (progress, error)) == NULL)
    return NULL;
  launcher = g_subprocess_launcher_new (counter != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                        : G_SUBPROCESS_FLAGS_NONE);
  if (workdir != NULL)
    g_subprocess_launcher_set_cwd (launcher, workdir);
  cpu_before = children_cpu_us ();
  proc = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (proc == NULL)
    return NULL;
  /* Not px_watch_new_attach(): a program that ends at once, and is
   * collected before it is looked at, is still watched, to its exit
   * status. */
  /* Its pid is gone with it once GLib has collected it: then there is
   * nothing to read but its exit status. */
  identifier = g_subprocess_get_identifier (proc);
  self = watch_new (identifier != NULL ? atoi (identifier) : 0, interval_ms);
  self->launched = g_steal_pointer (&proc);
  self->children_cpu_us = cpu_before;
  self->argv = g_strdupv ((char **)argv);
  self->workdir = g_strdup (workdir);
  self->progress_pattern = g_strdup (progress);
  g_subprocess_wait_async (self->launched, NULL, launched_wait_cb, g_object_ref (self));
  if (counter != NULL)
    {
      self->progress = g_steal_pointer (&counter);
      self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->launched));
      self->passed_on = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      self->reading = g_cancellable_new ();
      read_output (self);
    }
  return self;
}

/**
 * px_watch_new_again:
 *
 * A new watch of what @self watched: the same program launched again in
 * the same folder with the same progress pattern, or the same pid
 * attached again (an error if it is gone).
 */
PxWatch *
px_watch_new_again (PxWatch  *self,
                    GError  **error)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  if (self->argv != NULL)
    return px_watch_new_launch ((const char * const *)self->argv, self->workdir,
                                self->progress_pattern, self->interval_ms, error);
  return px_watch_new_attach (self->root, self->interval_ms, error);
}

/**
 * px_watch_get_exit_cpu:
 *
 * A launched program's own account of its CPU time, and of the children
 * it waited for, read when it was collected; FALSE until then, and for
 * an attached pid. (Another child of this process collected at the same
 * moment would be counted too.)
 */
gboolean
px_watch_get_exit_cpu (PxWatch *self,
                       double  *seconds)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  if (!self->exited)
    return FALSE;
  if (seconds != NULL)
    *seconds = self->exit_cpu_s;
  return TRUE;
}

/* Whether it samples still: not stopped, and the program not ended (a
 * launched program seen gone counts until it is reaped). */
gboolean
px_watch_get_sampling (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  return self->timeout_id != 0 || self->end_on_exit;
}

/* The program launched, or NULL if a running one was attached to. */
const char * const *
px_watch_get_argv (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  return (const char * const *)self->argv;
}

/* When the watch began, in microseconds since the epoch. */
gint64
px_watch_get_started (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->started_real_us;
}

/* With --progress, the tasks done so far, and their total if the
 * program said it; FALSE without. */
gboolean
px_watch_get_progress (PxWatch  *self,
                       guint64  *done,
                       guint64  *total,
                       gboolean *has_total)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  if (self->progress == NULL)
    return FALSE;
  if (done != NULL)
    *done = px_progress_get_done (self->progress);
  if (has_total != NULL)
    *has_total = px_progress_get_total (self->progress, total);
  return TRUE;
}

int
px_watch_get_pid (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->root;
}

gboolean
px_watch_get_ended (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), TRUE);

  return self->ended;
}

/* A launched program's exit status once it exited (128 + N for a
 * signal N); FALSE before, and for a program attached to. */
gboolean
px_watch_get_exit_status (PxWatch *self,
                          int     *status)
{
  g_return_val_if_fail (PX_IS_WATCH (self), FALSE);

  if (status != NULL)
    *status = self->exit_status;
  return self->exited;
}

guint
px_watch_get_interval_ms (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->interval_ms;
}

/* Seconds since the watch began, a value per sample. */
PxHistory *
px_watch_get_time (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);

  return self->time;
}

PxHistory *
px_watch_get_series (PxWatch       *self,
                     PxWatchSeries  series)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);
  g_return_val_if_fail (series < PX_WATCH_N_SERIES, NULL);

  return self->series[series];
}

/* Every thread seen, in the order they were, those that ended too. */
guint
px_watch_get_n_threads (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->threads->len;
}

const PxWatchThread *
px_watch_get_thread (PxWatch *self,
                     guint    index)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);
  g_return_val_if_fail (index < self->threads->len, NULL);

  return &((Thread *)g_ptr_array_index (self->threads, index))->pub;
}

/* Every process seen, the watched one first. */
guint
px_watch_get_n_processes (PxWatch *self)
{
  g_return_val_if_fail (PX_IS_WATCH (self), 0);

  return self->processes->len;
}

const PxWatchProcess *
px_watch_get_process (PxWatch *self,
                      guint    index)
{
  g_return_val_if_fail (PX_IS_WATCH (self), NULL);
  g_return_val_if_fail (index < self->processes->len, NULL);

  return &((Process *)g_ptr_array_index (self->processes, index))->pub;
}

const char *
px_watch_state_name (PxWatchState state)
{
  static const char * const names[] = {
    [PX_WATCH_RUNNING] = N_("running"),
    [PX_WATCH_RUNNABLE] = N_("runnable"),
    [PX_WATCH_SLEEPING] = N_("sleeping"),
    [PX_WATCH_DISK_WAIT] = N_("disk wait"),
    [PX_WATCH_STOPPED] = N_("stopped"),
    [PX_WATCH_ZOMBIE] = N_("zombie"),
  };

  return state < PX_WATCH_N_STATES ? _(names[state]) : "";
}

/* The state's name as reports write it, in any language. */
const char *
px_watch_state_key (PxWatchState state)
{
  static const char * const keys[] = {
    [PX_WATCH_RUNNING] = "running",
    [PX_WATCH_RUNNABLE] = "runnable",
    [PX_WATCH_SLEEPING] = "sleeping",
    [PX_WATCH_DISK_WAIT] = "disk wait",
    [PX_WATCH_STOPPED] = "stopped",
    [PX_WATCH_ZOMBIE] = "zombie",
  };

  return state < PX_WATCH_N_STATES ? keys[state] : "";
}
