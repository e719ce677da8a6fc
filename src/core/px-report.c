/* px-report.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Timing reports of a finished run: JSON, CSV, Markdown, Chrome Trace
 * Event JSON and standalone HTML (each in px-report-FORMAT.c), written to
 * a stream, or to a file through PxOutput: a failed export leaves the
 * previous file intact.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gprintf.h>

#include "px-output.h"
#include "px-report-private.h"
#include "px-summary.h"

static const struct { const char *name; PxReportFormat format; } format_names[] = {
  { "json", PX_REPORT_JSON },
  { "csv", PX_REPORT_CSV },
  { "md", PX_REPORT_MARKDOWN },
  { "markdown", PX_REPORT_MARKDOWN },
  { "trace", PX_REPORT_TRACE },
  { "html", PX_REPORT_HTML },
};

gboolean
px_report_format_from_name (const char     *name,
                            PxReportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_ascii_strcasecmp (name, format_names[i].name) == 0)
        {
          *format = format_names[i].format;
          return TRUE;
        }
    }
  return FALSE;
}

/* The short name of @format, as --format takes it: json, csv, md, trace,
 * html. */
const char *
px_report_format_get_name (PxReportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (format_names[i].format == format)
      return format_names[i].name;

  g_return_val_if_reached (NULL);
}

/* From the file name: .json, .csv, .md, .html, and .trace.json or
 * .trace for the Chrome trace. */
gboolean
px_report_format_from_path (const char     *path,
                            PxReportFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  const char *dot;

  if (g_str_has_suffix (lower, ".trace.json") || g_str_has_suffix (lower, ".trace"))
    {
      *format = PX_REPORT_TRACE;
      return TRUE;
    }
  if (g_str_has_suffix (lower, ".htm"))
    {
      *format = PX_REPORT_HTML;
      return TRUE;
    }
  dot = strrchr (lower, '.');
  return dot != NULL && strchr (dot, '/') == NULL && px_report_format_from_name (dot + 1, format);
}

const char *
px_report_format_names (void)
{
  return "json, csv, md, trace, html";
}

void
_px_out_flush (Out *out)
{
  if (out->error == NULL && out->len > 0)
    g_output_stream_write_all (out->stream, out->buffer, out->len, NULL, NULL, &out->error);
  out->len = 0;
}

void
_px_out_printf (Out        *out,
                const char *format,
                ...)
{
  va_list args;
  char small[512];
  int n;

  va_start (args, format);
  n = g_vsnprintf (small, sizeof small, format, args);
  va_end (args);
  if (n < (int)sizeof small)
    {
      out_write (out, small, n);
      return;
    }

  {
    g_autofree char *big = NULL;

    va_start (args, format);
    n = g_vasprintf (&big, format, args);
    va_end (args);
    out_write (out, big, n);
  }
}

char *
px_report_series_csv_path (const char *path)
{
  if (g_str_has_suffix (path, ".csv"))
    return g_strdup_printf ("%.*s-series.csv", (int)strlen (path) - 4, path);
  return g_strdup_printf ("%s-series.csv", path);
}

/* Writes @format, or the series CSV when @series, to @stream. */
static gboolean
write_stream (PxRun               *run,
              PxSampler           *sampler,
              const PxRepetitions *reps,
              PxReportFormat       format,
              gboolean             series,
              GOutputStream       *stream,
              GError             **error)
{
  g_autofree Out *out = g_new0 (Out, 1);
  PxSummary summary;

  out->stream = stream;
  px_summary_compute (run, &summary);

  if (series)
    _px_report_write_csv_series (out, sampler);
  else
    switch (format)
      {
      case PX_REPORT_JSON:
        _px_report_write_json (out, run, sampler, reps, &summary);
        break;
      case PX_REPORT_CSV:
        _px_report_write_csv_tasks (out, run);
        break;
      case PX_REPORT_MARKDOWN:
        _px_report_write_markdown (out, run, sampler, reps, &summary);
        break;
      case PX_REPORT_TRACE:
        _px_report_write_trace (out, run, sampler);
        break;
      case PX_REPORT_HTML:
        _px_report_write_html (out, run, sampler, reps, &summary);
        break;
      default:
        g_assert_not_reached ();
      }

  _px_out_flush (out);
  if (out->error != NULL)
    {
      g_propagate_error (error, out->error);
      return FALSE;
    }
  return TRUE;
}

/**
 * px_report_write_to_stream:
 * @run: a finished run
 * @sampler: (nullable): its sampler, for the sampled series
 * @reps: (nullable): statistics of repetitions
 * @format: the format; CSV writes the task table
 * @stream: where to write: a file, a pipe, memory
 * @error: why the stream would not take it
 *
 * Writes a report to @stream, which is left open.
 */
gboolean
px_report_write_to_stream (PxRun               *run,
                           PxSampler           *sampler,
                           const PxRepetitions *reps,
                           PxReportFormat       format,
                           GOutputStream       *stream,
                           GError             **error)
{
  g_return_val_if_fail (PX_IS_RUN (run), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  return write_stream (run, sampler, reps, format, FALSE, stream, error);
}

/* Writes one file through px_output: atomically, the error naming it. */
static gboolean
write_file (PxRun               *run,
            PxSampler           *sampler,
            const PxRepetitions *reps,
            PxReportFormat       format,
            gboolean             series,
            const char          *path,
            GError             **error)
{
  g_autoptr(GError) local = NULL;
  PxOutput *output = px_output_open (path, error);

  if (output == NULL)
    return FALSE;
  if (!write_stream (run, sampler, reps, format, series, px_output_get_stream (output), &local))
    {
      px_output_fail (output, local, error);
      return FALSE;
    }
  return px_output_commit (output, error);
}

/**
 * px_report_write:
 * @run: a finished run
 * @sampler: (nullable): its sampler, for the sampled series
 * @reps: (nullable): statistics of repetitions
 * @format: the format
 * @path: the file, or "-" for standard output; CSV also writes the series
 *   beside a file (NAME-series.csv)
 * @error: a message that names the file and what went wrong
 *
 * Writes a report atomically: on failure the previous file is intact.
 * A FIFO or a character device is written in place.
 */
gboolean
px_report_write (PxRun               *run,
                 PxSampler           *sampler,
                 const PxRepetitions *reps,
                 PxReportFormat       format,
                 const char          *path,
                 GError             **error)
{
  g_return_val_if_fail (PX_IS_RUN (run), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!write_file (run, sampler, reps, format, FALSE, path, error))
    return FALSE;

  /* The series go beside a file; standard output, a FIFO or a device
   * takes the task table alone. */
  if (format == PX_REPORT_CSV && sampler != NULL && !px_output_path_is_in_place (path))
    {
      g_autofree char *series = px_report_series_csv_path (path);

      return write_file (run, sampler, reps, format, TRUE, series, error);
    }

  return TRUE;
}

/* launcher=ssh or srun: where worker @index ran and how its clock stood
 * to this machine's, as the Markdown and HTML tables of workers show it;
 * ":" on this machine, "?" for a step that never said where it ran; NULL
 * for a run on this machine alone. */
char *
_px_report_dup_worker_host (PxRun *run,
                            guint  index)
{
  g_autofree char *host = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *error = NULL;
  PxWorkerSnapshot w;

  if (px_run_get_spec (run)->launcher == PX_LAUNCHER_LOCAL)
    return NULL;
  host = px_run_dup_worker_host (run, index);
  px_run_get_worker (run, index, &w);
  if (!w.elsewhere)
    return g_strdup (":");
  if (host == NULL)
    return g_strdup ("?");
  offset = px_format_duration ((double)ABS (w.clock_offset_us));
  error = px_format_duration ((double)w.clock_error_us);
  /* Translators: a host, then how its clock stood to this machine's: "+12 µs ± 50 µs" */
  return g_strdup_printf (_("%s (clock %s%s ± %s)"), host, w.clock_offset_us < 0 ? "−" : "+",
                          offset, error);
}
