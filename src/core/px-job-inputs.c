/* px-job-inputs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a command's jobs come from and when they stop: inputs from a
 * range, a list or a stream of lines, and the halt condition, as GNU
 * parallel takes them.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "px-job.h"

/* A range "FIRST..LAST" of integers, either way round; FALSE if @text is
 * not one. */
static gboolean
parse_range (const char *text,
             gint64     *first,
             gint64     *last)
{
  const char *dots = strstr (text, "..");
  g_autofree char *head = NULL;

  if (dots == NULL || dots == text)
    return FALSE;
  head = g_strndup (text, dots - text);
  return g_ascii_string_to_signed (g_strstrip (head), 10, G_MININT64, G_MAXINT64, first, NULL) &&
         g_ascii_string_to_signed (dots + 2, 10, G_MININT64, G_MAXINT64, last, NULL);
}

/**
 * px_job_inputs_parse:
 * @text: inputs as a profile or the command line gives them: a range of
 *   integers such as "1..200", or items separated by commas
 * @max: the most inputs accepted
 *
 * Returns: the inputs, or %NULL with @error naming what is accepted
 */
char **
px_job_inputs_parse (const char  *text,
                     guint        max,
                     GError     **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  gint64 first, last;

  g_return_val_if_fail (text != NULL, NULL);

  if (parse_range (text, &first, &last))
    {
      gint64 step = first <= last ? 1 : -1;
      guint64 count = (guint64)((last - first) * step) + 1;

      if (count > max)
        {
          g_autofree char *counted = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("inputs %s: %s inputs, more than the %u accepted"), text, counted, max);
          return NULL;
        }
      for (gint64 i = first;; i += step)
        {
          g_ptr_array_add (inputs, g_strdup_printf ("%" G_GINT64_FORMAT, i));
          if (i == last)
            break;
        }
    }
  else
    {
      g_auto(GStrv) items = g_strsplit (text, ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        {
          char *item = g_strstrip (items[i]);

          if (item[0] == '\0')
            continue;
          if (inputs->len >= max)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("inputs: more than the %u accepted"), max);
              return NULL;
            }
          g_ptr_array_add (inputs, g_strdup (item));
        }
    }

  if (inputs->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("inputs “%s”: no inputs; accepted: a range such as 1..200, or items "
                     "separated by commas"), text);
      return NULL;
    }
  g_ptr_array_add (inputs, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&inputs), FALSE);
}

/**
 * px_job_inputs_read:
 * @stream: one input a line, as GNU parallel reads an inputs file
 * @name: what @stream is, for errors (a file name, or "standard input")
 * @max: the most inputs accepted
 *
 * Each line is one input, its end of line removed; an empty line is an
 * empty input. A line that is not UTF-8 is an error naming its line.
 *
 * Returns: the inputs, or %NULL with @error set
 */
char **
px_job_inputs_read (GInputStream  *stream,
                    const char    *name,
                    guint          max,
                    GError       **error)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (stream);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  guint line = 0;
  char *text;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  while ((text = g_data_input_stream_read_line (data, NULL, NULL, &local)) != NULL)
    {
      line++;
      if (!g_utf8_validate (text, -1, NULL))
        {
          g_free (text);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: not UTF-8 text"), name, line);
          return NULL;
        }
      if (inputs->len >= max)
        {
          g_free (text);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("%s: more than the %u inputs accepted"), name, max);
          return NULL;
        }
      g_ptr_array_add (inputs, text);
    }
  if (local != NULL)
    {
      g_set_error (error, local->domain, local->code, "%s: %s", name, local->message);
      return NULL;
    }
  g_ptr_array_add (inputs, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&inputs), FALSE);
}

/**
 * px_job_halt_parse:
 * @text: as GNU parallel's --halt: "never", or "soon" or "now", a comma,
 *   then "fail=N" or "success=N", N a count of jobs or a percentage of
 *   them ("fail=10%")
 *
 * Returns: %FALSE with @error naming what is accepted
 */
gboolean
px_job_halt_parse (const char  *text,
                   PxJobHalt   *halt,
                   GError     **error)
{
  g_auto(GStrv) parts = NULL;
  const char *count;
  char *end;
  double n;

  g_return_val_if_fail (halt != NULL, FALSE);

  memset (halt, 0, sizeof *halt);
  if (text == NULL || text[0] == '\0' || g_str_equal (text, "never"))
    return TRUE;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 2 ||
      !(g_str_equal (parts[0], "soon") || g_str_equal (parts[0], "now")) ||
      !(g_str_has_prefix (parts[1], "fail=") || g_str_has_prefix (parts[1], "success=")))
    goto bad;
  halt->now = g_str_equal (parts[0], "now");
  halt->on_success = g_str_has_prefix (parts[1], "success=");
  count = strchr (parts[1], '=') + 1;
  n = g_ascii_strtod (count, &end);
  if (end == count || n <= 0)
    goto bad;
  if (*end == '%')
    {
      if (end[1] != '\0' || n > 100)
        goto bad;
      halt->percent = n;
    }
  else if (*end != '\0' || n != (guint)n)
    goto bad;
  else
    halt->count = (guint)n;
  halt->active = TRUE;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a halt; accepted: never, soon,fail=N, now,fail=N, "
                 "soon,success=N, now,success=N (N jobs, or N%% of them)"), text);
  return FALSE;
}

/* Whether @halt stops a run of @total jobs once @failed have failed and
 * @succeeded succeeded. */
gboolean
px_job_halt_reached (const PxJobHalt *halt,
                     guint            total,
                     guint            failed,
                     guint            succeeded)
{
  guint seen = halt->on_success ? succeeded : failed;

  if (!halt->active)
    return FALSE;
  if (halt->percent > 0)
    return seen > 0 && seen * 100.0 >= halt->percent * total;
  return seen >= halt->count;
}

/* The inputs in the file at @path, one a line; errors name the file
 * and the key that gave it. */
char **
px_job_inputs_read_file (const char  *path,
                         guint        max,
                         GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local = NULL;
  char **inputs;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local);
  if (stream == NULL)
    {
      /* GIO's message names the file. */
      g_set_error (error, local->domain, local->code, _("inputs-file: %s"), local->message);
      return NULL;
    }
  inputs = px_job_inputs_read (G_INPUT_STREAM (stream), path, max, error);
  if (inputs == NULL)
    g_prefix_error (error, "inputs-file: ");
  return inputs;
}
