/* test-job.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A user's command as a job, with programs Debian always has: argv
 * filled as GNU parallel fills it, inputs never interpreted without a
 * shell, exit codes and signals, the kernel's CPU time and peak RSS of
 * the one job, output kept up to a limit and counted, a timeout or a
 * cancel ending the job's whole process group, and the errors a user
 * gets before anything runs.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "px-job.h"
#include "px-median.h"
#include "px-report.h"
#include "px-run.h"
#include "px-test-helpers.h"

static void
assert_argv (char       **argv,
             const char  *first,
             ...)
{
  va_list args;
  const char *expected = first;
  guint i = 0;

  va_start (args, first);
  for (; expected != NULL; expected = va_arg (args, const char *), i++)
    g_assert_cmpstr (argv[i], ==, expected);
  va_end (args);
  g_assert_null (argv[i]);
}

static void
test_expand (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) a = px_job_expand ("gzip -k {}", FALSE, "my file.txt", 7, 2, &error);
  g_auto(GStrv) b = px_job_expand ("echo {#} {%} {.} {/} {//} {/.} x{}y", FALSE,
                                   "dir/sub/a.tar.gz", 7, 2, &error);
  g_auto(GStrv) c = px_job_expand ("sha256sum", FALSE, "in put", 1, 1, &error);
  g_auto(GStrv) d = px_job_expand ("echo '{}' \"{}\"", FALSE, "x", 1, 1, &error);
  g_auto(GStrv) e = px_job_expand ("true", FALSE, NULL, 1, 1, &error);
  g_auto(GStrv) f = px_job_expand ("echo {} | wc -c", TRUE, "it's $(x)", 1, 1, &error);
  g_auto(GStrv) g = px_job_expand ("echo {unknown}", FALSE, "v", 1, 1, &error);
  g_auto(GStrv) bad = NULL;

  g_assert_no_error (error);
  /* The input is one argument, whatever it holds. */
  assert_argv (a, "gzip", "-k", "my file.txt", NULL);
  assert_argv (b, "echo", "7", "2", "dir/sub/a.tar", "a.tar.gz", "dir/sub", "a.tar",
               "xdir/sub/a.tar.gzy", NULL);
  /* Without a placeholder, the input is the last argument. */
  assert_argv (c, "sha256sum", "in put", NULL);
  /* Quoted braces are still filled: the quotes are the shell's words. */
  assert_argv (d, "echo", "x", "x", NULL);
  assert_argv (e, "true", NULL);
  /* With a shell, the input is quoted for it. */
  assert_argv (f, "/bin/sh", "-c", "echo 'it'\\''s $(x)' | wc -c", NULL);
  /* An unknown name in braces is text, and the input goes last. */
  assert_argv (g, "echo", "{unknown}", "v", NULL);

  bad = px_job_expand ("echo 'unclosed", FALSE, "x", 1, 1, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
}

static void
test_inputs (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) range = px_job_inputs_parse ("1..200", 1000, &error);
  g_auto(GStrv) down = px_job_inputs_parse ("3..-1", 1000, &error);
  g_auto(GStrv) list = px_job_inputs_parse ("a.txt, b c.txt,,d", 1000, &error);
  g_auto(GStrv) bad = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GInputStream) stream = NULL;
  static const char text[] = "first\n\nthird line\r\nlast";
  static const char latin1[] = "ok\ncaf\xe9\n";

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (range), ==, 200);
  g_assert_cmpstr (range[0], ==, "1");
  g_assert_cmpstr (range[199], ==, "200");
  assert_argv (down, "3", "2", "1", "0", "-1", NULL);
  /* Items are trimmed; empty ones between commas are skipped. */
  assert_argv (list, "a.txt", "b c.txt", "d", NULL);

  bad = px_job_inputs_parse ("1..5000", 1000, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "1000"));
  g_clear_error (&error);
  bad = px_job_inputs_parse (" , ", 1000, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "1..200"));
  g_clear_error (&error);

  /* A file: a line an input, an empty line an empty input. */
  stream = g_memory_input_stream_new_from_data (text, sizeof text - 1, NULL);
  lines = px_job_inputs_read (stream, "inputs.txt", 1000, &error);
  g_assert_no_error (error);
  assert_argv (lines, "first", "", "third line", "last", NULL);
  g_clear_object (&stream);

  stream = g_memory_input_stream_new_from_data (latin1, sizeof latin1 - 1, NULL);
  g_assert_null (px_job_inputs_read (stream, "inputs.txt", 1000, &error));
  g_assert_cmpstr (error->message, ==, "inputs.txt:2: not UTF-8 text");
  g_clear_error (&error);
  g_clear_object (&stream);

  stream = g_memory_input_stream_new_from_data (text, sizeof text - 1, NULL);
  g_assert_null (px_job_inputs_read (stream, "standard input", 2, &error));
  g_assert_nonnull (strstr (error->message, "standard input"));
}

static void
run_ok (PxJobSpec   *spec,
        PxJobResult *result)
{
  g_autoptr(GError) error = NULL;

  if (spec->output_limit == 0)
    spec->output_limit = 65536;
  g_assert_true (px_job_run (spec, NULL, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result->end_us, >=, result->start_us);
}

static void
test_exit_and_signal (void)
{
  char *ok[] = { "true", NULL };
  char *three[] = { "sh", "-c", "exit 3", NULL };
  char *killed[] = { "sh", "-c", "kill -KILL $$", NULL };
  PxJobSpec spec = { 0 };
  PxJobResult r;
  g_autofree char *end = NULL;

  spec.argv = ok;
  run_ok (&spec, &r);
  g_assert_cmpint (r.exit_status, ==, 0);
  g_assert_cmpint (r.signal, ==, 0);
  g_assert_cmpint (r.pid, >, 0);
  px_job_result_clear (&r);

  spec.argv = three;
  run_ok (&spec, &r);
  g_assert_cmpint (r.exit_status, ==, 3);
  end = px_job_describe_end (&r);
  g_assert_cmpstr (end, ==, "exit 3");
  px_job_result_clear (&r);

  spec.argv = killed;
  run_ok (&spec, &r);
  g_assert_cmpint (r.exit_status, ==, -1);
  g_assert_cmpint (r.signal, ==, SIGKILL);
  g_clear_pointer (&end, g_free);
  end = px_job_describe_end (&r);
  g_assert_true (g_str_has_prefix (end, "killed by signal 9"));
  px_job_result_clear (&r);
}

/* The kernel's figures for this one job: a busy loop's CPU time is most
 * of its wall time, and a shell holding 24 MB of text peaks above it,
 * while `true` stays small. */
static void
test_rusage (void)
{
  char *busy[] = { "sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done", NULL };
  char *big[] = { "sh", "-c", "x=$(head -c 24000000 /dev/zero | tr '\\0' a); echo ${#x}", NULL };
  char *small[] = { "true", NULL };
  PxJobSpec spec = { 0 };
  PxJobResult r;
  gint64 cpu;

  spec.argv = busy;
  run_ok (&spec, &r);
  cpu = r.user_us + r.system_us;
  g_test_message ("busy loop: %.3f s CPU in %.3f s", cpu / 1e6, (r.end_us - r.start_us) / 1e6);
  g_assert_cmpint (cpu, >, 0);
  /* Never more than it had: one thread, the whole of its wall time. */
  g_assert_cmpint (cpu, <=, r.end_us - r.start_us + 20000);
  px_job_result_clear (&r);

  spec.argv = big;
  run_ok (&spec, &r);
  g_byte_array_append (r.out, (const guint8 *)"", 1);
  g_assert_cmpstr ((const char *)r.out->data, ==, "24000000\n");
  g_assert_cmpint (r.max_rss_bytes, >, 24000000);
  px_job_result_clear (&r);

  spec.argv = small;
  run_ok (&spec, &r);
  g_assert_cmpint (r.max_rss_bytes, >, 0);
  g_assert_cmpint (r.max_rss_bytes, <, 24000000);
  px_job_result_clear (&r);
}

/* The parent of @pid, from its stat. */
static int
parent_of (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return -1;
  return atoi (after + 4);
}

static void
kill_launcher_cb (int      pid,
                  gpointer user_data)
{
  int launcher = parent_of (pid);

  g_assert_cmpint (launcher, >, 1);
  *(int *)user_data = launcher;
  kill (launcher, SIGKILL);
}

/* Jobs start from a launcher the thread keeps: one killed while its job
 * runs ends that job (reported killed, its group gone, no hang), and
 * the next job gets a new launcher. */
static void
test_launcher_lost (void)
{
  char *slow[] = { "sleep", "30", NULL };
  char *ok[] = { "true", NULL };
  PxJobSpec spec = { 0 };
  PxJobResult r;
  int launcher = 0;
  gint64 t0 = g_get_monotonic_time ();

  spec.argv = slow;
  spec.started = kill_launcher_cb;
  spec.user_data = &launcher;
  run_ok (&spec, &r);
  g_assert_cmpint (launcher, >, 0);
  g_assert_cmpint (r.signal, ==, SIGKILL);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);
  g_assert_true (px_test_group_gone (r.pid));
  px_job_result_clear (&r);

  spec.argv = ok;
  spec.started = NULL;
  run_ok (&spec, &r);
  g_assert_cmpint (r.exit_status, ==, 0);
  px_job_result_clear (&r);
}

/* A figure of /usr/bin/time -v's report, as a number. */
static double
time_v_figure (const char *report,
               const char *label)
{
  const char *at = strstr (report, label);

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (label), NULL);
}

/* A job's figures agree with what /usr/bin/time -v reports for the same
 * command, run in turn with it: the same peak RSS (the job's own, not
 * that of the process that started it, which is larger) and about the
 * same CPU time. Medians of three rounds each. */
static void
test_rusage_agrees_with_time (void)
{
  char *work[] = { "sh", "-c", "head -c 6000000 /dev/zero | tr '\\0' '\\n' | sort -u >/dev/null",
                   NULL };
  g_autofree char *dir = px_test_make_dir ("px-job-time");
  g_autofree char *out = g_build_filename (dir, "time.txt", NULL);
  double ours_rss[3], time_rss[3], ours_cpu[3], time_cpu[3];
  double rss, t_rss, cpu, t_cpu;
  PxJobSpec spec = { 0 };

  if (!g_file_test ("/usr/bin/time", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/time is not installed (Debian package time; build-aux/dev "
                   "installs it)");
      px_test_remove_dir (dir);
      return;
    }
  for (guint round = 0; round < 3; round++)
    {
      PxJobResult r;
      g_autofree char *report = NULL;
      char *timed[] = { "/usr/bin/time", "-v", "-o", out, work[0], work[1], work[2], NULL };

      spec.argv = work;
      run_ok (&spec, &r);
      ours_rss[round] = (double)r.max_rss_bytes / 1024;
      ours_cpu[round] = (double)(r.user_us + r.system_us) / 1e6;
      px_job_result_clear (&r);

      spec.argv = timed;
      run_ok (&spec, &r);
      px_job_result_clear (&r);
      g_assert_true (g_file_get_contents (out, &report, NULL, NULL));
      time_rss[round] = time_v_figure (report, "Maximum resident set size (kbytes): ");
      time_cpu[round] = time_v_figure (report, "User time (seconds): ") +
                        time_v_figure (report, "System time (seconds): ");
    }
  rss = px_test_median (ours_rss, 3);
  t_rss = px_test_median (time_rss, 3);
  cpu = px_test_median (ours_cpu, 3);
  t_cpu = px_test_median (time_cpu, 3);
  g_test_message ("peak RSS %.0f kB, /usr/bin/time -v %.0f kB; CPU %.3f s, /usr/bin/time -v "
                  "%.3f s", rss, t_rss, cpu, t_cpu);
  /* Peak RSS is the job's, within what the two starters' own pages add
   * (a few hundred kB); CPU time within a scheduler's noise. */
  g_assert_cmpfloat (fabs (rss - t_rss), <=, 0.1 * t_rss + 512);
  g_assert_cmpfloat (fabs (cpu - t_cpu), <=, 0.35 * t_cpu + 0.03);
  px_test_remove_dir (dir);
}

static void
test_output (void)
{
  char *both[] = { "sh", "-c", "echo hello; echo oops >&2", NULL };
  char *flood[] = { "head", "-c", "300000", "/dev/zero", NULL };
  char *where[] = { "sh", "-c", "pwd; printf %s \"$PX_TEST_VALUE\"", NULL };
  char *extra[] = { "PX_TEST_VALUE=a b=c", NULL };
  g_autofree char *dir = px_test_make_dir ("px-job");
  g_autofree char *real = realpath (dir, NULL);
  g_autofree char *expected = g_strdup_printf ("%s\na b=c", real);
  PxJobSpec spec = { 0 };
  PxJobResult r;

  spec.argv = both;
  run_ok (&spec, &r);
  g_byte_array_append (r.out, (const guint8 *)"", 1);
  g_byte_array_append (r.err, (const guint8 *)"", 1);
  g_assert_cmpstr ((const char *)r.out->data, ==, "hello\n");
  g_assert_cmpstr ((const char *)r.err->data, ==, "oops\n");
  g_assert_cmpuint (r.out_bytes, ==, 6);
  g_assert_cmpuint (r.err_bytes, ==, 5);
  px_job_result_clear (&r);

  /* Past the limit, output is counted and not kept. */
  spec.argv = flood;
  spec.output_limit = 1000;
  run_ok (&spec, &r);
  g_assert_cmpuint (r.out->len, ==, 1000);
  g_assert_cmpuint (r.out_bytes, ==, 300000);
  px_job_result_clear (&r);

  spec.argv = where;
  spec.workdir = dir;
  spec.env = extra;
  run_ok (&spec, &r);
  g_byte_array_append (r.out, (const guint8 *)"", 1);
  g_assert_cmpstr ((const char *)r.out->data, ==, expected);
  px_job_result_clear (&r);
  px_test_remove_dir (dir);
}

/* An input that a shell would run is an argument, never run. */
static void
test_inputs_not_interpreted (void)
{
  g_autofree char *dir = px_test_make_dir ("px-job");
  g_autofree char *input = g_strdup_printf ("; touch %s/a $(touch %s/b) `touch %s/c`", dir, dir,
                                            dir);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = px_job_expand ("printf %s {}", FALSE, input, 1, 1, &error);
  PxJobSpec spec = { 0 };
  PxJobResult r;

  g_assert_no_error (error);
  spec.argv = argv;
  run_ok (&spec, &r);
  g_byte_array_append (r.out, (const guint8 *)"", 1);
  g_assert_cmpstr ((const char *)r.out->data, ==, input);
  px_job_result_clear (&r);
  g_strfreev (argv);

  /* With a shell, the input is quoted: still only printed. */
  argv = px_job_expand ("printf %s {}", TRUE, input, 1, 1, &error);
  g_assert_no_error (error);
  spec.argv = argv;
  run_ok (&spec, &r);
  g_byte_array_append (r.out, (const guint8 *)"", 1);
  g_assert_cmpstr ((const char *)r.out->data, ==, input);
  px_job_result_clear (&r);

  g_assert_cmpuint (px_test_count_files (dir), ==, 0);
  px_test_remove_dir (dir);
}

/* A timeout ends the job and every process of its group, a child it
 * started in the background too. */
static void
test_timeout_ends_tree (void)
{
  char *tree[] = { "sh", "-c", "sleep 30 & sleep 30; wait", NULL };
  char *stubborn[] = { "sh", "-c", "trap '' TERM; sleep 30", NULL };
  PxJobSpec spec = { 0 };
  PxJobResult r;

  spec.argv = tree;
  spec.timeout_s = 0.3;
  spec.kill_grace_s = 2;
  run_ok (&spec, &r);
  g_assert_true (r.timed_out);
  g_assert_cmpint (r.signal, ==, SIGTERM);
  g_assert_cmpint (r.end_us - r.start_us, <, 5 * G_USEC_PER_SEC);
  g_assert_true (px_test_group_gone (r.pid));
  px_job_result_clear (&r);

  /* TERM ignored: KILL after the grace. The timeout leaves the shell
   * time to set its trap, however busy the machine. */
  spec.argv = stubborn;
  spec.timeout_s = 1.5;
  spec.kill_grace_s = 0.3;
  run_ok (&spec, &r);
  g_assert_true (r.timed_out);
  g_assert_cmpint (r.signal, ==, SIGKILL);
  g_assert_cmpint (r.end_us - r.start_us, >=, 1800000);
  g_assert_true (px_test_group_gone (r.pid));
  px_job_result_clear (&r);
}

/* The job's own account (wait4) counts the children it waited for: a
 * shell whose child computes reads that child's CPU time. (Children
 * left running when a timeout ends the shell are not waited for, and
 * not in it: the tree's readings while it ran are.) */
static void
test_rusage_counts_waited_children (void)
{
  char *waits[] = { "sh", "-c",
                    "sh -c 'i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done' & wait", NULL };
  PxJobSpec spec = { 0 };
  PxJobResult r;
  gint64 cpu;

  spec.argv = waits;
  run_ok (&spec, &r);
  cpu = r.user_us + r.system_us;
  g_test_message ("a waited-for child: %.3f s CPU in %.3f s", cpu / 1e6,
                  (r.end_us - r.start_us) / 1e6);
  /* The shell alone takes a millisecond or two. */
  g_assert_cmpint (cpu, >, 50000);
  g_assert_cmpint (cpu, <=, r.end_us - r.start_us + 20000);
  px_job_result_clear (&r);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (200000);
  g_cancellable_cancel (data);
  return NULL;
}

/* A cancel, from another thread while the job runs, ends its whole
 * group, as a timeout does. */
static void
test_cancel (void)
{
  char *tree[] = { "sh", "-c", "sleep 30 & sleep 30; wait", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PxJobSpec spec = { 0 };
  PxJobResult r;
  GThread *thread;

  spec.argv = tree;
  spec.kill_grace_s = 1;
  spec.output_limit = 100;
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  g_assert_true (px_job_run (&spec, cancellable, &r, &error));
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_true (r.cancelled);
  g_assert_false (r.timed_out);
  g_assert_cmpint (r.signal, ==, SIGTERM);
  g_assert_cmpint (r.end_us - r.start_us, <, 5 * G_USEC_PER_SEC);
  g_assert_true (px_test_group_gone (r.pid));
  px_job_result_clear (&r);
}

static void
test_halt_parse (void)
{
  g_autoptr(GError) error = NULL;
  PxJobHalt h;
  const char *bad[] = { "sometimes", "soon", "soon,fail", "soon,fail=0", "later,fail=1",
                        "soon,fail=1.5", "now,fail=150%", "soon,fail=2,x", NULL };

  g_assert_true (px_job_halt_parse ("never", &h, &error));
  g_assert_false (h.active);
  g_assert_false (px_job_halt_reached (&h, 10, 10, 0));
  g_assert_true (px_job_halt_parse ("soon,fail=3", &h, &error));
  g_assert_true (h.active && !h.now && !h.on_success && h.count == 3);
  g_assert_false (px_job_halt_reached (&h, 10, 2, 5));
  g_assert_true (px_job_halt_reached (&h, 10, 3, 0));
  g_assert_true (px_job_halt_parse ("now,success=1", &h, &error));
  g_assert_true (h.now && h.on_success);
  g_assert_true (px_job_halt_reached (&h, 10, 5, 1));
  g_assert_true (px_job_halt_parse ("soon,fail=20%", &h, &error));
  g_assert_false (px_job_halt_reached (&h, 10, 1, 0));
  g_assert_true (px_job_halt_reached (&h, 10, 2, 0));
  g_assert_no_error (error);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (px_job_halt_parse (bad[i], &h, &error));
      g_assert_nonnull (strstr (error->message, "soon,fail=N"));
      g_clear_error (&error);
    }
}

static void
test_start_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = px_test_make_dir ("px-job");
  g_autofree char *plain = g_build_filename (dir, "plain.sh", NULL);
  char *missing[] = { "px-no-such-program-here", NULL };
  PxJobSpec spec = { 0 };
  PxJobResult r;

  g_assert_false (px_job_check_command ("px-no-such-program-here {}", FALSE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "px-no-such-program-here"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (plain, "echo hi\n", -1, NULL));
  g_assert_cmpint (g_chmod (plain, 0644), ==, 0);
  g_assert_false (px_job_check_command (plain, FALSE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (px_job_check_command (dir, FALSE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (px_job_check_command ("./missing.sh", FALSE, "/", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (px_job_check_command ("true", FALSE, "/no/such/folder", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);

  g_assert_false (px_job_check_command ("  ", FALSE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (px_job_check_command ("sha256sum {}", FALSE, NULL, &error));
  g_assert_true (px_job_check_command ("exit 3", TRUE, NULL, &error));
  g_assert_no_error (error);

  /* A program that cannot start is an error, not a job that failed. */
  spec.argv = missing;
  spec.output_limit = 100;
  g_assert_false (px_job_run (&spec, NULL, &r, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "px-no-such-program-here"));
  px_job_result_clear (&r);
  px_test_remove_dir (dir);
}

/* The running median agrees with sorting what was added, after every
 * value, for values in order, in reverse and at random with repeats. */
static void
test_median (void)
{
  for (guint order = 0; order < 3; order++)
    {
      PxMedian median;
      g_autofree double *seen = g_new (double, 501);
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);

      px_median_init (&median);
      g_assert_cmpfloat (px_median_get (&median), ==, 0);
      for (guint i = 0; i < 501; i++)
        {
          gint64 v = order == 0 ? (gint64)i : order == 1 ? 1000 - (gint64)i
                                                         : g_rand_int_range (rand, 0, 50);
          g_autofree double *sorted = NULL;
          double expected;

          px_median_add (&median, v);
          seen[i] = (double)v;
          sorted = g_memdup2 (seen, (i + 1) * sizeof (double));
          px_test_sort (sorted, i + 1);
          expected = (i + 1) % 2 ? sorted[i / 2] : (sorted[i / 2] + sorted[i / 2 + 1]) / 2;
          g_assert_cmpuint (px_median_count (&median), ==, i + 1);
          g_assert_cmpfloat (px_median_get (&median), ==, expected);
        }
      px_median_clear (&median);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/job/expand", test_expand);
  g_test_add_func ("/px/job/inputs", test_inputs);
  g_test_add_func ("/px/job/exit-and-signal", test_exit_and_signal);
  g_test_add_func ("/px/job/rusage", test_rusage);
  g_test_add_func ("/px/job/rusage-agrees-with-time", test_rusage_agrees_with_time);
  g_test_add_func ("/px/job/output", test_output);
  g_test_add_func ("/px/job/inputs-not-interpreted", test_inputs_not_interpreted);
  g_test_add_func ("/px/job/timeout-ends-tree", test_timeout_ends_tree);
  g_test_add_func ("/px/job/cancel", test_cancel);
  g_test_add_func ("/px/job/rusage-counts-waited-children", test_rusage_counts_waited_children);
  g_test_add_func ("/px/job/start-errors", test_start_errors);
  g_test_add_func ("/px/job/halt-parse", test_halt_parse);
  g_test_add_func ("/px/job/median", test_median);
  g_test_add_func ("/px/job/launcher-lost", test_launcher_lost);

  return g_test_run ();
}
