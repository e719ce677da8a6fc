/* test-executor.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "px-profile.h"
#include "px-run.h"
#include "px-test-helpers.h"

static char *test_tmpdir;
static char *fault_dir;

/* A fault worker that commits @fault after @after tasks. */
static char *
fault_worker (const char *fault,
              guint       after)
{
  return px_test_fault_worker (fault_dir, fault, after);
}

static void
assert_all_accounted (PxRun *run)
{
  px_test_assert_all_accounted (run, test_tmpdir);
}

static PxRun *
run_spec (PxSpec *spec)
{
  g_autoptr(GError) error = NULL;
  PxRun *run = px_run_new (spec);

  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  assert_all_accounted (run);
  px_spec_clear (spec);
  return run;
}

static void
test_every_kind (gconstpointer data)
{
  PxExecutorKind executor = GPOINTER_TO_INT (data);

  for (PxTaskKind k = PX_KIND_CPU; k <= PX_KIND_SHARED_UPDATE; k++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;

      px_test_spec (&spec, executor, k, 3, 30, 0.5);
      spec.jitter = PX_JITTER_UNIFORM;
      spec.barrier_every = 2;
      spec.updates = 7;
      spec.semaphore_limit = 1;
      g_test_message ("%s / %s", px_executor_kind_name (executor), px_task_kind_name (k));
      run = run_spec (&spec);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 30);
      g_assert_cmpint (px_run_get_state (run), ==, PX_RUN_FINISHED);
      if (k == PX_KIND_SHARED_UPDATE)
        g_assert_cmpint (px_run_get_shared_value (run), ==, 30 * 7);
    }
}

static void
test_semaphore_limits (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  const PxTaskRecord *r;
  guint n, max_inside = 0;
  PxSpec spec;

  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_SEMAPHORE, 4, 24, 0.5);
  spec.semaphore_limit = 2;
  spec.task_ms = 5;
  run = run_spec (&spec);
  r = px_run_get_records (run, &n);

  g_assert_cmpuint (n, ==, 24);
  /* At most 2 inside at once, counted by the holders' own marks as each
   * permit is taken (task times, which a busy machine stretches past a
   * release, cannot tell). */
  max_inside = px_run_get_semaphore_peak (run);
  g_test_message ("at most %u workers held a permit at once", max_inside);
  g_assert_cmpuint (max_inside, >=, 1);
  g_assert_cmpuint (max_inside, <=, 2);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (r[i].end_us - r[i].start_us, >=, 4500);
}

static void
test_chunks_and_payload (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  guint n;

  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_CPU, 2, 1000, 0.5);
  spec.chunk_size = 7;
  spec.payload_bytes = 3000;
  spec.task_ms = 0;
  spec.task_iterations = 1000;
  run = run_spec (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 1000);
  g_assert_cmpuint (c.failed, ==, 0);

  /* Handling each payload is timed apart from computing, and within the
   * task's own time. */
  {
    const PxTaskRecord *r = px_run_get_records (run, &n);
    const PxTaskWaits *w = px_run_get_task_waits (run);
    gint64 ipc = 0;

    g_assert_cmpuint (n, ==, 1000);
    /* No task waited on a lock, the GIL or a signal: the report
     * writers leave the waits unread. */
    g_assert_false (px_run_has_task_waits (run));
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpint (r[i].ipc_us, <=, r[i].end_us - r[i].start_us);
        g_assert_cmpuint (w[i].gil_wait_us, ==, 0);
        ipc += r[i].ipc_us;
      }
    g_assert_cmpint (ipc, >, 0);
  }
  {
    guint64 chunks;
    guint smallest, largest;

    px_run_get_chunks (run, &chunks, &smallest, &largest);
    g_assert_cmpuint (largest, ==, 7);
    g_assert_cmpuint (chunks, >=, 1000 / 7);
  }
}

/* chunk-size=auto: chunks of Pool.map's size at most, large first, down
 * to single tasks at the end, every task done once. */
static void
test_chunks_auto (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *text = NULL;
  PxRunCounters c;
  PxSpec spec;
  guint64 chunks;
  guint smallest, largest;

  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_CPU, 2, 10000, 0);
  spec.chunk_size = PX_CHUNK_SIZE_AUTO;
  spec.task_iterations = 100;
  run = run_spec (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 10000);
  g_assert_cmpuint (c.failed, ==, 0);

  px_run_get_chunks (run, &chunks, &smallest, &largest);
  text = px_run_dup_chunk_size_text (run);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "auto: "));
  /* Pool.map's chunk: the tasks in four chunks a worker. */
  g_assert_cmpuint (largest, <=, 1250);
  g_assert_cmpuint (largest, >=, 100);
  g_assert_cmpuint (smallest, ==, 1);
  /* Far fewer hand-outs than tasks, more than one a worker. */
  g_assert_cmpuint (chunks, >, 4);
  g_assert_cmpuint (chunks, <, 1000);
}

static void
test_rate_and_bounded_queue (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  guint max_queued = 0;
  gint64 wall;

  /* A second of run: the queue is seen full however often a busy
   * machine holds this test. */
  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_SLEEP, 1, 200, 0.5);
  spec.arrival = PX_ARRIVAL_RATE;
  spec.rate = 400;
  spec.queue_capacity = 3;
  spec.task_ms = 5;
  run = px_run_new (&spec);
  px_spec_clear (&spec);

  px_run_execute_async (run, NULL, NULL, NULL);
  do
    {
      px_run_get_counters (run, &c);
      max_queued = MAX (max_queued, c.queued);
      g_usleep (1000);
    }
  while (px_run_get_state (run) == PX_RUN_RUNNING || px_run_get_state (run) == PX_RUN_READY);

  while (g_main_context_iteration (NULL, FALSE));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 200);
  /* Producer at 400/s, one worker at 200/s: the queue fills to its bound
   * and blocks the producer; it never exceeds it. */
  g_assert_cmpuint (max_queued, <=, 3);
  g_assert_cmpuint (max_queued, >=, 2);
  wall = c.elapsed_us;
  g_assert_cmpint (wall, >=, 200 * 5000 * 9 / 10);
}

/* A queue of capacity 1 drained by 4 workers: the producer's wait and the
 * workers' lock-free claims race on every task. A lost wake-up hangs. */
static void
test_bounded_queue_stress (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 4, 30000, 0.5);
  spec.queue_capacity = 1;
  spec.task_ms = 0;
  spec.task_iterations = 1;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);

  while (px_run_get_state (run) != PX_RUN_FINISHED)
    {
      px_run_get_counters (run, &c);
      if (g_get_monotonic_time () > deadline)
        g_error ("hung at %u of %u tasks, %u queued", c.done, c.total, c.queued);
      g_usleep (10000);
    }
  while (g_main_context_iteration (NULL, FALSE));
  assert_all_accounted (run);
}

static void
test_rate_paces_arrival (void)
{
  g_autoptr(PxRun) run = NULL;
  const PxTaskRecord *r;
  guint n;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, 50, 0.5);
  spec.arrival = PX_ARRIVAL_RATE;
  spec.rate = 500;
  spec.task_ms = 0;
  run = run_spec (&spec);
  r = px_run_get_records (run, &n);
  /* Task i arrives near i / rate after the start. */
  for (guint i = 0; i < n; i++)
    {
      gint64 offset = r[i].enqueue_us - px_run_get_start_time (run);
      g_assert_cmpint (offset, >=, (gint64)i * 2000 - 2000);
    }
  g_assert_cmpint (r[n - 1].enqueue_us - px_run_get_start_time (run), >=, 90000);
}

static void
test_per_task_spawn (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  PxExecutorKind executor = GPOINTER_TO_INT (data);
  PxRunCounters c;
  PxSpec spec;
  int first_pid;

  px_test_spec (&spec, executor, PX_KIND_CPU, 2, 12, 0.5);
  spec.spawn = PX_SPAWN_PER_TASK;
  run = run_spec (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 12);
  if (executor == PX_EXECUTOR_PROCESSES)
    {
      PxWorkerSnapshot w;
      px_run_get_worker (run, 0, &w);
      first_pid = w.pid;
      g_assert_cmpint (first_pid, >, 0);
      /* Every task started its own worker process; none was lost. */
      g_assert_cmpuint (c.workers_lost, ==, 0);
    }
}

static void
test_gil_serialises (void)
{
  g_autoptr(PxRun) run = NULL;
  PxWorkerSnapshot w0, w1;
  PxRunCounters c;
  PxSpec spec;
  double cpu_s;

  /* 0.6 s of computing: the two threads contend for the GIL even if a
   * busy machine starts one late. */
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 2, 60, 10);
  spec.gil = TRUE;
  run = run_spec (&spec);
  px_run_get_counters (run, &c);
  px_run_get_worker (run, 0, &w0);
  px_run_get_worker (run, 1, &w1);
  cpu_s = (w0.cpu_ns + w1.cpu_ns) / 1e9;
  /* Under the GIL two threads use about one core. */
  g_assert_cmpfloat (cpu_s / (c.elapsed_us / 1e6), <, 1.3);
  g_assert_cmpint (w0.lock_wait_us + w1.lock_wait_us, >, 50000);

  /* The records keep waiting for the GIL apart from lock wait: a CPU
   * task takes no lock of its own. */
  {
    guint n;
    const PxTaskRecord *r = px_run_get_records (run, &n);
    const PxTaskWaits *w = px_run_get_task_waits (run);
    gint64 gil = 0;

    g_assert_true (px_run_has_task_waits (run));
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (w[i].lock_wait_us, ==, 0);
        g_assert_cmpint (w[i].gil_wait_us, <=, r[i].end_us - r[i].start_us);
        gil += w[i].gil_wait_us;
      }
    g_assert_cmpint (gil, ==, w0.lock_wait_us + w1.lock_wait_us);
  }
}

static void
test_kill_worker (void)
{
  g_autoptr(PxRun) run = NULL;
  g_auto(GStrv) events = NULL;
  PxWorkerSnapshot w;
  PxRunCounters c;
  PxSpec spec;

  /* Tasks of 100 ms: 2.5 s of run left when the worker is killed, so
   * that a test held a while on a busy machine still finds it running. */
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 60, 100);
  spec.retries = 1;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);

  px_test_wait_for_done (run, 10);

  px_run_get_worker (run, 1, &w);
  g_assert_cmpint (w.pid, >, 0);
  g_assert_cmpint (kill (w.pid, SIGKILL), ==, 0);

  px_test_wait (run);
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  /* A replacement finished the run: the tasks the worker had begun were
   * retried, the rest went back untried. */
  g_assert_cmpuint (c.done, ==, 60);
  g_assert_cmpuint (c.workers_lost, ==, 1);
  px_run_get_worker (run, 1, &w);
  g_assert_cmpuint (w.restarts, ==, 1);
  events = px_run_dup_events (run);
  g_assert_cmpuint (g_strv_length (events), ==, 1);
  g_assert_nonnull (strstr (events[0], "signal 9"));
}

static void
test_crash_without_retry (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  guint n;
  const PxTaskRecord *r;
  gboolean found = FALSE;

  g_autofree char *worker = fault_worker ("crash", 5);
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 30, 0.5);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_worker_path (run, worker);
  g_assert_true (px_run_execute (run, NULL));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.failed, >=, 1);
  g_assert_cmpuint (c.done + c.failed, ==, 30);
  g_assert_cmpuint (c.workers_lost, >=, 1);
  r = px_run_get_records (run, &n);
  for (guint i = 0; i < n; i++)
    {
      if (r[i].status == PX_TASK_FAILED)
        {
          g_autofree char *reason = px_run_dup_failure_reason (run, i);
          g_assert_nonnull (strstr (reason, "killed by signal"));
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_garbage_worker (void)
{
  g_autoptr(PxRun) run = NULL;
  g_auto(GStrv) events = NULL;
  PxRunCounters c;
  PxSpec spec;

  g_autofree char *worker = fault_worker ("garbage", 3);
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 1, 10, 0.5);
  spec.retries = 2;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_worker_path (run, worker);
  g_assert_true (px_run_execute (run, NULL));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.workers_lost, >=, 1);
  events = px_run_dup_events (run);
  g_assert_nonnull (events[0]);
  g_assert_nonnull (strstr (events[0], "malformed"));
}

static void
test_wrong_result (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *reason = NULL;
  PxRunCounters c;
  PxSpec spec;

  g_autofree char *worker = fault_worker ("wrong-result", 0);
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 1, 5, 0.5);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_worker_path (run, worker);
  g_assert_true (px_run_execute (run, NULL));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.failed, ==, 5);
  reason = px_run_dup_failure_reason (run, 0);
  g_assert_cmpstr (reason, ==, "wrong result");
}

static void
test_worker_closes_output (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autofree char *worker = fault_worker ("close-output", 2);
  g_auto(GStrv) events = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 t = g_get_monotonic_time ();

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 1, 3, 0.5);
  spec.retries = 1;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_worker_path (run, worker);
  /* Every replacement lingers too: the run must still end, promptly. */
  g_assert_true (px_run_execute (run, NULL));
  g_assert_cmpint (g_get_monotonic_time () - t, <, 10 * G_USEC_PER_SEC);
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.workers_lost, >=, 1);
  events = px_run_dup_events (run);
  g_assert_nonnull (strstr (events[0], "closed its output"));
}

static void
test_worker_never_starts (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 20, 0.5);
  spec.retries = 5;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_worker_path (run, "/bin/false");
  g_assert_false (px_run_execute (run, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "giving up"));
  assert_all_accounted (run);
}

static void
test_big_payload_frames (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;

  /* 10 × 8 MiB in one chunk is more than one frame may carry. */
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 1, 10, 0.5);
  spec.payload_bytes = 8 << 20;
  spec.chunk_size = 10;
  run = run_spec (&spec);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 10);
}

static void
test_worker_ignores_sigint (void)
{
  g_autoptr(PxRun) run = NULL;
  PxWorkerSnapshot w;
  PxRunCounters c;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 1, 30, 100);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait_for_done (run, 3);
  px_run_get_worker (run, 0, &w);
  /* What Ctrl-C sends to a terminal's whole process group. */
  kill (w.pid, SIGINT);
  px_test_wait (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 30);
  g_assert_cmpuint (c.workers_lost, ==, 0);
}

/* One permit; its holder is killed inside the section: the parent must
 * give the permit back, or every other worker waits forever. */
static void
test_semaphore_holder_killed (void)
{
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint killed = 0;

  /* 4 s in all, one holder at a time: a holder is found in its section
   * even by a test held a while on a busy machine. */
  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_SEMAPHORE, 3, 40, 100);
  spec.semaphore_limit = 1;
  spec.retries = 3;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);

  while (px_run_get_state (run) == PX_RUN_RUNNING || px_run_get_state (run) == PX_RUN_READY)
    {
      px_run_get_counters (run, &c);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (killed < 2 && c.done >= 5 + 10 * killed)
        {
          PxWorkerSnapshot w;

          /* Whoever sleeps in the section holds the permit. */
          for (guint i = 0; i < 3; i++)
            {
              px_run_get_worker (run, i, &w);
              if (w.state == PX_WORKER_IO_WAIT && w.pid > 0)
                {
                  kill (w.pid, SIGKILL);
                  killed++;
                  break;
                }
            }
        }
      g_usleep (2000);
    }
  while (g_main_context_iteration (NULL, FALSE));
  assert_all_accounted (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (killed, ==, 2);
  g_assert_cmpuint (c.done, ==, 40);
  g_assert_cmpuint (c.workers_lost, ==, 2);
}

static void
test_cancellable_outlives_run (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PxRun *run;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 1, 5, 0.5);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, cancellable, NULL, NULL);
  px_test_wait (run);

  /* The task thread lets go of the run just after it has ended: wait for
   * the last reference, ours, to be the one that finalizes it. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (run), (gpointer *)&run);
    g_object_unref (run);
    while (run != NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  /* The run is gone: cancelling must not touch it. */
  g_cancellable_cancel (cancellable);
}

/* As many long tasks as workers: each worker runs one, none holds a
 * second while another is idle. Tasks of 2 s, so that a worker that
 * starts late on a busy machine (8 processes spawned in turn) is still
 * in time for its task. */
static void
test_work_spreads (gconstpointer data)
{
  g_autoptr(PxRun) run = NULL;
  PxSpec spec;

  px_test_spec (&spec, GPOINTER_TO_INT (data), PX_KIND_SLEEP, 8, 8, 2000);
  run = run_spec (&spec);
  for (guint i = 0; i < 8; i++)
    {
      PxWorkerSnapshot w;

      px_run_get_worker (run, i, &w);
      g_assert_cmpuint (w.tasks_done, ==, 1);
    }
}

static void
test_missing_worker_binary (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 5, 0.5);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_set_worker_path (run, "/nonexistent/parallax-worker");
  g_assert_false (px_run_execute (run, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent/parallax-worker"));
  assert_all_accounted (run);
}

static void
test_cancel (gconstpointer data)
{
  PxExecutorKind executor = GPOINTER_TO_INT (data);

  for (PxTaskKind k = PX_KIND_CPU; k <= PX_KIND_SHARED_UPDATE; k++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;
      gint64 t;

      px_test_spec (&spec, executor, k, 3, 100000, 0.5);
      spec.task_ms = 50;
      spec.file_bytes = 8 << 20;
      spec.memory_bytes = 8 << 20;
      spec.semaphore_limit = 1;
      run = px_run_new (&spec);
      px_spec_clear (&spec);
      px_run_execute_async (run, NULL, NULL, NULL);
      g_usleep (150000);
      t = g_get_monotonic_time ();
      px_run_cancel (run);
      px_test_wait (run);
      g_test_message ("%s / %s cancelled in %.0f ms", px_executor_kind_name (executor),
                      px_task_kind_name (k), (g_get_monotonic_time () - t) / 1000.0);
      /* At once: tens of ms here. The bound leaves room for a busy
       * machine, far below the half hour the run would take. */
      g_assert_cmpint (g_get_monotonic_time () - t, <, 5 * G_USEC_PER_SEC);
      g_assert_cmpint (px_run_get_state (run), ==, PX_RUN_CANCELLED);
      assert_all_accounted (run);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.cancelled, >, 0);
    }
}

static void
test_cpu_scales (gconstpointer data)
{
  PxExecutorKind executor = GPOINTER_TO_INT (data);
  g_autoptr(PxRun) run = NULL;
  PxRunCounters c;
  PxSpec spec;
  guint64 cpu = 0;

  px_test_spec (&spec, executor, PX_KIND_CPU, 2, 40, 0.5);
  spec.task_ms = 5;
  run = run_spec (&spec);
  px_run_get_counters (run, &c);
  for (guint i = 0; i < 2; i++)
    {
      PxWorkerSnapshot w;
      px_run_get_worker (run, i, &w);
      g_assert_cmpuint (w.cpu_ns, >, 0);
      cpu += w.cpu_ns;
    }
  /* Per-worker CPU clocks account for the work: 40 × 5 ms. */
  g_assert_cmpfloat (cpu / 1e6, >, 40 * 5 * 0.8);
}

int
main (int   argc,
      char *argv[])
{
  const struct { const char *name; PxExecutorKind kind; } executors[] = {
    { "threads", PX_EXECUTOR_THREADS },
    { "processes", PX_EXECUTOR_PROCESSES },
  };
  int status;

  /* file-io folders go here, so the test can see that none is left. */
  fault_dir = px_test_make_dir ("px-fault");
  test_tmpdir = px_test_private_tmpdir ("px-executor-test");

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (executors); i++)
    {
      gconstpointer d = GINT_TO_POINTER (executors[i].kind);
      const char *n = executors[i].name;
      g_autofree char *p1 = g_strdup_printf ("/px/executor/%s/every-kind", n);
      g_autofree char *p2 = g_strdup_printf ("/px/executor/%s/chunks-and-payload", n);
      g_autofree char *p3 = g_strdup_printf ("/px/executor/%s/rate-and-bounded-queue", n);
      g_autofree char *p4 = g_strdup_printf ("/px/executor/%s/per-task-spawn", n);
      g_autofree char *p5 = g_strdup_printf ("/px/executor/%s/cancel", n);
      g_autofree char *p6 = g_strdup_printf ("/px/executor/%s/semaphore-limits", n);
      g_autofree char *p7 = g_strdup_printf ("/px/executor/%s/cpu-clocks", n);
      g_autofree char *p8 = g_strdup_printf ("/px/executor/%s/work-spreads", n);
      g_autofree char *p9 = g_strdup_printf ("/px/executor/%s/chunks-auto", n);

      g_test_add_data_func (p1, d, test_every_kind);
      g_test_add_data_func (p2, d, test_chunks_and_payload);
      g_test_add_data_func (p9, d, test_chunks_auto);
      g_test_add_data_func (p3, d, test_rate_and_bounded_queue);
      g_test_add_data_func (p4, d, test_per_task_spawn);
      g_test_add_data_func (p5, d, test_cancel);
      g_test_add_data_func (p6, d, test_semaphore_limits);
      g_test_add_data_func (p7, d, test_cpu_scales);
      g_test_add_data_func (p8, d, test_work_spreads);
    }
  g_test_add_func ("/px/executor/threads/rate-paces-arrival", test_rate_paces_arrival);
  g_test_add_func ("/px/executor/threads/gil", test_gil_serialises);
  g_test_add_func ("/px/executor/threads/bounded-queue-stress", test_bounded_queue_stress);
  g_test_add_func ("/px/executor/processes/kill-worker", test_kill_worker);
  g_test_add_func ("/px/executor/processes/crash-without-retry", test_crash_without_retry);
  g_test_add_func ("/px/executor/processes/garbage-worker", test_garbage_worker);
  g_test_add_func ("/px/executor/processes/wrong-result", test_wrong_result);
  g_test_add_func ("/px/executor/processes/missing-worker", test_missing_worker_binary);
  g_test_add_func ("/px/executor/processes/worker-closes-output", test_worker_closes_output);
  g_test_add_func ("/px/executor/processes/worker-never-starts", test_worker_never_starts);
  g_test_add_func ("/px/executor/processes/big-payload-frames", test_big_payload_frames);
  g_test_add_func ("/px/executor/processes/worker-ignores-sigint", test_worker_ignores_sigint);
  g_test_add_func ("/px/executor/processes/semaphore-holder-killed", test_semaphore_holder_killed);
  g_test_add_func ("/px/executor/threads/cancellable-outlives-run", test_cancellable_outlives_run);

  status = g_test_run ();
  g_rmdir (test_tmpdir);
  px_test_remove_dir (fault_dir);
  return status;
}
