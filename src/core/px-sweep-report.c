/* px-sweep-report.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep in words and files: a row per point (the swept values, wall
 * time and throughput with their spread over the repetitions, and for a
 * sweep over workers the speedup, efficiency and Karp–Flatt serial
 * fraction), then the scaling laws fitted, as a table for the terminal,
 * JSON, CSV or Markdown.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "px-output.h"
#include "px-report-private.h"
#include "px-sweep-private.h"
#include "px-types.h"

static double
point_workers (const PxSweepPoint *point)
{
  return g_ascii_strtod (point->values[0], NULL);
}

/* @mean ± @sd with @digits decimals, or significant digits if
 * @significant. */
static char *
format_mean_sd (double   mean,
                double   sd,
                int      digits,
                gboolean significant)
{
  g_autofree char *m = g_strdup_printf (significant ? "%.*g" : "%.*f", digits, mean);

  if (isnan (mean))
    return g_strdup ("–");
  if (isnan (sd))
    return g_steal_pointer (&m);
  {
    g_autofree char *s = g_strdup_printf (significant ? "%.*g" : "%.*f", digits, sd);

    return g_strdup_printf ("%s ± %s", m, s);
  }
}

static void
add_taken (GStrvBuilder *builder,
           char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

/**
 * px_sweep_dup_fit_sentence:
 *
 * Returns: (transfer full) (nullable): the USL fit in words — "Fits USL
 *   with σ = 0.12, κ = 0.004 (R² 0.99): throughput peaks at 14 workers" —
 *   or NULL when there is none
 */
char *
px_sweep_dup_fit_sentence (PxSweep *self)
{
  PxFit fit;

  if (!px_sweep_fit (self, PX_FIT_USL, &fit, NULL))
    return NULL;
  if (isfinite (fit.peak_n))
    return g_strdup_printf (_("Fits USL with σ = %.3g, κ = %.3g (R² %.2f): throughput peaks at "
                              "%.0f workers (%.1f tasks/s)"), fit.params[1], fit.params[2],
                            fit.r2, fit.peak_n, fit.peak_value);
  return g_strdup_printf (_("Fits USL with σ = %.3g, κ = %.3g (R² %.2f): no peak in sight, "
                            "throughput still grows with workers"), fit.params[1],
                          fit.params[2], fit.r2);
}

/* Each law's parameters with their standard errors, a line each. */
void
px_sweep_append_fits (PxSweep *self,
                       GString *out,
                       gboolean markdown)
{
  static const char * const names[PX_FIT_N_MODELS][PX_FIT_MAX_PARAMS] = {
    { "λ", "f", NULL }, { "λ", "α", NULL }, { "λ", "σ", "κ" },
  };

  for (PxFitModel m = 0; m < PX_FIT_N_MODELS; m++)
    {
      g_autoptr(GError) error = NULL;
      PxFit fit;

      g_string_append (out, markdown ? "- " : "  ");
      if (!px_sweep_fit (self, m, &fit, &error))
        {
          g_string_append_printf (out, "%s: %s\n", px_fit_model_name (m), error->message);
          continue;
        }
      g_string_append_printf (out, "%s:", px_fit_model_name (m));
      for (guint k = 0; k < fit.n_params; k++)
        {
          g_autofree char *value = format_mean_sd (fit.params[k], fit.errors[k], 3, TRUE);

          g_string_append_printf (out, " %s = %s%s", names[m][k], value,
                                  k + 1 < fit.n_params ? "," : "");
        }
      g_string_append_printf (out, " (R² %.3f)", fit.r2);
      if (m == PX_FIT_USL && isfinite (fit.peak_n))
        g_string_append_printf (out, _(", peak at N* = %.1f workers"), fit.peak_n);
      g_string_append_c (out, '\n');
    }
}

/* The rows: swept values, then the figures; the first row is the
 * header. */
GPtrArray *
px_sweep_dup_rows (PxSweep *self)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  gboolean workers = px_sweep_is_worker_sweep (self);
  g_autoptr(GStrvBuilder) header = g_strv_builder_new ();

  for (guint a = 0; a < px_sweep_get_n_axes (self); a++)
    g_strv_builder_add (header, px_sweep_get_axis_key (self, a));
  g_strv_builder_add_many (header, _("Wall time (s)"), _("Tasks/s"), _("Parallelism"), NULL);
  if (workers)
    g_strv_builder_add_many (header, _("Speedup"), _("Efficiency"), _("Karp–Flatt"),
                             _("Scalability"), NULL);
  g_ptr_array_add (rows, g_strv_builder_end (header));

  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);
      g_autoptr(GStrvBuilder) row = g_strv_builder_new ();

      for (guint a = 0; a < px_sweep_get_n_axes (self); a++)
        g_strv_builder_add (row, point->values[a]);
      if (!point->measured)
        {
          g_strv_builder_add_many (row, _("not run"), "–", "–", NULL);
          if (workers)
            g_strv_builder_add_many (row, "–", "–", "–", "–", NULL);
          g_ptr_array_add (rows, g_strv_builder_end (row));
          continue;
        }
      add_taken (row, format_mean_sd (point->wall_s, point->wall_sd, 3, FALSE));
      add_taken (row, format_mean_sd (point->throughput, point->throughput_sd, 1, FALSE));
      add_taken (row, g_strdup_printf ("%.2f", point->summary.parallelism));
      if (workers)
        {
          double speedup = px_sweep_get_speedup (self, i);
          double n = point_workers (point);
          double karp = px_karp_flatt (n, speedup);

          /* No "-0.000" for a serial fraction lost in the noise. */
          if (fabs (karp) < 0.0005)
            karp = 0;

          add_taken (row, g_strdup_printf ("%.2f", speedup));
          add_taken (row, g_strdup_printf ("%.2f", speedup / n));
          add_taken (row, isnan (karp) ? g_strdup ("–") : g_strdup_printf ("%.3f", karp));
          add_taken (row, g_strdup_printf ("%.2f", px_sweep_get_scalability (self, i)));
        }
      g_ptr_array_add (rows, g_strv_builder_end (row));
    }
  return rows;
}

/* The rows as a table for the terminal, aligned by characters. */
char *
px_sweep_dup_table (PxSweep *self)
{
  g_autoptr(GPtrArray) rows = px_sweep_dup_rows (self);
  GString *out = g_string_new (NULL);
  guint n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < n_columns; c++)
      widths[c] = MAX (widths[c],
                       g_utf8_strlen (((char **)g_ptr_array_index (rows, r))[c], -1));
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          guint pad = widths[c] - g_utf8_strlen (row[c], -1);

          g_string_append (out, c == 0 ? "" : "  ");
          for (guint k = 0; k < pad; k++)
            g_string_append_c (out, ' ');
          g_string_append (out, row[c]);
        }
      g_string_append_c (out, '\n');
    }
  if (px_sweep_is_worker_sweep (self))
    {
      g_autofree char *sentence = px_sweep_dup_fit_sentence (self);

      g_string_append_c (out, '\n');
      px_sweep_append_fits (self, out, FALSE);
      if (sentence != NULL)
        g_string_append_printf (out, "%s\n", sentence);
    }
  return g_string_free (out, FALSE);
}

static char *
dup_markdown (PxSweep *self)
{
  g_autoptr(GPtrArray) rows = px_sweep_dup_rows (self);
  GString *out = g_string_new (NULL);
  g_autofree char *name = px_profile_dup_localized (px_sweep_get_profile (self), "name");

  g_string_append_printf (out, _("# Sweep of %s\n\n"), name);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      g_string_append (out, "|");
      for (guint c = 0; row[c] != NULL; c++)
        g_string_append_printf (out, " %s |", row[c]);
      g_string_append_c (out, '\n');
      if (r == 0)
        {
          g_string_append (out, "|");
          for (guint c = 0; row[c] != NULL; c++)
            g_string_append (out, c < px_sweep_get_n_axes (self) ? "---|" : "---:|");
          g_string_append_c (out, '\n');
        }
    }
  if (px_sweep_is_worker_sweep (self))
    {
      g_autofree char *sentence = px_sweep_dup_fit_sentence (self);

      g_string_append (out, _("\n## Scaling laws\n\n"));
      px_sweep_append_fits (self, out, TRUE);
      if (sentence != NULL)
        g_string_append_printf (out, "\n%s\n", sentence);
    }
  return g_string_free (out, FALSE);
}

static char *
dup_csv (PxSweep *self)
{
  GString *out = g_string_new (NULL);
  gboolean workers = px_sweep_is_worker_sweep (self);

  for (guint a = 0; a < px_sweep_get_n_axes (self); a++)
    g_string_append_printf (out, "%s,", px_sweep_get_axis_key (self, a));
  g_string_append (out, "measured,runs,wall_s,wall_sd,throughput,throughput_sd,parallelism,"
                        "done,failed");
  if (workers)
    g_string_append (out, ",speedup,efficiency,karp_flatt,computation_scalability");
  g_string_append_c (out, '\n');
  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);
      char b[6][G_ASCII_DTOSTR_BUF_SIZE];

      for (guint a = 0; a < px_sweep_get_n_axes (self); a++)
        {
          g_autofree char *quoted = g_strescape (point->values[a], NULL);

          g_string_append_printf (out, "\"%s\",", quoted);
        }
      g_string_append_printf (out, "%s,%u,%s,%s,%s,%s,%s,%u,%u", point->measured ? "1" : "0",
                              point->n_runs, g_ascii_formatd (b[0], sizeof b[0], "%.6f",
                                                              point->wall_s),
                              g_ascii_formatd (b[1], sizeof b[1], "%.6f", point->wall_sd),
                              g_ascii_formatd (b[2], sizeof b[2], "%.4f", point->throughput),
                              g_ascii_formatd (b[3], sizeof b[3], "%.4f", point->throughput_sd),
                              g_ascii_formatd (b[4], sizeof b[4], "%.4f",
                                               point->summary.parallelism),
                              point->summary.done, point->summary.failed);
      if (workers)
        {
          double speedup = px_sweep_get_speedup (self, i);
          double n = point_workers (point);

          g_string_append_printf (out, ",%s,%s,%s,%s",
                                  g_ascii_formatd (b[0], sizeof b[0], "%.4f", speedup),
                                  g_ascii_formatd (b[1], sizeof b[1], "%.4f", speedup / n),
                                  g_ascii_formatd (b[2], sizeof b[2], "%.5f",
                                                   px_karp_flatt (n, speedup)),
                                  g_ascii_formatd (b[3], sizeof b[3], "%.4f",
                                                   px_sweep_get_scalability (self, i)));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
dup_json (PxSweep *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = px_profile_dup_localized (px_sweep_get_profile (self), "name");
  gboolean workers = px_sweep_is_worker_sweep (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, "parallax-sweep");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, name);
  /* The profile whole, so the sweep reads back and runs again. */
  {
    g_autoptr(PxProfile) swept = px_profile_new_from_spec (px_profile_get_spec (
                                                             px_sweep_get_profile (self)));
    g_autofree char *data = px_profile_to_data (swept, NULL);

    json_builder_set_member_name (builder, "profile-data");
    json_builder_add_string_value (builder, data);
  }
  if (px_sweep_get_started (self) > 0)
    {
      g_autoptr(GDateTime) started = g_date_time_new_from_unix_utc (
        px_sweep_get_started (self) / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format_iso8601 (started);

      json_builder_set_member_name (builder, "started");
      json_builder_add_string_value (builder, date);
    }
  json_builder_set_member_name (builder, "axes");
  json_builder_begin_array (builder);
  for (guint a = 0; a < px_sweep_get_n_axes (self); a++)
    json_builder_add_string_value (builder, px_sweep_get_axis_key (self, a));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < px_sweep_get_n_points (self); i++)
    {
      const PxSweepPoint *point = px_sweep_get_point (self, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "values");
      json_builder_begin_object (builder);
      for (guint a = 0; a < px_sweep_get_n_axes (self); a++)
        {
          json_builder_set_member_name (builder, px_sweep_get_axis_key (self, a));
          json_builder_add_string_value (builder, point->values[a]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "measured");
      json_builder_add_boolean_value (builder, point->measured);
      json_builder_set_member_name (builder, "runs");
      json_builder_add_int_value (builder, point->n_runs);
      _px_report_json_add_number (builder, "wall-s", point->wall_s);
      _px_report_json_add_number (builder, "wall-sd", point->wall_sd);
      _px_report_json_add_number (builder, "throughput-per-s", point->throughput);
      _px_report_json_add_number (builder, "throughput-sd", point->throughput_sd);
      _px_report_json_add_number (builder, "parallelism",
                                  point->measured ? point->summary.parallelism : NAN);
      json_builder_set_member_name (builder, "done");
      json_builder_add_int_value (builder, point->summary.done);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, point->summary.failed);
      _px_report_json_add_number (builder, "work-s",
                                  point->measured ? point->summary.work_us / 1e6 : NAN);
      if (workers)
        {
          double speedup = px_sweep_get_speedup (self, i);
          double n = point_workers (point);

          _px_report_json_add_number (builder, "speedup", speedup);
          _px_report_json_add_number (builder, "efficiency", speedup / n);
          _px_report_json_add_number (builder, "karp-flatt", px_karp_flatt (n, speedup));
          _px_report_json_add_number (builder, "computation-scalability",
                                      px_sweep_get_scalability (self, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (workers)
    {
      json_builder_set_member_name (builder, "fits");
      json_builder_begin_object (builder);
      for (PxFitModel m = 0; m < PX_FIT_N_MODELS; m++)
        {
          PxFit fit;

          if (!px_sweep_fit (self, m, &fit, NULL))
            continue;
          json_builder_set_member_name (builder, px_fit_model_name (m));
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "params");
          json_builder_begin_array (builder);
          for (guint k = 0; k < fit.n_params; k++)
            json_builder_add_double_value (builder, fit.params[k]);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "errors");
          json_builder_begin_array (builder);
          for (guint k = 0; k < fit.n_params; k++)
            if (isfinite (fit.errors[k]))
              json_builder_add_double_value (builder, fit.errors[k]);
            else
              json_builder_add_null_value (builder);
          json_builder_end_array (builder);
          _px_report_json_add_number (builder, "r2", fit.r2);
          if (m == PX_FIT_USL)
            {
              _px_report_json_add_number (builder, "peak-workers", fit.peak_n);
              _px_report_json_add_number (builder, "peak-throughput", fit.peak_value);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/**
 * px_sweep_report_write:
 * @format: JSON, CSV, Markdown or HTML
 *
 * Writes the sweep to @path (- for standard output) through a temporary
 * file, so a failed write leaves what was there.
 */
gboolean
px_sweep_report_write (PxSweep         *self,
                       PxReportFormat   format,
                       const char      *path,
                       GError         **error)
{
  g_autofree char *text = NULL;

  switch (format)
    {
    case PX_REPORT_JSON:
      text = dup_json (self);
      break;
    case PX_REPORT_CSV:
      text = dup_csv (self);
      break;
    case PX_REPORT_MARKDOWN:
      text = dup_markdown (self);
      break;
    case PX_REPORT_HTML:
      text = _px_sweep_dup_html (self);
      break;
    case PX_REPORT_TRACE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: a sweep is written as json, csv, md or html, not %s"), path,
                   px_report_format_get_name (format));
      return FALSE;
    }
  return px_output_set_contents (path, text, strlen (text), error);
}
