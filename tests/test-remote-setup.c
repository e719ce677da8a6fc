/* test-remote-setup.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Setting hosts up for workers through ssh: a worker copied to a host
 * that lacks it (transfer=true), and the command line's host files. As
 * in test-remote.c, the other host is this one, through a real sshd the
 * test starts on 127.0.0.1 and stops at the end.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "px-profile.h"
#include "px-run.h"
#include "px-test-helpers.h"
#include "px-test-sshd.h"

/* The test's own sshd, started by the first test that needs it. */
static PxTestSshd sshd;

/* Runs one worker over ssh, the worker at @path there, copied there
 * with @transfer; @done tells whether all its tasks are to be done, or
 * none, the worker failing to start. */
static PxRun *
run_with_worker_at (const char *path,
                    gboolean    transfer,
                    gboolean    done)
{
  g_autofree char *hosts = g_strdup_printf ("1/127.0.0.1:%u", sshd.port);
  PxRunCounters c;
  PxSpec spec;
  PxRun *run;

  px_test_sshd_spec (&sshd, &spec, hosts, PX_KIND_SLEEP, 1, 20, 5);
  px_test_set_text (&spec.remote_worker, path);
  spec.transfer = transfer;
  run = px_run_new (&spec);
  px_spec_clear (&spec);
  px_run_execute_async (run, NULL, NULL, NULL);
  px_test_wait (run);
  px_run_get_counters (run, &c);
  g_assert_cmpuint (c.done, ==, done ? 20 : 0);
  g_assert_cmpint (px_run_get_state (run), ==, done ? PX_RUN_FINISHED : PX_RUN_ERROR);
  return run;
}

/* transfer=true: a host that lacks the worker at its path gets a copy,
 * byte for byte this one, and runs it; a second run finds it there and
 * copies nothing. Without transfer, a missing worker's failure says
 * what would copy it; a copy that cannot be written says why. */
static void
test_ssh_transfer (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *blocked = NULL;
  g_autofree char *local = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  gsize our_len = 0, their_len = 0;

  if (!px_test_sshd_start (&sshd))
    return;
  dir = px_test_make_dir ("px-transfer");
  path = g_build_filename (dir, "bin", "parallax-worker", NULL);
  blocked = g_build_filename (dir, "file", "parallax-worker", NULL);

  /* Copied, then run from there: the only worker is over ssh. */
  {
    g_autoptr(PxRun) run = run_with_worker_at (path, TRUE, TRUE);
    PxWorkerSnapshot s;

    g_assert_true (px_test_events_contain (run, "parallax-worker copied to"));
    px_run_get_worker (run, 0, &s);
    g_assert_cmpint (s.host, ==, 0);
    g_assert_cmpuint (s.tasks_done, >, 0);
  }
  local = px_find_worker_binary ();
  g_assert_true (g_file_get_contents (local, &ours, &our_len, NULL));
  g_assert_true (g_file_get_contents (path, &theirs, &their_len, NULL));
  g_assert_cmpmem (ours, our_len, theirs, their_len);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));

  /* There already: nothing copied. */
  {
    g_autoptr(PxRun) run = run_with_worker_at (path, TRUE, TRUE);

    g_assert_false (px_test_events_contain (run, "copied"));
  }
  g_unlink (path);

  /* Missing, not copied: the failure says how to copy it. */
  {
    g_autoptr(PxRun) run = run_with_worker_at (path, FALSE, FALSE);

    g_assert_true (px_test_events_contain (run, "transfer=true copies parallax-worker there"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* A path under a file: the copy fails and says so. */
  {
    g_autofree char *file = g_build_filename (dir, "file", NULL);
    g_autoptr(PxRun) run = NULL;

    g_assert_true (g_file_set_contents (file, "", 0, NULL));
    run = run_with_worker_at (blocked, TRUE, FALSE);
    g_assert_true (px_test_events_contain (run, "parallax-worker could not be copied to"));
  }
  px_test_remove_dir (dir);
}

/* The command line: hosts from a file (comments, blank lines, N/), which
 * mean launcher=ssh; a bad line named with its number; --hosts and
 * --hostfile together refused. */
static void
test_cli_hostfile (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ssh = NULL;
  g_autofree char *hostfile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bad_option = NULL;
  g_autofree char *remote_worker = NULL;

  if (!px_test_sshd_start (&sshd))
    return;
  dir = px_test_make_dir ("px-hostfile");
  good = g_build_filename (dir, "hosts", NULL);
  bad = g_build_filename (dir, "bad-hosts", NULL);
  profile = g_build_filename (dir, "p.ini", NULL);
  text = g_strdup_printf ("# the lab\n1/127.0.0.1:%u   # over ssh\n\n1/:\n", sshd.port);
  g_assert_true (g_file_set_contents (good, text, -1, NULL));
  g_assert_true (g_file_set_contents (bad, ":\nhost;rm\n", -1, NULL));
  g_assert_true (g_file_set_contents (profile, "[Profile]\nversion=1\nname=h\n[Workload]\n"
                                      "executor=processes\nworkers=2\nkind=sleep\n"
                                      "tasks=30\ntask-ms=20\n", -1, NULL));
  ssh = g_strdup_printf ("--ssh=%s", sshd.ssh_command);
  hostfile = g_strdup_printf ("--hostfile=%s", good);

  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, hostfile, ssh, "-q", NULL), ==,
                   0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "restarts  host"));
  g_assert_nonnull (strstr (out, "127.0.0.1:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --check-hosts asks each host and runs nothing: one ready, one where
   * the worker is missing, one that refuses, and this machine. */
  {
    g_autofree char *refused = g_strdup_printf ("--hosts=1/127.0.0.1:%u,1/127.0.0.1:%u,"
                                                "1/127.0.0.1:%u,1/:", sshd.port, sshd.port,
                                                px_test_free_port ());
    g_autofree char *ready = g_strdup_printf ("127.0.0.1:%u  ready, ", sshd.port);

    g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, hostfile, ssh,
                                       "--check-hosts", NULL), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, ready));
    g_assert_null (strstr (out, "Tasks done"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, refused, ssh,
                                       "--remote-worker=/nonexistent/parallax-worker",
                                       "--check-hosts", NULL), ==, 1);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, "no parallax-worker at /nonexistent/parallax-worker there "
                                   "(transfer=true copies it)"));
    g_assert_nonnull (strstr (out, "Connection refused"));
    g_assert_nonnull (strstr (out, ":  "));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* A host whose login prints first (a banner, a login file's echo) is
   * still read right: the check's answer is its last two lines. */
  {
    g_autofree char *noisy = g_build_filename (dir, "noisy-ssh", NULL);
    g_autofree char *noisy_ssh = NULL;
    g_autofree char *ready = g_strdup_printf ("127.0.0.1:%u  ready, ", sshd.port);

    g_assert_true (g_file_set_contents (noisy, "#!/bin/sh\necho 'Welcome to the lab'\n"
                                        "echo missing\nexec ssh \"$@\"\n", -1, NULL));
    g_assert_cmpint (g_chmod (noisy, 0755), ==, 0);
    noisy_ssh = g_strdup_printf ("--ssh=%s%s", noisy, sshd.ssh_command + strlen ("ssh"));
    g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, hostfile, noisy_ssh,
                                       "--check-hosts", NULL), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, ready));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* --transfer alone is transfer=true. */
  remote_worker = g_strdup_printf ("--remote-worker=%s/bin/parallax-worker", dir);
  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, hostfile, ssh, remote_worker,
                                     "--transfer", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "parallax-worker copied to"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  bad_option = g_strdup_printf ("--hostfile=%s", bad);
  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, bad_option, NULL), ==, 2);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, ":2: "));
  g_assert_nonnull (strstr (err, "host;rm"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (px_test_parallax (&out, &err, "run", profile, hostfile, "--hosts=:", NULL), ==,
                   2);
  g_assert_nonnull (strstr (err, "not both"));
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Writes to workers whose ssh ended must fail, not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/px/remote/ssh/transfer", test_ssh_transfer);
  g_test_add_func ("/px/remote/cli/hostfile", test_cli_hostfile);
  status = g_test_run ();
  px_test_sshd_stop (&sshd);
  return status;
}
