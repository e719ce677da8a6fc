/* job.c — parallax-worker --job
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job of a kind=command run on another host (launcher=ssh or srun):
 * "parallax-worker --job [--grace=S] [--workdir=DIR] [--env=NAME=VALUE]…
 * -- PROGRAM [ARGUMENT…]" runs the program there in a process group of
 * its own, its output and errors on this process's, its input empty, as
 * parallax-launch runs a job on Parallax's machine. This process's own
 * input is the line back to Parallax: when it closes (ssh or srun ended,
 * the job cancelled or out of time), the job's group gets TERM, then
 * KILL after the grace. When the program ends, what is left of its group
 * is ended, so nothing of it stays on the host, and the last line of
 * standard error is what wait4() accounted to it:
 *
 *   "\036parallax-job STATUS USER_US SYSTEM_US MAX_RSS_KB PID HOST\n"
 *
 * (STATUS as waitpid() gives it, HOST as gethostname() does), which
 * Parallax takes off the job's errors (px-job-remote.c). This process
 * exits as the program did, or with --status-in-trailer 0 (srun adds
 * words of its own to the errors of a step that exits otherwise).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "job.h"

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
signal_group (pid_t pid,
              int   sig)
{
  if (kill (-pid, sig) != 0)
    kill (pid, sig);
}

int
px_worker_run_job (int   argc,
                   char *argv[])
{
  const char *workdir = NULL;
  double grace = 2;
  int first = -1;
  pid_t pid;
  int status = 0;
  struct rusage usage = { 0 };
  double kill_at = 0;
  gboolean input_open = TRUE;
  gboolean status_in_trailer = FALSE;
  char host[65];

  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          first = i + 1;
          break;
        }
      if (strncmp (argv[i], "--grace=", 8) == 0)
        grace = g_ascii_strtod (argv[i] + 8, NULL);
      else if (strcmp (argv[i], "--status-in-trailer") == 0)
        status_in_trailer = TRUE;
      else if (strncmp (argv[i], "--workdir=", 10) == 0)
        workdir = argv[i] + 10;
      else if (strncmp (argv[i], "--env=", 6) == 0 && strchr (argv[i] + 6, '=') != NULL)
        putenv (argv[i] + 6);
      else
        {
          fprintf (stderr, "parallax-worker --job: unknown option %s\n", argv[i]);
          return 2;
        }
    }
  if (first < 0 || first >= argc)
    {
      fprintf (stderr, "parallax-worker --job: expected -- PROGRAM [ARGUMENT…]\n");
      return 2;
    }

  /* Its own child to wait for, whatever this process inherited. */
  signal (SIGCHLD, SIG_DFL);
  pid = fork ();
  if (pid < 0)
    {
      fprintf (stderr, "parallax-worker --job: fork: %s\n", strerror (errno));
      return 127;
    }
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDONLY);

      setpgid (0, 0);
      if (null >= 0)
        {
          dup2 (null, STDIN_FILENO);
          close (null);
        }
      signal (SIGPIPE, SIG_DFL);
      if (workdir != NULL && chdir (workdir) != 0)
        {
          /* Translators: cannot run PROGRAM in FOLDER: why */
          fprintf (stderr, _("cannot run %s in %s: %s"), argv[first], workdir, strerror (errno));
          fputc ('\n', stderr);
          _exit (127);
        }
      execvp (argv[first], argv + first);
      fprintf (stderr, _("cannot run %s: %s"), argv[first], strerror (errno));
      fputc ('\n', stderr);
      _exit (127);
    }
  setpgid (pid, pid);

  /* Until the program ends: its group ended once this input closes. */
  for (;;)
    {
      struct pollfd fd = { STDIN_FILENO, POLLIN, 0 };
      pid_t ended = wait4 (pid, &status, WNOHANG, &usage);

      if (ended == pid)
        break;
      if (ended < 0 && errno != EINTR)
        {
          /* Nothing known of how it ended: no figures, a failure. */
          fprintf (stderr, "parallax-worker --job: wait4: %s\n", strerror (errno));
          kill (-pid, SIGKILL);
          return 127;
        }
      if (poll (&fd, input_open ? 1 : 0, 20) > 0 && input_open)
        {
          char buf[256];
          ssize_t n = read (STDIN_FILENO, buf, sizeof buf);

          if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            {
              input_open = FALSE;
              signal_group (pid, SIGTERM);
              kill_at = now_s () + grace;
            }
        }
      if (kill_at > 0 && now_s () >= kill_at)
        {
          signal_group (pid, SIGKILL);
          kill_at = 0;
        }
    }
  /* Whatever it left running in its group goes with it. */
  kill (-pid, SIGKILL);

  if (gethostname (host, sizeof host - 1) != 0 || host[0] == '\0')
    strcpy (host, "?");
  host[sizeof host - 1] = '\0';
  for (char *c = host; *c != '\0'; c++)
    if (*c == ' ' || *c == '\n')
      *c = '?';
  fprintf (stderr, "\036parallax-job %d %lld %lld %ld %d %s\n", status,
           (long long)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec,
           (long long)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec,
           usage.ru_maxrss, (int)pid, host);
  fflush (stderr);
  if (status_in_trailer)
    return 0;
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + (WIFSIGNALED (status) ? WTERMSIG (status) : 0);
}
