/* px-sweep-read.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sweeps that last: a sweep's JSON report reads back into the sweep it
 * describes (its profile, axes and measured points), so its table,
 * fits and plots come back, and it can be compared with a new one.
 * Finished sweeps are kept beside the kept runs, in sweeps/ of the run
 * store's folder, one JSON report each, named by when they started.
 * Whatever is missing or of the wrong type in a report is an error that
 * names the file and the member.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "px-run-store.h"
#include "px-sweep-private.h"

#define SWEEPS_DIR "sweeps"

void
px_kept_sweep_free (PxKeptSweep *kept)
{
  if (kept == NULL)
    return;
  g_free (kept->path);
  g_free (kept->profile);
  g_free (kept->axes);
  g_free (kept);
}

static gboolean
bad_member (const char  *path,
            const char  *member,
            const char  *expected,
            GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: “%s” is missing or is not %s"), name, member, expected);
  return FALSE;
}

/* A number or null (NaN) member, named @where in an error. */
static gboolean
read_number (JsonObject  *object,
             const char  *member,
             const char  *path,
             const char  *where,
             double      *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return bad_member (path, where, _("a number"), error);
  *value = json_node_get_double (node);
  return TRUE;
}

/* Each axis's values in the order the grid first meets them. */
static GPtrArray *
dup_axis_values (JsonArray   *points,
                 const char  *key,
                 const char  *path,
                 GError     **error)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonNode *node = json_array_get_element (points, i);
      JsonObject *of;
      const char *value;
      g_autofree char *where = g_strdup_printf ("points[%u].values.%s", i, key);
      gboolean seen = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (of = json_object_get_object_member (json_node_get_object (node), "values")) == NULL ||
          (value = json_object_get_string_member_with_default (of, key, NULL)) == NULL)
        {
          bad_member (path, where, _("a string"), error);
          g_ptr_array_unref (values);
          return NULL;
        }
      for (guint k = 0; k < values->len; k++)
        seen |= g_str_equal (g_ptr_array_index (values, k), value);
      if (!seen)
        g_ptr_array_add (values, g_strdup (value));
    }
  return values;
}

/**
 * px_sweep_new_from_report:
 *
 * The sweep a JSON report (schema "parallax-sweep") describes, its
 * points measured as they were; NULL with an error naming the file and
 * the member at fault.
 */
PxSweep *
px_sweep_new_from_report (const char  *path,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PxProfile) profile = NULL;
  g_autoptr(PxSweep) sweep = NULL;
  JsonObject *root;
  JsonArray *axes, *points;
  const char *data, *started;
  g_autofree char *name = g_filename_display_name (path);

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      bad_member (path, "schema", "“parallax-sweep”", error);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "schema", NULL),
                 "parallax-sweep") != 0)
    {
      bad_member (path, "schema", _("“parallax-sweep”: this is not a Parallax sweep report"),
                  error);
      return NULL;
    }
  data = json_object_get_string_member_with_default (root, "profile-data", NULL);
  if (data == NULL)
    {
      bad_member (path, "profile-data", _("the profile swept"),
                  error);
      return NULL;
    }
  profile = px_profile_new_from_data (data, strlen (data), name, error);
  if (profile == NULL)
    return NULL;
  if (!json_object_has_member (root, "axes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "axes")) ||
      !json_object_has_member (root, "points") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "points")))
    {
      bad_member (path, "axes", _("an array, beside an array “points”"), error);
      return NULL;
    }
  axes = json_object_get_array_member (root, "axes");
  points = json_object_get_array_member (root, "points");

  /* The axes again, each with its values as the points hold them: the
   * grid comes back in the same order. */
  sweep = px_sweep_new (profile);
  for (guint a = 0; a < json_array_get_length (axes); a++)
    {
      const char *key = json_array_get_string_element (axes, a);
      g_autoptr(GPtrArray) values = NULL;
      g_autofree char *list = NULL;
      g_autofree char *over = NULL;
      g_autoptr(GError) local = NULL;

      if (key == NULL)
        {
          g_autofree char *where = g_strdup_printf ("axes[%u]", a);

          bad_member (path, where, _("a string"), error);
          return NULL;
        }
      values = dup_axis_values (points, key, path, error);
      if (values == NULL)
        return NULL;
      g_ptr_array_add (values, NULL);
      list = g_strjoinv (",", (char **)values->pdata);
      over = g_strdup_printf ("%s=%s", key, list);
      if (!px_sweep_add_axis (sweep, over, &local))
        {
          g_autofree char *where = g_strdup_printf ("axes[%u]", a);

          bad_member (path, where, local->message, error);
          return NULL;
        }
    }
  if (px_sweep_get_n_points (sweep) != json_array_get_length (points))
    {
      bad_member (path, "points", _("a point for each value of each axis"), error);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *object = json_array_get_object_element (points, i);
      PxSweepPoint *point = _px_sweep_get_point_mutable (sweep, i);
      g_autofree char *where = g_strdup_printf ("points[%u]", i);
      double runs = 0, done = 0, failed = 0, work_s = NAN, parallelism = NAN;

      for (guint a = 0; a < px_sweep_get_n_axes (sweep); a++)
        if (g_strcmp0 (json_object_get_string_member_with_default (
                         json_object_get_object_member (object, "values"),
                         px_sweep_get_axis_key (sweep, a), NULL), point->values[a]) != 0)
          {
            bad_member (path, where, _("the point of the grid at its place"), error);
            return NULL;
          }
      point->measured = json_object_get_boolean_member_with_default (object, "measured", FALSE);
      if (!point->measured)
        continue;
      {
        g_autofree char *w1 = g_strconcat (where, ".runs", NULL);
        g_autofree char *w2 = g_strconcat (where, ".wall-s", NULL);
        g_autofree char *w3 = g_strconcat (where, ".wall-sd", NULL);
        g_autofree char *w4 = g_strconcat (where, ".throughput-per-s", NULL);
        g_autofree char *w5 = g_strconcat (where, ".throughput-sd", NULL);
        g_autofree char *w6 = g_strconcat (where, ".done", NULL);
        g_autofree char *w7 = g_strconcat (where, ".failed", NULL);

        if (!read_number (object, "runs", path, w1, &runs, error) ||
            !read_number (object, "wall-s", path, w2, &point->wall_s, error) ||
            !read_number (object, "wall-sd", path, w3, &point->wall_sd, error) ||
            !read_number (object, "throughput-per-s", path, w4, &point->throughput, error) ||
            !read_number (object, "throughput-sd", path, w5, &point->throughput_sd, error) ||
            !read_number (object, "done", path, w6, &done, error) ||
            !read_number (object, "failed", path, w7, &failed, error))
          return NULL;
      }
      /* Written since; not there in the first reports. */
      if (json_object_has_member (object, "work-s"))
        read_number (object, "work-s", path, "work-s", &work_s, NULL);
      if (json_object_has_member (object, "parallelism"))
        read_number (object, "parallelism", path, "parallelism", &parallelism, NULL);
      if (!(runs >= 1) || !(done >= 0) || !(failed >= 0) || !isfinite (point->wall_s) ||
          !isfinite (point->throughput))
        {
          bad_member (path, where, _("a measured point: at least one run, its wall time and "
                                     "throughput"), error);
          return NULL;
        }
      point->n_runs = (guint)runs;
      point->summary.done = (guint)done;
      point->summary.failed = (guint)failed;
      point->summary.wall_us = (gint64)llround (point->wall_s * 1e6);
      point->summary.throughput = point->throughput;
      point->summary.parallelism = parallelism;
      point->summary.work_us = isfinite (work_s) ? (gint64)llround (work_s * 1e6) : 0;
    }
  started = json_object_get_string_member_with_default (root, "started", NULL);
  if (started != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (started, NULL);

      if (when != NULL)
        _px_sweep_set_started (sweep, g_date_time_to_unix (when) * G_USEC_PER_SEC);
    }
  return g_steal_pointer (&sweep);
}

static char *
dup_sweeps_dir (void)
{
  g_autofree char *runs = px_run_store_dup_dir ();

  return g_build_filename (runs, SWEEPS_DIR, NULL);
}

/**
 * px_sweep_keep:
 *
 * Keeps the sweep beside the kept runs, for the sweep window to list
 * and compare with later. Returns: (transfer full): its path, or NULL.
 */
char *
px_sweep_keep (PxSweep  *self,
               GError  **error)
{
  g_autofree char *dir = dup_sweeps_dir ();
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (PX_IS_SWEEP (self), NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }
  started = g_date_time_new_from_unix_local (px_sweep_get_started (self) > 0
                                             ? px_sweep_get_started (self) / G_USEC_PER_SEC
                                             : g_get_real_time () / G_USEC_PER_SEC);
  stamp = g_date_time_format (started, "%Y%m%d-%H%M%S");
  /* Two sweeps of the same second keep a file each. */
  for (guint n = 0; n < 100; n++)
    {
      g_autofree char *name = n == 0 ? g_strdup_printf ("sweep-%s.json", stamp)
                                     : g_strdup_printf ("sweep-%s-%u.json", stamp, n);

      g_free (path);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;
    }
  if (!px_sweep_report_write (self, PX_REPORT_JSON, path, error))
    return NULL;
  return g_steal_pointer (&path);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const PxKeptSweep *x = *(PxKeptSweep * const *)a;
  const PxKeptSweep *y = *(PxKeptSweep * const *)b;

  return (x->started_us < y->started_us) - (x->started_us > y->started_us);
}

/**
 * px_sweep_list_kept:
 * @profile: (nullable): only the sweeps of the profile of this name (as
 *   the profile writes it, untranslated)
 *
 * The sweeps kept, newest first; a file that does not read is left out.
 * Returns: (transfer full) (element-type PxKeptSweep): the sweeps.
 */
GPtrArray *
px_sweep_list_kept (const char *profile)
{
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify)px_kept_sweep_free);
  g_autofree char *dir = dup_sweeps_dir ();
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(PxSweep) sweep = NULL;
      g_autofree char *profile_name = NULL;
      GString *axes;
      PxKeptSweep *item;
      guint measured = 0;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      sweep = px_sweep_new_from_report (path, NULL);
      if (sweep == NULL)
        continue;
      /* The name as written, whatever the language the list is read in. */
      profile_name = g_strdup (px_profile_get_spec (px_sweep_get_profile (sweep))->name);
      if (profile != NULL && g_strcmp0 (profile, profile_name) != 0)
        continue;
      axes = g_string_new (NULL);
      for (guint a = 0; a < px_sweep_get_n_axes (sweep); a++)
        g_string_append_printf (axes, "%s%s", a > 0 ? " × " : "", px_sweep_get_axis_key (sweep, a));
      for (guint i = 0; i < px_sweep_get_n_points (sweep); i++)
        measured += px_sweep_get_point (sweep, i)->measured;
      item = g_new0 (PxKeptSweep, 1);
      item->path = g_steal_pointer (&path);
      item->profile = g_steal_pointer (&profile_name);
      item->axes = g_string_free (axes, FALSE);
      item->n_points = px_sweep_get_n_points (sweep);
      item->n_measured = measured;
      item->started_us = px_sweep_get_started (sweep);
      g_ptr_array_add (kept, item);
    }
  g_ptr_array_sort (kept, compare_newest_first);
  return kept;
}

/* When a kept sweep started, as its list shows it. */
char *
px_kept_sweep_dup_date (const PxKeptSweep *kept)
{
  g_autoptr(GDateTime) when = NULL;

  if (kept->started_us <= 0)
    return g_strdup (_("an unknown date"));
  when = g_date_time_new_from_unix_local (kept->started_us / G_USEC_PER_SEC);
  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}
