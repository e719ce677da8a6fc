/* test-command.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs of kind=command: every job ends exactly once and is recorded as
 * the kernel accounts for it; cancels, timeouts and halts end the jobs'
 * process groups; results folders, serving lines, and a command that
 * cannot run.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "px-report.h"
#include "px-run.h"
#include "px-test-helpers.h"

/* A kind=command run of @workers slots: a job an input. */
static PxRun *
command_run_new (const char *command,
                 const char *inputs,
                 guint       workers,
                 guint       tasks)
{
  PxSpec spec;
  PxRun *run;

  px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_COMMAND, workers, tasks, 0);
  px_test_set_text (&spec.command, command);
  px_test_set_text (&spec.inputs, inputs);
  spec.kill_grace = 1;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  return run;
}

/* Every job ends exactly once, its exit status recorded, failed jobs
 * with why; what the jobs cost is the workers' CPU time. */
static void
test_command_run (void)
{
  g_autoptr(PxRun) run = command_run_new ("sh -c 'i=0; while [ $i -lt 20000 ]; do "
                                          "i=$((i+1)); done; exit $(( {} % 4 == 0 ))'",
                                          "1..12", 3, 1);
  g_autoptr(GError) error = NULL;
  const PxJobRecord *jobs;
  const PxTaskRecord *records;
  PxRunCounters c;
  guint n;
  gint64 jobs_cpu_us = 0;
  guint64 workers_cpu_ns = 0;

  /* Jobs are processes: the slots are threads, whatever was asked. */
  g_assert_cmpint (px_run_get_spec (run)->executor, ==, PX_EXECUTOR_THREADS);
  g_assert_cmpuint (px_run_get_spec (run)->tasks, ==, 12);
  g_assert_cmpstr (px_run_get_input (run, 11), ==, "12");
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);

  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 9);
  g_assert_cmpuint (c.failed, ==, 3);
  jobs = px_run_get_job_records (run, &n);
  records = px_run_get_records (run, NULL);
  g_assert_cmpuint (n, ==, 12);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (jobs[i].exit_status, ==, (i + 1) % 4 == 0 ? 1 : 0);
      g_assert_cmpint (jobs[i].signal, ==, 0);
      g_assert_cmpint (jobs[i].pid, >, 0);
      g_assert_cmpint (records[i].status, ==, (i + 1) % 4 == 0 ? PX_TASK_FAILED : PX_TASK_DONE);
      jobs_cpu_us += jobs[i].user_us + jobs[i].system_us;
      if ((i + 1) % 4 == 0)
        {
          g_autofree char *reason = px_run_dup_failure_reason (run, i);

          g_assert_cmpstr (reason, ==, "exit 1");
        }
    }
  for (guint w = 0; w < 3; w++)
    {
      PxWorkerSnapshot snapshot;

      px_run_get_worker (run, w, &snapshot);
      workers_cpu_ns += snapshot.cpu_ns;
    }
  g_assert_cmpint (jobs_cpu_us, >, 0);
  g_assert_cmpuint (workers_cpu_ns, >=, (guint64)jobs_cpu_us * 1000);

  /* The joblog's columns in the reports: input, exit status, the
   * kernel's figures. */
  {
    g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) row = NULL;

    g_assert_true (px_report_write_to_stream (run, NULL, NULL, PX_REPORT_CSV, stream, &error));
    g_assert_no_error (error);
    g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL);
    g_output_stream_close (stream, NULL, NULL);
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
    lines = g_strsplit (text, "\n", -1);
    g_assert_nonnull (strstr (lines[0], ",input,exit_status,signal,cpu_user_us,cpu_system_us,"
                                        "max_rss_bytes,stdout_bytes,stderr_bytes,pid,reason"));
    /* Task 3, input "4": exit 1, and why. */
    row = g_strsplit (lines[4], ",", -1);
    g_assert_cmpstr (row[3], ==, "failed");
    g_assert_cmpstr (row[14], ==, "\"4\"");
    g_assert_cmpstr (row[15], ==, "1");
    g_assert_cmpstr (row[23], ==, "\"exit 1\"");
  }
}

/* halt=soon starts no more jobs once enough failed, and lets those
 * under way end; halt=now ends them too. Every job is accounted for. */
static void
test_command_halt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxRun) soon = NULL;
  g_autoptr(PxRun) now = NULL;
  g_auto(GStrv) events = NULL;
  PxRunCounters c;
  PxSpec spec;
  gint64 t;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 1, 1, 0);
  px_test_set_text (&spec.command, "sh -c 'exit $(( {} % 3 == 0 ))'");
  px_test_set_text (&spec.inputs, "1..30");
  px_test_set_text (&spec.halt, "soon,fail=2");
  soon = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (soon, &error));
  px_run_get_counters (soon, &c);
  /* One slot: jobs 1 to 6 ran, 3 and 6 failed, none after. */
  g_assert_cmpuint (c.failed, ==, 2);
  g_assert_cmpuint (c.done, ==, 4);
  g_assert_cmpuint (c.cancelled, ==, 24);
  events = px_run_dup_events (soon);
  g_assert_cmpstr (events[0], ==, "halted after 2 jobs failed (halt=soon,fail=2)");

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, 1, 0);
  px_test_set_text (&spec.command, "sh -c 'if [ {} = fail ]; then sleep 0.2; exit 1; fi; sleep 30'");
  px_test_set_text (&spec.inputs, "long,fail,later");
  px_test_set_text (&spec.halt, "now,fail=1");
  spec.kill_grace = 1;
  now = px_run_new (&spec);
  px_spec_clear (&spec);
  t = g_get_monotonic_time ();
  g_assert_true (px_run_execute (now, &error));
  g_assert_cmpint (g_get_monotonic_time () - t, <, 10 * G_USEC_PER_SEC);
  px_run_get_counters (now, &c);
  g_assert_cmpuint (c.failed, ==, 1);
  g_assert_cmpuint (c.cancelled, ==, 2);
  g_assert_true (px_test_group_gone (px_run_get_job_records (now, NULL)[0].pid));
}

/* serve=lines: one process a slot serves a thousand tasks, a line each;
 * one that ends is started again; one that does not answer in time is
 * ended with its group. */
static void
test_command_serve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxRun) run = NULL;
  g_autoptr(PxRun) ending = NULL;
  g_autoptr(PxRun) silent = NULL;
  g_autoptr(GHashTable) pids = g_hash_table_new (NULL, NULL);
  const PxJobRecord *jobs;
  PxRunCounters c;
  PxSpec spec;
  guint n;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, 1, 0);
  px_test_set_text (&spec.command, "sh -c 'while read l; do echo $((l * l)); done'");
  px_test_set_text (&spec.inputs, "1..1000");
  spec.serve = PX_SERVE_LINES;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 1000);
  jobs = px_run_get_job_records (run, &n);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (pids, GINT_TO_POINTER (jobs[i].pid));
  /* Two slots, two processes, none left running. */
  g_assert_cmpuint (g_hash_table_size (pids), ==, 2);
  g_assert_false (g_hash_table_contains (pids, GINT_TO_POINTER (0)));
  {
    GHashTableIter iter;
    gpointer pid;

    g_hash_table_iter_init (&iter, pids);
    while (g_hash_table_iter_next (&iter, &pid, NULL))
      g_assert_true (px_test_group_gone (GPOINTER_TO_INT (pid)));
  }

  /* Answers once, then ends: every other task finds it gone. */
  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 1, 10, 0);
  px_test_set_text (&spec.command, "sh -c 'read l; echo $l; exit 3'");
  spec.serve = PX_SERVE_LINES;
  ending = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (ending, &error));
  px_run_get_counters (ending, &c);
  g_assert_cmpuint (c.done, ==, 5);
  g_assert_cmpuint (c.failed, ==, 5);
  {
    g_autofree char *reason = px_run_dup_failure_reason (ending, 1);

    g_assert_true (g_str_has_prefix (reason, "the served command ended without answering"));
  }

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 1, 1, 0);
  px_test_set_text (&spec.command, "sh -c 'read l; sleep 30 & wait'");
  spec.serve = PX_SERVE_LINES;
  spec.task_timeout = 0.3;
  spec.kill_grace = 1;
  silent = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (silent, &error));
  px_run_get_counters (silent, &c);
  g_assert_cmpuint (c.failed, ==, 1);
  g_assert_true (px_run_get_job_records (silent, NULL)[0].timed_out);
  g_assert_true (px_test_group_gone (px_run_get_job_records (silent, NULL)[0].pid));
}

/* A results folder keeps each job's output whole, by job number. */
static void
test_command_results (void)
{
  g_autofree char *dir = px_test_make_dir ("px-job");
  g_autofree char *folder = g_build_filename (dir, "results", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PxRun) run = NULL;
  PxSpec spec;

  px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 2, 1, 0);
  px_test_set_text (&spec.command, "sh -c 'echo out {}; head -c 100000 /dev/zero | tr \"\\0\" e >&2'");
  px_test_set_text (&spec.inputs, "x,y,z");
  px_test_set_text (&spec.results, folder);
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);

  for (guint job = 1; job <= 3; job++)
    {
      g_autofree char *out = g_strdup_printf ("%s/%u/stdout", folder, job);
      g_autofree char *err = g_strdup_printf ("%s/%u/stderr", folder, job);
      g_autofree char *expected = g_strdup_printf ("out %c\n", "xyz"[job - 1]);
      g_autofree char *text = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
      g_assert_cmpstr (text, ==, expected);
      g_clear_pointer (&text, g_free);
      /* Whole, beyond what is kept in memory. */
      g_assert_true (g_file_get_contents (err, &text, &len, NULL));
      g_assert_cmpuint (len, ==, 100000);
      g_assert_cmpuint (px_run_get_job_records (run, NULL)[job - 1].err_bytes, ==, 100000);
    }
  px_test_remove_dir (dir);
}

/* Cancelling ends every job's group; a job past its timeout fails, and
 * says so. */
static void
test_command_cancel_and_timeout (void)
{
  g_autoptr(PxRun) run = command_run_new ("sh -c 'sleep 30 & sleep 30; wait'", NULL, 2, 4);
  g_autoptr(PxRun) slow = NULL;
  g_autoptr(GError) error = NULL;
  const PxJobRecord *jobs;
  PxRunCounters c;
  gint64 t;
  guint n;

  px_run_execute_async (run, NULL, NULL, NULL);
  g_usleep (300000);
  t = g_get_monotonic_time ();
  px_run_cancel (run);
  px_test_wait (run);
  /* Jobs of 30 s ended at once, with room for a busy machine. */
  g_assert_cmpint (g_get_monotonic_time () - t, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (px_run_get_state (run), ==, PX_RUN_CANCELLED);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.cancelled, ==, 4);
  jobs = px_run_get_job_records (run, &n);
  for (guint i = 0; i < n; i++)
    if (jobs[i].pid > 0)
      g_assert_true (px_test_group_gone (jobs[i].pid));

  {
    PxSpec spec;

    px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 1, 1, 0);
    px_test_set_text (&spec.command, "sleep 5");
    spec.task_timeout = 0.3;
    spec.kill_grace = 1;
    slow = px_run_new (&spec);
    px_spec_clear (&spec);
  }
  g_assert_true (px_run_execute (slow, &error));
  px_run_get_counters (slow, &c);
  g_assert_cmpuint (c.failed, ==, 1);
  {
    g_autofree char *reason = px_run_dup_failure_reason (slow, 0);

    g_assert_cmpstr (reason, ==, "timed out");
  }
}

/* task-timeout-percent ends a job that runs past that share of the
 * median of the jobs that succeeded before it, as GNU parallel's
 * --timeout 300% does; the limit is judged against the times the run
 * measured, not against what sleep was asked for. */
static void
test_command_timeout_percent (void)
{
  g_autoptr(PxRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const PxJobRecord *jobs;
  const PxTaskRecord *records;
  PxRunCounters c;
  double times[3], wall;
  guint n;

  {
    PxSpec spec;

    px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_COMMAND, 1, 1, 0);
    px_test_set_text (&spec.command, "sleep {}");
    /* Jobs of half a second: the limit is 1.5 s, and the last job's
     * 0.1 s keeps far from it however busy the machine. */
    px_test_set_text (&spec.inputs, "0.5,0.5,0.5,30,0.1");
    spec.task_timeout_percent = 300;
    spec.kill_grace = 1;
    run = px_run_new (&spec);
    px_spec_clear (&spec);
  }
  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, 4);
  g_assert_cmpuint (c.failed, ==, 1);

  jobs = px_run_get_job_records (run, &n);
  records = px_run_get_records (run, NULL);
  g_assert_true (jobs[3].timed_out);
  g_assert_false (jobs[4].timed_out);
  for (guint i = 0; i < 3; i++)
    times[i] = (double)(records[i].end_us - records[i].start_us);
  px_test_sort (times, 3);
  wall = (double)(records[3].end_us - records[3].start_us);
  g_assert_cmpfloat (wall, >=, 3 * times[1] - 25000);
  g_assert_cmpfloat (wall, <, 10 * G_USEC_PER_SEC);
  g_assert_true (px_test_group_gone (jobs[3].pid));
}

/* The window's view of a job: its command line as it ran, quoted as a
 * shell reads it back, and the last lines of what it wrote, however
 * much came before. */
static void
test_command_output_kept (void)
{
  g_autoptr(PxRun) run = command_run_new ("sh -c 'i=0; while [ $i -lt 3000 ]; do "
                                          "echo line $i; i=$((i+1)); done; "
                                          "echo oops {} >&2; exit {}' {}",
                                          "0,1,a b", 2, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (px_run_execute (run, &error));
  g_assert_no_error (error);

  g_assert_true (px_run_dup_job_output (run, 1, &out, &err));
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 12);
  g_assert_cmpstr (lines[0], ==, "line 2988");
  g_assert_cmpstr (lines[11], ==, "line 2999");
  g_assert_cmpstr (err, ==, "oops 1");
  g_assert_cmpuint (px_run_get_job_records (run, NULL)[1].out_bytes, >, 20000);

  command = px_run_dup_job_command (run, 2, 0);
  g_assert_true (g_str_has_prefix (command, "sh -c 'i=0; while"));
  g_assert_true (g_str_has_suffix (command, "exit a b' 'a b'"));
  g_clear_pointer (&command, g_free);
  command = px_run_dup_job_command (run, 0, 1);
  g_assert_true (g_str_has_suffix (command, "exit 0' 0"));
}

/* A command that cannot run is one error before any job, and the
 * command line exits 2. */
static void
test_command_errors (void)
{
  g_autoptr(PxRun) run = command_run_new ("px-no-such-program {}", "1,2", 2, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = px_test_make_dir ("px-job");
  g_autofree char *profile = g_build_filename (dir, "jobs.ini", NULL);
  g_autofree char *err = NULL;
  const char *binary = g_getenv ("PARALLAX_TEST_BINARY");
  int status;

  g_assert_false (px_run_execute (run, &error));
  g_assert_nonnull (strstr (error->message, "px-no-such-program"));
  g_assert_null (px_run_get_job_records (run, NULL)[0].pid ? "ran" : NULL);

  if (binary == NULL)
    {
      g_test_skip ("PARALLAX_TEST_BINARY is not set: run through meson test");
      px_test_remove_dir (dir);
      return;
    }
  g_assert_true (g_file_set_contents (profile, "[Profile]\nversion=1\n[Workload]\n"
                                      "kind=command\ncommand=px-no-such-program {}\n"
                                      "inputs=a,b\n", -1, NULL));
  {
    const char *argv[] = { binary, "run", profile, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, &err, &status, &error));
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "px-no-such-program: not found in PATH"));
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/command/run", test_command_run);
  g_test_add_func ("/px/command/cancel-and-timeout", test_command_cancel_and_timeout);
  g_test_add_func ("/px/command/errors", test_command_errors);
  g_test_add_func ("/px/command/results", test_command_results);
  g_test_add_func ("/px/command/serve", test_command_serve);
  g_test_add_func ("/px/command/halt", test_command_halt);
  g_test_add_func ("/px/command/timeout-percent", test_command_timeout_percent);
  g_test_add_func ("/px/command/output-kept", test_command_output_kept);

  return g_test_run ();
}
