/* px-joblog.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The joblog in GNU parallel's exact format, so tools that read its
 * joblog read ours, and read back to resume a run: a tab-separated
 * header, then a line a job, "Seq Host Starttime JobRuntime Send
 * Receive Exitval Signal Command", the start in seconds since the epoch
 * and the run time right-aligned in ten characters, both to the
 * millisecond.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-job.h"
#include "px-joblog.h"

static const char * const columns[] = {
  "Seq", "Host", "Starttime", "JobRuntime", "Send", "Receive", "Exitval", "Signal", "Command",
};

#define N_COLUMNS G_N_ELEMENTS (columns)

void
px_joblog_append_header (GString *out)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    g_string_append_printf (out, "%s%c", columns[i], i + 1 < N_COLUMNS ? '\t' : '\n');
}

void
px_joblog_append_entry (GString             *out,
                        const PxJoblogEntry *e)
{
  char start[G_ASCII_DTOSTR_BUF_SIZE];
  char runtime[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (e != NULL);

  /* Whatever the locale, a dot before the milliseconds. */
  g_ascii_formatd (start, sizeof start, "%.3f", e->start_s);
  g_ascii_formatd (runtime, sizeof runtime, "%10.3f", e->runtime_s);
  g_string_append_printf (out, "%u\t%s\t%s\t%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
                               "\t%d\t%d\t",
                          e->seq, e->host != NULL ? e->host : ":", start, runtime, e->send,
                          e->receive, e->exitval, e->signal);
  /* One job a line, whatever its command holds. */
  for (const char *c = e->command != NULL ? e->command : ""; *c != '\0'; c++)
    g_string_append_c (out, *c == '\n' || *c == '\r' ? ' ' : *c);
  g_string_append_c (out, '\n');
}

/* @argv as a shell would read it back: words quoted only when they need
 * it, as GNU parallel writes its commands. */
char *
px_joblog_command_line (char **argv)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      const char *word = argv[i];
      gboolean plain = word[0] != '\0';

      for (const char *c = word; *c != '\0' && plain; c++)
        plain = g_ascii_isalnum (*c) || strchr ("-_./=:,+%@^", *c) != NULL;
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

/**
 * px_joblog_write_run:
 *
 * Writes the joblog of a kind=command @run: the header when @header,
 * then a line for each job that started, its command as it ran. Exitval and Signal as
 * GNU parallel has them: a job a signal ended has Exitval 0, one ended
 * by its timeout -1.
 */
gboolean
px_joblog_write_run (PxRun          *run,
                     GOutputStream  *stream,
                     gboolean        header,
                     GError        **error)
{
  const PxSpec *spec = px_run_get_spec (run);
  const PxJobRecord *jobs = px_run_get_job_records (run, NULL);
  const PxTaskRecord *records;
  g_autoptr(GString) text = g_string_new (NULL);
  /* Task times are on the monotonic clock; the joblog's on the epoch. */
  gint64 to_epoch_us = g_get_real_time () - g_get_monotonic_time ();
  guint n;

  g_return_val_if_fail (PX_IS_RUN (run), FALSE);

  records = px_run_get_records (run, &n);
  if (header)
    px_joblog_append_header (text);
  for (guint i = 0; jobs != NULL && i < n; i++)
    {
      const PxTaskRecord *r = &records[i];
      g_auto(GStrv) argv = NULL;
      g_autofree char *command = NULL;
      g_autofree char *host = NULL;
      PxJoblogEntry entry = { 0 };

      if (r->start_us == 0 || r->end_us < r->start_us)
        continue;
      argv = px_job_expand (spec->command, spec->shell, px_run_get_input (run, i),
                            px_run_get_job_number (run, i), r->worker + 1, NULL);
      command = argv != NULL ? px_joblog_command_line (argv) : g_strdup (spec->command);
      entry.seq = px_run_get_job_number (run, i);
      /* Its slot's host, as the hosts name it (srun: its node), or ":"
       * for this machine, as GNU parallel writes them. */
      host = px_run_dup_worker_host (run, r->worker);
      entry.host = host != NULL ? host : ":";
      entry.start_s = (r->start_us + to_epoch_us) / (double)G_USEC_PER_SEC;
      entry.runtime_s = (r->end_us - r->start_us) / (double)G_USEC_PER_SEC;
      entry.exitval = jobs[i].timed_out ? -1 : jobs[i].signal != 0 ? 0 : jobs[i].exit_status;
      entry.signal = jobs[i].signal;
      entry.command = command;
      px_joblog_append_entry (text, &entry);
    }
  return g_output_stream_write_all (stream, text->str, text->len, NULL, NULL, error);
}

static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return g_ascii_string_to_signed (copy, 10, min, max, value, NULL);
}

/**
 * px_joblog_read_skipped:
 * @stream: a joblog, ours or GNU parallel's
 * @name: what @stream is, for errors
 *
 * Reads which jobs to skip when a run is resumed: the set of their
 * sequence numbers (GUINT_TO_POINTER). A line that is not a joblog's is
 * an error naming its line and column.
 *
 * Returns: (transfer full): the set, or %NULL with @error set
 */
GHashTable *
px_joblog_read_skipped (GInputStream  *stream,
                        const char    *name,
                        PxJoblogSkip   skip,
                        GError       **error)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (stream);
  g_autoptr(GHashTable) skipped = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) local = NULL;
  guint line = 0;
  char *text;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  while ((text = g_data_input_stream_read_line (data, NULL, NULL, &local)) != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (text, "\t", N_COLUMNS);
      gint64 seq, exitval, sig;

      g_free (text);
      line++;
      if (line == 1)
        {
          for (guint i = 0; i < N_COLUMNS; i++)
            if (g_strv_length (fields) != N_COLUMNS || g_strcmp0 (fields[i], columns[i]) != 0)
              {
                g_autofree char *expected = g_strjoinv (" ", (char **)columns);

                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("%s:1: not a joblog: its first line should name the columns, "
                               "tab-separated: %s"), name, expected);
                return NULL;
              }
          continue;
        }
      if (fields[0] == NULL || fields[0][0] == '\0')
        continue;
      if (g_strv_length (fields) != N_COLUMNS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: %u columns; a joblog line has %u, tab-separated"), name, line,
                       g_strv_length (fields), (guint)N_COLUMNS);
          return NULL;
        }
      if (!parse_int (fields[0], 1, G_MAXUINT32, &seq))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: Seq “%s” is not a job number"), name, line, fields[0]);
          return NULL;
        }
      if (!parse_int (fields[6], G_MININT32, G_MAXINT32, &exitval) ||
          !parse_int (fields[7], 0, G_MAXINT32, &sig))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: Exitval and Signal must be whole numbers"), name, line);
          return NULL;
        }
      if (skip == PX_JOBLOG_SKIP_LISTED || (exitval == 0 && sig == 0))
        g_hash_table_add (skipped, GUINT_TO_POINTER ((guint)seq));
      else
        g_hash_table_remove (skipped, GUINT_TO_POINTER ((guint)seq));
    }
  if (local != NULL)
    {
      g_set_error (error, local->domain, local->code, "%s: %s", name, local->message);
      return NULL;
    }
  if (line == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: empty, not a joblog"),
                   name);
      return NULL;
    }
  return g_steal_pointer (&skipped);
}
