/* launch.c: parallax-launch, what starts each job of a kind=command run
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   parallax-launch FD PROGRAM [ARGUMENT…]
 *
 * Linux counts into a process's peak RSS the memory of the process it
 * was forked from, up to the moment it runs its program: a job started
 * straight from Parallax (tens of megabytes in the window) would report
 * at least that much. This program is small; the job is forked from
 * it, so the kernel's figures are the job's own, as /usr/bin/time
 * reports them.
 *
 * On descriptor FD it writes "S PID" once the job runs, or "F ERRNO" if
 * its program could not start; then "R STATUS USER_US SYSTEM_US
 * MAXRSS_KB" from wait4() when the job ends, and ends the way it did.
 * The job leads a process group of its own, which is what a timeout or
 * a cancel signals; this program ignores the signals that end a job,
 * and stays to report.
 *
 * Plain C, no GLib: it starts for every job.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const int passed_on[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

static long
timeval_us (const struct timeval *tv)
{
  return (long)tv->tv_sec * 1000000L + (long)tv->tv_usec;
}

int
main (int   argc,
      char *argv[])
{
  struct rlimit no_core = { 0, 0 };
  struct rusage usage;
  int ready[2];
  int report, status, err = 0;
  pid_t pid;
  ssize_t n;

  if (argc < 3 || (report = atoi (argv[1])) < 3 || fcntl (report, F_GETFD) < 0)
    {
      fprintf (stderr, "usage: parallax-launch FD PROGRAM [ARGUMENT…]\n");
      return 125;
    }
  fcntl (report, F_SETFD, FD_CLOEXEC);
  for (unsigned i = 0; i < sizeof passed_on / sizeof passed_on[0]; i++)
    signal (passed_on[i], SIG_IGN);

  if (pipe2 (ready, O_CLOEXEC) != 0)
    {
      dprintf (report, "F %d\n", errno);
      return 125;
    }
  pid = fork ();
  if (pid < 0)
    {
      dprintf (report, "F %d\n", errno);
      return 125;
    }
  if (pid == 0)
    {
      for (unsigned i = 0; i < sizeof passed_on / sizeof passed_on[0]; i++)
        signal (passed_on[i], SIG_DFL);
      /* A process group of its own, which a timeout or a cancel ends
       * whole; this program stays out of it, to report. */
      setpgid (0, 0);
      execvp (argv[2], argv + 2);
      err = errno;
      if (write (ready[1], &err, sizeof err) < 0)
        _exit (127);
      _exit (127);
    }
  close (ready[1]);
  do
    n = read (ready[0], &err, sizeof err);
  while (n < 0 && errno == EINTR);
  close (ready[0]);
  if (n == (ssize_t)sizeof err)
    {
      waitpid (pid, NULL, 0);
      dprintf (report, "F %d\n", err);
      return 127;
    }
  dprintf (report, "S %d\n", (int)pid);

  while (wait4 (pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      return 125;
  dprintf (report, "R %d %ld %ld %ld\n", status, timeval_us (&usage.ru_utime),
           timeval_us (&usage.ru_stime), usage.ru_maxrss);
  close (report);

  if (WIFSIGNALED (status))
    {
      /* Ended as the job was, without a core of this program. */
      setrlimit (RLIMIT_CORE, &no_core);
      signal (WTERMSIG (status), SIG_DFL);
      raise (WTERMSIG (status));
      return 128 + WTERMSIG (status);
    }
  return WEXITSTATUS (status);
}
