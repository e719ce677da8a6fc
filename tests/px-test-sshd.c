/* px-test-sshd.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real sshd for tests and benchmarks of workers on other hosts: started
 * on a free port of 127.0.0.1 with a throwaway host key and user key, an
 * sshd_config and an ssh_config of its own, in the foreground as a daemon
 * of the test's (it ends with the test, however the test ends), and
 * stopped at the end. The other host is this one.
 */

#include "config.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "px-test-helpers.h"
#include "px-test-sshd.h"

/* A port nothing listens on, for the moment. */
guint
px_test_free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static void
run_quietly (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

/* Starts sshd on 127.0.0.1 with keys and settings of its own, once;
 * FALSE (the test skipped, saying why) without openssh-server. */
gboolean
px_test_sshd_start (PxTestSshd *sshd)
{
  g_autofree char *config = NULL;
  g_autofree char *client = NULL;
  g_autofree char *host_pub = NULL;
  g_autofree char *known = NULL;
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autofree char *ssh = NULL;
  g_autofree char *keygen = NULL;
  gint64 deadline;

  if (sshd->pid > 0)
    return TRUE;
  ssh = g_find_program_in_path ("ssh");
  keygen = g_find_program_in_path ("ssh-keygen");
  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE) || ssh == NULL || keygen == NULL)
    {
      g_test_skip ("needs sshd, ssh and ssh-keygen (Debian's openssh-server and "
                   "openssh-client; build-aux/dev test installs them)");
      return FALSE;
    }

  sshd->dir = px_test_make_dir ("px-sshd");
  sshd->port = px_test_free_port ();
  command = g_strdup_printf ("ssh-keygen -q -t ed25519 -N '' -f %s/host_key", sshd->dir);
  run_quietly (command);
  g_free (command);
  command = g_strdup_printf ("ssh-keygen -q -t ed25519 -N '' -f %s/id", sshd->dir);
  run_quietly (command);

  config = g_strdup_printf ("Port %u\nListenAddress 127.0.0.1\nHostKey %s/host_key\n"
                            "AuthorizedKeysFile %s/id.pub\nPidFile none\n"
                            "StrictModes no\nUsePAM no\nPasswordAuthentication no\n"
                            "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                            "PermitRootLogin prohibit-password\n",
                            sshd->port, sshd->dir, sshd->dir);
  path = g_build_filename (sshd->dir, "sshd_config", NULL);
  g_assert_true (g_file_set_contents (path, config, -1, NULL));

  g_free (path);
  path = g_build_filename (sshd->dir, "host_key.pub", NULL);
  g_assert_true (g_file_get_contents (path, &host_pub, NULL, NULL));
  known = g_strdup_printf ("[127.0.0.1]:%u %s", sshd->port, host_pub);
  g_free (path);
  path = g_build_filename (sshd->dir, "known_hosts", NULL);
  g_assert_true (g_file_set_contents (path, known, -1, NULL));

  client = g_strdup_printf ("Host *\n  IdentityFile %s/id\n  IdentitiesOnly yes\n"
                            "  UserKnownHostsFile %s/known_hosts\n  StrictHostKeyChecking yes\n"
                            "  LogLevel ERROR\n",
                            sshd->dir, sshd->dir);
  g_free (path);
  path = g_build_filename (sshd->dir, "ssh_config", NULL);
  g_assert_true (g_file_set_contents (path, client, -1, NULL));
  sshd->ssh_command = g_strdup_printf ("ssh -F %s", path);

  /* As root, sshd separates privileges into a folder the package's boot
   * files make; a test machine may not have booted them. */
  if (geteuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR))
    g_assert_cmpint (g_mkdir_with_parents ("/run/sshd", 0755), ==, 0);

  /* In the foreground, a daemon of the test's (px_test_spawn_daemon()):
   * it ends with the test, whatever ends it. */
  g_free (path);
  path = g_build_filename (sshd->dir, "sshd_config", NULL);
  {
    const char *argv[] = { "/usr/sbin/sshd", "-D", "-f", path, NULL };

    sshd->pid = px_test_spawn_daemon (argv);
  }

  /* Ready when it takes a connection. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      struct sockaddr_in addr = { .sin_family = AF_INET,
                                  .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                                  .sin_port = htons (sshd->port) };
      int fd = socket (AF_INET, SOCK_STREAM, 0);
      gboolean up = connect (fd, (struct sockaddr *)&addr, sizeof addr) == 0;

      close (fd);
      if (up)
        break;
      g_assert_cmpint (kill (sshd->pid, 0), ==, 0);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  g_test_message ("sshd on 127.0.0.1:%u", sshd->port);
  return TRUE;
}

void
px_test_sshd_stop (PxTestSshd *sshd)
{
  if (sshd->pid <= 0)
    return;
  /* It ends, and its connections end with it. */
  px_test_stop_daemon (sshd->pid);
  sshd->pid = 0;
  px_test_remove_dir (sshd->dir);
  g_clear_pointer (&sshd->dir, g_free);
  g_clear_pointer (&sshd->ssh_command, g_free);
}

/* The spec of a run of processes on @hosts through @sshd. */
void
px_test_sshd_spec (const PxTestSshd *sshd,
                   PxSpec           *spec,
                   const char       *hosts,
                   PxTaskKind        kind,
                   guint             workers,
                   guint             tasks,
                   double            task_ms)
{
  px_test_spec (spec, PX_EXECUTOR_PROCESSES, kind, workers, tasks, task_ms);
  spec->launcher = PX_LAUNCHER_SSH;
  px_test_set_text (&spec->hosts, hosts);
  px_test_set_text (&spec->ssh, sshd->ssh_command);
}
