/* px-cli-hosts.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --hostfile, GNU parallel's --sshloginfile: the hosts read from a file,
 * one a line; and --hosts or --hostfile without --launcher meaning ssh,
 * so that hosts given are never silently ignored.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-cli-private.h"
#include "px-hosts.h"

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
