/* px-job-launch.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs start from parallax-launch (src/worker/launch.c), a small program
 * each thread that runs jobs keeps for as long as it lives: Linux counts
 * the memory of the process a job starts from into the job's peak RSS,
 * so a job started straight from the window would read as large as the
 * window. The launcher gets a job's command line, environment, folder
 * and streams over a socket, starts it, and says how it ended, with what
 * wait4() accounts to it.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-job-private.h"
#include "px-run.h"

/* The launcher a thread keeps. */
typedef struct
{
  pid_t pid;
  int   sock;
} Launcher;

static void
launcher_free (gpointer data)
{
  Launcher *launcher = data;

  if (launcher == NULL)
    return;
  /* Its socket closing ends it. */
  _px_job_close_fd (&launcher->sock);
  if (launcher->pid > 0)
    while (waitpid (launcher->pid, NULL, 0) < 0 && errno == EINTR)
      ;
  g_free (launcher);
}

static GPrivate thread_launcher = G_PRIVATE_INIT (launcher_free);

/* parallax-launch, found once. */
static const char *
find_launcher (void)
{
  static gsize path;

  if (g_once_init_enter (&path))
    g_once_init_leave (&path, (gsize)px_find_helper_binary ("parallax-launch"));
  return (const char *)path;
}

/* This thread's launcher, started if it has none or its last one is
 * gone. */
static Launcher *
get_launcher (GError **error)
{
  Launcher *launcher = g_private_get (&thread_launcher);
  char *argv[] = { (char *)find_launcher (), (char *)G_STRINGIFY (LAUNCH_FD), NULL };
  char *env[] = { NULL };
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none;
  int pair[2];
  int status;

  if (launcher != NULL && launcher->sock >= 0)
    return launcher;
  if (launcher == NULL)
    {
      launcher = g_new0 (Launcher, 1);
      launcher->sock = -1;
      g_private_set (&thread_launcher, launcher);
    }
  if (launcher->pid > 0)
    while (waitpid (launcher->pid, NULL, 0) < 0 && errno == EINTR)
      ;
  launcher->pid = 0;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot start %s: %s"), argv[0], g_strerror (saved));
      return NULL;
    }
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2 (&actions, pair[1], LAUNCH_FD);
  posix_spawn_file_actions_addclosefrom_np (&actions, LAUNCH_FD + 1);
  posix_spawnattr_init (&attr);
  sigemptyset (&none);
  /* Out of this process's group: a terminal's Ctrl+C is this process's
   * to handle, and it ends the jobs. */
  posix_spawnattr_setpgroup (&attr, 0);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  status = posix_spawn (&launcher->pid, argv[0], &actions, &attr, argv, env);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  close (pair[1]);
  if (status != 0)
    {
      close (pair[0]);
      launcher->pid = 0;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (status),
                   _("cannot start %s: %s"), argv[0], g_strerror (status));
      return NULL;
    }
  launcher->sock = pair[0];
  return launcher;
}

/* The launcher is gone or said something else: the next job starts a
 * new one. */
static void
launcher_lost (Launcher *launcher)
{
  _px_job_close_fd (&launcher->sock);
  if (launcher->pid > 0)
    kill (launcher->pid, SIGKILL);
}

static void
append_string (GString    *request,
               const char *s)
{
  g_string_append_len (request, s, strlen (s) + 1);
}

static void
append_list (GString    *request,
             char      **list)
{
  char count[16];

  g_snprintf (count, sizeof count, "%u", list != NULL ? g_strv_length (list) : 0);
  append_string (request, count);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    append_string (request, list[i]);
}

/* Sends the request for @spec's job with its streams; FALSE if the
 * launcher is gone. */
static gboolean
send_request (int              sock,
              const PxJobSpec *spec,
              char           **env,
              const int        fds[3])
{
  g_autoptr(GString) request = g_string_new (NULL);
  char control[CMSG_SPACE (3 * sizeof (int))] = { 0 };
  struct msghdr msg = { 0 };
  struct iovec iov[2];
  struct cmsghdr *cmsg;
  guint32 len;
  gsize sent = 0, total;

  append_string (request, spec->workdir != NULL ? spec->workdir : "");
  append_list (request, env);
  append_list (request, spec->argv);
  len = request->len;

  iov[0] = (struct iovec) { &len, sizeof len };
  iov[1] = (struct iovec) { request->str, request->len };
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (3 * sizeof (int));
  memcpy (CMSG_DATA (cmsg), fds, 3 * sizeof (int));

  total = sizeof len + request->len;
  for (;;)
    {
      ssize_t n = sendmsg (sock, &msg, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      sent += n;
      if (sent >= total)
        return TRUE;
      /* The rest of a long request, without the streams again. */
      msg.msg_control = NULL;
      msg.msg_controllen = 0;
      if (sent < sizeof len)
        {
          iov[0] = (struct iovec) { (char *)&len + sent, sizeof len - sent };
          msg.msg_iov = iov;
          msg.msg_iovlen = 2;
        }
      else
        {
          iov[0] = (struct iovec) { request->str + (sent - sizeof len), total - sent };
          msg.msg_iov = iov;
          msg.msg_iovlen = 1;
        }
    }
}

/* Reads a line of the launcher's answers into @line, waiting for it;
 * FALSE if the launcher is gone. */
static gboolean
read_line (PxLaunch *launch,
           char     *line,
           gsize     size)
{
  for (;;)
    {
      char *end = memchr (launch->buf, '\n', launch->len);
      ssize_t r;

      if (end != NULL)
        {
          gsize n = end - launch->buf;

          g_strlcpy (line, launch->buf, MIN (n + 1, size));
          launch->len -= n + 1;
          memmove (launch->buf, end + 1, launch->len);
          return TRUE;
        }
      if (launch->len == sizeof launch->buf)
        return FALSE;
      r = read (launch->sock, launch->buf + launch->len, sizeof launch->buf - launch->len);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return FALSE;
      launch->len += r;
    }
}

/**
 * _px_launch_start:
 * @in_fd: the job's standard input, or -1 for /dev/null
 *
 * Asks this thread's launcher to start @spec's job, with its standard
 * output and error on @out_fd and @err_fd; @launch then says what to
 * poll, and _px_launch_poll() what came of it. FALSE, with @error, when
 * no launcher could take it.
 */
gboolean
_px_launch_start (const PxJobSpec  *spec,
                  int               in_fd,
                  int               out_fd,
                  int               err_fd,
                  PxLaunch         *launch,
                  GError          **error)
{
  g_auto(GStrv) env = _px_job_make_environment (spec->env);
  int null_fd = -1;
  int fds[3];

  memset (launch, 0, sizeof *launch);
  launch->sock = -1;
  if (in_fd < 0 && (null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot open /dev/null: %s"), g_strerror (saved));
      return FALSE;
    }
  fds[0] = in_fd >= 0 ? in_fd : null_fd;
  fds[1] = out_fd;
  fds[2] = err_fd;

  /* A launcher that ended since the last job is started again, once. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      Launcher *launcher = get_launcher (error);

      if (launcher == NULL)
        break;
      launch->sock = launcher->sock;
      if (send_request (launcher->sock, spec, env, fds))
        {
          _px_job_close_fd (&null_fd);
          return TRUE;
        }
      launcher_lost (launcher);
    }
  _px_job_close_fd (&null_fd);
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE,
                 _("cannot run %s: %s stopped answering"), spec->argv[0], find_launcher ());
  return FALSE;
}

/* A line of the launcher's: the job started (S), could not (F), or
 * ended (R). */
static void
take_line (PxLaunch   *launch,
           const char *line)
{
  if (line[0] == 'S' && atoi (line + 2) > 0 && launch->pid == 0)
    launch->pid = atoi (line + 2);
  else if (line[0] == 'F' && launch->pid == 0)
    launch->start_error = MAX (atoi (line + 2), 1);
  else if (sscanf (line, "R %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                   &launch->status, &launch->user_us, &launch->system_us,
                   &launch->max_rss_kb) == 4 && launch->pid > 0)
    launch->ended = TRUE;
  else
    launch->gone = TRUE;
}

/**
 * _px_launch_poll:
 * @wait: whether to wait for the launcher's next word
 *
 * Takes what the launcher said of the job: its pid once it started, or
 * why it could not, and how it ended. Returns TRUE once there is no more
 * to wait for: the job ended, could not start, or the launcher is gone
 * (then the job counts as ended, with nothing known of it).
 */
gboolean
_px_launch_poll (PxLaunch *launch,
                 gboolean  wait)
{
  char line[128];

  while (!launch->ended && !launch->gone && launch->start_error == 0)
    {
      if (!wait && memchr (launch->buf, '\n', launch->len) == NULL)
        {
          struct pollfd fd = { launch->sock, POLLIN, 0 };

          if (poll (&fd, 1, 0) <= 0)
            return FALSE;
        }
      if (!read_line (launch, line, sizeof line))
        launch->gone = TRUE;
      else
        take_line (launch, line);
      if (launch->gone)
        {
          Launcher *launcher = g_private_get (&thread_launcher);

          if (launcher != NULL)
            launcher_lost (launcher);
        }
    }
  return launch->ended || launch->gone || launch->start_error != 0;
}
