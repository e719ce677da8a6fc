/* launch.c: parallax-launch, what starts the jobs of a kind=command run
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   parallax-launch FD
 *
 * Linux counts into a process's peak RSS the memory of the process it
 * was started from, up to the moment it runs its program: a job started
 * straight from Parallax (tens of megabytes in the window) would report
 * at least that much. This program is small, and the jobs start from
 * it, so the kernel's figures are the jobs' own, as /usr/bin/time
 * reports them. It lives as long as the thread that uses it, so a job
 * costs one program start, not two.
 *
 * On the stream socket FD it reads one job at a time: a 32-bit length,
 * then that many bytes of NUL-ended strings (the folder to run in, empty
 * for here; the number of environment entries, then each; the number of
 * arguments, then each), with the job's standard input, output and error
 * attached (SCM_RIGHTS). It answers "S PID" once the job runs, or
 * "F ERRNO" if it could not start; then "R STATUS USER_US SYSTEM_US
 * MAXRSS_KB" from wait4() when the job ends. It ends when FD closes.
 *
 * The job leads a process group of its own, which is what a timeout or
 * a cancel signals; this program ignores the signals that end a job. If
 * the thread that started it goes away while a job runs, it ends the
 * job's group and itself.
 *
 * Plain C, no GLib, linked statically where the C library allows.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* A request larger than this is refused (ARG_MAX is 2 MiB here). */
#define MAX_REQUEST (16u << 20)

static const int passed_on[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

/* Set when the thread that started this program is gone (the program
 * that uses it crashed or was killed): the job ends too. */
static volatile sig_atomic_t orphaned;

static void
orphaned_cb (int sig)
{
  orphaned = 1;
}

static long
timeval_us (const struct timeval *tv)
{
  return (long)tv->tv_sec * 1000000L + (long)tv->tv_usec;
}

static int
read_all (int    fd,
          char  *buf,
          size_t len)
{
  while (len > 0)
    {
      ssize_t n = read (fd, buf, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      buf += n;
      len -= n;
    }
  return 0;
}

/* Reads a request's length and its three descriptors; 0 at the end. */
static int
read_header (int       sock,
             uint32_t *len,
             int       fds[3])
{
  char control[CMSG_SPACE (3 * sizeof (int))];
  struct iovec iov = { len, sizeof *len };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  ssize_t n;

  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  do
    n = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return 0;
  if (n < (ssize_t)sizeof *len &&
      read_all (sock, (char *)len + n, sizeof *len - n) != 0)
    return 0;
  fds[0] = fds[1] = fds[2] = -1;
  for (cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS &&
        cmsg->cmsg_len == CMSG_LEN (3 * sizeof (int)))
      memcpy (fds, CMSG_DATA (cmsg), 3 * sizeof (int));
  return 1;
}

/* The next string of a request; NULL past its end. */
static char *
next_string (char **at,
             char  *end)
{
  char *s = *at;
  char *nul = s < end ? memchr (s, '\0', end - s) : NULL;

  if (nul == NULL)
    return NULL;
  *at = nul + 1;
  return s;
}

/* Reads a count, then that many strings, into a NULL-ended array. */
static char **
next_list (char **at,
           char  *end)
{
  char *count = next_string (at, end);
  long n = count != NULL ? strtol (count, NULL, 10) : -1;
  char **list;

  if (n < 0 || n > 1 << 20)
    return NULL;
  list = calloc (n + 1, sizeof (char *));
  for (long i = 0; list != NULL && i < n; i++)
    if ((list[i] = next_string (at, end)) == NULL)
      {
        free (list);
        return NULL;
      }
  return list;
}

/* Starts and waits for one job; FALSE if the socket failed. */
static int
run_job (int sock)
{
  uint32_t len;
  int fds[3];
  char *request, *at, *workdir;
  char **env, **argv;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, defaults;
  struct rusage usage;
  int status, err;
  pid_t pid;

  if (!read_header (sock, &len, fds))
    return 0;
  if (len == 0 || len > MAX_REQUEST || fds[0] < 0 || (request = malloc (len)) == NULL)
    return 0;
  if (read_all (sock, request, len) != 0)
    return 0;
  at = request;
  workdir = next_string (&at, request + len);
  env = next_list (&at, request + len);
  argv = next_list (&at, request + len);
  if (workdir == NULL || env == NULL || argv == NULL || argv[0] == NULL)
    return 0;

  /* Its three streams and nothing else of this program's; a process
   * group of its own; signals as a fresh program has them. posix_spawn
   * shares this small program's memory until the job's program runs,
   * and says if it could not. */
  posix_spawn_file_actions_init (&actions);
  for (int i = 0; i < 3; i++)
    posix_spawn_file_actions_adddup2 (&actions, fds[i], i);
  posix_spawn_file_actions_addclosefrom_np (&actions, 3);
  if (workdir[0] != '\0')
    posix_spawn_file_actions_addchdir_np (&actions, workdir);
  sigemptyset (&none);
  sigfillset (&defaults);
  posix_spawnattr_init (&attr);
  posix_spawnattr_setpgroup (&attr, 0);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &defaults);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                   POSIX_SPAWN_SETSIGDEF);
  err = posix_spawnp (&pid, argv[0], &actions, &attr, argv, env);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  for (int i = 0; i < 3; i++)
    close (fds[i]);
  free (env);
  free (argv);
  free (request);
  if (err != 0)
    return dprintf (sock, "F %d\n", err) > 0;
  if (dprintf (sock, "S %d\n", (int)pid) <= 0)
    return 0;

  for (;;)
    {
      if (orphaned)
        kill (-pid, SIGKILL);
      if (wait4 (pid, &status, 0, &usage) >= 0)
        break;
      if (errno != EINTR)
        return 0;
    }
  return dprintf (sock, "R %d %ld %ld %ld\n", status, timeval_us (&usage.ru_utime),
                  timeval_us (&usage.ru_stime), usage.ru_maxrss) > 0;
}

int
main (int   argc,
      char *argv[])
{
  int sock;

  if (argc != 2 || (sock = atoi (argv[1])) < 3 || fcntl (sock, F_GETFD) < 0)
    {
      fprintf (stderr, "usage: parallax-launch FD\n");
      return 2;
    }
  fcntl (sock, F_SETFD, FD_CLOEXEC);
  for (unsigned i = 0; i < sizeof passed_on / sizeof passed_on[0]; i++)
    signal (passed_on[i], SIG_IGN);
  signal (SIGPIPE, SIG_IGN);

  /* If what uses this program dies without closing the socket's end (a
   * crash, a kill), the job under way ends with it, and so does this
   * program: no job is left running. No SA_RESTART: the wait for the
   * job is interrupted. */
  {
    struct sigaction action = { 0 };
    pid_t parent = getppid ();

    action.sa_handler = orphaned_cb;
    sigaction (SIGUSR1, &action, NULL);
    prctl (PR_SET_PDEATHSIG, SIGUSR1);
    if (getppid () != parent)
      return 0;
  }

  while (run_job (sock))
    ;
  return 0;
}
