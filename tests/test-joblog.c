/* test-joblog.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The joblog in GNU parallel's format: written as parallel writes it,
 * read back to resume (ours and, where it is installed, parallel's own),
 * and a file that is not a joblog refused with its line.
 */

#include "config.h"

#include <string.h>

#include "px-joblog.h"
#include "px-test-helpers.h"

static GHashTable *
read_text (const char    *text,
           PxJoblogSkip   skip,
           GError       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, strlen (text),
                                                                         NULL);

  return px_joblog_read_skipped (stream, "jobs.log", skip, error);
}

static gboolean
has (GHashTable *set,
     guint       seq)
{
  return g_hash_table_contains (set, GUINT_TO_POINTER (seq));
}

/* The lines GNU parallel 20221122 wrote for `parallel --joblog F -j2 'sh
 * -c "exit {}"' ::: 0 3 0`, and ours for the same jobs. */
static void
test_format (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char *argv[] = { "sh", "-c", "exit 3", NULL };
  char *plain[] = { "gzip", "-k", "dir/a.txt", NULL };
  char *odd[] = { "printf", "%s", "it's; rm", "", NULL };
  g_autofree char *line = px_joblog_command_line (argv);
  g_autofree char *line2 = px_joblog_command_line (plain);
  g_autofree char *line3 = px_joblog_command_line (odd);
  PxJoblogEntry first = { 1, ":", 1796313356.939, 0.0004, 0, 0, 0, 0, "sh -c \"exit 0\"" };
  PxJoblogEntry second = { 2, NULL, 1796313356.943, 0.019, 0, 0, 3, 0, "sh -c \"exit 3\"" };
  PxJoblogEntry long_one = { 12, ":", 1796313356.5, 12345.6789, 10, 20, -1, 9, "a\nb" };

  px_joblog_append_header (out);
  px_joblog_append_entry (out, &first);
  px_joblog_append_entry (out, &second);
  px_joblog_append_entry (out, &long_one);
  g_assert_cmpstr (out->str, ==,
                   "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
                   "1\t:\t1796313356.939\t     0.000\t0\t0\t0\t0\tsh -c \"exit 0\"\n"
                   "2\t:\t1796313356.943\t     0.019\t0\t0\t3\t0\tsh -c \"exit 3\"\n"
                   "12\t:\t1796313356.500\t 12345.679\t10\t20\t-1\t9\ta b\n");

  /* Commands as a shell would read them back. */
  g_assert_cmpstr (line, ==, "sh -c 'exit 3'");
  g_assert_cmpstr (line2, ==, "gzip -k dir/a.txt");
  g_assert_cmpstr (line3, ==, "printf %s 'it'\\''s; rm' ''");
}

static void
test_resume (void)
{
  static const char ours[] =
    "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
    "1\t:\t1796313356.939\t     0.000\t0\t0\t0\t0\ttrue\n"
    "2\t:\t1796313356.943\t     0.019\t0\t0\t3\t0\tfalse\n"
    "3\t:\t1796313356.949\t     0.016\t0\t0\t-1\t9\tsleep 9\n"
    "\n"
    "5\t:\t1796313357.000\t     1.000\t0\t0\t0\t0\tcommand\twith a tab\n"
    /* Run again after a resume: the last line of a job counts. */
    "2\t:\t1796313358.000\t     0.010\t0\t0\t0\t0\ttrue\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) listed = read_text (ours, PX_JOBLOG_SKIP_LISTED, &error);
  g_autoptr(GHashTable) succeeded = read_text (ours, PX_JOBLOG_SKIP_SUCCEEDED, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (listed), ==, 4);
  g_assert_true (has (listed, 1) && has (listed, 2) && has (listed, 3) && has (listed, 5));
  g_assert_cmpuint (g_hash_table_size (succeeded), ==, 3);
  g_assert_true (has (succeeded, 1) && has (succeeded, 2) && has (succeeded, 5));
  g_assert_false (has (succeeded, 3));
}

/* What GNU parallel itself wrote reads back the same way. */
static void
test_parallels_own (void)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *dir = NULL;
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) succeeded = NULL;
  int status;

  if (parallel == NULL)
    {
      g_test_skip ("GNU parallel is not installed (apt-get install parallel)");
      return;
    }
  dir = px_test_make_dir ("px-joblog");
  log = g_build_filename (dir, "jobs.log", NULL);
  {
    const char *argv[] = { parallel, "--will-cite", "--joblog", log, "-j2", "sh -c 'exit {}'",
                           ":::", "0", "3", "0", NULL };

    g_assert_true (g_spawn_sync (dir, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
  succeeded = read_text (text, PX_JOBLOG_SKIP_SUCCEEDED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (succeeded), ==, 2);
  g_assert_true (has (succeeded, 1) && has (succeeded, 3));
  px_test_remove_dir (dir);
}

/* GNU parallel reads our joblog: resuming the failed jobs of a run we
 * logged, it runs only the job that failed. */
static void
test_parallel_reads_ours (void)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autoptr(GString) ours = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (parallel == NULL)
    {
      g_test_skip ("GNU parallel is not installed (apt-get install parallel)");
      return;
    }
  px_joblog_append_header (ours);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *command = g_strdup_printf ("sh -c 'exit %d' %u", i == 1 ? 3 : 0, i);
      PxJoblogEntry entry = { i + 1, ":", 1796313356.0 + i, 0.01, 0, 0, i == 1 ? 3 : 0, 0,
                              command };

      px_joblog_append_entry (ours, &entry);
    }
  dir = px_test_make_dir ("px-joblog");
  log = g_build_filename (dir, "jobs.log", NULL);
  g_assert_true (g_file_set_contents (log, ours->str, ours->len, NULL));
  {
    const char *argv[] = { parallel, "--will-cite", "--resume-failed", "--joblog", log,
                           "sh -c 'exit {}'", ":::", "0", "3", "0", NULL };

    g_assert_true (g_spawn_sync (dir, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
  lines = g_strsplit (g_strchomp (text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[4], "2\t:\t"));
  px_test_remove_dir (dir);
}

static void
test_not_a_joblog (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) set = NULL;

  set = read_text ("task,worker\n1,0\n", PX_JOBLOG_SKIP_LISTED, &error);
  g_assert_null (set);
  g_assert_true (g_str_has_prefix (error->message, "jobs.log:1: not a joblog"));
  g_clear_error (&error);

  set = read_text ("Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
                   "1\t:\t1.0\t1.0\t0\t0\t0\t0\ttrue\n"
                   "x\t:\t1.0\t1.0\t0\t0\t0\t0\ttrue\n", PX_JOBLOG_SKIP_LISTED, &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==, "jobs.log:3: Seq “x” is not a job number");
  g_clear_error (&error);

  set = read_text ("Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
                   "1\t:\t1.0\n", PX_JOBLOG_SKIP_LISTED, &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==, "jobs.log:2: 3 columns; a joblog line has 9, "
                                       "tab-separated");
  g_clear_error (&error);

  set = read_text ("", PX_JOBLOG_SKIP_LISTED, &error);
  g_assert_null (set);
  g_assert_nonnull (strstr (error->message, "empty"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/joblog/format", test_format);
  g_test_add_func ("/px/joblog/resume", test_resume);
  g_test_add_func ("/px/joblog/parallels-own", test_parallels_own);
  g_test_add_func ("/px/joblog/parallel-reads-ours", test_parallel_reads_ours);
  g_test_add_func ("/px/joblog/not-a-joblog", test_not_a_joblog);

  return g_test_run ();
}
