/* test-watch-cli.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `parallax watch` as a user types it: a launched program's exit status
 * and report, a running one attached for a while, a missing pid, and
 * another user's process watched as far as the kernel lets anyone.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "px-test-helpers.h"

/* Runs parallax with @argv after its name; its exit status, and what it
 * printed. */
static int
run_parallax (const char * const *args,
              char              **out,
              char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer)g_getenv ("PARALLAX_TEST_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", *out, *err);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

/* parallax watch: a launched program's exit status is the command's,
 * its report parses; attaching for a duration prints a line a sample
 * and a thread each; a missing pid or no target is exit 2. */
static void
test_watch_command_line (void)
{
  g_autofree char *dir = px_test_make_dir ("px-watch");
  g_autofree char *report = g_build_filename (dir, "watch.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSubprocess) sleeper = NULL;
  g_autofree char *pid = NULL;
  const char *sleep_argv[] = { "sleep", "5", NULL };
  char *out = NULL, *err = NULL;
  JsonObject *root;

  {
    const char *args[] = { "watch", "-q", "--interval-ms=50", "-o", report, "--", "sh", "-c",
                           "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 5", NULL };

    g_assert_cmpint (run_parallax (args, &out, &err), ==, 5);
    g_assert_nonnull (strstr (out, "Watched"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_true (json_parser_load_from_file (parser, report, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "exit-status"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "threads")), >=,
                    1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (root, "samples"), "time-s")), >=, 2);

  sleeper = g_subprocess_newv (sleep_argv, G_SUBPROCESS_FLAGS_NONE, NULL);
  pid = g_strdup (g_subprocess_get_identifier (sleeper));
  {
    const char *args[] = { "watch", "--threads", "--duration=0.5", pid, NULL };

    g_assert_cmpint (run_parallax (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "t=0."));
    g_assert_nonnull (strstr (out, " sleep "));
    g_assert_nonnull (strstr (out, "sleeping"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_subprocess_force_exit (sleeper);
  g_subprocess_wait (sleeper, NULL, NULL);

  {
    const char *missing[] = { "watch", "2147483646", NULL };
    const char *nothing[] = { "watch", NULL };
    const char *not_pid[] = { "watch", "12ab", NULL };

    g_assert_cmpint (run_parallax (missing, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "no process has the pid 2147483646"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_parallax (nothing, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_parallax (not_pid, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "'12ab' is not a process id"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  px_test_remove_dir (dir);
}

/* Another user's process: what the kernel shows anyone (its threads'
 * schedstat and stat) is watched; its /proc/PID/io, kept to its owner,
 * is a warning that names the file and what is not shown. Needs root,
 * to watch as another user. */
static void
test_watch_another_user (void)
{
  const char *sleep_argv[] = { "sleep", "5", NULL };
  g_autoptr(GSubprocess) sleeper = NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *pid = NULL;
  g_autofree char *expected = NULL;
  char *out = NULL, *err = NULL;

  if (getuid () != 0 || setpriv == NULL)
    {
      g_test_skip ("watching as another user needs root and setpriv (util-linux)");
      return;
    }
  sleeper = g_subprocess_newv (sleep_argv, G_SUBPROCESS_FLAGS_NONE, NULL);
  pid = g_strdup (g_subprocess_get_identifier (sleeper));
  expected = g_strdup_printf ("/proc/%s/io cannot be read", pid);
  {
    const char *args[] = { "--reuid=65534", "--regid=65534", "--clear-groups",
                           g_getenv ("PARALLAX_TEST_BINARY"), "watch", "-q", "--duration=0.3",
                           pid, NULL };
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;

    g_ptr_array_add (argv, setpriv);
    for (guint i = 0; args[i] != NULL; i++)
      g_ptr_array_add (argv, (gpointer)args[i]);
    g_ptr_array_add (argv, NULL);
    proc = g_subprocess_newv ((const char * const *)argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
    if (strstr (err, "Permission denied") != NULL && strstr (err, "cannot be read") == NULL)
      {
        /* The build is in a folder that user cannot enter. */
        g_test_skip ("the parallax binary cannot be run as nobody from this folder");
        g_free (out);
        g_free (err);
        g_subprocess_force_exit (sleeper);
        return;
      }
    g_assert_true (g_subprocess_get_if_exited (proc));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  }
  g_assert_nonnull (strstr (out, " sleep "));
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, "Storage read and written is not shown"));
  g_free (out);
  g_free (err);
  g_subprocess_force_exit (sleeper);
  g_subprocess_wait (sleeper, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/px/watch/command-line", test_watch_command_line);
  g_test_add_func ("/px/watch/another-user", test_watch_another_user);

  return g_test_run ();
}
