/* test-faults.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workers that stop, hang or misbehave, tasks that overrun, payloads
 * that would not fit: the run notices, accounts for every task and ends.
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "px-protocol.h"
#include "px-run-private.h"
#include "px-test-helpers.h"
#include "px-worker.h"

static char *test_tmpdir;
static char *fault_dir;

static void
assert_all_accounted (PxRun *run)
{
  px_test_assert_all_accounted (run, test_tmpdir);
}

/* The reason of the first failed task, or NULL. */
static char *
first_failure (PxRun *run)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);

  for (guint i = 0; i < n; i++)
    if (r[i].status == PX_TASK_FAILED)
      return px_run_dup_failure_reason (run, i);
  return NULL;
}

static PxRun *
new_run (PxExecutorKind  executor,
         PxTaskKind      kind,
         guint           workers,
         guint           tasks,
         double          task_ms,
         void          (*adjust) (PxSpec *spec))
{
  PxSpec spec;
  PxRun *run;

  px_test_spec (&spec, executor, kind, workers, tasks, task_ms);
  if (adjust)
    adjust (&spec);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  return run;
}

static guint64
rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10) * 1024;
}

/* 300 tasks of 16 MiB in chunks of 300 once sized a 4.7 GiB buffer with a
 * 32-bit length: it wrapped and the parent wrote past its end. */
static void
test_payload_chunk_bounded_by_bytes (void)
{
  g_autoptr(PxRun) run = NULL;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 1, 300, 0);
  spec.payload_bytes = 16 << 20;
  spec.chunk_size = 300;
  run = px_run_new (&spec);
  px_spec_clear (&spec);

  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait_for_done (run, 3);
  /* A few chunks of 16 MiB in flight, not 300. */
  g_test_message ("RSS %.0f MiB", rss_bytes () / 1048576.0);
  g_assert_cmpuint (rss_bytes (), <, 600u << 20);
  px_run_cancel (run);
  px_test_wait (run);
  assert_all_accounted (run);
  g_assert_true (px_test_events_contain (run, "chunks hold at most 4 tasks"));
}

/* Chunks of 64 × 16 MiB once queued 1 GiB at once and blamed healthy
 * workers for not reading it. */
static void
adjust_payload_chunks (PxSpec *spec)
{
  spec->payload_bytes = 16 << 20;
  spec->chunk_size = 64;
}

static void
test_payload_chunks_do_not_blame_workers (void)
{
  g_autoptr(PxRun) run = new_run (PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 2, 12, 0,
                                  adjust_payload_chunks);
  PxRunCounters c;

  g_assert_true (px_run_execute (run, NULL));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 12);
  g_assert_cmpuint (c.workers_lost, ==, 0);
}

static void
adjust_task_timeout (PxSpec *spec)
{
  spec->task_timeout = 0.2;
}

/* Built-in kernels stop themselves at task-timeout: the task fails, the
 * worker goes on. */
static void
test_task_timeout (gconstpointer data)
{
  g_autoptr(PxRun) run = new_run (GPOINTER_TO_INT (data), PX_KIND_SLEEP, 1, 3, 30000,
                                  adjust_task_timeout);
  g_autofree char *reason = NULL;
  gint64 t = g_get_monotonic_time ();
  PxRunCounters c;

  g_assert_true (px_run_execute (run, NULL));
  g_test_message ("3 tasks of 30 s with a 0.2 s timeout took %.2f s",
                  (g_get_monotonic_time () - t) / 1e6);
  /* About 0.6 s; the bound leaves room for a busy machine. */
  g_assert_cmpint (g_get_monotonic_time () - t, <, 15 * G_USEC_PER_SEC);
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.failed, ==, 3);
  g_assert_cmpuint (c.workers_lost, ==, 0);
  reason = first_failure (run);
  g_assert_nonnull (strstr (reason, "task-timeout=0.2 s"));
}

static void
adjust_watch (PxSpec *spec)
{
  spec->worker_timeout = 1;
  spec->retries = 1;
}

static void
adjust_watch_healthy (PxSpec *spec)
{
  /* Replacements are healthy: room for a slow start on a busy machine. */
  spec->worker_timeout = 2;
  spec->retries = 1;
}

/* A stopped process (SIGSTOP, a debugger) stops its heartbeat: it is
 * ended, its task retried, a replacement finishes the run. */
static void
test_stopped_worker (void)
{
  /* Sleeps of 100 ms: the run has well over a second left when the
   * worker is stopped, even for a test held a while on a busy machine. */
  g_autoptr(PxRun) run = new_run (PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 2, 40, 100,
                                  adjust_watch_healthy);
  PxWorkerSnapshot w;
  PxRunCounters c;
  gint64 t;

  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait_for_done (run, 5);
  px_run_get_worker (run, 0, &w);
  g_assert_cmpint (kill (w.pid, SIGSTOP), ==, 0);
  t = g_get_monotonic_time ();
  px_test_wait (run);
  g_test_message ("the run ended %.2f s after the stop", (g_get_monotonic_time () - t) / 1e6);

  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 40);
  g_assert_cmpuint (c.workers_lost, ==, 1);
  g_assert_true (px_test_events_contain (run, "no sign of life for worker-timeout=2 s"));
  px_run_get_worker (run, 0, &w);
  g_assert_cmpuint (w.restarts, ==, 1);
}

static void
run_with_fault_worker (PxRun      *run,
                       const char *fault,
                       guint       after)
{
  g_autofree char *worker = px_test_fault_worker (fault_dir, fault, after);

  px_run_set_worker_path (run, worker);
}

/* Never says hello, or says hello and then nothing: a worker that cannot
 * start, again and again, ends the run with a message. */
static void
test_worker_silent (gconstpointer data)
{
  g_autoptr(PxRun) run = new_run (PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 1, 10, 1, adjust_watch);
  g_autoptr(GError) error = NULL;
  gint64 t = g_get_monotonic_time ();

  run_with_fault_worker (run, data, 0);
  g_assert_false (px_run_execute (run, &error));
  g_test_message ("%s (after %.2f s)", error->message, (g_get_monotonic_time () - t) / 1e6);
  g_assert_nonnull (strstr (error->message, "giving up"));
  g_assert_nonnull (strstr (error->message, g_str_equal (data, "no-hello")
                                            ? "did not start within worker-timeout=1 s"
                                            : "no sign of life for worker-timeout=1 s"));
  g_assert_cmpint (g_get_monotonic_time () - t, <, 15 * G_USEC_PER_SEC);
  assert_all_accounted (run);
}

/* A header that announces 64 MiB, then nothing: the worker's heart beats,
 * but a message stopped half way is no sign of life. */
static void
test_worker_half_frame (void)
{
  g_autoptr(PxRun) run = new_run (PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 1, 5, 1,
                                  adjust_watch_healthy);
  PxRunCounters c;

  run_with_fault_worker (run, "half-frame", 2);
  g_assert_true (px_run_execute (run, NULL));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 5);
  g_assert_cmpuint (c.workers_lost, >=, 1);
  g_assert_true (px_test_events_contain (run, "stopped in the middle of a message"));
}

static void
adjust_hang (PxSpec *spec)
{
  spec->task_timeout = 0.5;
  spec->retries = 1;
}

/* Stuck in a task with its heart beating: ended at task-timeout (and a
 * grace period), the task retried elsewhere. */
static void
test_worker_hangs_in_task (void)
{
  g_autoptr(PxRun) run = new_run (PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 1, 2, 1, adjust_hang);
  PxRunCounters c;
  guint n;
  const PxTaskRecord *r;

  run_with_fault_worker (run, "hang-task", 1);
  g_assert_true (px_run_execute (run, NULL));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 2);
  g_assert_cmpuint (c.retried, ==, 1);
  g_assert_true (px_test_events_contain (run, "did not stop its task at task-timeout=0.5 s"));
  /* Task 1 hung, was ended and took a second attempt. */
  r = px_run_get_records (run, &n);
  g_assert_cmpuint (r[1].tries, ==, 2);
}

static void
adjust_thread_stall (PxSpec *spec)
{
  spec->task_timeout = 0.2;
}

static void
wait_finalized (GObject **weak)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*weak != NULL && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  if (*weak != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
      const char *tid;

      /* Where each thread of this process waits, for whoever looks into
       * why the run was still held. */
      while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *stat = NULL, *syscall = NULL;
          g_autofree char *base = g_strdup_printf ("/proc/self/task/%s", tid);
          g_autofree char *stat_path = g_build_filename (base, "stat", NULL);
          g_autofree char *syscall_path = g_build_filename (base, "syscall", NULL);

          g_file_get_contents (stat_path, &stat, NULL, NULL);
          g_file_get_contents (syscall_path, &syscall, NULL, NULL);
          /* Its name and state, then the system call it is in, if any. */
          if (stat != NULL && strrchr (stat, ')') != NULL)
            strrchr (stat, ')')[3] = '\0';
          g_test_message ("thread %s: %s; system call %s", tid, stat != NULL ? stat : "?",
                          syscall != NULL ? g_strstrip (syscall) : "?");
        }
    }
  g_assert_null (*weak);
}

/* A thread that does not come back from a task cannot be killed: its task
 * fails, a new thread takes its place, the run ends; the thread is let go
 * when it returns. */
static void
test_thread_left_behind (void)
{
  PxRun *run = new_run (PX_EXECUTOR_THREADS, PX_KIND_SLEEP, 2, 10, 10, adjust_thread_stall);
  GObject *weak = G_OBJECT (run);
  g_autofree char *reason = NULL;
  gint64 t = g_get_monotonic_time ();
  PxRunCounters c;

  g_object_add_weak_pointer (weak, (gpointer *)&weak);
  /* Stuck until this test lets it go (a minute at most). */
  _px_run_set_test_stall (run, 3, 60 * G_USEC_PER_SEC);
  g_assert_true (px_run_execute (run, NULL));
  g_test_message ("ended after %.2f s", (g_get_monotonic_time () - t) / 1e6);
  /* task-timeout and its grace, far from the minute the thread is stuck. */
  g_assert_cmpint (g_get_monotonic_time () - t, <, 15 * G_USEC_PER_SEC);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 9);
  g_assert_cmpuint (c.failed, ==, 1);
  g_assert_cmpuint (c.in_flight, ==, 0);
  reason = px_run_dup_failure_reason (run, 3);
  g_assert_nonnull (strstr (reason, "left to finish"));
  g_assert_true (px_test_events_contain (run, "did not stop task 3 at task-timeout=0.2 s"));

  /* The thread left behind holds the run until it returns. */
  g_object_unref (run);
  g_assert_nonnull (weak);
  _px_run_release_test_stall (PX_RUN (weak));
  wait_finalized (&weak);
}

/* Cancel returns at once even when a thread does not stop. */
static void
test_thread_stuck_cancel (void)
{
  PxRun *run = new_run (PX_EXECUTOR_THREADS, PX_KIND_SLEEP, 2, 50, 10, NULL);
  GObject *weak = G_OBJECT (run);
  gint64 t;

  g_object_add_weak_pointer (weak, (gpointer *)&weak);
  _px_run_set_test_stall (run, 0, 60 * G_USEC_PER_SEC);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait_for_done (run, 3);
  t = g_get_monotonic_time ();
  px_run_cancel (run);
  px_test_wait (run);
  g_test_message ("cancelled in %.2f s", (g_get_monotonic_time () - t) / 1e6);
  /* A second's grace, far from the minute the thread is stuck. */
  g_assert_cmpint (g_get_monotonic_time () - t, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (px_run_get_state (run), ==, PX_RUN_CANCELLED);
  g_assert_true (px_test_events_contain (run, "did not stop when the run was cancelled"));

  _px_run_release_test_stall (run);
  g_object_unref (run);
  wait_finalized (&weak);
}

/* Workers get what they need of the environment, not LD_PRELOAD. */
static void
test_worker_environment (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *environ_path = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  PxWorkerSnapshot w;
  gboolean lang = FALSE;

  g_setenv ("LD_PRELOAD", "", TRUE);
  g_setenv ("PX_TEST_PRIVATE", "secret", TRUE);
  g_setenv ("LC_NUMERIC", "C", TRUE);
  /* Sleeps of half a second: the worker is still there to be read
   * after its first, the run cancelled then. */
  run = new_run (PX_EXECUTOR_PROCESSES, PX_KIND_SLEEP, 1, 20, 500, NULL);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait_for_done (run, 1);
  px_run_get_worker (run, 0, &w);
  environ_path = g_strdup_printf ("/proc/%d/environ", w.pid);
  g_assert_true (g_file_get_contents (environ_path, &text, &length, NULL));
  px_run_cancel (run);
  px_test_wait (run);
  g_unsetenv ("LD_PRELOAD");
  g_unsetenv ("PX_TEST_PRIVATE");
  g_unsetenv ("LC_NUMERIC");

  for (const char *p = text; p < text + length; p += strlen (p) + 1)
    {
      g_test_message ("worker environment: %s", p);
      g_assert_false (g_str_has_prefix (p, "LD_PRELOAD="));
      g_assert_false (g_str_has_prefix (p, "PX_TEST_PRIVATE="));
      lang |= g_str_equal (p, "LC_NUMERIC=C");
    }
  g_assert_true (lang);
}

/* A parent that names a worker index out of range gets a refusal and an
 * exit status, not a crash. */
static void
test_worker_refuses_bad_index (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GBytes) input = NULL;
  const char *config = "[Profile]\nversion=1\n[X-Run]\niters-per-ms=1000\nworker=256\n"
                       "sync-fd=3\ntmpdir=\n";
  g_autofree char *worker = g_build_filename (PX_BUILD_ROOT, "src", "worker", "parallax-worker",
                                              NULL);
  int memfd = memfd_create ("px-test", MFD_CLOEXEC);
  gsize at;

  g_assert_cmpint (ftruncate (memfd, 1 << 20), ==, 0);
  at = px_frame_begin (frame, PX_MSG_CONFIG);
  px_put_bytes (frame, config, strlen (config));
  px_frame_end (frame, at);
  input = g_byte_array_free_to_bytes (g_steal_pointer (&frame));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_fd (launcher, memfd, 3);
  proc = g_subprocess_launcher_spawn (launcher, &error, worker, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, input, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, NULL);

  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (err, NULL), g_bytes_get_size (err),
                                  "worker index"));
  g_assert_false (_px_worker_parse_input (g_bytes_get_data (input, NULL),
                                          g_bytes_get_size (input)));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* file-io folders go here, so the test can see that none is left. */
  fault_dir = px_test_make_dir ("px-fault");
  test_tmpdir = px_test_private_tmpdir ("px-faults-test");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/faults/payload-chunk-bounded-by-bytes",
                   test_payload_chunk_bounded_by_bytes);
  g_test_add_func ("/px/faults/payload-chunks-do-not-blame-workers",
                   test_payload_chunks_do_not_blame_workers);
  g_test_add_data_func ("/px/faults/threads/task-timeout", GINT_TO_POINTER (PX_EXECUTOR_THREADS),
                        test_task_timeout);
  g_test_add_data_func ("/px/faults/processes/task-timeout",
                        GINT_TO_POINTER (PX_EXECUTOR_PROCESSES), test_task_timeout);
  g_test_add_func ("/px/faults/processes/stopped-worker", test_stopped_worker);
  g_test_add_data_func ("/px/faults/processes/no-hello", "no-hello", test_worker_silent);
  g_test_add_data_func ("/px/faults/processes/hang-after-hello", "hang-after-hello",
                        test_worker_silent);
  g_test_add_func ("/px/faults/processes/half-frame", test_worker_half_frame);
  g_test_add_func ("/px/faults/processes/hangs-in-task", test_worker_hangs_in_task);
  g_test_add_func ("/px/faults/threads/left-behind", test_thread_left_behind);
  g_test_add_func ("/px/faults/threads/stuck-cancel", test_thread_stuck_cancel);
  g_test_add_func ("/px/faults/processes/environment", test_worker_environment);
  g_test_add_func ("/px/faults/processes/bad-index", test_worker_refuses_bad_index);

  status = g_test_run ();

  g_rmdir (test_tmpdir);
  px_test_remove_dir (fault_dir);
  return status;
}
