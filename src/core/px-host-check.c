/* px-host-check.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether a host of the list is ready for workers before a run: it is
 * reached through the run's own ssh command, never asking for a
 * password, and asked whether parallax-worker is at its path there and
 * what architecture it is, so that a missing worker can be told apart
 * from one transfer=true would copy, and both from a host ssh cannot
 * reach (with what ssh said).
 */

#include "config.h"

#include <sys/utsname.h>

#include <glib/gi18n.h>

#include "px-hosts.h"

/* $1: the worker's path. Prints "ready" or "missing", then uname -m. */
static const char check_script[] =
  "if [ -x \"$1\" ]; then echo ready; else echo missing; fi; uname -m";


static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *path = g_task_get_task_data (task);
  GSubprocess *proc = G_SUBPROCESS (source);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *state = NULL;
  const char *arch = NULL;
  struct utsname uts;

  if (!g_subprocess_communicate_utf8_finish (proc, result, &out, &err, &error))
    {
      /* Cancelled (the popover closed): ssh is not left to connect. */
      g_subprocess_force_exit (proc);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The script's two lines are the last: a login file there may print before them. */
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_strstrip (lines[i])[0] != '\0')
      {
        state = arch;
        arch = lines[i];
      }
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0 ||
      state == NULL || (!g_str_equal (state, "ready") && !g_str_equal (state, "missing")))
    {
      g_autofree char *said = px_host_dup_said (err);

      if (said == NULL && g_subprocess_get_if_exited (proc) &&
          g_subprocess_get_exit_status (proc) == 0)
        /* Translators: the check's script said something else than its two lines */
        said = g_strdup_printf (_("the host's answer could not be read (it ended with “%s”)"),
                                arch != NULL ? arch : "");
      if (said == NULL && g_subprocess_get_if_exited (proc))
        said = g_strdup_printf (_("ssh exited with status %d"),
                                g_subprocess_get_exit_status (proc));
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "%s",
                               said != NULL ? said : _("ssh ended without saying why"));
      return;
    }
  if (uname (&uts) != 0)
    g_strlcpy (uts.machine, "?", sizeof uts.machine);
  if (g_str_equal (state, "ready"))
    {
      g_task_return_pointer (task,
                             /* Translators: a host's state: parallax-worker is there; ARCH */
                             g_strdup_printf (_("ready, %s"), arch), g_free);
      return;
    }
  if (g_str_equal (arch, uts.machine))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("no parallax-worker at %s there (transfer=true copies it)"),
                             path);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("no parallax-worker at %s there, and it cannot be copied: the "
                               "host is %s, this machine %s"),
                             path, arch, uts.machine);
}

/**
 * px_host_check_async:
 * @ssh: the ssh command's words
 * @host: a host of a list, not this machine
 * @path: parallax-worker's path there
 * @connect_timeout: seconds ssh may take to connect (0: its own default)
 *
 * Asks @host through ssh whether it can take workers: px_host_check_finish()
 * says how it stands.
 */
void
px_host_check_async (char * const        *ssh,
                     const PxHost        *host,
                     const char          *path,
                     double               connect_timeout,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = px_host_ssh_argv (ssh, host, connect_timeout);
  g_auto(GStrv) argv = NULL;
  g_autofree char *script = g_shell_quote (check_script);
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("sh -c %s sh %s", script, quoted);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_source_tag (task, px_host_check_async);
  g_strv_builder_addv (builder, (const char **)words);
  g_strv_builder_add (builder, command);
  argv = g_strv_builder_end (builder);
  proc = g_subprocess_newv ((const char * const *)argv,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (proc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_subprocess_communicate_utf8_async (proc, NULL, cancellable, communicated_cb,
                                       g_steal_pointer (&task));
}

/**
 * px_host_check_finish:
 *
 * Returns: (transfer full): what the host said when it is ready ("ready,
 *   x86_64"), or NULL with @error: G_IO_ERROR_HOST_UNREACHABLE (what ssh
 *   said), G_IO_ERROR_NOT_FOUND (no worker there; transfer would copy
 *   it) or G_IO_ERROR_NOT_SUPPORTED (no worker, another architecture).
 */
char *
px_host_check_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
