/* test-cli.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the parallax binary end to end, as a script would.
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "px-test-helpers.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *
profile_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "profiles", name, NULL);
}

/* TRUE once @pid catches SIGINT: its handler is installed. */
static gboolean
catches_sigint (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *caught;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (caught = strstr (text, "\nSigCgt:\t")) == NULL)
    return FALSE;
  return (g_ascii_strtoull (caught + 9, NULL, 16) & (1ull << (SIGINT - 1))) != 0;
}

/* Runs parallax with the arguments given. @interrupt_after_ms above 0
 * sends SIGINT that long after the start, as Ctrl-C does, whatever it is
 * doing then; below 0, that long after and once it catches SIGINT (a
 * busy machine may take longer to get there). */
static void
run_parallax (Result     *r,
              gint        interrupt_after_ms,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("PARALLAX_TEST_BINARY"));
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);

  if (interrupt_after_ms != 0)
    {
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      g_usleep (ABS (interrupt_after_ms) * 1000);
      while (interrupt_after_ms < 0 && !catches_sigint (g_subprocess_get_identifier (proc)))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (10000);
        }
      g_subprocess_send_signal (proc, SIGINT);
    }

  g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, NULL);

  r->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  r->out = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  r->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", r->status, r->out, r->err);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("'%s' not found in:\n%s", needle, haystack);
}

/* The value printed after @label at the start of a line of @text. */
static char *
figure_value (const char *text,
              const char *label)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], label) && lines[i][strlen (label)] == ' ')
      return g_strstrip (g_strdup (lines[i] + strlen (label)));
  g_error ("no line '%s …' in:\n%s", label, text);
  return NULL;
}

static void
assert_figure (const char *text,
               const char *label,
               const char *value)
{
  g_autofree char *found = figure_value (text, label);

  g_assert_cmpstr (found, ==, value);
}

static void
test_cli_help (void)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) none = { 0 };

  run_parallax (&r, 0, "--help-all", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "validate PROFILE");
  assert_contains (r.out, "--workers");
  assert_contains (r.out, "a whole number from 1 to 256");
  assert_contains (r.out, "one of: threads, processes");

  run_parallax (&none, 0, "help", NULL);
  g_assert_cmpint (none.status, ==, 0);
  assert_contains (none.out, "run PROFILE");
  assert_contains (none.out, "Open the window");
}

static void
test_cli_run (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_auto(Result) r = { 0 };

  run_parallax (&r, 0, "run", path, "--tasks=20", "--task-ms=1", "--executor=processes",
                "--workers=2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_figure (r.out, "Tasks done", "20");
  assert_figure (r.out, "Tasks failed", "0");
  assert_figure (r.out, "Tasks cancelled", "0");
  assert_contains (r.out, "Throughput");
  assert_contains (r.out, "Task time, p95");
  assert_contains (r.out, "processes, 2 workers");
  /* Not a terminal: plain progress lines, no carriage returns. */
  assert_contains (r.err, "progress: 20/20 tasks");
  g_assert_null (strchr (r.err, '\r'));
}

/* --try runs one of a profile's experiments, with the options given over
 * it; a name it does not have is exit 2, listing those it has. */
static void
test_cli_try (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_auto(Result) r = { 0 };
  g_auto(Result) bad = { 0 };

  run_parallax (&r, 0, "run", path, "--try", "processes", "--tasks=6", "--task-ms=1", "-q",
                NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Threads vs processes · On processes");
  assert_contains (r.out, "processes, 2 workers");
  assert_figure (r.out, "Tasks done", "6");

  run_parallax (&bad, 0, "run", path, "--try", "fibers", "-q", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  assert_contains (bad.err, "option --try: the profile has no variant 'fibers'; its [Try] group "
                            "has: processes, with-gil");
}

static void
test_cli_validate (void)
{
  g_autofree char *good = profile_path ("threads-vs-processes.ini");
  g_autofree char *tmp = g_dir_make_tmp ("px-cli-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (tmp, "bad.ini", NULL);
  g_auto(Result) ok = { 0 };
  g_auto(Result) fail = { 0 };

  run_parallax (&ok, 0, "validate", good, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  assert_contains (ok.out, "valid");
  g_assert_true (ok.err == NULL || ok.err[0] == '\0');

  /* A key the workload does not use: a warning naming its line, exit 0. */
  {
    g_autofree char *unused = g_build_filename (tmp, "unused.ini", NULL);
    g_auto(Result) warned = { 0 };

    g_file_set_contents (unused, "[Profile]\nversion=1\n[Workload]\nkind=cpu\n"
                         "memory-bytes=4096\n", -1, NULL);
    run_parallax (&warned, 0, "validate", unused, NULL);
    g_assert_cmpint (warned.status, ==, 0);
    assert_contains (warned.err, "unused.ini:5: [Workload] memory-bytes: set, but this workload "
                                 "does not use it (Used when kind is memory)");
    g_unlink (unused);
  }

  g_file_set_contents (bad, "[Profile]\nversion=1\n[Workload]\nworkers=0\nkind=gpu\n", -1, NULL);
  run_parallax (&fail, 0, "validate", good, bad, NULL);
  g_assert_cmpint (fail.status, ==, 2);
  assert_contains (fail.err, ":4: [Workload] workers: '0' is not accepted");
  assert_contains (fail.err, ":5: [Workload] kind: 'gpu'");

  g_unlink (bad);
  g_rmdir (tmp);
}

static void
test_cli_bad_input (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_auto(Result) a = { 0 };
  g_auto(Result) b = { 0 };
  g_auto(Result) c = { 0 };
  g_auto(Result) d = { 0 };

  run_parallax (&a, 0, "run", path, "--workers=0", NULL);
  g_assert_cmpint (a.status, ==, 2);
  assert_contains (a.err, "--workers");
  assert_contains (a.err, "from 1 to 256");

  run_parallax (&b, 0, "run", "/nonexistent.ini", NULL);
  g_assert_cmpint (b.status, ==, 2);
  assert_contains (b.err, "/nonexistent.ini");

  run_parallax (&c, 0, "run", path, "--no-such-option", NULL);
  g_assert_cmpint (c.status, ==, 2);

  run_parallax (&d, 0, "frobnicate", NULL);
  g_assert_cmpint (d.status, ==, 2);
  assert_contains (d.err, "frobnicate");
}

static void
test_cli_interrupt (gconstpointer data)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_autofree char *executor = g_strdup_printf ("--executor=%s", (const char *)data);
  g_auto(Result) r = { 0 };
  gint64 start = g_get_monotonic_time ();

  run_parallax (&r, -600, "run", path, executor, "--tasks=100000", "--task-ms=20", NULL);
  /* Cancelled: it still prints what finished, and says not all was done. */
  g_assert_cmpint (r.status, ==, 1);
  {
    g_autofree char *done = figure_value (r.out, "Tasks done");
    g_autofree char *cancelled = figure_value (r.out, "Tasks cancelled");

    g_assert_cmpuint (g_ascii_strtoull (cancelled, NULL, 10), >, 0);
    g_assert_cmpuint (g_ascii_strtoull (done, NULL, 10) + g_ascii_strtoull (cancelled, NULL, 10),
                      <=, 100000);
  }
  assert_contains (r.out, "Worker");
  /* About 0.7 s; room for a busy machine, far below what the whole run
   * would take. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_cli_reports (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_autofree char *dir = g_dir_make_tmp ("px-cli-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "r.json", NULL);
  g_autofree char *md = g_build_filename (dir, "r.md", NULL);
  g_autofree char *forced = g_build_filename (dir, "r.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *opt_json = g_strdup_printf ("--report=%s", json);
  g_autofree char *opt_md = g_strdup_printf ("--report=%s", md);
  g_autofree char *opt_forced = g_strdup_printf ("--report=%s", forced);
  g_auto(Result) r = { 0 };
  g_auto(Result) bad = { 0 };
  g_auto(Result) bad_format = { 0 };
  g_auto(Result) f = { 0 };

  run_parallax (&r, 0, "run", path, "--tasks=30", "--task-ms=2", "--live", "--interval-ms=20",
                "--repetitions=3", "--warmup=1", opt_json, opt_md, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "live t=");
  assert_contains (r.out, "3 measured runs after 1 warm-up run:");
  assert_contains (r.out, " s (");
  assert_contains (r.err, "Report written");
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  assert_contains (text, "\"repetitions\"");
  assert_contains (text, "\"schema\": \"parallax-report\"");
  g_assert_true (g_file_test (md, G_FILE_TEST_EXISTS));

  run_parallax (&bad, 0, "run", path, "--tasks=3", opt_forced, NULL);
  g_assert_cmpint (bad.status, ==, 2);
  assert_contains (bad.err, "--format");

  run_parallax (&bad_format, 0, "run", path, "--tasks=3", opt_forced, "--format=pdf", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  assert_contains (bad_format.err, "json, csv, md, trace, html");

  run_parallax (&f, 0, "run", path, "--tasks=3", "--task-ms=1", "-q", opt_forced, "--format=md",
                NULL);
  g_assert_cmpint (f.status, ==, 0);
  g_free (text);
  g_assert_true (g_file_get_contents (forced, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "# "));

  g_unlink (json);
  g_unlink (md);
  g_unlink (forced);
  g_rmdir (dir);
}

/* A true-or-false key's option: alone it is true; its value may follow
 * "=" or come as the next word. */
static void
test_cli_boolean_options (void)
{
  static const struct
  {
    const char *words[2];
    const char *expected;
  } cases[] = {
    { { "--gil", NULL }, "\"gil\":true" },
    { { "--gil", "false" }, "\"gil\":false" },
    { { "--gil", "true" }, "\"gil\":true" },
    { { "--gil=false", NULL }, "\"gil\":false" },
  };
  g_autofree char *path = profile_path ("gil.ini");
  g_autofree char *dir = g_dir_make_tmp ("px-cli-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "r.json", NULL);
  g_autofree char *opt_json = g_strdup_printf ("--report=%s", json);

  /* After the profile, and before it: alone, the option does not take
   * the profile for its value. */
  for (guint before = 0; before < 2; before++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *a = cases[i].words[0], *b = cases[i].words[1];
        g_auto(Result) r = { 0 };
        g_autofree char *text = NULL;

        if (!before)
          run_parallax (&r, 0, "run", path, "--tasks=2", "--task-ms=0", "-q", opt_json, a, b,
                        NULL);
        else if (b == NULL)
          run_parallax (&r, 0, "run", a, path, "--tasks=2", "--task-ms=0", "-q", opt_json, NULL);
        else
          run_parallax (&r, 0, "run", a, b, path, "--tasks=2", "--task-ms=0", "-q", opt_json,
                        NULL);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
        assert_contains (text, cases[i].expected);
        g_unlink (json);
      }
  g_rmdir (dir);
}

static void
test_cli_report_unwritable (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_auto(Result) r = { 0 };

  /* The run itself succeeds; the report cannot be written: exit 1. */
  run_parallax (&r, 0, "run", path, "--tasks=3", "--task-ms=1", "-q",
                "--report=/proc/parallax.json", NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "/proc/parallax.json");
  assert_figure (r.out, "Tasks done", "3");
}

static void
test_cli_report_targets (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  g_auto(Result) missing = { 0 };
  g_auto(Result) out = { 0 };
  g_auto(Result) no_format = { 0 };
  gint64 start = g_get_monotonic_time ();

  /* A folder that does not exist is found before the run, not after. */
  run_parallax (&missing, 0, "run", path, "--tasks=100000", "--task-ms=20",
                "--report=/nonexistent-folder/r.json", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  assert_contains (missing.err, "/nonexistent-folder/r.json");
  assert_contains (missing.err, "No such file or directory");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* Standard output takes the report alone; the summary moves to stderr. */
  run_parallax (&out, 0, "run", path, "--tasks=3", "--task-ms=1", "-o", "-", "--format=json",
                NULL);
  g_assert_cmpint (out.status, ==, 0);
  g_assert_true (g_str_has_prefix (out.out, "{"));
  assert_contains (out.out, "\"schema\": \"parallax-report\"");
  assert_figure (out.err, "Tasks done", "3");

  run_parallax (&no_format, 0, "run", path, "--tasks=3", "-o", "-", NULL);
  g_assert_cmpint (no_format.status, ==, 2);
  assert_contains (no_format.err, "--format");
}

/* Ctrl-C at random moments, fifty times: every run ends, and no worker
 * process, temporary file or folder is left. Orphaned workers would be
 * reparented to this test (a subreaper), so none can hide. */
static void
test_cli_random_interrupts (void)
{
  g_autofree char *cpu = profile_path ("threads-vs-processes.ini");
  g_autofree char *files = profile_path ("file-io.ini");
  g_autofree char *tmpdir = g_dir_make_tmp ("px-cli-cancel-XXXXXX", NULL);
  g_autofree char *old_tmpdir = g_strdup (g_getenv ("TMPDIR"));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);

  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 1), ==, 0);
  g_setenv ("TMPDIR", tmpdir, TRUE);

  for (guint i = 0; i < 50; i++)
    {
      g_auto(Result) r = { 0 };
      guint after_ms = g_rand_int_range (rand, 1, 600);
      const char *executor = i % 2 ? "--executor=processes" : "--executor=threads";

      run_parallax (&r, after_ms, "run", i % 3 == 0 ? files : cpu, executor, "--tasks=100000",
                    "--task-ms=5", "-q", NULL);
      g_test_message ("run %u: Ctrl-C after %u ms, exit %d", i + 1, after_ms, r.status);
      /* Cancelled (1), or killed by the signal before its handler was
       * installed (-1); never a crash or a hang. */
      g_assert_true (r.status == 1 || r.status == -1);
      g_assert_cmpuint (px_test_count_children (), ==, 0);
      g_assert_cmpuint (px_test_count_files (tmpdir), ==, 0);
    }

  if (old_tmpdir)
    g_setenv ("TMPDIR", old_tmpdir, TRUE);
  else
    g_unsetenv ("TMPDIR");
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  prctl (PR_SET_CHILD_SUBREAPER, 0);
}

/* A TMPDIR with backslashes and a newline reaches the worker processes
 * as it is (it once went into their configuration unescaped). */
static void
test_cli_tmpdir_escaped (void)
{
  g_autofree char *path = profile_path ("file-io.ini");
  g_autofree char *base = px_test_make_dir ("px-cli-tmpdir");
  g_autofree char *odd = g_build_filename (base, "a\\tb\\\\c\nd", NULL);
  g_autofree char *old_tmpdir = g_strdup (g_getenv ("TMPDIR"));
  g_auto(Result) r = { 0 };

  g_assert_cmpint (g_mkdir (odd, 0700), ==, 0);
  g_setenv ("TMPDIR", odd, TRUE);
  run_parallax (&r, 0, "run", path, "--executor=processes", "--tasks=6", "--file-bytes=65536",
                "-q", NULL);
  if (old_tmpdir)
    g_setenv ("TMPDIR", old_tmpdir, TRUE);
  else
    g_unsetenv ("TMPDIR");

  g_assert_cmpint (r.status, ==, 0);
  assert_figure (r.out, "Tasks done", "6");
  assert_figure (r.out, "Tasks failed", "0");
  g_assert_cmpuint (px_test_count_files (odd), ==, 0);
  g_assert_cmpint (g_rmdir (odd), ==, 0);
  g_assert_cmpint (g_rmdir (base), ==, 0);
}

/* The command line stands in for GNU parallel: a command's jobs over the
 * inputs after ::: or in the files after ::::, with no profile file; an
 * input is one argument, never run by a shell. */
static void
test_cli_command_inputs (void)
{
  g_autofree char *dir = px_test_make_dir ("px-cli");
  g_autofree char *workdir = g_strdup_printf ("--workdir=%s", dir);
  g_autofree char *list = g_build_filename (dir, "list", NULL);
  g_autofree char *x = g_build_filename (dir, "x", NULL);
  const char *names[] = { "a.txt", "b c.txt", "it's;$(touch x)`touch x`.txt" };
  g_auto(Result) zipped = { 0 };
  g_auto(Result) summed = { 0 };
  g_auto(Result) no_kind = { 0 };
  g_auto(Result) none = { 0 };
  g_auto(Result) twice = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_assert_true (g_file_set_contents (path, "some text to compress\n", -1, NULL));
    }
  g_assert_true (g_file_set_contents (list, "a.txt\nb c.txt\n", -1, NULL));

  run_parallax (&zipped, 0, "run", "--kind=command", "--command=gzip -kf {}", "--workers=2",
                workdir, ":::", names[0], names[1], names[2], NULL);
  g_assert_cmpint (zipped.status, ==, 0);
  assert_figure (zipped.out, "Tasks done", "3");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *gz = g_strdup_printf ("%s/%s.gz", dir, names[i]);

      g_assert_true (g_file_test (gz, G_FILE_TEST_EXISTS));
    }
  /* The input that a shell would have run was a file name, nothing more. */
  g_assert_false (g_file_test (x, G_FILE_TEST_EXISTS));

  run_parallax (&summed, 0, "run", "--kind=command", "--command=sha256sum", workdir, "::::",
                list, NULL);
  g_assert_cmpint (summed.status, ==, 0);
  assert_figure (summed.out, "Tasks done", "2");

  /* A profile's inputs-file is found from the profile's folder, from
   * any current folder; one that cannot be read is said before anything
   * runs, exit 2; a run without a profile is a command's too. */
  {
    g_autofree char *profile = g_build_filename (dir, "sums.ini", NULL);
    g_autofree char *contents = g_strdup_printf ("[Profile]\nversion=1\n[Workload]\n"
                                                 "kind=command\ncommand=sha256sum\n"
                                                 "workdir=%s\ninputs-file=list\n", dir);
    g_auto(Result) from_file = { 0 };
    g_auto(Result) missing = { 0 };
    g_auto(Result) bare = { 0 };

    g_assert_true (g_file_set_contents (profile, contents, -1, NULL));
    run_parallax (&from_file, 0, "run", profile, NULL);
    g_assert_cmpint (from_file.status, ==, 0);
    assert_figure (from_file.out, "Tasks done", "2");
    run_parallax (&missing, 0, "run", profile, "--inputs-file=no-such-list", NULL);
    g_assert_cmpint (missing.status, ==, 2);
    assert_contains (missing.err, "inputs-file:");
    assert_contains (missing.err, "no-such-list");
    g_assert_true (missing.out == NULL || strstr (missing.out, "Tasks done") == NULL);
    run_parallax (&bare, 0, "run", "--kind=command", "--command=true", "--tasks=3", NULL);
    g_assert_cmpint (bare.status, ==, 0);
    assert_figure (bare.out, "Tasks done", "3");
  }

  /* The joblog: a line a job, read back as parallel's would be. */
  {
    g_autofree char *log = g_build_filename (dir, "jobs.log", NULL);
    g_autofree char *option = g_strdup_printf ("--joblog=%s", log);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) fields = NULL;
    g_auto(Result) logged = { 0 };

    run_parallax (&logged, 0, "run", "--kind=command", "--command=sh -c 'exit {}'", option,
                  ":::", "0", "3", NULL);
    g_assert_cmpint (logged.status, ==, 1);
    g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
    lines = g_strsplit (text, "\n", -1);
    g_assert_cmpstr (lines[0], ==, "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\t"
                                   "Exitval\tSignal\tCommand");
    fields = g_strsplit (lines[2], "\t", -1);
    g_assert_cmpuint (g_strv_length (fields), ==, 9);
    g_assert_cmpstr (fields[0], ==, "2");
    g_assert_cmpstr (fields[6], ==, "3");
    g_assert_cmpstr (fields[8], ==, "sh -c 'exit 3'");
  }

  /* --output: each job's output whole, never interleaved with another
   * job's, though they ran at once. */
  {
    g_auto(Result) printed = { 0 };
    g_auto(GStrv) lines = NULL;
    guint n_lines;

    run_parallax (&printed, 0, "run", "-q", "--kind=command", "--workers=2", "--output",
                  "--command=sh -c 'for i in 1 2 3; do echo {}-$i; sleep 0.02; done'",
                  ":::", "a", "b", "c", "d", NULL);
    g_assert_cmpint (printed.status, ==, 0);
    lines = g_strsplit (printed.out, "\n", -1);
    n_lines = 0;
    for (guint i = 0; lines[i] != NULL && g_str_has_suffix (lines[i], "-1"); i += 3)
      {
        g_autofree char *second = g_strdup_printf ("%c-2", lines[i][0]);
        g_autofree char *third = g_strdup_printf ("%c-3", lines[i][0]);

        g_assert_cmpstr (lines[i + 1], ==, second);
        g_assert_cmpstr (lines[i + 2], ==, third);
        n_lines += 3;
      }
    g_assert_cmpuint (n_lines, ==, 12);
  }

  /* Resuming: --resume-failed runs again, with their own numbers, only
   * the jobs the joblog says failed, and adds them to it; --resume then
   * has nothing left. */
  {
    g_autofree char *log = g_build_filename (dir, "resume.log", NULL);
    g_autofree char *option = g_strdup_printf ("--joblog=%s", log);
    g_autofree char *seen = g_build_filename (dir, "seen", NULL);
    g_autofree char *failing = g_strdup_printf ("--command=sh -c 'echo {#} >> %s; "
                                                "exit $(( {} %% 3 == 0 ))'", seen);
    g_autofree char *passing = g_strdup_printf ("--command=sh -c 'echo {#} >> %s'", seen);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_auto(Result) first = { 0 };
    g_auto(Result) again = { 0 };
    g_auto(Result) nothing = { 0 };

    run_parallax (&first, 0, "run", "--kind=command", failing, option, ":::", "1", "2", "3",
                  "4", "5", "6", NULL);
    g_assert_cmpint (first.status, ==, 1);
    g_unlink (seen);
    run_parallax (&again, 0, "run", "--kind=command", passing, option, "--resume-failed",
                  ":::", "1", "2", "3", "4", "5", "6", NULL);
    g_assert_cmpint (again.status, ==, 0);
    assert_figure (again.out, "Tasks done", "2");
    g_assert_true (g_file_get_contents (seen, &text, NULL, NULL));
    lines = g_strsplit (g_strchomp (text), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (g_strv_contains ((const char * const *)lines, "3"));
    g_assert_true (g_strv_contains ((const char * const *)lines, "6"));
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&lines, g_strfreev);
    g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
    lines = g_strsplit (g_strchomp (text), "\n", -1);
    /* The header, six jobs, and the two run again. */
    g_assert_cmpuint (g_strv_length (lines), ==, 9);

    run_parallax (&nothing, 0, "run", "--kind=command", passing, option, "--resume", ":::",
                  "1", "2", "3", "4", "5", "6", NULL);
    g_assert_cmpint (nothing.status, ==, 0);
    assert_contains (nothing.err, "nothing to resume");
  }

  run_parallax (&no_kind, 0, "run", "--command=echo", ":::", "a", NULL);
  g_assert_cmpint (no_kind.status, ==, 2);
  assert_contains (no_kind.err, "--kind=command");

  run_parallax (&none, 0, "run", "--kind=command", "--command=echo", ":::", NULL);
  g_assert_cmpint (none.status, ==, 2);
  assert_contains (none.err, "no inputs");

  run_parallax (&twice, 0, "run", "--kind=command", "--command=echo", ":::", "a", "::::", list,
                NULL);
  g_assert_cmpint (twice.status, ==, 2);
  assert_contains (twice.err, "one source of inputs");

  px_test_remove_dir (dir);
}

/* The pids of the processes running @program whose parent's parent is
 * @grandparent. */
static GArray *
grandchildren_running (int         grandparent,
                       const char *program)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      int pid = atoi (name);
      g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
      g_autofree char *text = NULL;
      g_autofree char *parent_path = NULL;
      g_autofree char *parent_text = NULL;
      g_autofree char *comm = g_strdup_printf ("(%s)", program);
      const char *after;
      int parent;

      if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL) ||
          strstr (text, comm) == NULL || (after = strrchr (text, ')')) == NULL)
        continue;
      parent = atoi (after + 4);
      parent_path = g_strdup_printf ("/proc/%d/stat", parent);
      if (g_file_get_contents (parent_path, &parent_text, NULL, NULL) &&
          (after = strrchr (parent_text, ')')) != NULL && atoi (after + 4) == grandparent)
        g_array_append_val (found, pid);
    }
  return found;
}

/* parallax killed outright, with no chance to end its jobs: the jobs
 * end with it all the same, and nothing is left running. */
static void
test_cli_killed_ends_jobs (void)
{
  const char *argv[] = { g_getenv ("PARALLAX_TEST_BINARY"), "run", "-q", "--kind=command",
                         "--command=sleep 300", "--tasks=2", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  int pid;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                            G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (proc));
  for (int i = 0; i < 500; i++)
    {
      g_clear_pointer (&jobs, g_array_unref);
      jobs = grandchildren_running (pid, "sleep");
      if (jobs->len == 2)
        break;
      g_usleep (10000);
    }
  g_assert_cmpuint (jobs->len, ==, 2);

  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_true (px_test_group_gone (g_array_index (jobs, int, i)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/cli/help", test_cli_help);
  g_test_add_func ("/px/cli/run", test_cli_run);
  g_test_add_func ("/px/cli/try", test_cli_try);
  g_test_add_func ("/px/cli/validate", test_cli_validate);
  g_test_add_func ("/px/cli/bad-input", test_cli_bad_input);
  g_test_add_func ("/px/cli/reports", test_cli_reports);
  g_test_add_func ("/px/cli/boolean-options", test_cli_boolean_options);
  g_test_add_func ("/px/cli/report-unwritable", test_cli_report_unwritable);
  g_test_add_func ("/px/cli/report-targets", test_cli_report_targets);
  g_test_add_func ("/px/cli/random-interrupts", test_cli_random_interrupts);
  g_test_add_func ("/px/cli/tmpdir-escaped", test_cli_tmpdir_escaped);
  g_test_add_func ("/px/cli/command-inputs", test_cli_command_inputs);
  g_test_add_func ("/px/cli/killed-ends-jobs", test_cli_killed_ends_jobs);
  g_test_add_data_func ("/px/cli/interrupt/threads", "threads", test_cli_interrupt);
  g_test_add_data_func ("/px/cli/interrupt/processes", "processes", test_cli_interrupt);

  return g_test_run ();
}
