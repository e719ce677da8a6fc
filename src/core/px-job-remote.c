/* px-job-remote.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job on another host: started through ssh or srun as
 * "parallax-worker --job … -- PROGRAM …" there (src/worker/job.c),
 * which runs it as parallax-launch runs a job here and ends its
 * standard error with a line of what wait4() accounted to it. That line
 * is taken off the job's errors as they arrive (held back from the
 * last \036 on, until it is known to be or not to be that line), so the
 * results folder and the kept tail hold only what the job wrote.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "px-job-private.h"

/* The trailer's mark and longest length. */
#define MARK '\036'
#define TRAILER_MAX 1024

/* The words that run @spec's job on its host: the launcher's, then the
 * worker's command line, one word for the remote shell with ssh. */
char **
_px_job_remote_argv (const PxJobSpec *spec)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  char grace[G_ASCII_DTOSTR_BUF_SIZE];

  g_ptr_array_add (words, g_strdup (spec->remote_worker));
  g_ptr_array_add (words, g_strdup ("--job"));
  g_ascii_dtostr (grace, sizeof grace, MAX (spec->kill_grace_s, 0));
  g_ptr_array_add (words, g_strconcat ("--grace=", grace, NULL));
  /* srun adds a line of its own to the errors of a step that exits
   * other than 0: the status is in the trailer, so the step exits 0. */
  if (!spec->remote_shell)
    g_ptr_array_add (words, g_strdup ("--status-in-trailer"));
  if (spec->workdir != NULL)
    g_ptr_array_add (words, g_strconcat ("--workdir=", spec->workdir, NULL));
  for (guint i = 0; spec->env != NULL && spec->env[i] != NULL; i++)
    g_ptr_array_add (words, g_strconcat ("--env=", spec->env[i], NULL));
  g_ptr_array_add (words, g_strdup ("--"));
  for (guint i = 0; spec->argv[i] != NULL; i++)
    g_ptr_array_add (words, g_strdup (spec->argv[i]));

  g_strv_builder_addv (builder, (const char **)spec->remote);
  if (spec->remote_shell)
    {
      g_autoptr(GString) command = g_string_new (NULL);

      for (guint i = 0; i < words->len; i++)
        {
          g_autofree char *quoted = g_shell_quote (g_ptr_array_index (words, i));

          g_string_append_printf (command, "%s%s", i > 0 ? " " : "", quoted);
        }
      g_strv_builder_add (builder, command->str);
    }
  else
    for (guint i = 0; i < words->len; i++)
      g_strv_builder_add (builder, g_ptr_array_index (words, i));
  return g_strv_builder_end (builder);
}

/* How many bytes of @held (all the errors not yet passed on) can be
 * passed on now: all but what may be the start of the trailer. */
gsize
_px_job_remote_release (GByteArray *held)
{
  const guint8 *mark = memrchr (held->data, MARK, held->len);

  if (mark == NULL || held->data + held->len - mark > TRAILER_MAX)
    return held->len;
  return mark - held->data;
}

/* Takes the trailer off @held, the errors' last bytes, into @result;
 * what follows it (a launcher's own words) stays. FALSE, @held
 * untouched, if it is not there. */
gboolean
_px_job_remote_take_trailer (GByteArray  *held,
                             PxJobResult *result)
{
  const guint8 *mark = held->len > 0 ? memrchr (held->data, MARK, held->len) : NULL;
  const guint8 *end;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;
  gint64 values[5];

  if (mark == NULL)
    return FALSE;
  end = memchr (mark, '\n', held->data + held->len - mark);
  if (end == NULL)
    return FALSE;
  line = g_strndup ((const char *)mark + 1, end - mark - 1);
  fields = g_strsplit (line, " ", -1);
  if (g_strv_length (fields) != 7 || !g_str_equal (fields[0], "parallax-job"))
    return FALSE;
  for (guint i = 0; i < 5; i++)
    if (!g_ascii_string_to_signed (fields[i + 1], 10, 0, G_MAXINT64, &values[i], NULL))
      return FALSE;

  result->exit_status = -1;
  result->signal = 0;
  if (WIFEXITED ((int)values[0]))
    result->exit_status = WEXITSTATUS ((int)values[0]);
  else if (WIFSIGNALED ((int)values[0]))
    result->signal = WTERMSIG ((int)values[0]);
  result->user_us = values[1];
  result->system_us = values[2];
  result->max_rss_bytes = values[3] * 1024;
  result->pid = (int)values[4];
  g_strlcpy (result->node, fields[6], sizeof result->node);
  g_byte_array_remove_range (held, mark - held->data, end + 1 - mark);
  return TRUE;
}
