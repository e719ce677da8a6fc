/* px-job-server.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command that serves many tasks, a line each (serve=lines): started
 * once, in its own process group, fed a task's input on its standard
 * input, answered by a line on its standard output; ended when it does
 * not answer in time or the run stops, and measured as a job is.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "px-job-private.h"

/**
 * px_job_server_start:
 *
 * Starts @spec's command to serve many tasks, a line each: a task's
 * input is written to its standard input, its answer is the line it
 * writes back (serve=lines, as a multiprocessing pool's worker lives
 * across its tasks). Its own process group, as a job's.
 */
gboolean
px_job_server_start (const PxJobSpec  *spec,
                     PxJobServer      *server,
                     GError          **error)
{
  int in_pipe[2] = { -1, -1 };
  int out_pipe[2] = { -1, -1 };
  int err_pipe[2] = { -1, -1 };
  pid_t pid;

  g_return_val_if_fail (spec != NULL && spec->argv != NULL && spec->argv[0] != NULL, FALSE);

  memset (server, 0, sizeof *server);
  server->in_fd = server->out_fd = server->err_fd = server->pidfd = -1;
  if (pipe2 (in_pipe, O_CLOEXEC) != 0 || pipe2 (out_pipe, O_CLOEXEC) != 0 ||
      pipe2 (err_pipe, O_CLOEXEC) != 0)
    {
      int saved = errno;

      for (guint i = 0; i < 2; i++)
        {
          _px_job_close_fd (&in_pipe[i]);
          _px_job_close_fd (&out_pipe[i]);
          _px_job_close_fd (&err_pipe[i]);
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot make a pipe for a job: %s"), g_strerror (saved));
      return FALSE;
    }
  if (!_px_job_spawn (spec, in_pipe[0], out_pipe[1], err_pipe[1], &pid, error))
    {
      for (guint i = 0; i < 2; i++)
        {
          _px_job_close_fd (&in_pipe[i]);
          _px_job_close_fd (&out_pipe[i]);
          _px_job_close_fd (&err_pipe[i]);
        }
      return FALSE;
    }
  _px_job_close_fd (&in_pipe[0]);
  _px_job_close_fd (&out_pipe[1]);
  _px_job_close_fd (&err_pipe[1]);
  server->pid = pid;
  server->in_fd = in_pipe[1];
  server->out_fd = out_pipe[0];
  server->err_fd = err_pipe[0];
  server->pidfd = (int)syscall (SYS_pidfd_open, pid, 0);
  server->line = g_byte_array_new ();
  server->err = g_byte_array_new ();
  g_unix_set_fd_nonblocking (server->out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (server->err_fd, TRUE, NULL);
  server->started_us = g_get_monotonic_time ();
  return TRUE;
}

/* Keeps what the server writes to its standard error from filling its
 * pipe: the last of it is kept, for a reason. */
static void
drain_errors (PxJobServer *server)
{
  guint8 buf[4096];
  ssize_t n;

  while ((n = read (server->err_fd, buf, sizeof buf)) > 0)
    {
      g_byte_array_append (server->err, buf, n);
      if (server->err->len > 4096)
        g_byte_array_remove_range (server->err, 0, server->err->len - 4096);
    }
}

/**
 * px_job_server_ask:
 * @line: the task's input, without its end of line
 * @reply: the line the server wrote back, without its end of line
 *
 * Returns: what came of it; on an end other than an answer, @reason says
 *   what happened
 */
PxJobAnswer
px_job_server_ask (PxJobServer  *server,
                   const char   *line,
                   double        timeout_s,
                   gboolean    (*stop) (gpointer user_data),
                   gpointer      user_data,
                   GString      *reply,
                   char         *reason,
                   gsize         reason_size)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  gint64 deadline = timeout_s > 0 ? g_get_monotonic_time () + (gint64)(timeout_s * G_USEC_PER_SEC)
                                  : G_MAXINT64;
  gsize len = strlen (text), at = 0;

  g_string_truncate (reply, 0);
  while (at < len)
    {
      ssize_t n = write (server->in_fd, text + at, len - at);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_strlcpy (reason, _("the served command stopped reading its input"), reason_size);
          return PX_JOB_ANSWER_ENDED;
        }
      at += n;
    }

  for (;;)
    {
      guint8 *newline = server->line->len > 0
                        ? memchr (server->line->data, '\n', server->line->len) : NULL;
      struct pollfd fds[3];
      nfds_t n = 0;
      guint8 buf[16384];
      ssize_t got;

      if (newline != NULL)
        {
          gsize end = newline - server->line->data;

          g_string_append_len (reply, (const char *)server->line->data, end);
          g_byte_array_remove_range (server->line, 0, end + 1);
          return PX_JOB_ANSWER_LINE;
        }

      fds[n++] = (struct pollfd) { server->out_fd, POLLIN, 0 };
      fds[n++] = (struct pollfd) { server->err_fd, POLLIN, 0 };
      if (server->pidfd >= 0)
        fds[n++] = (struct pollfd) { server->pidfd, POLLIN, 0 };
      poll (fds, n, POLL_MS);
      drain_errors (server);

      got = read (server->out_fd, buf, sizeof buf);
      if (got > 0)
        {
          g_byte_array_append (server->line, buf, got);
          continue;
        }
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
        {
          g_strlcpy (reason, _("the served command ended without answering"), reason_size);
          return PX_JOB_ANSWER_ENDED;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_strlcpy (reason, _("timed out"), reason_size);
          return PX_JOB_ANSWER_TIMED_OUT;
        }
      if (stop != NULL && stop (user_data))
        {
          g_strlcpy (reason, _("cancelled"), reason_size);
          return PX_JOB_ANSWER_STOPPED;
        }
    }
}

/**
 * px_job_server_stop:
 * @kill: end it now (TERM, then KILL after @grace_s); else its input is
 *   closed and it is given @grace_s to end on its own first
 *
 * Ends the server and fills @result with how it ended and what the
 * kernel accounts to it. Frees what the server held.
 */
void
px_job_server_stop (PxJobServer *server,
                    gboolean     kill_now,
                    double       grace_s,
                    PxJobResult *result)
{
  gint64 deadline;
  struct rusage usage = { 0 };
  int status = 0;
  gboolean termed = kill_now;

  memset (result, 0, sizeof *result);
  result->exit_status = -1;
  result->pid = server->pid;
  result->start_us = server->started_us;
  _px_job_close_fd (&server->in_fd);
  if (kill_now)
    _px_job_signal (server->pid, SIGTERM);
  deadline = g_get_monotonic_time () + (gint64)(MAX (grace_s, 0) * G_USEC_PER_SEC);
  for (;;)
    {
      pid_t done = wait4 (server->pid, &status, WNOHANG, &usage);

      if (done == server->pid || (done < 0 && errno != EINTR))
        break;
      drain_errors (server);
      if (g_get_monotonic_time () >= deadline)
        {
          _px_job_signal (server->pid, termed ? SIGKILL : SIGTERM);
          deadline = g_get_monotonic_time () + (gint64)(MAX (grace_s, 0) * G_USEC_PER_SEC);
          termed = TRUE;
        }
      g_usleep (2000);
    }
  kill (-server->pid, SIGKILL);
  result->end_us = g_get_monotonic_time ();
  if (WIFEXITED (status))
    result->exit_status = WEXITSTATUS (status);
  else if (WIFSIGNALED (status))
    result->signal = WTERMSIG (status);
  result->user_us = _px_job_timeval_us (&usage.ru_utime);
  result->system_us = _px_job_timeval_us (&usage.ru_stime);
  result->max_rss_bytes = (gint64)usage.ru_maxrss * 1024;
  result->err = g_steal_pointer (&server->err);
  result->out = g_byte_array_new ();

  _px_job_close_fd (&server->out_fd);
  _px_job_close_fd (&server->err_fd);
  _px_job_close_fd (&server->pidfd);
  g_clear_pointer (&server->line, g_byte_array_unref);
  server->pid = 0;
}
