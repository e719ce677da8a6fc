/* test-remote-jobs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command's jobs on other hosts (kind=command, launcher=ssh), as GNU
 * parallel's --sshlogin runs them. The other host is this one, through
 * a real sshd the test starts on 127.0.0.1 and stops at the end, so the
 * figures a job's host sends back can be held against what the kernel
 * did, and a job's process looked for after a cancel.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "px-report.h"
#include "px-sampler.h"
#include "px-run.h"
#include "px-test-helpers.h"
#include "px-test-sshd.h"


/* The test's own sshd, started by the first test that needs it. */
static PxTestSshd sshd;

/* A kind=command run on @hosts of @workers slots, a job an input (or
 * @tasks jobs without). */
static PxRun *
jobs_run_new (const char *hosts,
              guint       workers,
              const char *command,
              const char *inputs,
              guint       tasks,
              const char *results)
{
  PxSpec spec;
  PxRun *run;

  px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_COMMAND, workers, tasks, 0);
  px_test_set_text (&spec.command, command);
  px_test_set_text (&spec.inputs, inputs);
  px_test_set_text (&spec.results, results);
  spec.kill_grace = 0.5;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  return run;
}

/* TRUE while a process whose command line begins with @mark exists (not
 * ssh, the shell or the worker there that name it in theirs). */
static gboolean
process_with (const char *mark)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline", name);
      g_autofree char *text = NULL;
      gsize len = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &text, &len, NULL))
        continue;
      for (gsize i = 0; i + 1 < len; i++)
        if (text[i] == '\0')
          text[i] = ' ';
      if (g_str_has_prefix (text, mark))
        return TRUE;
    }
  return FALSE;
}

/* TRUE once no process begins with @mark, within 10 s (at once here,
 * with room for a busy machine): a signal sent is delivered when the
 * process next runs. */
static gboolean
gone_soon (const char *mark)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (process_with (mark))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (20000);
    }
  return TRUE;
}

/* Jobs through ssh and here, a job an input: each one's output and
 * errors as it wrote them (the line of figures from its host taken
 * off), its exit status, its slot's host; the joblog names the host. */
static void
test_jobs_ssh (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *remote = NULL;
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PxSampler) sampler = NULL;
  const PxJobRecord *jobs;
  PxRunCounters c;
  guint n, there = 0, read[3] = { 0, 0, 0 };

  if (!px_test_sshd_start (&sshd))
    return;
  dir = px_test_make_dir ("px-remote-jobs");
  hosts = g_strdup_printf ("2/127.0.0.1:%u,1/:", sshd.port);
  remote = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  run = jobs_run_new (hosts, 3, "sh -c 'sleep 0.2; echo out {}; echo err {} >&2; "
                                "test $(( {} % 4 )) -ne 0'", "1..12", 0, dir);
  sampler = px_sampler_new (run);
  px_run_execute_async (run, NULL, NULL, NULL);
  while (px_run_get_end_time (run) == 0)
    {
      px_sampler_sample (sampler);
      for (guint w = 0; w < 3; w++)
        read[w] += isfinite (px_history_get_last (
          px_sampler_get_worker_series (sampler, w, PX_WORKER_SERIES_CPU)));
      g_usleep (px_sampler_get_interval (sampler) * 1000);
    }
  px_test_wait (run);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 9);
  g_assert_cmpuint (c.failed, ==, 3);
  jobs = px_run_get_job_records (run, &n);
  g_assert_cmpuint (n, ==, 12);
  for (guint i = 0; i < n; i++)
    {
      const PxTaskRecord *r = &px_run_get_records (run, NULL)[i];
      g_autofree char *out_path = g_strdup_printf ("%s/%u/stdout", dir, i + 1);
      g_autofree char *err_path = g_strdup_printf ("%s/%u/stderr", dir, i + 1);
      g_autofree char *want_out = g_strdup_printf ("out %u\n", i + 1);
      g_autofree char *want_err = g_strdup_printf ("err %u\n", i + 1);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *host = px_run_dup_worker_host (run, r->worker);

      g_assert_true (g_file_get_contents (out_path, &out, NULL, NULL));
      g_assert_true (g_file_get_contents (err_path, &err, NULL, NULL));
      g_assert_cmpstr (out, ==, want_out);
      g_assert_cmpstr (err, ==, want_err);
      g_assert_cmpint (jobs[i].exit_status, ==, (i + 1) % 4 == 0 ? 1 : 0);
      g_assert_cmpuint (jobs[i].err_bytes, ==, strlen (want_err));
      g_assert_cmpint (jobs[i].pid, >, 0);
      g_assert_cmpint (jobs[i].pid, !=, getpid ());
      /* Slots are dealt to the hosts in turn: 0 and 2 through ssh. */
      g_assert_cmpstr (host, ==, r->worker % 2 == 0 ? remote : NULL);
      there += r->worker % 2 == 0;
    }
  g_test_message ("%u of 12 jobs ran through ssh", there);
  g_assert_cmpuint (there, >, 0);

  {
    g_autofree char *text = px_test_joblog_text (run);

    g_assert_nonnull (strstr (text, remote));
  }

  /* The window's hosts: each slot's, whether or not a job runs; a slot
   * on another host has no CPU reading as its jobs run (theirs comes as
   * each ends), one here has. */
  g_test_message ("CPU readings: %u, %u, %u", read[0], read[1], read[2]);
  g_assert_cmpuint (px_sampler_get_n_places (sampler), ==, 2);
  for (guint w = 0; w < 3; w++)
    {
      g_assert_cmpuint (px_sampler_get_worker_place (sampler, w), ==, w % 2);
      g_assert_true ((read[w] > 0) == (w % 2 == 1));
    }

  /* The JSON report keeps each slot's host, and reads back with it. */
  {
    g_autofree char *json = g_build_filename (dir, "run.json", NULL);
    g_autoptr(PxRun) loaded = NULL;
    g_autoptr(PxSampler) read_back = NULL;

    g_assert_true (px_report_write (run, NULL, NULL, PX_REPORT_JSON, json, &error));
    g_assert_no_error (error);
    g_assert_true (px_report_read (json, &loaded, &read_back, NULL, &error));
    g_assert_no_error (error);
    for (guint w = 0; w < 3; w++)
      {
        g_autofree char *host = px_run_dup_worker_host (loaded, w);

        g_assert_cmpstr (host, ==, w % 2 == 0 ? remote : NULL);
      }
  }
  px_test_remove_dir (dir);
}

/* A job's figures are its own on its host, not ssh's: a job that
 * computes for 300 ms of its CPU time (parallax-worker --spin-us,
 * counted on its own CPU clock) is recorded with that much, where ssh
 * here uses a few milliseconds. */
static void
test_jobs_figures (void)
{
  g_autofree char *hosts = NULL;
  g_autofree char *worker = px_find_worker_binary ();
  g_autofree char *command = NULL;
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const PxJobRecord *jobs;
  guint n;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("1/127.0.0.1:%u", sshd.port);
  command = g_strdup_printf ("%s --spin-us=300000", worker);
  run = jobs_run_new (hosts, 1, command, NULL, 2, NULL);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);

  jobs = px_run_get_job_records (run, &n);
  for (guint i = 0; i < n; i++)
    {
      gint64 cpu = jobs[i].user_us + jobs[i].system_us;

      g_test_message ("job %u: pid %d, %.1f ms of CPU, peak RSS %.1f MiB", i + 1, jobs[i].pid,
                      cpu / 1e3, jobs[i].max_rss_bytes / 1048576.0);
      g_assert_cmpint (jobs[i].exit_status, ==, 0);
      /* Its own clock stops it at 300 ms; the kernel's count of its
       * process adds its start-up and a tick at most. */
      g_assert_cmpint (cpu, >=, 300000);
      g_assert_cmpint (cpu, <=, 300000 + 100000 * PX_TEST_SLACK);
      g_assert_cmpint (jobs[i].max_rss_bytes, >, 1 << 20);
    }
}

/* Out of time, or cancelled: the job's group on its host is ended
 * through its worker there (its input closed), which still says what
 * the job used; nothing of it is left running. */
static void
test_jobs_end (void)
{
  g_autofree char *hosts = NULL;
  /* Sleeps no other process has: this test's pid in their length. */
  g_autofree char *mark_timeout = g_strdup_printf ("sleep 30.%d1", getpid ());
  g_autofree char *mark_cancel = g_strdup_printf ("sleep 30.%d2", getpid ());
  const char *marks[] = { mark_timeout, mark_cancel };
  const PxJobRecord *jobs;
  PxRunCounters c;
  guint n;

  if (!px_test_sshd_start (&sshd))
    return;
  hosts = g_strdup_printf ("1/127.0.0.1:%u", sshd.port);

  {
    g_autofree char *command = g_strdup_printf ("sh -c '%s & %s; wait'", marks[0], marks[0]);
    g_autoptr(PxRun) run = NULL;
    PxSpec spec;

    px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_COMMAND, 1, 1, 0);
    px_test_set_text (&spec.command, command);
    spec.task_timeout = 2;
    spec.kill_grace = 0.5;
    run = px_run_new (&spec);
    px_spec_clear (&spec);
    px_run_execute (run, NULL);
    px_run_get_counters (run, &c);
    g_assert_cmpuint (c.failed, ==, 1);
    jobs = px_run_get_job_records (run, &n);
    g_assert_true (jobs[0].timed_out);
    /* Its shell was ended by TERM there, and said so. */
    g_assert_cmpint (jobs[0].signal, ==, SIGTERM);
    g_assert_cmpint (jobs[0].pid, >, 0);
    g_assert_true (px_test_group_gone (jobs[0].pid));
    g_assert_true (gone_soon (marks[0]));
  }

  {
    g_autofree char *command = g_strdup_printf ("sh -c '%s & %s; wait'", marks[1], marks[1]);
    g_autoptr(PxRun) run = jobs_run_new (hosts, 1, command, NULL, 1, NULL);
    gint64 t;

    px_run_execute_async (run, NULL, NULL, NULL);
    /* Until its job runs there. */
    for (t = g_get_monotonic_time (); !process_with (marks[1]); g_usleep (20000))
      g_assert_cmpint (g_get_monotonic_time () - t, <, 30 * G_USEC_PER_SEC);
    t = g_get_monotonic_time ();
    px_run_cancel (run);
    px_test_wait (run);
    g_test_message ("cancelled in %.2f s", (g_get_monotonic_time () - t) / 1e6);
    g_assert_cmpint (px_run_get_state (run), ==, PX_RUN_CANCELLED);
    g_assert_true (gone_soon (marks[1]));
  }
}

/* The worker that runs the jobs there, missing: without transfer each
 * job fails saying what would copy it; with it, it is copied once before
 * the jobs start, and they run. */
static void
test_jobs_transfer (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *path = NULL;
  PxRunCounters c;

  if (!px_test_sshd_start (&sshd))
    return;
  dir = px_test_make_dir ("px-jobs-transfer");
  path = g_build_filename (dir, "bin", "parallax-worker", NULL);
  hosts = g_strdup_printf ("1/127.0.0.1:%u", sshd.port);
  for (guint transfer = 0; transfer < 2; transfer++)
    {
      g_autoptr(PxRun) run = NULL;
      PxSpec spec;

      px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_COMMAND, 1, 2, 0);
      px_test_set_text (&spec.command, "true");
      px_test_set_text (&spec.remote_worker, path);
      spec.transfer = transfer;
      run = px_run_new (&spec);
      px_spec_clear (&spec);
      px_run_execute (run, NULL);
      px_run_get_counters (run, &c);
      if (!transfer)
        {
          g_autofree char *reason = px_run_dup_failure_reason (run, 0);

          g_test_message ("without transfer: %s", reason);
          g_assert_cmpuint (c.failed, ==, 2);
          g_assert_nonnull (strstr (reason, "transfer=true copies parallax-worker there"));
          continue;
        }
      g_assert_cmpuint (c.done, ==, 2);
      g_assert_true (px_test_events_contain (run, "parallax-worker copied to"));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
    }
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Writes to jobs whose ssh ended must fail, not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/px/remote/jobs/ssh", test_jobs_ssh);
  g_test_add_func ("/px/remote/jobs/figures", test_jobs_figures);
  g_test_add_func ("/px/remote/jobs/end", test_jobs_end);
  g_test_add_func ("/px/remote/jobs/transfer", test_jobs_transfer);
  status = g_test_run ();
  px_test_sshd_stop (&sshd);
  return status;
}
