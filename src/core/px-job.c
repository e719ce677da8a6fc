/* px-job.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A user's command run as a job: its argv made from a template the way
 * GNU parallel fills one, started without a shell in a process group of
 * its own, its output read and counted (kept up to a limit), ended with
 * its whole group on a timeout or a cancel (TERM, then KILL after a
 * grace), and measured as the kernel accounts for it: wait4() of that
 * one child gives its own CPU time and peak RSS, not the sums of every
 * child this process has had.
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
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "px-job-private.h"

extern char **environ;


gint64
_px_job_timeval_us (const struct timeval *tv)
{
  return (gint64)tv->tv_sec * G_USEC_PER_SEC + tv->tv_usec;
}

/* @path without its extension, as {.} has it: the extension is what
 * follows the last dot of the base name. */
static char *
strip_extension (const char *path)
{
  const char *base = strrchr (path, '/');
  const char *dot = strrchr (base != NULL ? base + 1 : path, '.');

  if (dot == NULL || dot == (base != NULL ? base + 1 : path))
    return g_strdup (path);
  return g_strndup (path, dot - path);
}

/* The value of placeholder @name ("", "#", "%", ".", "/", "//", "/.")
 * for @input, or NULL if @name is not one. */
static char *
placeholder_value (const char *name,
                   gsize       len,
                   const char *input,
                   guint       job,
                   guint       slot)
{
  if (len == 0)
    return g_strdup (input);
  if (len == 1 && name[0] == '#')
    return g_strdup_printf ("%u", job);
  if (len == 1 && name[0] == '%')
    return g_strdup_printf ("%u", slot);
  if (len == 1 && name[0] == '.')
    return strip_extension (input);
  if (len == 1 && name[0] == '/')
    return g_path_get_basename (input);
  if (len == 2 && name[0] == '/' && name[1] == '/')
    return g_path_get_dirname (input);
  if (len == 2 && name[0] == '/' && name[1] == '.')
    {
      g_autofree char *base = g_path_get_basename (input);

      return strip_extension (base);
    }
  return NULL;
}

/* Fills the placeholders of @text; @quote shell-quotes what is filled
 * in. Sets *@used when there was one. */
static char *
fill (const char *text,
      const char *input,
      guint       job,
      guint       slot,
      gboolean    quote,
      gboolean   *used)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *close;
      char *value = NULL;

      if (*p == '{' && (close = strchr (p + 1, '}')) != NULL &&
          (value = placeholder_value (p + 1, close - p - 1, input, job, slot)) != NULL)
        {
          if (quote)
            {
              g_autofree char *quoted = g_shell_quote (value);

              g_string_append (out, quoted);
            }
          else
            g_string_append (out, value);
          g_free (value);
          *used = TRUE;
          p = close + 1;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/**
 * px_job_expand:
 * @command: the command line, with placeholders as GNU parallel writes
 *   them: {} the input, {#} the job number, {%} the worker slot, {.} the
 *   input without its extension, {/} its base name, {//} its folder,
 *   {/.} its base name without extension
 * @shell: run @command with /bin/sh -c, inputs quoted for the shell
 * @input: the job's input, or NULL for none
 *
 * Makes a job's argv. Without @shell, @command is split as a shell
 * would split it, then each argument is filled in, so an input is one
 * argument whatever it holds. With an input and no placeholder, the
 * input is the last argument, as in GNU parallel.
 *
 * Returns: a %NULL-terminated argv, or %NULL with @error set
 */
char **
px_job_expand (const char  *command,
               gboolean     shell,
               const char  *input,
               guint        job,
               guint        slot,
               GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = NULL;
  gboolean used = FALSE;

  g_return_val_if_fail (command != NULL, NULL);

  if (shell)
    {
      g_autofree char *line = fill (command, input ? input : "", job, slot, TRUE, &used);

      if (!used && input != NULL)
        {
          g_autofree char *quoted = g_shell_quote (input);
          char *with_input = g_strconcat (line, " ", quoted, NULL);

          g_free (line);
          line = with_input;
        }
      g_ptr_array_add (argv, g_strdup ("/bin/sh"));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_steal_pointer (&line));
      g_ptr_array_add (argv, NULL);
      return (char **)g_ptr_array_free (g_steal_pointer (&argv), FALSE);
    }

  if (!g_shell_parse_argv (command, NULL, &words, error))
    return NULL;
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (argv, fill (words[i], input ? input : "", job, slot, FALSE, &used));
  if (!used && input != NULL)
    g_ptr_array_add (argv, g_strdup (input));
  g_ptr_array_add (argv, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

/**
 * px_job_check_command:
 *
 * Checks, before anything runs, that @command's program exists and can
 * be run, and that @workdir is a folder: the errors a user gets once,
 * rather than once a job.
 */
gboolean
px_job_check_command (const char  *command,
                      gboolean     shell,
                      const char  *workdir,
                      GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *program = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (command != NULL, FALSE);

  if (workdir != NULL && !g_file_test (workdir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("workdir %s: no such folder"), workdir);
      return FALSE;
    }

  argv = px_job_expand (command, shell, NULL, 1, 1, &local);
  if (argv == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("command “%s” cannot be split into words: %s"), command, local->message);
      return FALSE;
    }
  if (argv[0] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("command is empty"));
      return FALSE;
    }

  if (strchr (argv[0], '/') != NULL)
    {
      /* A relative path is from where the jobs run. */
      program = workdir != NULL && !g_path_is_absolute (argv[0])
                ? g_build_filename (workdir, argv[0], NULL) : g_strdup (argv[0]);
      if (!g_file_test (program, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("command %s: no such file"), argv[0]);
          return FALSE;
        }
      if (g_file_test (program, G_FILE_TEST_IS_DIR) || access (program, X_OK) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       _("command %s: not an executable file"), argv[0]);
          return FALSE;
        }
      return TRUE;
    }

  program = g_find_program_in_path (argv[0]);
  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("command %s: not found in PATH"), argv[0]);
      return FALSE;
    }
  return TRUE;
}

char **
_px_job_make_environment (char **extra)
{
  char **env = g_get_environ ();

  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      const char *eq = strchr (extra[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL || eq == extra[i])
        continue;
      name = g_strndup (extra[i], eq - extra[i]);
      env = g_environ_setenv (env, name, eq + 1, TRUE);
    }
  return env;
}

void
_px_job_close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* Writes all of @buf to @fd, or as much as it takes. */
static void
write_all (int           fd,
           const guint8 *buf,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      buf += n;
      len -= n;
    }
}

/* Passes @n bytes of a job's output on: into @kept, up to @limit bytes
 * kept, and all of it into @sink when there is one. */
static void
keep_output (const guint8 *buf,
             gsize         n,
             GByteArray   *kept,
             gsize         limit,
             gboolean      tail,
             int           sink,
             guint64      *total)
{
  if (n == 0)
    return;
  if (tail && limit > 0)
    {
      /* The last @limit bytes: what came before is dropped in batches,
       * so each byte moves a bounded number of times. */
      gsize take = MIN (n, limit);

      g_byte_array_append (kept, buf + n - take, take);
      if (kept->len > 2 * limit)
        g_byte_array_remove_range (kept, 0, kept->len - limit);
    }
  else if (kept->len < limit)
    g_byte_array_append (kept, buf, MIN (n, limit - kept->len));
  if (sink >= 0)
    write_all (sink, buf, n);
  *total += n;
}

/* Reads what @fd has now and passes it on (keep_output()); with @held,
 * the errors of a job on another host, through it, where the line of
 * its figures that ends them waits to be taken off. FALSE at its end. */
static gboolean
read_output (int         fd,
             GByteArray *kept,
             gsize       limit,
             gboolean    tail,
             int         sink,
             guint64    *total,
             GByteArray *held)
{
  guint8 buf[16384];

  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n > 0 && held != NULL)
        {
          gsize ready;

          g_byte_array_append (held, buf, n);
          ready = _px_job_remote_release (held);
          keep_output (held->data, ready, kept, limit, tail, sink, total);
          g_byte_array_remove_range (held, 0, ready);
          continue;
        }
      if (n > 0)
        {
          keep_output (buf, n, kept, limit, tail, sink, total);
          continue;
        }
      if (n == 0)
        return FALSE;
      if (errno == EINTR)
        continue;
      /* EAGAIN: nothing more now; any other error ends the stream. */
      return errno == EAGAIN;
    }
}

/* Starts @spec's command straight from this process, with its three
 * streams on @in_fd (-1: /dev/null), @out_fd and @err_fd, in a process
 * group of its own: for a serving command, whose figures are not a
 * job's. */
gboolean
_px_job_spawn (const PxJobSpec  *spec,
               int               in_fd,
               int               out_fd,
               int               err_fd,
               pid_t            *pid,
               GError          **error)
{
  g_auto(GStrv) env = _px_job_make_environment (spec->env);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, defaults;
  int status;

  posix_spawn_file_actions_init (&actions);
  if (in_fd >= 0)
    posix_spawn_file_actions_adddup2 (&actions, in_fd, STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, err_fd, STDERR_FILENO);
  /* Nothing of this process reaches the job but its three streams. */
  posix_spawn_file_actions_addclosefrom_np (&actions, STDERR_FILENO + 1);
  if (spec->workdir != NULL)
    posix_spawn_file_actions_addchdir_np (&actions, spec->workdir);

  posix_spawnattr_init (&attr);
  /* Its own process group, so its whole tree can be ended; signals as a
   * fresh program has them (this process ignores SIGPIPE). */
  sigemptyset (&none);
  sigfillset (&defaults);
  posix_spawnattr_setpgroup (&attr, 0);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &defaults);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                   POSIX_SPAWN_SETSIGDEF);

  status = posix_spawnp (pid, spec->argv[0], &actions, &attr, spec->argv, env);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  if (status != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (status),
                   _("cannot run %s: %s"), spec->argv[0], g_strerror (status));
      return FALSE;
    }
  return TRUE;
}

/* Sends @sig to the job's process group, and to the job itself should
 * it have left the group. */
void
_px_job_signal (pid_t pid,
                int   sig)
{
  /* Never this process's own group, nor every process. */
  g_return_if_fail (pid > 0);

  kill (-pid, sig);
  kill (pid, sig);
}

/**
 * px_job_run:
 *
 * Runs @spec to its end, or until its timeout or @cancellable ends it
 * and its whole process group: TERM first, KILL after kill_grace_s.
 * Fills @result, which px_job_result_clear() frees whatever this
 * returns. Returns %FALSE only when the job could not start.
 */
gboolean
px_job_run (const PxJobSpec  *spec,
            GCancellable     *cancellable,
            PxJobResult      *result,
            GError          **error)
{
  int out_pipe[2] = { -1, -1 };
  int err_pipe[2] = { -1, -1 };
  int in_pipe[2] = { -1, -1 };
  int out_sink = -1, err_sink = -1;
  g_autoptr(GByteArray) held = NULL;
  g_auto(GStrv) remote_argv = NULL;
  PxJobSpec there;
  const PxJobSpec *started = spec;
  PxLaunch launch;
  GPollFD cancel_fd = { -1, G_IO_IN, 0 };
  gint64 deadline, kill_at = 0;
  gboolean out_open = TRUE, err_open = TRUE;
  int status = 0;

  g_return_val_if_fail (spec != NULL && spec->argv != NULL && spec->argv[0] != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->out = g_byte_array_new ();
  result->err = g_byte_array_new ();
  result->exit_status = -1;

  if ((spec->out_path != NULL &&
       (out_sink = open (spec->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0) ||
      (spec->err_path != NULL &&
       (err_sink = open (spec->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0))
    {
      int saved = errno;
      const char *failed = spec->out_path != NULL && out_sink < 0 ? spec->out_path
                                                                   : spec->err_path;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write a job's output to %s: %s"), failed, g_strerror (saved));
      _px_job_close_fd (&out_sink);
      return FALSE;
    }
  /* On another host, its input is held open here: closed, it ends the
   * job there. */
  if (pipe2 (out_pipe, O_CLOEXEC) != 0 || pipe2 (err_pipe, O_CLOEXEC) != 0 ||
      (spec->remote != NULL && pipe2 (in_pipe, O_CLOEXEC) != 0))
    {
      int saved = errno;

      _px_job_close_fd (&out_pipe[0]);
      _px_job_close_fd (&out_pipe[1]);
      _px_job_close_fd (&err_pipe[0]);
      _px_job_close_fd (&err_pipe[1]);
      _px_job_close_fd (&out_sink);
      _px_job_close_fd (&err_sink);
      _px_job_close_fd (&in_pipe[0]);
      _px_job_close_fd (&in_pipe[1]);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot make a pipe for a job: %s"), g_strerror (saved));
      return FALSE;
    }

  if (spec->remote != NULL)
    {
      /* On another host: ssh or srun starts the worker there, which runs
       * the job in its folder there. */
      there = *spec;
      remote_argv = _px_job_remote_argv (spec);
      there.argv = remote_argv;
      /* Its folder and variables are the host's, given to the worker
       * there, not to ssh or srun here. */
      there.workdir = NULL;
      there.env = NULL;
      started = &there;
      held = g_byte_array_new ();
    }

  result->start_us = g_get_monotonic_time ();
  if (!_px_launch_start (started, in_pipe[0], out_pipe[1], err_pipe[1], &launch, error))
    {
      _px_job_close_fd (&in_pipe[0]);
      _px_job_close_fd (&in_pipe[1]);
      _px_job_close_fd (&out_pipe[0]);
      _px_job_close_fd (&out_pipe[1]);
      _px_job_close_fd (&err_pipe[0]);
      _px_job_close_fd (&err_pipe[1]);
      _px_job_close_fd (&out_sink);
      _px_job_close_fd (&err_sink);
      result->end_us = g_get_monotonic_time ();
      return FALSE;
    }
  _px_job_close_fd (&out_pipe[1]);
  _px_job_close_fd (&err_pipe[1]);
  _px_job_close_fd (&in_pipe[0]);
  g_unix_set_fd_nonblocking (out_pipe[0], TRUE, NULL);
  g_unix_set_fd_nonblocking (err_pipe[0], TRUE, NULL);
  if (cancellable != NULL && !g_cancellable_make_pollfd (cancellable, &cancel_fd))
    cancel_fd.fd = -1;

  deadline = spec->timeout_s > 0 ? result->start_us + (gint64)(spec->timeout_s * G_USEC_PER_SEC)
                                 : G_MAXINT64;
  /* The job, in a group of its own, is what is watched and signalled;
   * the launcher says when it started and when it ended. */
  while (!_px_launch_poll (&launch, FALSE) || (launch.pid > 0 && result->pid == 0))
    {
      struct pollfd fds[4];
      nfds_t n = 0;
      gint64 now;

      if (launch.pid > 0 && result->pid == 0)
        {
          result->pid = launch.pid;
          if (spec->started != NULL)
            spec->started (launch.pid, spec->user_data);
          /* Ended before it was known to have started (on another
           * host its closed input ends it there). */
          if (kill_at != 0 && spec->remote == NULL)
            _px_job_signal (launch.pid, SIGTERM);
          continue;
        }

      if (out_open)
        fds[n++] = (struct pollfd) { out_pipe[0], POLLIN, 0 };
      if (err_open)
        fds[n++] = (struct pollfd) { err_pipe[0], POLLIN, 0 };
      if (cancel_fd.fd >= 0)
        fds[n++] = (struct pollfd) { cancel_fd.fd, POLLIN, 0 };
      /* The launcher's word of the job's end wakes the wait at once. */
      fds[n++] = (struct pollfd) { launch.sock, POLLIN, 0 };
      poll (fds, n, POLL_MS);

      if (out_open)
        out_open = read_output (out_pipe[0], result->out, spec->output_limit, spec->keep_tail,
                                out_sink, &result->out_bytes, NULL);
      if (err_open)
        err_open = read_output (err_pipe[0], result->err, spec->output_limit, spec->keep_tail,
                                err_sink, &result->err_bytes, held);

      now = g_get_monotonic_time ();
      if (spec->timeout != NULL && kill_at == 0)
        {
          double limit = spec->timeout (spec->user_data);

          deadline = limit > 0 ? result->start_us + (gint64)(limit * G_USEC_PER_SEC)
                               : G_MAXINT64;
        }
      if (kill_at == 0 && (now >= deadline || g_cancellable_is_cancelled (cancellable) ||
                           (spec->stop != NULL && spec->stop (spec->user_data))))
        {
          result->timed_out = now >= deadline;
          result->cancelled = !result->timed_out;
          kill_at = now + (gint64)(MAX (spec->kill_grace_s, 0) * G_USEC_PER_SEC);
          if (spec->remote != NULL && in_pipe[1] >= 0)
            {
              /* Its input closed, the worker there ends it and says
               * what it used; ssh or srun is ended if it takes longer
               * than the grace and a round trip. */
              _px_job_close_fd (&in_pipe[1]);
              kill_at += REMOTE_END_US;
            }
          else if (launch.pid > 0)
            _px_job_signal (launch.pid, SIGTERM);
        }
      if (kill_at != 0 && now >= kill_at && launch.pid > 0)
        {
          _px_job_signal (launch.pid, SIGKILL);
          kill_at = G_MAXINT64;
        }
    }
  result->end_us = g_get_monotonic_time ();

  /* What the job wrote before it ended; a child it left behind that
   * still holds the pipes is not waited for. */
  if (out_open)
    read_output (out_pipe[0], result->out, spec->output_limit, spec->keep_tail, out_sink,
                 &result->out_bytes, NULL);
  if (err_open)
    read_output (err_pipe[0], result->err, spec->output_limit, spec->keep_tail, err_sink,
                 &result->err_bytes, held);
  /* The line of figures from another host, or what ends its errors. */
  if (held != NULL)
    {
      result->measured_there = _px_job_remote_take_trailer (held, result);
      keep_output (held->data, held->len, result->err, spec->output_limit, spec->keep_tail,
                   err_sink, &result->err_bytes);
    }
  _px_job_close_fd (&in_pipe[1]);
  if (spec->keep_tail)
    {
      if (result->out->len > spec->output_limit)
        g_byte_array_remove_range (result->out, 0, result->out->len - spec->output_limit);
      if (result->err->len > spec->output_limit)
        g_byte_array_remove_range (result->err, 0, result->err->len - spec->output_limit);
    }
  _px_job_close_fd (&out_pipe[0]);
  _px_job_close_fd (&err_pipe[0]);
  _px_job_close_fd (&out_sink);
  _px_job_close_fd (&err_sink);
  if (cancel_fd.fd >= 0)
    g_cancellable_release_fd (cancellable);
  /* Whatever of its group is still running ends with it. */
  if ((result->timed_out || result->cancelled) && launch.pid > 0)
    kill (-launch.pid, SIGKILL);

  if (launch.start_error != 0)
    {
      /* Its program could not start: nothing ran. */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (launch.start_error),
                   _("cannot run %s: %s"), started->argv[0], g_strerror (launch.start_error));
      return FALSE;
    }
  status = launch.status;
  if (launch.gone)
    {
      /* The launcher went away (it was killed): the job ends too, and
       * nothing is known of it but that. */
      if (launch.pid > 0)
        kill (-launch.pid, SIGKILL);
      result->signal = SIGKILL;
      return TRUE;
    }
  if (spec->remote != NULL)
    {
      /* What ended there, as the worker there said; without its word,
       * how ssh or srun ended, and no figures: theirs are not the job's. */
      if (!result->measured_there)
        {
          result->pid = 0;
          if (WIFEXITED (status))
            result->exit_status = WEXITSTATUS (status);
          else if (WIFSIGNALED (status))
            result->signal = WTERMSIG (status);
        }
      return TRUE;
    }
  if (WIFEXITED (status))
    result->exit_status = WEXITSTATUS (status);
  else if (WIFSIGNALED (status))
    result->signal = WTERMSIG (status);
  result->user_us = launch.user_us;
  result->system_us = launch.system_us;
  result->max_rss_bytes = launch.max_rss_kb * 1024;
  return TRUE;
}

void
px_job_result_clear (PxJobResult *result)
{
  g_clear_pointer (&result->out, g_byte_array_unref);
  g_clear_pointer (&result->err, g_byte_array_unref);
}

/* How the job ended, in words: "exit 0", "exit 3", "killed by signal 9
 * (Killed)", "timed out", "cancelled". */
char *
px_job_describe_end (const PxJobResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->timed_out)
    return g_strdup (_("timed out"));
  if (result->cancelled)
    return g_strdup (_("cancelled"));
  if (result->signal != 0)
    /* Translators: %d is a signal number, %s its description. */
    return g_strdup_printf (_("killed by signal %d (%s)"), result->signal,
                            g_strsignal (result->signal));
  return g_strdup_printf (_("exit %d"), result->exit_status);
}

/* @argv as a line a shell would read back to the same words: what the
 * window shows as a job's command line. */
char *
px_job_format_argv (char * const *argv)
{
  GString *line = g_string_new (NULL);

  g_return_val_if_fail (argv != NULL, NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *word = argv[i];
      gboolean plain = word[0] != '\0';

      for (const char *p = word; *p && plain; p++)
        plain = g_ascii_isalnum (*p) || strchr ("-_./=:,+@%^", *p) != NULL;
      if (i > 0)
        g_string_append_c (line, ' ');
      if (plain)
        g_string_append (line, word);
      else
        {
          g_autofree char *quoted = g_shell_quote (word);

          g_string_append (line, quoted);
        }
    }
  return g_string_free (line, FALSE);
}

/* The last @max_lines lines of @kept, as valid UTF-8 without its final
 * line break; NULL when it holds nothing. */
char *
px_job_dup_last_lines (const GByteArray *kept,
                       guint             max_lines)
{
  gsize end, start;
  guint lines = 0;

  if (kept == NULL || kept->len == 0)
    return NULL;
  end = kept->len;
  while (end > 0 && (kept->data[end - 1] == '\n' || kept->data[end - 1] == '\r'))
    end--;
  start = end;
  while (start > 0)
    {
      if (kept->data[start - 1] == '\n' && ++lines == max_lines)
        break;
      start--;
    }
  if (end == start)
    return NULL;
  return g_utf8_make_valid ((const char *)kept->data + start, end - start);
}
