/* px-cli-hosts.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --hostfile, GNU parallel's --sshloginfile: the hosts read from a file,
 * one a line; and --hosts or --hostfile without --launcher meaning ssh,
 * so that hosts given are never silently ignored. --check-hosts: each
 * host asked, through the run's ssh, whether it can take workers.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-cli-private.h"
#include "px-hosts.h"
#include "px-run.h"

/* The hosts of @path, checked line by line, as one list. */
static char *
read_hostfile (const char  *path,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) hosts = g_string_new (NULL);
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("option --hostfile: %s"),
                   local->message);
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *hash = strchr (lines[i], '#');
      g_autoptr(PxHostList) line = NULL;

      if (hash != NULL)
        *hash = '\0';
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      line = px_host_list_parse (lines[i], &local);
      if (line == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s:%u: %s", path, i + 1,
                       local->message);
          return NULL;
        }
      if (hosts->len > 0)
        g_string_append_c (hosts, ',');
      g_string_append (hosts, lines[i]);
    }
  if (hosts->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s names no host; accepted: a host a line, as [N/][user@]host[:port], "
                     "or [N/]: for this machine; # begins a comment"), path);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&hosts), FALSE);
}

/* Adds --hostfile's hosts to @overrides (key, value, key, value…), and
 * launcher=ssh where hosts are given without a launcher. */
gboolean
_px_cli_apply_hosts (const RunOptions  *options,
                     GPtrArray         *overrides,
                     GError           **error)
{
  gboolean hosts = FALSE, launcher = FALSE;

  for (guint i = 0; i + 1 < overrides->len; i += 2)
    {
      hosts |= g_str_equal (g_ptr_array_index (overrides, i), "hosts");
      launcher |= g_str_equal (g_ptr_array_index (overrides, i), "launcher");
    }

  if (options->hostfile != NULL)
    {
      char *list;

      if (hosts)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("give --hosts or --hostfile, not both"));
          return FALSE;
        }
      list = read_hostfile (options->hostfile, error);
      if (list == NULL)
        return FALSE;
      g_ptr_array_add (overrides, g_strdup ("hosts"));
      g_ptr_array_add (overrides, list);
      hosts = TRUE;
    }

  if (hosts && !launcher)
    {
      g_ptr_array_add (overrides, g_strdup ("launcher"));
      g_ptr_array_add (overrides, g_strdup ("ssh"));
    }
  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      failed;
  char     **answers;
} Checks;

typedef struct
{
  Checks *checks;
  guint   index;
} Check;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;
  Checks *checks = check->checks;
  g_autoptr(GError) error = NULL;
  char *said = px_host_check_finish (result, &error);

  checks->answers[check->index] = said != NULL ? said : g_strdup (error->message);
  checks->failed += said == NULL;
  if (--checks->pending == 0)
    g_main_loop_quit (checks->loop);
  g_free (check);
}

/* Asks every host of @spec at once; prints a line a host, in the list's
 * order. PX_EXIT_OK when all are ready. */
int
_px_cli_check_hosts (const PxSpec *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxHostList) hosts = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) ssh = NULL;
  g_auto(GStrv) answers = NULL;
  g_autofree char *worker = px_find_worker_binary ();
  const char *path = spec->remote_worker != NULL && spec->remote_worker[0] != '\0'
                     ? spec->remote_worker : worker;
  Checks checks = { 0 };
  guint width = 0;

  if (spec->launcher != PX_LAUNCHER_SSH)
    {
      g_printerr (_("--check-hosts: the hosts are asked through ssh; set --launcher=ssh and "
                    "--hosts or --hostfile\n"));
      return PX_EXIT_BAD_INPUT;
    }
  hosts = px_host_list_parse (spec->hosts, &error);
  if (hosts == NULL || !g_shell_parse_argv (spec->ssh, NULL, &ssh, &error))
    {
      g_printerr ("--check-hosts: %s\n", error->message);
      return PX_EXIT_BAD_INPUT;
    }
  loop = g_main_loop_new (NULL, FALSE);
  answers = g_new0 (char *, hosts->n_hosts + 1);
  checks.loop = loop;
  checks.answers = answers;
  for (guint h = 0; h < hosts->n_hosts; h++)
    {
      g_autofree char *name = px_host_describe (&hosts->hosts[h]);
      Check *check;

      width = MAX (width, (guint)g_utf8_strlen (name, -1));
      if (hosts->hosts[h].name == NULL)
        {
          answers[h] = g_strdup (_("this machine"));
          continue;
        }
      check = g_new0 (Check, 1);
      check->checks = &checks;
      check->index = h;
      checks.pending++;
      px_host_check_async (ssh, &hosts->hosts[h], path, spec->worker_timeout, NULL, checked_cb,
                           check);
    }
  if (checks.pending > 0)
    g_main_loop_run (loop);
  for (guint h = 0; h < hosts->n_hosts; h++)
    {
      g_autofree char *name = px_host_describe (&hosts->hosts[h]);

      g_print ("%s%*s  %s\n", name, (int)(width - g_utf8_strlen (name, -1)), "", answers[h]);
    }
  return checks.failed > 0 ? PX_EXIT_FAILED : PX_EXIT_OK;
}
