/* px-calibrate-report.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A calibration in words and files: its table (efficiency at each size,
 * each way of running), JSON, CSV and Markdown reports, and what is kept
 * for this machine in the user's cache ($PARALLAX_CACHE_DIR, else
 * $XDG_CACHE_HOME/parallax): each way's per-task overhead and smallest
 * task worth parallelising, which the editor and "parallax run" warn
 * against.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "px-calibrate.h"
#include "px-output.h"
#include "px-report.h"
#include "px-report-private.h"

#define CACHE_NAME "calibration.ini"
#define MACHINE_GROUP "Machine"

/* A task size or an overhead, as a person reads it. */
static char *
format_us (double us)
{
  if (!isfinite (us))
    return g_strdup ("–");
  if (us < 1000)
    return g_strdup_printf (_("%.3g µs"), us);
  if (us < 1e6)
    return g_strdup_printf (_("%.3g ms"), us / 1000);
  return g_strdup_printf (_("%.3g s"), us / 1e6);
}

/* What a way's result says in a line. */
static char *
dup_reading (const PxCalibrateResult *r,
             const double            *sizes,
             guint                    n_sizes)
{
  g_autofree char *overhead = format_us (r->overhead_us);
  g_autofree char *smallest = NULL;

  if (r->points->len == 0)
    return g_strdup_printf (_("%s: not timed"), px_calibrate_config_label (r->config));
  if (r->min_task_us == 0)
    {
      smallest = format_us (sizes[0]);
      /* Translators: a calibration's result: the way of running, what a
       * task costs beyond its work, and the smallest size timed */
      return g_strdup_printf (_("%s: %s a task beyond its work; 90 %% efficiency already at "
                                "%s"), px_calibrate_config_label (r->config), overhead,
                              smallest);
    }
  if (isnan (r->min_task_us))
    {
      smallest = format_us (sizes[MIN (r->points->len, n_sizes) - 1]);
      return g_strdup_printf (_("%s: %s a task beyond its work; below 90 %% efficiency even "
                                "at %s"), px_calibrate_config_label (r->config), overhead,
                              smallest);
    }
  smallest = format_us (r->min_task_us);
  /* Translators: a calibration's result: the way of running, what a
   * task costs beyond its work, and the smallest task worth it */
  return g_strdup_printf (_("%s: %s a task beyond its work; 90 %% efficiency from tasks of %s"),
                          px_calibrate_config_label (r->config), overhead, smallest);
}

/**
 * px_calibration_dup_table:
 *
 * Efficiency at each size (a row) for each way timed (a column), then
 * a line for each way: its overhead and its smallest task worth it.
 */
char *
px_calibration_dup_table (PxCalibration *self,
                          gboolean       markdown)
{
  GString *out = g_string_new (NULL);
  guint n_sizes;
  const double *sizes = px_calibration_get_sizes (self, &n_sizes);
  const char *size_head = _("Task size");

  g_return_val_if_fail (PX_IS_CALIBRATION (self), NULL);

  g_string_append_printf (out, markdown ? "| %s |" : "%10s", size_head);
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    if (px_calibration_get_enabled (self, c))
      g_string_append_printf (out, markdown ? " %s |" : "  %s", px_calibrate_config_key (c));
  g_string_append_c (out, '\n');
  if (markdown)
    {
      g_string_append (out, "|---:|");
      for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
        if (px_calibration_get_enabled (self, c))
          g_string_append (out, "---:|");
      g_string_append_c (out, '\n');
    }
  for (guint k = 0; k < n_sizes; k++)
    {
      g_autofree char *size = format_us (sizes[k]);

      g_string_append_printf (out, markdown ? "| %s |" : "%10s", size);
      for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
        {
          const PxCalibrateResult *r = px_calibration_get_result (self, c);
          int width = (int)g_utf8_strlen (px_calibrate_config_key (c), -1);
          g_autofree char *cell = NULL;

          if (!px_calibration_get_enabled (self, c))
            continue;
          cell = k < r->points->len
                 ? g_strdup_printf ("%.0f %%",
                                    100 * g_array_index (r->points, PxCalibratePoint, k).efficiency)
                 : g_strdup ("–");
          if (markdown)
            g_string_append_printf (out, " %s |", cell);
          else
            g_string_append_printf (out, "  %*s", width + (int)(strlen (cell) -
                                                               g_utf8_strlen (cell, -1)), cell);
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      g_autofree char *line = NULL;

      if (!px_calibration_get_enabled (self, c))
        continue;
      line = dup_reading (px_calibration_get_result (self, c), sizes, n_sizes);
      g_string_append_printf (out, "%s%s\n", markdown ? "- " : "", line);
    }
  return g_string_free (out, FALSE);
}

static char *
dup_host (void)
{
  return g_strdup (g_get_host_name ());
}

static char *
dup_json (PxCalibration *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *host = dup_host ();
  g_autofree char *cpu = _px_report_dup_cpu_model ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema");
  json_builder_add_string_value (b, "parallax-calibration");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "machine");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, host);
  json_builder_set_member_name (b, "cpu");
  json_builder_add_string_value (b, cpu);
  json_builder_set_member_name (b, "cores");
  json_builder_add_int_value (b, g_get_num_processors ());
  json_builder_end_object (b);
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, px_calibration_get_workers (self));
  _px_report_json_add_number (b, "target-efficiency", PX_CALIBRATE_TARGET);
  json_builder_set_member_name (b, "configs");
  json_builder_begin_object (b);
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      const PxCalibrateResult *r = px_calibration_get_result (self, c);

      if (!px_calibration_get_enabled (self, c))
        continue;
      json_builder_set_member_name (b, px_calibrate_config_key (c));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, px_calibrate_config_label (c));
      _px_report_json_add_number (b, "overhead-us", r->overhead_us);
      _px_report_json_add_number (b, "min-task-us", r->min_task_us);
      json_builder_set_member_name (b, "points");
      json_builder_begin_array (b);
      for (guint k = 0; k < r->points->len; k++)
        {
          const PxCalibratePoint *p = &g_array_index (r->points, PxCalibratePoint, k);

          json_builder_begin_object (b);
          _px_report_json_add_number (b, "task-us", p->task_us);
          json_builder_set_member_name (b, "tasks");
          json_builder_add_int_value (b, p->tasks);
          _px_report_json_add_number (b, "wall-s", p->wall_us / 1e6);
          _px_report_json_add_number (b, "efficiency", p->efficiency);
          _px_report_json_add_number (b, "per-task-us", p->per_task_us);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static char *
dup_csv (PxCalibration *self)
{
  GString *out = g_string_new ("config,task_us,tasks,wall_s,efficiency,per_task_us\n");

  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      const PxCalibrateResult *r = px_calibration_get_result (self, c);

      for (guint k = 0; k < r->points->len; k++)
        {
          const PxCalibratePoint *p = &g_array_index (r->points, PxCalibratePoint, k);
          char a[G_ASCII_DTOSTR_BUF_SIZE], w[G_ASCII_DTOSTR_BUF_SIZE];
          char e[G_ASCII_DTOSTR_BUF_SIZE], t[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (out, "%s,%s,%u,%s,%s,%s\n", px_calibrate_config_key (c),
                                  g_ascii_formatd (a, sizeof a, "%g", p->task_us), p->tasks,
                                  g_ascii_formatd (w, sizeof w, "%.6f", p->wall_us / 1e6),
                                  g_ascii_formatd (e, sizeof e, "%.4f", p->efficiency),
                                  g_ascii_formatd (t, sizeof t, "%.3f", p->per_task_us));
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * px_calibration_write:
 *
 * Writes the calibration in the format @path ends with: .json, .csv or
 * .md; the file is replaced whole or not at all.
 */
gboolean
px_calibration_write (PxCalibration  *self,
                      const char     *path,
                      GError        **error)
{
  PxReportFormat format;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PX_IS_CALIBRATION (self), FALSE);

  if (!px_report_format_from_path (path, &format) ||
      (format != PX_REPORT_JSON && format != PX_REPORT_CSV && format != PX_REPORT_MARKDOWN))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: a calibration is written as .json, .csv or .md"), path);
      return FALSE;
    }
  if (format == PX_REPORT_JSON)
    text = dup_json (self);
  else if (format == PX_REPORT_CSV)
    text = dup_csv (self);
  else
    {
      g_autofree char *table = px_calibration_dup_table (self, TRUE);

      text = g_strdup_printf (_("# Calibration of this machine\n\n%s"), table);
    }
  return px_output_set_contents (path, text, strlen (text), error);
}

/* The cache */

char *
px_calibration_dup_cache_path (void)
{
  const char *dir = g_getenv ("PARALLAX_CACHE_DIR");

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, CACHE_NAME, NULL);
  return g_build_filename (g_get_user_cache_dir (), "parallax", CACHE_NAME, NULL);
}

/**
 * px_calibration_save:
 *
 * Keeps what each way timed found for this machine, for the editor and
 * "parallax run" to warn of tasks too small. Ways not timed keep what
 * an earlier calibration found.
 */
gboolean
px_calibration_save (PxCalibration  *self,
                     GError        **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *path = px_calibration_dup_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *host = dup_host ();
  g_autofree char *cpu = _px_report_dup_cpu_model ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (PX_IS_CALIBRATION (self), FALSE);

  /* What an earlier calibration of this machine found stays. */
  if (g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, NULL))
    {
      g_autofree char *old_host = g_key_file_get_string (keys, MACHINE_GROUP, "host", NULL);
      g_autofree char *old_cpu = g_key_file_get_string (keys, MACHINE_GROUP, "cpu", NULL);

      if (g_strcmp0 (old_host, host) != 0 || g_strcmp0 (old_cpu, cpu) != 0)
        {
          g_key_file_unref (keys);
          keys = g_key_file_new ();
        }
    }
  g_key_file_set_string (keys, MACHINE_GROUP, "host", host);
  g_key_file_set_string (keys, MACHINE_GROUP, "cpu", cpu);
  g_key_file_set_integer (keys, MACHINE_GROUP, "cores", g_get_num_processors ());
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      const PxCalibrateResult *r = px_calibration_get_result (self, c);
      const char *group = px_calibrate_config_key (c);
      char v[G_ASCII_DTOSTR_BUF_SIZE];

      /* Only a way timed at every size says where it crosses. */
      if (!px_calibration_get_enabled (self, c) || r->points->len == 0 ||
          px_calibration_get_stopped (self))
        continue;
      g_key_file_remove_group (keys, group, NULL);
      g_key_file_set_string (keys, group, "date", date);
      g_key_file_set_integer (keys, group, "workers", px_calibration_get_workers (self));
      g_key_file_set_string (keys, group, "overhead-us",
                             g_ascii_formatd (v, sizeof v, "%.3f", r->overhead_us));
      g_key_file_set_string (keys, group, "min-task-us",
                             isnan (r->min_task_us) ? "none"
                             : g_ascii_formatd (v, sizeof v, "%.3f", r->min_task_us));
      g_key_file_set_string (keys, group, "largest-us",
                             g_ascii_formatd (v, sizeof v, "%.3f",
                                              g_array_index (r->points, PxCalibratePoint,
                                                             r->points->len - 1).task_us));
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  data = g_key_file_to_data (keys, &length, NULL);
  return px_output_set_contents (path, data, length, error);
}

/* What the cache holds for this machine. */
static gboolean
load_cache (double   min_task_us[PX_CALIBRATE_N_CONFIGS],
            double   overhead_us[PX_CALIBRATE_N_CONFIGS],
            double   largest_us[PX_CALIBRATE_N_CONFIGS],
            char   **date)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *path = px_calibration_dup_cache_path ();
  g_autofree char *host = dup_host ();
  g_autofree char *old_host = NULL;
  gboolean any = FALSE;

  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      min_task_us[c] = NAN;
      if (overhead_us != NULL)
        overhead_us[c] = NAN;
      if (largest_us != NULL)
        largest_us[c] = NAN;
    }
  if (date != NULL)
    *date = NULL;
  if (!g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, NULL))
    return FALSE;
  old_host = g_key_file_get_string (keys, MACHINE_GROUP, "host", NULL);
  if (g_strcmp0 (old_host, host) != 0 ||
      g_key_file_get_integer (keys, MACHINE_GROUP, "cores", NULL) != (int)g_get_num_processors ())
    return FALSE;
  for (guint c = 0; c < PX_CALIBRATE_N_CONFIGS; c++)
    {
      const char *group = px_calibrate_config_key (c);
      g_autofree char *min = g_key_file_get_string (keys, group, "min-task-us", NULL);
      g_autofree char *overhead = g_key_file_get_string (keys, group, "overhead-us", NULL);
      char *end = NULL;

      if (min == NULL)
        continue;
      if (g_str_equal (min, "none"))
        min_task_us[c] = INFINITY;
      else
        {
          double v = g_ascii_strtod (min, &end);

          if (end == min || *end != '\0' || !(v >= 0))
            continue;
          min_task_us[c] = v;
        }
      if (overhead_us != NULL && overhead != NULL)
        overhead_us[c] = g_ascii_strtod (overhead, NULL);
      if (largest_us != NULL)
        {
          g_autofree char *largest = g_key_file_get_string (keys, group, "largest-us", NULL);

          largest_us[c] = largest != NULL ? g_ascii_strtod (largest, NULL) : NAN;
        }
      if (date != NULL && *date == NULL)
        *date = g_key_file_get_string (keys, group, "date", NULL);
      any = TRUE;
    }
  return any;
}

/**
 * px_calibration_load_minimums:
 * @min_task_us: (out): each way's smallest task worth it, NaN where not
 *   known (0: any size; INFINITY: not even the largest timed)
 * @overhead_us: (out) (optional): each way's overhead, NaN where not known
 * @date: (out) (optional): when this machine was last calibrated
 *
 * What a calibration of this machine found; FALSE if there was none (or
 * it was of another machine sharing this cache).
 */
gboolean
px_calibration_load_minimums (double   min_task_us[PX_CALIBRATE_N_CONFIGS],
                              double   overhead_us[PX_CALIBRATE_N_CONFIGS],
                              char   **date)
{
  return load_cache (min_task_us, overhead_us, NULL, date);
}

/**
 * px_calibration_dup_warning:
 *
 * For a workload whose tasks are smaller than this machine's
 * calibration says its way of running needs, what to say and what to
 * change; NULL when it is fine, or not known.
 */
char *
px_calibration_dup_warning (const PxSpec *spec)
{
  double minimums[PX_CALIBRATE_N_CONFIGS], largest[PX_CALIBRATE_N_CONFIGS];
  const char *advice;
  PxCalibrateConfig config;
  double size_us, need;
  g_autofree char *size = NULL;
  g_autofree char *needed = NULL;

  if (spec->kind == PX_KIND_COMMAND || spec->task_iterations > 0)
    return NULL;
  if (spec->executor == PX_EXECUTOR_THREADS)
    config = PX_CALIBRATE_THREADS;
  else if (spec->spawn == PX_SPAWN_PER_TASK)
    config = PX_CALIBRATE_SPAWN;
  else if (spec->chunk_size == 1)
    config = PX_CALIBRATE_PROCESSES;
  else
    config = PX_CALIBRATE_PROCESSES_CHUNKED;
  if (!load_cache (minimums, NULL, largest, NULL))
    return NULL;
  need = minimums[config];
  size_us = spec->task_ms * 1000;
  if (isnan (need) || need == 0 || size_us >= need)
    return NULL;
  size = format_us (size_us);
  switch (config)
    {
    case PX_CALIBRATE_THREADS:
      advice = _("make each task larger");
      break;
    case PX_CALIBRATE_PROCESSES:
      advice = _("raise chunk-size");
      break;
    case PX_CALIBRATE_PROCESSES_CHUNKED:
      advice = _("make each task or chunk larger");
      break;
    case PX_CALIBRATE_SPAWN:
      advice = _("use spawn=pool");
      break;
    case PX_CALIBRATE_COMMANDS:
    case PX_CALIBRATE_N_CONFIGS:
    default:
      return NULL;
    }
  if (isinf (need))
    {
      if (!isnan (largest[config]) && size_us >= largest[config])
        return NULL;
      needed = format_us (largest[config]);
      /* Translators: the task size, the way of running, the largest
       * size calibration timed, and what to change */
      return g_strdup_printf (_("Tasks of %s are too small for %s here: calibration found no "
                                "size up to %s that reaches 90 %% efficiency; %s"), size,
                              px_calibrate_config_label (config), needed, advice);
    }
  needed = format_us (need);
  /* Translators: the task size, the size needed, the way of running,
   * and what to change: "Tasks of 5 µs are below the 30 µs needed here
   * for 90 % efficiency with threads; make each task larger" */
  return g_strdup_printf (_("Tasks of %s are below the %s needed here for 90 %% efficiency "
                            "with %s; %s"), size, needed, px_calibrate_config_label (config),
                          advice);
}
