/* test-net.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kind=net: every executor asks the run's loopback server and gets the
 * bytes it asked for, checked; the server's latency shows in the task
 * times; a server with few slots queues the rest; a task-timeout cuts a
 * request; the server is gone after the run and after a cancel, with no
 * socket left open; the figures survive a report read back.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "px-report.h"
#include "px-run-private.h"
#include "px-sampler.h"
#include "px-summary.h"
#include "px-test-helpers.h"

static char *test_tmpdir;

static const PxExecutorKind executors[] = {
  PX_EXECUTOR_THREADS, PX_EXECUTOR_PROCESSES, PX_EXECUTOR_EVENT_LOOP,
};

static void
net_spec (PxSpec         *spec,
          PxExecutorKind  executor,
          guint           workers,
          guint           tasks,
          double          latency_ms)
{
  px_test_spec (spec, executor, PX_KIND_NET, workers, tasks, 0);
  spec->server_latency_ms = latency_ms;
  spec->response_bytes = 3000;
}

static guint
count_sockets (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:"))
        n++;
    }
  return n;
}

/* Whether anything listens on 127.0.0.1:@port. */
static gboolean
port_answers (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean answered;

  addr.sin_family = AF_INET;
  addr.sin_port = g_htons (port);
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  answered = connect (fd, (struct sockaddr *)&addr, sizeof addr) == 0;
  g_assert_true (answered || errno == ECONNREFUSED);
  close (fd);
  return answered;
}

static PxRun *
run_net (PxSpec *spec)
{
  g_autoptr(GError) error = NULL;
  PxRun *run = px_run_new (spec);

  px_spec_clear (spec);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_test_assert_all_accounted (run, test_tmpdir);
  return run;
}

/* Each executor's replies carry the bytes asked for (the client checks
 * every byte against the task's data), and take the server's latency. */
static void
test_net_executors (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (executors); e++)
    {
      g_autoptr(PxRun) run = NULL;
      const PxTaskRecord *records;
      const guint32 *connects;
      PxNetStats stats;
      PxRunCounters c;
      guint64 bytes;
      guint16 port;
      guint n;
      PxSpec spec;

      net_spec (&spec, executors[e], 2, 12, 30);
      run = run_net (&spec);
      px_run_get_counters (run, &c);
      g_test_message ("%s: 12 requests in %.1f ms", px_executor_kind_name (executors[e]),
                      c.elapsed_us / 1e3);
      g_assert_cmpuint (c.done, ==, 12);
      g_assert_cmpuint (c.failed, ==, 0);

      g_assert_true (px_run_get_net_stats (run, &stats, &bytes));
      g_assert_cmpuint (stats.served, ==, 12);
      g_assert_cmpuint (stats.bytes_sent, ==, 12 * 3000);
      g_assert_cmpuint (bytes, ==, 12 * (3000 + PX_NET_REQUEST_SIZE));

      records = px_run_get_records (run, &n);
      connects = px_run_get_connect_times (run);
      g_assert_nonnull (connects);
      for (guint i = 0; i < n; i++)
        {
          /* The server waits 30 ms before it answers: the task's IO wait
           * holds it, and its connect is part of that wait. */
          g_assert_cmpuint (records[i].io_wait_us, >=, 30000);
          g_assert_cmpint (records[i].end_us - records[i].start_us, >=, records[i].io_wait_us);
          g_assert_cmpuint (connects[i], <=, records[i].io_wait_us);
        }
      /* Two workers, a request each at a time (threads, processes), or
       * all at once (the loop): at least 6 latencies, or one. */
      g_assert_cmpint (c.elapsed_us, >=, executors[e] == PX_EXECUTOR_EVENT_LOOP ? 30000 : 180000);

      port = _px_run_get_shared (run)->net_port;
      g_assert_cmpuint (port, >, 0);
      g_assert_false (port_answers (port));
    }
}

/* A server of two slots serves at most two requests at once: eight
 * workers queue behind it, and the run cannot end sooner than its
 * capacity allows. The queue is sampled live too. */
static void
test_net_saturated (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autofree char *reading = NULL;
  PxHistory *queue;
  PxNetStats stats;
  PxRunCounters c;
  PxSpec spec;
  double queue_max = 0;

  /* Requests of 60 ms: over a second of queue for the samples to see,
   * however often a busy machine holds this test. */
  net_spec (&spec, PX_EXECUTOR_THREADS, 8, 40, 60);
  spec.server_concurrency = 2;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  sampler = px_sampler_new (run);
  px_run_execute_async (run, NULL, NULL, NULL);
  for (guint i = 0; i < 1000 && px_run_get_end_time (run) == 0; i++)
    {
      px_sampler_sample (sampler);
      g_usleep (10 * 1000);
    }
  px_test_wait (run);
  px_test_assert_all_accounted (run, test_tmpdir);
  queue = px_sampler_get_series (sampler, PX_SERIES_SERVER_QUEUE);
  for (guint i = 0; i < px_history_get_length (queue); i++)
    queue_max = MAX (queue_max, px_history_get (queue, i));
  g_test_message ("server queue sampled live: at most %.0f", queue_max);
  /* Eight workers, two served: six wait whenever all ask at once. */
  g_assert_cmpfloat (queue_max, >=, 3);
  g_assert_cmpfloat (queue_max, <=, 8);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 40);
  g_assert_true (px_run_get_net_stats (run, &stats, NULL));
  g_test_message ("40 requests of 60 ms, 2 slots, 8 workers: %.1f ms, queue at most %u",
                  c.elapsed_us / 1e3, stats.queued_max);
  g_assert_cmpint (c.elapsed_us, >=, 40 / 2 * 60000);
  g_assert_cmpuint (stats.queued_max, >=, 3);
  g_assert_cmpuint (stats.queued_max, <=, 8);
  g_assert_cmpuint (stats.queued, ==, 0);
  g_assert_cmpuint (stats.serving, ==, 0);

  reading = px_run_dup_net_reading (run);
  g_assert_nonnull (strstr (reading, "server queue at most"));
}

/* A request longer than task-timeout fails, named so, on every
 * executor, and the run does not wait for the server. */
static void
test_net_timeout (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (executors); e++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;
      g_autofree char *reason = NULL;

      net_spec (&spec, executors[e], 2, 4, 30000);
      spec.task_timeout = 0.1;
      run = run_net (&spec);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.failed, ==, 4);
      /* Requests of 30 s cut at 0.1 s, with room for a busy machine. */
      g_assert_cmpint (c.elapsed_us, <, 10 * G_USEC_PER_SEC);
      reason = px_run_dup_failure_reason (run, 0);
      g_assert_nonnull (reason);
      g_assert_nonnull (strstr (reason, "0.1 s"));
    }
}

/* A cancel ends the requests under way; the server stops with the run
 * and no socket of either side stays open. */
static void
test_net_cancel (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (executors); e++)
    {
      g_autoptr(PxRun) run = NULL;
      PxRunCounters c;
      PxSpec spec;
      guint sockets = count_sockets ();
      guint16 port;
      gint64 start;

      net_spec (&spec, executors[e], 2, 50, 30000);
      run = px_run_new (&spec);
      px_spec_clear (&spec);
      px_run_execute_async (run, NULL, NULL, NULL);
      do
        {
          g_usleep (10 * 1000);
          px_run_get_counters (run, &c);
        }
      while (c.in_flight < 2);
      port = _px_run_get_shared (run)->net_port;
      g_assert_true (port_answers (port));
      g_usleep (100 * 1000);

      start = g_get_monotonic_time ();
      px_run_cancel (run);
      px_test_wait (run);
      g_test_message ("%s: cancelled in %.1f ms", px_executor_kind_name (executors[e]),
                      (g_get_monotonic_time () - start) / 1e3);
      /* Requests of 30 s: ended at once, with room for a busy machine. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      px_run_get_counters (run, &c);
      g_assert_cmpuint (c.done, ==, 0);
      g_assert_cmpuint (c.cancelled, ==, 50);
      g_assert_false (port_answers (port));
      g_assert_cmpuint (count_sockets (), ==, sockets);
    }
}

/* A report keeps each task's connect and the server's figures. */
static void
test_net_report (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxRun) loaded = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  g_autoptr(PxSampler) loaded_sampler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_tmpdir, "net.json", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  PxSpec spec;

  net_spec (&spec, PX_EXECUTOR_EVENT_LOOP, 1, 20, 5);
  run = run_net (&spec);
  sampler = px_sampler_new (run);
  px_sampler_sample (sampler);
  g_assert_true (px_report_write (run, sampler, NULL, PX_REPORT_JSON, path, &error));
  g_assert_no_error (error);
  g_assert_true (px_report_read (path, &loaded, &loaded_sampler, NULL, &error));
  g_assert_no_error (error);

  a = px_run_dup_net_reading (run);
  b = px_run_dup_net_reading (loaded);
  g_assert_nonnull (a);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpmem (px_run_get_connect_times (run), 20 * sizeof (guint32),
                   px_run_get_connect_times (loaded), 20 * sizeof (guint32));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_tmpdir = px_test_private_tmpdir ("px-net");

  g_test_add_func ("/net/executors", test_net_executors);
  g_test_add_func ("/net/saturated", test_net_saturated);
  g_test_add_func ("/net/timeout", test_net_timeout);
  g_test_add_func ("/net/cancel", test_net_cancel);
  g_test_add_func ("/net/report", test_net_report);

  status = g_test_run ();
  px_test_remove_dir (test_tmpdir);
  g_free (test_tmpdir);
  return status;
}
