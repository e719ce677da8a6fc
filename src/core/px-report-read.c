/* px-report-read.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads a JSON report back into the finished run it describes: its
 * profile, counters, workers, task and job records, events, repetitions
 * and sampled series, so a run kept from another day (or exported by
 * someone else) is viewed, summarised and compared like today's.
 * Whatever is missing or of the wrong type is an error that names the
 * file and the member.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "px-profile-private.h"
#include "px-report-read-private.h"
#include "px-report.h"
#include "px-run-private.h"

/* The profile: every member set as the key it names, so a value the
 * profile would refuse is refused here, with the key named. */
static PxProfile *
read_profile (Reader     *reader,
              JsonObject *root)
{
  JsonObject *object = _px_report_get_object (reader, root, "profile", "profile");
  g_autoptr(PxProfile) profile = NULL;
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return NULL;
  profile = px_profile_new ();
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (object, key);
      g_autofree char *text = NULL;
      g_autofree char *path = g_strconcat ("profile.", key, NULL);
      g_autoptr(GError) local = NULL;
      const PxField *field = px_profile_find_field (key);

      /* The format's version says how the report wrote the profile, not
       * what the run was. */
      if (field != NULL && field->offset == PX_FIELD_NO_SLOT)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node))
        {
          _px_report_fail (reader, path, _("a number, a string or true or false"));
          return NULL;
        }
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            text = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
          break;
        case G_TYPE_BOOLEAN:
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          text = g_strdup (json_node_get_string (node));
          break;
        }
      if (!px_profile_set_value (profile, key, text, &local))
        {
          g_autofree char *name = g_filename_display_name (reader->path);

          g_set_error (reader->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s: %s",
                       name, path, local->message);
          return NULL;
        }
    }
  return g_steal_pointer (&profile);
}

static gboolean
read_summary (Reader      *reader,
              JsonObject  *root,
              PxRunLoaded *loaded,
              gint64      *start_us,
              gint64      *end_us,
              gint64      *start_real_us)
{
  JsonObject *summary = _px_report_get_object (reader, root, "summary", "summary");
  static const char * const members[] = {
    "wall-us", "tasks", "done", "failed", "cancelled", "retried", "workers-lost", "start-us",
    "end-us",
  };
  gint64 v[G_N_ELEMENTS (members)];
  PxRunCounters *c = &loaded->counters;

  if (summary == NULL)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (members); k++)
    {
      g_autofree char *path = g_strconcat ("summary.", members[k], NULL);

      if (!_px_report_get_int (reader, summary, members[k], path, &v[k]))
        return FALSE;
      if (v[k] < 0 && k < 7)
        return _px_report_fail (reader, path, _("a number of zero or more"));
    }
  c->elapsed_us = v[0];
  c->total = v[1];
  c->produced = v[1];
  c->done = v[2];
  c->failed = v[3];
  c->cancelled = v[4];
  c->retried = v[5];
  c->workers_lost = v[6];
  *start_us = v[7];
  *end_us = v[8];
  /* Reports of older versions did not say when their run started. */
  *start_real_us = json_object_get_int_member_with_default (summary, "started-at-us", 0);
  loaded->shared_value = json_object_get_int_member_with_default (summary, "shared-updates", 0);
  if (json_object_has_member (summary, "signals"))
    {
      JsonObject *sig = _px_report_get_object (reader, summary, "signals", "summary.signals");
      const char * const names[] = { "event-sets", "event-waits", "items", "notifies", "wakeups",
                                     "futile-wakeups", "items-max", "items-left" };
      guint64 *fields[] = {
        &loaded->signal.event_sets, &loaded->signal.event_waits, &loaded->signal.items,
        &loaded->signal.notifies, &loaded->signal.wakeups, &loaded->signal.futile_wakeups,
        &loaded->signal.items_max, &loaded->signal.items_left,
      };

      if (sig == NULL)
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          g_autofree char *path = g_strdup_printf ("summary.signals.%s", names[k]);
          gint64 value;

          if (!_px_report_get_int (reader, sig, names[k], path, &value))
            return FALSE;
          *fields[k] = MAX (value, 0);
        }
    }
  return TRUE;
}

static gboolean
read_repetitions (Reader        *reader,
                  JsonObject    *root,
                  PxRepetitions *reps)
{
  JsonObject *object;
  JsonArray *runs;
  gint64 warmup;

  if (!json_object_has_member (root, "repetitions"))
    return TRUE;
  object = _px_report_get_object (reader, root, "repetitions", "repetitions");
  if (object == NULL ||
      !_px_report_get_int (reader, object, "warmup", "repetitions.warmup", &warmup))
    return FALSE;
  runs = _px_report_get_array (reader, object, "runs", "repetitions.runs");
  if (runs == NULL)
    return FALSE;

  reps->n = json_array_get_length (runs);
  reps->warmup = CLAMP (warmup, 0, G_MAXUINT);
  reps->wall_s = g_new0 (double, MAX (reps->n, 1));
  reps->throughput = g_new0 (double, MAX (reps->n, 1));
  reps->p50_ms = g_new0 (double, MAX (reps->n, 1));
  for (guint i = 0; i < reps->n; i++)
    {
      JsonNode *node = json_array_get_element (runs, i);
      g_autofree char *where = g_strdup_printf ("repetitions.runs[%u]", i);
      JsonObject *run;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _px_report_fail (reader, where, _("an object"));
      run = json_node_get_object (node);
      {
        g_autofree char *wall = g_strconcat (where, ".wall-s", NULL);
        g_autofree char *rate = g_strconcat (where, ".throughput-per-s", NULL);
        g_autofree char *p50 = g_strconcat (where, ".p50-ms", NULL);

        if (!_px_report_get_double (reader, run, "wall-s", wall, &reps->wall_s[i]) ||
            !_px_report_get_double (reader, run, "throughput-per-s", rate, &reps->throughput[i]) ||
            !_px_report_get_double (reader, run, "p50-ms", p50, &reps->p50_ms[i]))
          return FALSE;
      }
    }
  px_repetitions_finish (reps);
  return TRUE;
}

/* One series: an array of numbers or nulls, pushed into @history. */
static gboolean
read_history (Reader     *reader,
              JsonObject *object,
              const char *name,
              const char *path,
              guint       n,
              PxHistory  *history)
{
  JsonArray *array = _px_report_get_array (reader, object, name, path);

  if (array == NULL)
    return FALSE;
  if (json_array_get_length (array) != n)
    return _px_report_fail (reader, path, _("as long as “series.t-s”"));
  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!_px_report_node_get_double (json_array_get_element (array, i), &v))
        return _px_report_fail (reader, path, _("an array of numbers"));
      px_history_push (history, v);
    }
  return TRUE;
}

static PxSampler *
read_series (Reader     *reader,
             JsonObject *root,
             PxRun      *run)
{
  JsonObject *series = _px_report_get_object (reader, root, "series", "series");
  g_autoptr(PxSampler) sampler = NULL;
  JsonArray *t, *workers, *cores;
  gint64 interval, halvings;
  guint n;

  if (series == NULL ||
      !_px_report_get_int (reader, series, "interval-ms", "series.interval-ms", &interval) ||
      !_px_report_get_int (reader, series, "halvings", "series.halvings", &halvings) ||
      (t = _px_report_get_array (reader, series, "t-s", "series.t-s")) == NULL ||
      (workers = _px_report_get_array (reader, series, "workers", "series.workers")) == NULL ||
      (cores = _px_report_get_array (reader, series, "cores-cpu-percent",
                                     "series.cores-cpu-percent")) == NULL)
    return NULL;
  if (interval < 1 || interval > 60000)
    {
      _px_report_fail (reader, "series.interval-ms", _("a number of milliseconds from 1 to 60000"));
      return NULL;
    }
  if (json_array_get_length (workers) != px_run_get_n_workers (run))
    {
      _px_report_fail (reader, "series.workers", _("a worker for each of the profile’s workers"));
      return NULL;
    }
  if (json_array_get_length (cores) > 4096)
    {
      _px_report_fail (reader, "series.cores-cpu-percent", _("at most 4096 cores"));
      return NULL;
    }

  n = json_array_get_length (t);
  sampler = px_sampler_new_loaded (run, interval, CLAMP (halvings, 0, 64),
                                   json_array_get_length (cores), n);
  if (!read_history (reader, series, "t-s", "series.t-s", n, px_sampler_get_time (sampler)))
    return NULL;
  for (PxSeries s = 0; s < PX_N_SERIES; s++)
    {
      g_autofree char *path = g_strconcat ("series.", px_series_name (s), NULL);

      /* Sampled for some runs only, and by later versions. */
      if (px_series_is_optional (s) && !json_object_has_member (series, px_series_name (s)))
        continue;
      if (!read_history (reader, series, px_series_name (s), path, n,
                         px_sampler_get_series (sampler, s)))
        return NULL;
    }
  for (guint w = 0; w < json_array_get_length (workers); w++)
    {
      JsonNode *node = json_array_get_element (workers, w);
      g_autofree char *where = g_strdup_printf ("series.workers[%u]", w);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          _px_report_fail (reader, where, _("an object"));
          return NULL;
        }
      for (PxWorkerSeries s = 0; s < PX_N_WORKER_SERIES; s++)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", where, px_worker_series_name (s));

          if (px_worker_series_is_optional (s) &&
              !json_object_has_member (json_node_get_object (node), px_worker_series_name (s)))
            continue;
          if (!read_history (reader, json_node_get_object (node), px_worker_series_name (s), path,
                             n, px_sampler_get_worker_series (sampler, w, s)))
            return NULL;
        }
    }
  for (guint c = 0; c < json_array_get_length (cores); c++)
    {
      JsonNode *node = json_array_get_element (cores, c);
      g_autofree char *path = g_strdup_printf ("series.cores-cpu-percent[%u]", c);
      g_autoptr(JsonObject) wrapper = json_object_new ();

      /* read_history() reads a member: the core's array is wrapped. */
      json_object_set_member (wrapper, "core", json_node_copy (node));
      if (!read_history (reader, wrapper, "core", path, n, px_sampler_get_core_series (sampler, c)))
        return NULL;
    }
  {
    JsonObject *summary = json_object_get_object_member (root, "summary");
    JsonNode *littles = json_object_get_member (summary, "littles-law");
    double queue = NAN, waiting = NAN;

    if (littles != NULL && JSON_NODE_HOLDS_OBJECT (littles))
      {
        JsonObject *o = json_node_get_object (littles);

        _px_report_node_get_double (json_object_get_member (o, "mean-queue-depth-sampled"), &queue);
        _px_report_node_get_double (json_object_get_member (o, "mean-waiting-sampled"), &waiting);
      }
    px_sampler_loaded (sampler, queue, waiting);
  }
  return g_steal_pointer (&sampler);
}

/* A copy of @spec whose jobs' inputs are the report's, not whatever the
 * files it named hold today. */
static void
spec_with_report_inputs (PxSpec    *spec,
                         JsonArray *tasks)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonNode *node = json_array_get_element (tasks, i);
      const char *input = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        input = json_object_get_string_member_with_default (json_node_get_object (node),
                                                            "input", NULL);
      any |= input != NULL;
      g_strv_builder_add (builder, input != NULL ? input : "");
    }
  g_clear_pointer (&spec->input_list, g_strfreev);
  g_clear_pointer (&spec->inputs_file, g_free);
  g_clear_pointer (&spec->inputs, g_free);
  if (any)
    spec->input_list = g_strv_builder_end (builder);
  spec->tasks = json_array_get_length (tasks);
}

static PxRun *
read_run (Reader     *reader,
          JsonObject *root)
{
  g_autoptr(PxProfile) profile = read_profile (reader, root);
  g_autoptr(PxRun) run = NULL;
  g_auto(PxSpec) spec = { 0 };
  g_autofree PxRunLoaded *loaded = g_new0 (PxRunLoaded, 1);
  JsonArray *tasks, *workers, *events;
  gint64 start_us = 0, end_us = 0, start_real_us = 0;
  JsonObject *environment;

  if (profile == NULL)
    return NULL;
  if ((tasks = _px_report_get_array (reader, root, "tasks", "tasks")) == NULL ||
      (workers = _px_report_get_array (reader, root, "workers", "workers")) == NULL ||
      (events = _px_report_get_array (reader, root, "events", "events")) == NULL)
    return NULL;
  if (json_array_get_length (tasks) > PX_MAX_TASKS)
    {
      _px_report_fail (reader, "tasks", _("an array of at most 10000000 tasks"));
      return NULL;
    }

  px_spec_copy (&spec, px_profile_get_spec (profile));
  if (spec.kind == PX_KIND_COMMAND)
    spec_with_report_inputs (&spec, tasks);
  spec.tasks = json_array_get_length (tasks);
  run = px_run_new (&spec);
  if (px_run_get_spec (run)->tasks != spec.tasks)
    {
      _px_report_fail (reader, "tasks", _("a task for each of the profile’s tasks"));
      return NULL;
    }

  /* kind=net: each task's connect, and the server's figures. */
  if (spec.kind == PX_KIND_NET)
    {
      PxRunShared *shared = _px_run_get_shared (run);
      JsonObject *net = _px_report_get_object (reader, root, "net", "net");
      gint64 v[3];

      if (net == NULL ||
          !_px_report_get_int (reader, net, "bytes", "net.bytes", &v[0]) ||
          !_px_report_get_int (reader, net, "server-served", "net.server-served", &v[1]) ||
          !_px_report_get_int (reader, net, "server-queue-max", "net.server-queue-max", &v[2]))
        return NULL;
      shared->net_connect_us = g_new0 (guint32, spec.tasks);
      shared->net_bytes = MAX (v[0], 0);
      shared->net_final.served = MAX (v[1], 0);
      shared->net_final.queued_max = CLAMP (v[2], 0, G_MAXUINT32);
    }

  if (!read_summary (reader, root, loaded, &start_us, &end_us, &start_real_us) ||
      !_px_report_read_workers (reader, workers, loaded, spec.workers) ||
      !_px_report_read_tasks (reader, tasks, run))
    {
      g_clear_pointer (&loaded->workers, g_free);
      g_clear_pointer (&loaded->nodes, g_strfreev);
      return NULL;
    }
  if (loaded->counters.total != spec.tasks)
    {
      g_clear_pointer (&loaded->workers, g_free);
      g_clear_pointer (&loaded->nodes, g_strfreev);
      _px_report_fail (reader, "summary.tasks", _("the number of tasks in “tasks”"));
      return NULL;
    }

  {
    PxRunShared *shared = _px_run_get_shared (run);

    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        const char *event = json_node_get_string (json_array_get_element (events, i));

        if (event != NULL)
          g_ptr_array_add (shared->events, g_strdup (event));
      }
    environment = json_object_get_member (root, "environment") != NULL &&
                  JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "environment"))
                  ? json_object_get_object_member (root, "environment") : NULL;
    if (environment != NULL)
      shared->iters_per_ms =
        json_object_get_double_member_with_default (environment,
                                                    "calibration-iterations-per-ms", 0);
  }

  {
    PxRunState state = loaded->counters.cancelled > 0 ? PX_RUN_CANCELLED : PX_RUN_FINISHED;

    _px_run_set_loaded (run, state, start_us, end_us, start_real_us, g_steal_pointer (&loaded));
  }
  return g_steal_pointer (&run);
}

/**
 * px_report_read:
 * @path: a JSON report, as px_report_write() writes it
 * @run: (out): the finished run it describes
 * @sampler: (out) (optional): its sampled series, or %NULL when the
 *   report has none
 * @reps: (out caller-allocates) (optional): its repetitions (n = 0
 *   when it has none); clear with px_repetitions_clear()
 *
 * Reads a report back. Errors name the file and the member at fault.
 */
gboolean
px_report_read (const char     *path,
                PxRun         **run,
                PxSampler     **sampler,
                PxRepetitions  *reps,
                GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  g_autoptr(PxRun) result = NULL;
  g_autoptr(PxSampler) series = NULL;
  Reader reader = { path, error };
  PxRepetitions loaded_reps = { 0 };
  JsonNode *root_node;
  JsonObject *root;
  gint64 version;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (run != NULL, FALSE);

  if (!json_parser_load_from_mapped_file (parser, path, &local))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, local->domain == JSON_PARSER_ERROR ? G_IO_ERROR : local->domain,
                   local->domain == JSON_PARSER_ERROR ? G_IO_ERROR_INVALID_DATA : local->code,
                   "%s: %s", name, local->message);
      return FALSE;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root_node),
                                                             "schema", NULL),
                 "parallax-report") != 0)
    return _px_report_fail (&reader, "schema",
                            _("“parallax-report”: this is not a Parallax JSON report"));
  root = json_node_get_object (root_node);
  if (!_px_report_get_int (&reader, root, "schema-version", "schema-version", &version))
    return FALSE;
  if (version < 1 || version > PX_REPORT_SCHEMA_VERSION)
    {
      g_autofree char *accepted = g_strdup_printf (_("a version up to %d (this report may come "
                                                     "from a newer Parallax)"),
                                                   PX_REPORT_SCHEMA_VERSION);

      return _px_report_fail (&reader, "schema-version", accepted);
    }

  result = read_run (&reader, root);
  if (result == NULL)
    return FALSE;
  if (json_object_has_member (root, "series"))
    {
      series = read_series (&reader, root, result);
      if (series == NULL)
        return FALSE;
    }
  if (!read_repetitions (&reader, root, &loaded_reps))
    {
      px_repetitions_clear (&loaded_reps);
      return FALSE;
    }

  *run = g_steal_pointer (&result);
  if (sampler != NULL)
    *sampler = g_steal_pointer (&series);
  if (reps != NULL)
    *reps = loaded_reps;
  else
    px_repetitions_clear (&loaded_reps);
  return TRUE;
}
