/* px-test-helpers.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests and benchmarks share.
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <sys/resource.h>
#include <time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "px-joblog.h"
#include "px-proc-file.h"
#include "px-profile.h"
#include "px-test-helpers.h"

/* A profile's defaults with the given workload; files and buffers small. */
void
px_test_spec (PxSpec         *spec,
              PxExecutorKind  executor,
              PxTaskKind      kind,
              guint           workers,
              guint           tasks,
              double          task_ms)
{
  g_autoptr(PxProfile) profile = px_profile_new ();

  px_spec_copy (spec, px_profile_get_spec (profile));
  spec->executor = executor;
  spec->kind = kind;
  spec->workers = workers;
  spec->tasks = tasks;
  spec->task_ms = task_ms;
  spec->file_bytes = 32768;
  spec->memory_bytes = 65536;
}

/* For a test that needs a display: TRUE if @have_display; otherwise the
 * test is skipped, or fails where PX_REQUIRE_DISPLAY says GUI tests must
 * run (as build-aux/dev test and CI do). */
gboolean
px_test_require_display (gboolean have_display)
{
  if (have_display)
    return TRUE;
  if (g_getenv ("PX_REQUIRE_DISPLAY") != NULL)
    g_test_fail_printf ("no display, but PX_REQUIRE_DISPLAY is set: GUI tests must run");
  else
    g_test_skip ("no display: run the GUI tests under xvfb-run (build-aux/dev test does)");
  return FALSE;
}

/* Waits until a run started with px_run_execute_async() has ended, then
 * lets its completion run on the main context. */
void
px_test_wait (PxRun *run)
{
  PxRunState state;

  while ((state = px_run_get_state (run)) == PX_RUN_READY || state == PX_RUN_RUNNING)
    g_usleep (1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Starts @run, waits until @n of its tasks are in flight (and a tenth
 * of a second more, so they are well into their waits), cancels it and
 * waits for its end. Returns how long the cancel took, in µs. */
gint64
px_test_cancel_in_flight (PxRun *run,
                          guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  PxRunCounters c;
  gint64 start;

  px_run_execute_async (run, NULL, NULL, NULL);
  do
    {
      g_usleep (10 * 1000);
      px_run_get_counters (run, &c);
      if (g_get_monotonic_time () > deadline)
        g_error ("%u tasks never in flight at once in a minute: %u in flight, %u waiting, "
                 "%u done, %u failed, %u cancelled",
                 n, c.in_flight, c.waiting, c.done, c.failed, c.cancelled);
    }
  while (c.in_flight < n);
  g_usleep (100 * 1000);
  start = g_get_monotonic_time ();
  px_run_cancel (run);
  px_test_wait (run);
  g_test_message ("cancelled in %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  return g_get_monotonic_time () - start;
}

/* Waits until @n tasks of a running run are done; fails after a minute. */
void
px_test_wait_for_done (PxRun *run,
                       guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  PxRunCounters c;

  for (;;)
    {
      px_run_get_counters (run, &c);
      if (c.done >= n)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("only %u of %u tasks done after a minute", c.done, n);
      g_usleep (2000);
    }
}

/* A fault worker (tests/px-fault-worker.c) in @dir that commits @fault
 * after @after tasks. */
char *
px_test_fault_worker (const char *dir,
                      const char *fault,
                      guint       after)
{
  g_autofree char *name = g_strdup_printf ("px-fault-%s-%u", fault, after);
  char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
  g_assert_cmpint (symlink (g_getenv ("PX_FAULT_WORKER"), path), ==, 0);
  return path;
}

/* Children of this process, zombies included. */
/* Daemons a test started itself (sshd, Slurm's): not the runs' children
 * that px_test_count_children() looks for. */
static GArray *daemons;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * px_test_spawn_daemon:
 * @argv: a daemon that stays in the foreground
 *
 * Starts a daemon for a test: a child of this process that gets SIGTERM
 * when it ends, however it ends (a failed assertion aborts it), so that
 * none is left behind; px_test_count_children() does not count it.
 * Returns its pid.
 */
int
px_test_spawn_daemon (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_assert_true (g_spawn_async (NULL, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL, die_with_parent, NULL, &pid,
                                &error));
  g_assert_no_error (error);
  if (daemons == NULL)
    daemons = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (daemons, pid);
  return pid;
}

/* Ends a daemon px_test_spawn_daemon() started, and reaps it. */
void
px_test_stop_daemon (int pid)
{
  if (pid <= 0)
    return;
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  for (guint i = 0; daemons != NULL && i < daemons->len; i++)
    if (g_array_index (daemons, int, i) == pid)
      g_array_remove_index_fast (daemons, i--);
}

static gboolean
is_daemon (int pid)
{
  for (guint i = 0; daemons != NULL && i < daemons->len; i++)
    if (g_array_index (daemons, int, i) == pid)
      return TRUE;
  return FALSE;
}

guint
px_test_count_children (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;
  int self = getpid ();

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      const char *close;
      int ppid = 0;
      char state;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/stat", name);
      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      close = strrchr (text, ')');
      if (close && sscanf (close + 2, "%c %d", &state, &ppid) == 2 && ppid == self &&
          !is_daemon (atoi (name)))
        n++;
    }

  return n;
}

guint
px_test_count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

/* Every task ended exactly once and is counted where it should be; no
 * worker process is left, and nothing in @tmpdir. */
void
px_test_assert_all_accounted (PxRun      *run,
                              const char *tmpdir)
{
  PxRunCounters c;
  guint n, done = 0, failed = 0, cancelled = 0;
  const PxTaskRecord *records = px_run_get_records (run, &n);
  guint64 worker_tasks = 0;

  px_run_get_counters (run, &c);
  for (guint i = 0; i < n; i++)
    {
      switch (records[i].status)
        {
        case PX_TASK_DONE:
          done++;
          g_assert_cmpint (records[i].start_us, >=, records[i].enqueue_us);
          g_assert_cmpint (records[i].end_us, >=, records[i].start_us);
          g_assert_cmpuint (records[i].worker, <, px_run_get_n_workers (run));
          break;
        case PX_TASK_FAILED:
          failed++;
          break;
        case PX_TASK_CANCELLED:
          cancelled++;
          break;
        default:
          g_error ("task %u ended in state %d", i, records[i].status);
        }
    }

  g_assert_cmpuint (done, ==, c.done);
  g_assert_cmpuint (failed, ==, c.failed);
  g_assert_cmpuint (cancelled, ==, c.cancelled);
  g_assert_cmpuint (done + failed + cancelled, ==, c.total);
  g_assert_cmpuint (c.in_flight, ==, 0);

  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      px_run_get_worker (run, i, &w);
      worker_tasks += w.tasks_done;
    }
  g_assert_cmpuint (worker_tasks, ==, c.done);
  g_assert_cmpuint (px_test_count_children (), ==, 0);
  if (tmpdir != NULL)
    g_assert_cmpuint (px_test_count_files (tmpdir), ==, 0);
}

/* Removes what @path holds, then @path. */
void
px_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* Folders within it too, without following links. */
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        px_test_remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Makes a new folder in the temporary folder, without asking GLib for it
 * (g_get_tmp_dir() reads TMPDIR once and keeps it). */
char *
px_test_make_dir (const char *prefix)
{
  const char *base = g_getenv ("TMPDIR");
  char *dir = g_strdup_printf ("%s/%s-XXXXXX", base && *base ? base : "/tmp", prefix);

  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

/* Makes a private folder and sets TMPDIR to it, for what this process and
 * its children create. Call it before anything asks GLib for the
 * temporary folder. */
char *
px_test_private_tmpdir (const char *prefix)
{
  char *dir = px_test_make_dir (prefix);

  g_setenv ("TMPDIR", dir, TRUE);
  return dir;
}

/* Processes of group @pgid that are still running (not zombies, which
 * whoever adopted them reaps in their own time). */
static guint
count_running_in_group (pid_t pgid)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *after;
      char state;
      int ppid, pgrp;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/stat", name);
      if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
        continue;
      if (sscanf (after + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 && pgrp == pgid &&
          state != 'Z' && state != 'X')
        n++;
    }
  return n;
}

/* The group ends within a moment of the job: its members were
 * signalled, and die on their own time (at once here; up to 10 s, for
 * a busy machine). */
gboolean
px_test_group_gone (pid_t pgid)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (count_running_in_group (pgid) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  return count_running_in_group (pgid) == 0;
}

/* Replaces the text in @slot, as a spec's strings are owned by it. */
void
px_test_set_text (char       **slot,
                  const char  *text)
{
  g_free (*slot);
  *slot = g_strdup (text);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Sorts @values in place, lowest first: benchmarks' figures, to judge
 * medians and print their range. */
void
px_test_sort (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
}

/* The median of @values, which it sorts. */
double
px_test_median (double *values,
                guint   n)
{
  px_test_sort (values, n);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* This thread's CPU time, in ns: what a benchmark's watching costs. */
guint64
px_test_thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (guint64)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/**
 * px_test_process_schedstat:
 * @on_cpu_ns: (out): time on a CPU, in ns
 * @waiting_ns: (out) (optional): time waiting in a run queue, in ns
 *
 * The kernel's own account of process @pid (schedstat), summed over its
 * threads as they are now: what readings are held against.
 *
 * Returns: %FALSE if @pid is gone
 */
gboolean
px_test_process_schedstat (int      pid,
                           guint64 *on_cpu_ns,
                           guint64 *waiting_ns)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint threads = 0;
  guint64 on_cpu = 0, waiting = 0;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, "schedstat", NULL);
      g_autofree char *text = NULL;
      char *end;

      /* A thread that ended since the listing has nothing left to read. */
      if (!g_file_get_contents (file, &text, NULL, NULL))
        continue;
      on_cpu += g_ascii_strtoull (text, &end, 10);
      waiting += g_ascii_strtoull (end, NULL, 10);
      threads++;
    }
  *on_cpu_ns = on_cpu;
  if (waiting_ns != NULL)
    *waiting_ns = waiting;
  return threads > 0;
}

/* A GSourceFunc that quits the GMainLoop @loop. */
gboolean
px_test_quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Per cent of a core that `top -b -d 0.1` with @args takes refreshing
 * for @seconds, the baseline watching costs are held to; -1 without
 * top. */
double
px_test_top_percent (const char *args,
                     double      seconds)
{
  g_autofree char *top = g_find_program_in_path ("top");
  g_autofree char *line = g_strdup_printf ("top -b -d 0.1 -n %d %s >/dev/null",
                                           (int)(seconds * 10), args);
  const char *argv[] = { "/bin/sh", "-c", line, NULL };
  struct rusage before, after;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  if (top == NULL)
    return -1;
  getrusage (RUSAGE_CHILDREN, &before);
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    return -1;
  getrusage (RUSAGE_CHILDREN, &after);
  return 100.0 * ((after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
                  (after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
                  (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
                  (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6) /
         ((g_get_monotonic_time () - t0) / 1e6);
}

/* @text with the first @old replaced by @new; fails the test if there is
 * no @old. */
char *
px_test_replace (const char *text,
                 const char *old,
                 const char *new)
{
  const char *at = strstr (text, old);

  if (at == NULL)
    g_error ("“%s” is not in the text", old);
  return g_strdup_printf ("%.*s%s%s", (int)(at - text), text, new, at + strlen (old));
}

/* Runs the parallax binary under test with the arguments given (ended
 * by NULL), its output and errors into @out and @err (also in the test's
 * log); returns its exit status, or -1 if a signal ended it. */
int
px_test_parallax (char       **out,
                  char       **err,
                  const char  *first,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;
  va_list args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("PARALLAX_TEST_BINARY"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("%s\n%s", *out, *err);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Whether one of @run's events holds @text; each is printed. */
gboolean
px_test_events_contain (PxRun      *run,
                        const char *text)
{
  g_auto(GStrv) events = px_run_dup_events (run);

  for (guint i = 0; events[i]; i++)
    {
      g_test_message ("event: %s", events[i]);
      if (strstr (events[i], text))
        return TRUE;
    }
  return FALSE;
}

/* @run's joblog, as px_joblog_write_run() writes it, with its header. */
char *
px_test_joblog_text (PxRun *run)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  char *text;

  g_assert_true (px_joblog_write_run (run, stream, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write (stream, "", 1, NULL, NULL) == 1);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  g_test_message ("%s", text);
  return text;
}

/**
 * px_test_wait_asleep:
 * @id: a process's or a thread's id
 *
 * Waits until @id sleeps (state S in its stat): blocked where the test
 * means it to be, however late a busy machine let it get there. Its
 * kernel figures are final then, schedstat's time on a CPU included.
 * Fails after 30 s.
 */
void
px_test_wait_asleep (int id)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      char buf[1024] = "";
      PxProcStat st;

      if (px_proc_read (buf, sizeof buf, "/proc/%d/stat", id) && px_proc_stat_parse (buf, &st) &&
          st.state == 'S')
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("%d is not asleep after 30 s (its stat: %s)", id, buf);
      g_usleep (1000);
    }
}
