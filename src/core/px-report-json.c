/* px-report-json.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON report: the profile, environment, summary, workers and
 * repetitions through json-glib; the task records and sampled series
 * streamed, since a million records would be a million JsonNodes.
 */

#include "config.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "px-profile.h"
#include "px-report-private.h"

char *
_px_report_dup_cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "model name"))
        {
          const char *colon = strchr (lines[i], ':');
          if (colon)
            return g_strstrip (g_strdup (colon + 1));
        }
    }
  return g_strdup ("unknown");
}

static JsonNode *
build_environment (PxRun *run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *model = _px_report_dup_cpu_model ();
  g_autofree char *glib = g_strdup_printf ("%u.%u.%u", glib_major_version, glib_minor_version,
                                           glib_micro_version);
  struct utsname uts;

  uname (&uts);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cpu-model");
  json_builder_add_string_value (b, model);
  json_builder_set_member_name (b, "cores");
  json_builder_add_int_value (b, g_get_num_processors ());
  json_builder_set_member_name (b, "kernel");
  json_builder_add_string_value (b, uts.release);
  json_builder_set_member_name (b, "machine");
  json_builder_add_string_value (b, uts.machine);
  json_builder_set_member_name (b, "parallax-version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "glib-version");
  json_builder_add_string_value (b, glib);
  json_builder_set_member_name (b, "libgtop-version");
  json_builder_add_string_value (b, PX_LIBGTOP_VERSION);
  json_builder_set_member_name (b, "json-glib-version");
  json_builder_add_string_value (b, JSON_VERSION_S);
  json_builder_set_member_name (b, "calibration-iterations-per-ms");
  json_builder_add_double_value (b, px_run_get_calibration (run));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
add_stats (JsonBuilder   *b,
           const char    *name,
           const PxStats *s)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, s->n);
#define STAT(field) \
  json_builder_set_member_name (b, #field); \
  json_builder_add_double_value (b, s->field);
  STAT (mean) STAT (stddev) STAT (min) STAT (p50) STAT (p95) STAT (p99) STAT (max)
#undef STAT
  json_builder_end_object (b);
}

/* A member that is a number, or null for what is not one (JSON has no
 * NaN or infinity). */
void
_px_report_json_add_number (JsonBuilder *b,
                            const char  *name,
                            double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static JsonNode *
build_summary (PxRun           *run,
               PxSampler       *sampler,
               const PxSummary *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double mean_queue = sampler ? px_sampler_get_mean_queue (sampler) : NAN;
  double mean_waiting = sampler ? px_sampler_get_mean_waiting (sampler) : NAN;

  json_builder_begin_object (b);
#define INT(name, v) json_builder_set_member_name (b, name); json_builder_add_int_value (b, v);
  INT ("wall-us", s->wall_us)
  INT ("start-us", px_run_get_start_time (run))
  INT ("end-us", px_run_get_end_time (run))
  INT ("started-at-us", px_run_get_start_real_time (run))
  INT ("tasks", s->total)
  INT ("done", s->done)
  INT ("failed", s->failed)
  INT ("cancelled", s->cancelled)
  INT ("retried", s->retried)
  INT ("workers-lost", s->workers_lost)
#undef INT
  json_builder_set_member_name (b, "throughput-per-s");
  json_builder_add_double_value (b, s->throughput);
  json_builder_set_member_name (b, "cpu-s");
  json_builder_add_double_value (b, s->cpu_s);
  json_builder_set_member_name (b, "average-parallelism");
  json_builder_add_double_value (b, s->parallelism);
  add_stats (b, "run-us", &s->run_us);
  add_stats (b, "queue-wait-us", &s->wait_us);
  /* The POP model's efficiencies, 0 to 1 (null when no worker worked). */
  json_builder_set_member_name (b, "efficiency");
  json_builder_begin_object (b);
  _px_report_json_add_number (b, "parallel", s->parallel_efficiency);
  _px_report_json_add_number (b, "load-balance", s->load_balance);
  _px_report_json_add_number (b, "communication", s->communication_efficiency);
  _px_report_json_add_number (b, "serialisation", s->serialisation_efficiency);
  _px_report_json_add_number (b, "transfer", s->transfer_efficiency);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "littles-law");
  json_builder_begin_object (b);
  _px_report_json_add_number (b, "mean-queue-depth-sampled", mean_queue);
  _px_report_json_add_number (b, "mean-waiting-sampled", mean_waiting);
  _px_report_json_add_number (b, "throughput-times-mean-wait",
                              s->throughput * s->wait_us.mean / 1e6);
  json_builder_end_object (b);
  if (px_run_get_spec (run)->kind == PX_KIND_SHARED_UPDATE)
    {
      json_builder_set_member_name (b, "shared-updates");
      json_builder_add_int_value (b, px_run_get_shared_value (run));
    }
  if (px_run_get_spec (run)->kind == PX_KIND_EVENT ||
      px_run_get_spec (run)->kind == PX_KIND_CONDITION)
    {
      PxSignalStats sig;

      px_run_get_signal_stats (run, &sig);
      json_builder_set_member_name (b, "signals");
      json_builder_begin_object (b);
#define SIG(name, v) json_builder_set_member_name (b, name); \
                     json_builder_add_int_value (b, (gint64)MIN (v, G_MAXINT64));
      SIG ("event-sets", sig.event_sets)
      SIG ("event-waits", sig.event_waits)
      SIG ("items", sig.items)
      SIG ("notifies", sig.notifies)
      SIG ("wakeups", sig.wakeups)
      SIG ("futile-wakeups", sig.futile_wakeups)
      SIG ("items-max", sig.items_max)
      SIG ("items-left", sig.items_left)
#undef SIG
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
build_workers (PxRun           *run,
               const PxSummary *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const PxSpec *spec = px_run_get_spec (run);

  json_builder_begin_array (b);
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;

      px_run_get_worker (run, i, &w);
      json_builder_begin_object (b);
#define INT(name, v) json_builder_set_member_name (b, name); json_builder_add_int_value (b, v);
      INT ("index", i)
      INT ("pid", w.pid)
      INT ("tid", w.tid)
      INT ("tasks-done", w.tasks_done)
      INT ("tasks-failed", w.tasks_failed)
      INT ("cpu-ns", w.cpu_ns)
      INT ("busy-us", w.busy_us)
      INT ("lock-wait-us", w.lock_wait_us)
      INT ("io-wait-us", w.io_wait_us)
      INT ("signal-wait-us", w.signal_wait_us)
      INT ("restarts", w.restarts)
      /* launcher=ssh or srun: where it ran (":" here; under srun, the
       * node, once the worker said), the name its host gave itself, and
       * how its clock stood to ours. */
      if (spec->launcher != PX_LAUNCHER_LOCAL)
        {
          g_autofree char *host = px_run_dup_worker_host (run, i);
          g_autofree char *node = px_run_dup_worker_node (run, i);

          if (host != NULL || !w.elsewhere)
            {
              json_builder_set_member_name (b, "host");
              json_builder_add_string_value (b, host != NULL ? host : ":");
            }
          if (spec->launcher == PX_LAUNCHER_SSH)
            {
              INT ("host-index", w.host)
            }
          json_builder_set_member_name (b, "elsewhere");
          json_builder_add_boolean_value (b, w.elsewhere);
          if (node != NULL)
            {
              json_builder_set_member_name (b, "node");
              json_builder_add_string_value (b, node);
            }
          if (w.elsewhere)
            {
              INT ("clock-offset-us", w.clock_offset_us)
              INT ("clock-error-us", w.clock_error_us)
            }
        }
#undef INT
      json_builder_set_member_name (b, "utilisation");
      json_builder_add_double_value (b, s->wall_us > 0 ? (double)w.busy_us / s->wall_us : 0);
      json_builder_set_member_name (b, "time-breakdown-us");
      json_builder_begin_object (b);
      for (guint k = 0; k < PX_WORKER_N_STATES; k++)
        {
          json_builder_set_member_name (b, px_worker_state_name (k));
          json_builder_add_int_value (b, w.time_us[k]);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  return json_builder_get_root (b);
}

static JsonNode *
build_repetitions (const PxRepetitions *reps)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "warmup");
  json_builder_add_int_value (b, reps->warmup);
  add_stats (b, "wall-s", &reps->wall_stats);
  add_stats (b, "throughput-per-s", &reps->throughput_stats);
  add_stats (b, "p50-ms", &reps->p50_stats);
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < reps->n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "wall-s");
      json_builder_add_double_value (b, reps->wall_s[i]);
      json_builder_set_member_name (b, "throughput-per-s");
      json_builder_add_double_value (b, reps->throughput[i]);
      json_builder_set_member_name (b, "p50-ms");
      json_builder_add_double_value (b, reps->p50_ms[i]);
      json_builder_set_member_name (b, "outlier");
      json_builder_add_boolean_value (b, reps->outlier[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
build_profile (PxRun *run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(PxProfile) profile = px_profile_new_from_spec (px_run_get_spec (run));
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  json_builder_begin_object (b);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *value = px_profile_get_value (profile, fields[i].key);

      json_builder_set_member_name (b, fields[i].key);
      switch (fields[i].type)
        {
        case PX_FIELD_UINT:
        case PX_FIELD_UINT64:
          /* A word for 0 (chunk-size "auto") stays a word. */
          if (g_ascii_isdigit (value[0]))
            json_builder_add_int_value (b, g_ascii_strtoll (value, NULL, 10));
          else
            json_builder_add_string_value (b, value);
          break;
        case PX_FIELD_DOUBLE:
          json_builder_add_double_value (b, g_ascii_strtod (value, NULL));
          break;
        case PX_FIELD_BOOLEAN:
          json_builder_add_boolean_value (b, g_str_equal (value, "true"));
          break;
        case PX_FIELD_STRING:
        case PX_FIELD_ENUM:
        default:
          json_builder_add_string_value (b, value);
          break;
        }
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
out_json_member (Out        *out,
                 const char *name,
                 JsonNode   *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  out_printf (out, ",\n\"%s\": %s", name, text);
  json_node_unref (node);
}

/* A history as a JSON array of its @n oldest values; missing ones null. */
static void
write_history_json (Out       *out,
                    PxHistory *h,
                    guint      n)
{
  out_str (out, "[");
  for (guint i = 0; i < n; i++)
    {
      if (i)
        out_str (out, ",");
      out_double (out, px_history_get (h, i), "null");
    }
  out_str (out, "]");
}

static void
write_series_json (Out       *out,
                   PxSampler *sampler)
{
  PxHistory *time = px_sampler_get_time (sampler);
  guint n = px_history_get_length (time);

  out_printf (out, ",\n\"series\": {\"interval-ms\": %u, \"dropped\": %" G_GUINT64_FORMAT
              ", \"halvings\": %u, \"t-s\": ", px_sampler_get_interval (sampler),
              px_history_get_dropped (time), px_sampler_get_halvings (sampler));
  write_history_json (out, time, n);

  for (guint s = 0; s < PX_N_SERIES; s++)
    {
      /* A series this run did not sample is left out. */
      if (px_series_is_optional (s) &&
          px_history_get_length (px_sampler_get_series (sampler, s)) != n)
        continue;
      out_printf (out, ",\n  \"%s\": ", px_series_name (s));
      write_history_json (out, px_sampler_get_series (sampler, s), n);
    }

  out_str (out, ",\n  \"workers\": [");
  for (guint w = 0; w < px_sampler_get_n_workers (sampler); w++)
    {
      out_str (out, w ? ",\n    {" : "\n    {");
      for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
        {
          if (px_worker_series_is_optional (s) &&
              px_history_get_length (px_sampler_get_worker_series (sampler, w, s)) != n)
            continue;
          out_printf (out, "%s\"%s\": ", s ? ", " : "", px_worker_series_name (s));
          write_history_json (out, px_sampler_get_worker_series (sampler, w, s), n);
        }
      out_str (out, "}");
    }

  out_str (out, "],\n  \"cores-cpu-percent\": [");
  for (guint c = 0; c < px_sampler_get_n_cores (sampler); c++)
    {
      out_str (out, c ? ",\n    " : "\n    ");
      write_history_json (out, px_sampler_get_core_series (sampler, c), n);
    }
  out_str (out, "]}");
}

void
_px_report_write_json (Out             *out,
                       PxRun           *run,
                       PxSampler       *sampler,
                       const PxRepetitions *reps,
                       const PxSummary *s)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  const PxTaskWaits *waits = px_run_has_task_waits (run) ? px_run_get_task_waits (run) : NULL;

  out_printf (out, "{\"schema\": \"parallax-report\",\n\"schema-version\": %d",
              PX_REPORT_SCHEMA_VERSION);
  out_json_member (out, "profile", build_profile (run));
  out_json_member (out, "environment", build_environment (run));
  out_json_member (out, "summary", build_summary (run, sampler, s));
  out_json_member (out, "workers", build_workers (run, s));
  if (reps != NULL && reps->n > 0)
    out_json_member (out, "repetitions", build_repetitions (reps));
  /* Event loops: each one's lag and slow callbacks. */
  if (px_run_get_spec (run)->executor == PX_EXECUTOR_EVENT_LOOP)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      PxLoopStats stats;

      json_builder_begin_array (b);
      for (guint i = 0; px_run_get_loop_stats (run, i, &stats); i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "lag-max-us");
          json_builder_add_int_value (b, stats.lag_max_us);
          json_builder_set_member_name (b, "lag-mean-us");
          json_builder_add_int_value (b, stats.probes > 0 ? stats.lag_sum_us / (gint64)stats.probes
                                                          : 0);
          json_builder_set_member_name (b, "slow-callbacks");
          json_builder_add_int_value (b, stats.slow_callbacks);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      out_json_member (out, "loops", json_builder_get_root (b));
    }

  /* kind=net: the requests and the server. */
  {
    PxNetSummary net;

    if (px_net_summary_compute (run, &net))
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "requests");
        json_builder_add_int_value (b, net.requests);
        json_builder_set_member_name (b, "bytes");
        json_builder_add_int_value (b, (gint64)net.bytes);
        json_builder_set_member_name (b, "connect-p50-us");
        json_builder_add_double_value (b, net.connect_us.p50);
        json_builder_set_member_name (b, "connect-p95-us");
        json_builder_add_double_value (b, net.connect_us.p95);
        json_builder_set_member_name (b, "reply-p50-us");
        json_builder_add_double_value (b, net.reply_us.p50);
        json_builder_set_member_name (b, "reply-p95-us");
        json_builder_add_double_value (b, net.reply_us.p95);
        json_builder_set_member_name (b, "server-served");
        json_builder_add_int_value (b, (gint64)net.server.served);
        json_builder_set_member_name (b, "server-queue-max");
        json_builder_add_int_value (b, net.server.queued_max);
        json_builder_end_object (b);
        out_json_member (out, "net", json_builder_get_root (b));
      }
  }

  {
    g_auto(GStrv) events = px_run_dup_events (run);
    g_autoptr(JsonBuilder) b = json_builder_new ();

    json_builder_begin_array (b);
    for (guint i = 0; events[i]; i++)
      json_builder_add_string_value (b, events[i]);
    json_builder_end_array (b);
    out_json_member (out, "events", json_builder_get_root (b));
  }

  /* Records are streamed: a million of them would be a million JsonNodes. */
  out_str (out, ",\n\"tasks\": [");
  for (guint i = 0; i < n; i++)
    {
      out_str (out, i ? ",\n" : "\n");
      _px_report_write_record (out, &r[i], waits != NULL ? &waits[i] : NULL, i, TRUE);
      _px_report_write_job (out, run, i, TRUE);
      if (r[i].status == PX_TASK_FAILED)
        {
          g_autofree char *reason = px_run_dup_failure_reason (run, i);
          JsonNode *node = json_node_new (JSON_NODE_VALUE);
          g_autoptr(JsonGenerator) gen = json_generator_new ();
          g_autofree char *text = NULL;

          json_node_set_string (node, reason ? reason : "");
          json_generator_set_root (gen, node);
          text = json_generator_to_data (gen, NULL);
          json_node_unref (node);
          out_str (out, ",\"reason\":");
          out_str (out, text);
        }
      out_str (out, "}");
    }
  out_str (out, "]");

  if (sampler != NULL)
    write_series_json (out, sampler);

  out_str (out, "}\n");
}
