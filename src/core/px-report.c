/* px-report.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Timing reports of a finished run: JSON, CSV, Markdown, Chrome Trace
 * Event JSON and standalone HTML, written through PxOutput: a failed
 * export leaves the previous file intact.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "px-output.h"
#include "px-profile.h"
#include "px-report.h"
#include "px-scale.h"

#define OUT_BUFFER (64 * 1024)

/* What a writer writes to: a buffer emptied into a stream. After the
 * first error nothing more is written, and the error is kept. */
typedef struct
{
  GOutputStream *stream;
  GError        *error;
  gsize          len;
  char           buffer[OUT_BUFFER];
} Out;

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

static void
out_flush (Out *out)
{
  if (out->error == NULL && out->len > 0)
    g_output_stream_write_all (out->stream, out->buffer, out->len, NULL, NULL, &out->error);
  out->len = 0;
}

static void
out_write (Out        *out,
           const char *data,
           gsize       len)
{
  if (out->len + len > sizeof out->buffer)
    {
      out_flush (out);
      if (len > sizeof out->buffer)
        {
          if (out->error == NULL)
            g_output_stream_write_all (out->stream, data, len, NULL, NULL, &out->error);
          return;
        }
    }
  memcpy (out->buffer + out->len, data, len);
  out->len += len;
}

static void
out_str (Out        *out,
         const char *s)
{
  out_write (out, s, strlen (s));
}

static void
out_printf (Out        *out,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
out_printf (Out        *out,
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

/* Integers are most of a large report: format them without printf. */
static void
out_int (Out    *out,
         gint64  v)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = v < 0 ? (guint64)(-(v + 1)) + 1 : (guint64)v;

  do
    {
      *--p = '0' + (u % 10);
      u /= 10;
    }
  while (u > 0);
  if (v < 0)
    *--p = '-';
  out_write (out, p, buf + sizeof buf - p);
}

/* Doubles in C locale; NAN becomes @nan_text. */
static void
out_double (Out        *out,
            double      v,
            const char *nan_text)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    out_str (out, nan_text);
  else
    out_str (out, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

static char *
read_cpu_model (void)
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
  g_autofree char *model = read_cpu_model ();
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

static void
add_double_or_null (JsonBuilder *b,
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
  json_builder_set_member_name (b, "littles-law");
  json_builder_begin_object (b);
  add_double_or_null (b, "mean-queue-depth-sampled", mean_queue);
  add_double_or_null (b, "mean-waiting-sampled", mean_waiting);
  add_double_or_null (b, "throughput-times-mean-wait", s->throughput * s->wait_us.mean / 1e6);
  json_builder_end_object (b);
  if (px_run_get_spec (run)->kind == PX_KIND_SHARED_UPDATE)
    {
      json_builder_set_member_name (b, "shared-updates");
      json_builder_add_int_value (b, px_run_get_shared_value (run));
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
build_workers (PxRun           *run,
               const PxSummary *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

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
      INT ("restarts", w.restarts)
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
          json_builder_add_int_value (b, g_ascii_strtoll (value, NULL, 10));
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
      out_printf (out, ",\n  \"%s\": ", px_series_name (s));
      write_history_json (out, px_sampler_get_series (sampler, s), n);
    }

  out_str (out, ",\n  \"workers\": [");
  for (guint w = 0; w < px_sampler_get_n_workers (sampler); w++)
    {
      out_str (out, w ? ",\n    {" : "\n    {");
      for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
        {
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

/* The columns of a task record, shared by the JSON objects and the CSV
 * rows so the two never drift apart. */
typedef enum
{
  COL_ID,
  COL_WORKER,
  COL_ATTEMPT,
  COL_STATUS,
  COL_ENQUEUE,
  COL_START,
  COL_END,
  COL_QUEUE_WAIT,
  COL_RUN,
  COL_LOCK_WAIT,
  COL_IO_WAIT,
  N_COLUMNS,
} Column;

static const struct
{
  const char *json_prefix;
  const char *csv_name;
} columns[N_COLUMNS] = {
  { "{\"id\":", "task" },
  { ",\"worker\":", "worker" },
  { ",\"attempt\":", "attempt" },
  { ",\"status\":", "status" },
  { ",\"enqueue-us\":", "enqueue_us" },
  { ",\"start-us\":", "start_us" },
  { ",\"end-us\":", "end_us" },
  { ",\"queue-wait-us\":", "queue_wait_us" },
  { ",\"run-us\":", "run_us" },
  { ",\"lock-wait-us\":", "lock_wait_us" },
  { ",\"io-wait-us\":", "io_wait_us" },
};

static gint64
column_value (const PxTaskRecord *r,
              guint               id,
              Column              column)
{
  switch (column)
    {
    case COL_ID:         return id;
    case COL_WORKER:     return r->worker;
    case COL_ATTEMPT:    return r->attempt;
    case COL_ENQUEUE:    return r->enqueue_us;
    case COL_START:      return r->start_us;
    case COL_END:        return r->end_us;
    case COL_QUEUE_WAIT: return r->start_us ? MAX (r->start_us - r->enqueue_us, 0) : 0;
    case COL_RUN:        return r->end_us - r->start_us;
    case COL_LOCK_WAIT:  return r->lock_wait_us;
    case COL_IO_WAIT:    return r->io_wait_us;
    case COL_STATUS:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Writes the columns of one record: as JSON members, or CSV fields. */
static void
write_record (Out                *out,
              const PxTaskRecord *r,
              guint               id,
              gboolean            json)
{
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      if (json)
        out_str (out, columns[c].json_prefix);
      else if (c > 0)
        out_str (out, ",");

      if (c == COL_STATUS)
        {
          if (json)
            out_str (out, "\"");
          out_str (out, px_task_status_name (r->status));
          if (json)
            out_str (out, "\"");
        }
      else
        {
          out_int (out, column_value (r, id, c));
        }
    }
}

static void
write_json (Out             *out,
            PxRun           *run,
            PxSampler       *sampler,
            const PxRepetitions *reps,
            const PxSummary *s)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);

  out_printf (out, "{\"schema\": \"parallax-report\",\n\"schema-version\": %d",
              PX_REPORT_SCHEMA_VERSION);
  out_json_member (out, "profile", build_profile (run));
  out_json_member (out, "environment", build_environment (run));
  out_json_member (out, "summary", build_summary (run, sampler, s));
  out_json_member (out, "workers", build_workers (run, s));
  if (reps != NULL && reps->n > 0)
    out_json_member (out, "repetitions", build_repetitions (reps));

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
      write_record (out, &r[i], i, TRUE);
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

static void
write_csv_tasks (Out   *out,
                 PxRun *run)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);

  for (Column c = 0; c < N_COLUMNS; c++)
    out_printf (out, "%s,", columns[c].csv_name);
  out_str (out, "reason\n");
  for (guint i = 0; i < n; i++)
    {
      write_record (out, &r[i], i, FALSE);
      out_str (out, ",");
      if (r[i].status == PX_TASK_FAILED)
        {
          g_autofree char *reason = px_run_dup_failure_reason (run, i);
          g_auto(GStrv) parts = g_strsplit (reason ? reason : "", "\"", -1);
          g_autofree char *quoted = g_strjoinv ("\"\"", parts);

          out_printf (out, "\"%s\"", quoted);
        }
      out_str (out, "\n");
    }
}

static void
write_csv_series (Out       *out,
                  PxSampler *sampler)
{
  PxHistory *time = px_sampler_get_time (sampler);
  guint n = px_history_get_length (time);
  guint workers = px_sampler_get_n_workers (sampler);
  guint cores = px_sampler_get_n_cores (sampler);

  out_str (out, "t_s");
  for (guint s = 0; s < PX_N_SERIES; s++)
    out_printf (out, ",%s", px_series_name (s));
  for (guint w = 0; w < workers; w++)
    for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
      out_printf (out, ",worker%u_%s", w, px_worker_series_name (s));
  for (guint c = 0; c < cores; c++)
    out_printf (out, ",core%u_cpu_percent", c);
  out_str (out, "\n");

  for (guint i = 0; i < n; i++)
    {
      out_double (out, px_history_get (time, i), "");
      for (guint s = 0; s < PX_N_SERIES; s++)
        {
          out_str (out, ",");
          out_double (out, px_history_get (px_sampler_get_series (sampler, s), i), "");
        }
      for (guint w = 0; w < workers; w++)
        for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
          {
            out_str (out, ",");
            out_double (out, px_history_get (px_sampler_get_worker_series (sampler, w, s), i), "");
          }
      for (guint c = 0; c < cores; c++)
        {
          out_str (out, ",");
          out_double (out, px_history_get (px_sampler_get_core_series (sampler, c), i), "");
        }
      out_str (out, "\n");
    }
}

static void
write_markdown (Out                 *out,
                PxRun               *run,
                PxSampler           *sampler,
                const PxRepetitions *reps,
                const PxSummary     *s)
{
  const PxSpec *spec = px_run_get_spec (run);
  g_auto(GStrv) events = px_run_dup_events (run);
  const PxFigure *figures;
  guint n_figures;
  const PxStats *st[2] = { &s->run_us, &s->wait_us };
  const char *names[2] = { _("Task time"), _("Queue wait") };

  out_printf (out, "# %s\n\n", spec->name && spec->name[0] ? spec->name : _("Parallax run"));
  if (spec->description && spec->description[0])
    out_printf (out, "%s\n\n", spec->description);

  out_printf (out, "| %s | %s |\n|---|---|\n", _("Setting"), _("Value"));
  out_printf (out, "| %s | %s, %u %s |\n", _("Executor"), px_executor_kind_name (spec->executor),
              spec->workers, _("workers"));
  out_printf (out, "| %s | %s, %u %s, chunk-size %u, spawn %s%s |\n", _("Workload"),
              px_task_kind_name (spec->kind), spec->tasks, _("tasks"), spec->chunk_size,
              spec->spawn == PX_SPAWN_POOL ? "pool" : "per-task", spec->gil ? ", gil" : "");
  out_printf (out, "| %s | %.0f %s |\n\n", _("Calibration"), px_run_get_calibration (run),
              _("iterations/ms"));

  out_printf (out, "## %s\n\n| %s | %s |\n|---|---|\n", _("Summary"), _("Measure"), _("Value"));
  figures = px_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      g_autofree char *value = px_figure_format (&figures[i], figures[i].value (s));

      out_printf (out, "| %s | %s |\n", _(figures[i].label), value);
    }
  if (sampler && isfinite (px_sampler_get_mean_waiting (sampler)))
    out_printf (out, "| %s | %.2f / %.2f |\n",
                _("Little's law: mean tasks waiting (sampled) / throughput × mean queue wait"),
                px_sampler_get_mean_waiting (sampler), s->throughput * s->wait_us.mean / 1e6);
  out_str (out, "\n");

  out_printf (out, "| | mean | stddev | min | p50 | p95 | p99 | max |\n"
                   "|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < 2; i++)
    {
      double v[7] = { st[i]->mean, st[i]->stddev, st[i]->min, st[i]->p50, st[i]->p95,
                      st[i]->p99, st[i]->max };
      out_printf (out, "| %s |", names[i]);
      for (guint k = 0; k < 7; k++)
        {
          g_autofree char *d = px_format_duration (v[k]);
          out_printf (out, " %s |", d);
        }
      out_str (out, "\n");
    }

  out_printf (out, "\n## %s\n\n| # | pid/tid | %s | %s | %s | %s | %s | %s | %s | %s |\n"
                   "|---|---|---|---|---|---|---|---|---|---|\n",
              _("Workers"), _("tasks"), _("failed"), _("CPU time"), _("utilisation"),
              _("compute"), _("lock wait"), _("IO wait"), _("IPC"));
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      g_autofree char *cpu = NULL;
      g_autofree char *comp = NULL;
      g_autofree char *lock = NULL;
      g_autofree char *io = NULL;
      g_autofree char *ipc = NULL;

      px_run_get_worker (run, i, &w);
      cpu = px_format_duration (w.cpu_ns / 1000.0);
      comp = px_format_duration (w.time_us[PX_WORKER_COMPUTING]);
      lock = px_format_duration (w.time_us[PX_WORKER_LOCK_WAIT]);
      io = px_format_duration (w.time_us[PX_WORKER_IO_WAIT]);
      ipc = px_format_duration (w.time_us[PX_WORKER_IPC]);
      out_printf (out, "| %u | %d | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT
                       " | %s | %.0f %% | %s | %s | %s | %s |\n",
                  i, spec->executor == PX_EXECUTOR_PROCESSES ? w.pid : w.tid, w.tasks_done,
                  w.tasks_failed, cpu, s->wall_us ? 100.0 * w.busy_us / s->wall_us : 0,
                  comp, lock, io, ipc);
    }

  if (reps != NULL && reps->n > 1)
    {
      out_printf (out, "\n## %s\n\n", _("Repetitions"));
      out_printf (out, _("%u measured runs after %u warm-up runs: wall time %.3f ± %.3f s, "
                         "throughput %.1f ± %.1f tasks/s.\n\n"),
                  reps->n, reps->warmup, reps->wall_stats.mean, reps->wall_stats.stddev,
                  reps->throughput_stats.mean, reps->throughput_stats.stddev);
      out_printf (out, "| # | %s | %s | p50 | |\n|---|---|---|---|---|\n", _("wall time"),
                  _("throughput"));
      for (guint i = 0; i < reps->n; i++)
        out_printf (out, "| %u | %.3f s | %.1f | %.2f ms | %s |\n", i + 1, reps->wall_s[i],
                    reps->throughput[i], reps->p50_ms[i], reps->outlier[i] ? _("outlier") : "");
    }

  if (events[0] != NULL)
    {
      out_printf (out, "\n## %s\n\n", _("Events"));
      for (guint i = 0; events[i]; i++)
        out_printf (out, "- %s\n", events[i]);
    }
}

/* Chrome Trace Event format: one track per worker, task slices, counters. */
static void
write_trace (Out       *out,
             PxRun     *run,
             PxSampler *sampler)
{
  const PxSpec *spec = px_run_get_spec (run);
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  guint workers = px_run_get_n_workers (run);
  gint64 t0 = px_run_get_start_time (run);
  int parent = getpid ();
  g_autofree int *pid = g_new (int, workers);
  g_autofree int *tid = g_new (int, workers);

  out_str (out, "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n");
  out_printf (out, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
                   "\"args\":{\"name\":\"parallax (%s)\"}}", parent, parent,
              px_executor_kind_name (spec->executor));

  for (guint i = 0; i < workers; i++)
    {
      PxWorkerSnapshot w;

      px_run_get_worker (run, i, &w);
      /* Processes: a pid per worker; threads: a tid per worker in ours.
       * Fall back to stable made-up ids if a worker never started. */
      if (spec->executor == PX_EXECUTOR_PROCESSES)
        {
          pid[i] = w.pid > 0 ? w.pid : (int)(1000000 + i);
          tid[i] = pid[i];
          out_printf (out, ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
                           "\"args\":{\"name\":\"worker %u\"}}", pid[i], tid[i], i);
          out_printf (out, ",\n{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":%d,"
                           "\"args\":{\"sort_index\":%u}}", pid[i], i + 1);
        }
      else
        {
          pid[i] = parent;
          tid[i] = w.tid > 0 ? w.tid : (int)(1000000 + i);
        }
      out_printf (out, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
                       "\"args\":{\"name\":\"worker %u\"}}", pid[i], tid[i], i);
      out_printf (out, ",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
                       "\"args\":{\"sort_index\":%u}}", pid[i], tid[i], i);
    }

  for (guint i = 0; i < n; i++)
    {
      if (r[i].start_us == 0 || r[i].end_us <= r[i].start_us)
        continue;
      out_str (out, ",\n{\"name\":\"task ");
      out_int (out, i);
      out_printf (out, "\",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":", px_task_kind_name (spec->kind));
      out_int (out, pid[r[i].worker]);
      out_str (out, ",\"tid\":");
      out_int (out, tid[r[i].worker]);
      out_str (out, ",\"ts\":");
      out_int (out, r[i].start_us - t0);
      out_str (out, ",\"dur\":");
      out_int (out, r[i].end_us - r[i].start_us);
      out_str (out, ",\"args\":{\"task\":");
      out_int (out, i);
      out_str (out, ",\"attempt\":");
      out_int (out, r[i].attempt);
      out_printf (out, ",\"status\":\"%s\",\"queue_wait_us\":", px_task_status_name (r[i].status));
      out_int (out, MAX (r[i].start_us - r[i].enqueue_us, 0));
      out_str (out, ",\"lock_wait_us\":");
      out_int (out, r[i].lock_wait_us);
      out_str (out, ",\"io_wait_us\":");
      out_int (out, r[i].io_wait_us);
      out_str (out, "}}");
    }

  if (sampler != NULL)
    {
      PxHistory *time = px_sampler_get_time (sampler);
      guint ns = px_history_get_length (time);

      for (guint k = 0; k < ns; k++)
        {
          gint64 ts = (gint64)llround (px_history_get (time, k) * 1e6);
          double q = px_history_get (px_sampler_get_series (sampler, PX_SERIES_QUEUE), k);
          double thr = px_history_get (px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT), k);

          out_printf (out, ",\n{\"name\":\"queue depth\",\"ph\":\"C\",\"pid\":%d,\"ts\":%" G_GINT64_FORMAT
                           ",\"args\":{\"queued\":", parent, ts);
          out_double (out, q, "0");
          out_printf (out, "}},\n{\"name\":\"throughput\",\"ph\":\"C\",\"pid\":%d,\"ts\":%"
                           G_GINT64_FORMAT ",\"args\":{\"tasks/s\":", parent, ts);
          out_double (out, thr, "0");
          out_str (out, "}}");

          for (guint w = 0; w < workers; w++)
            {
              double cpu = px_history_get (px_sampler_get_worker_series (sampler, w,
                                                                         PX_WORKER_SERIES_CPU), k);
              if (!isfinite (cpu))
                continue;
              out_printf (out, ",\n{\"name\":\"CPU %% worker %u\",\"ph\":\"C\",\"pid\":%d,\"ts\":%"
                               G_GINT64_FORMAT ",\"args\":{\"cpu\":", w, pid[w], ts);
              out_double (out, cpu, "0");
              out_str (out, "}}");
            }
        }
    }

  out_str (out, "\n]}\n");
}

/* An inline SVG line chart of @n_lines series over the sampled time, on
 * the scales and in the colours of the window's graphs. */
static void
write_svg_chart (Out           *out,
                 const char    *title,
                 const char    *unit,
                 PxHistory     *time,
                 PxHistory    **lines,
                 const PxColor *colors,
                 const char   **names,
                 guint          n_lines,
                 double         fixed_max)
{
  const double W = 720, H = 200, L = 56, R = 12, T = 28, B = 30;
  guint n = px_history_get_length (time);
  double tmax = n ? px_history_get (time, n - 1) : 1;
  double vmax = fixed_max;
  g_autofree char *title_esc = g_markup_escape_text (title, -1);
  double vstep, tstep, divisor;
  const char *prefix;
  int n_grid, decimals;

  if (vmax <= 0)
    {
      for (guint l = 0; l < n_lines; l++)
        for (guint i = 0; i < n; i++)
          {
            double v = px_history_get (lines[l], i);
            if (isfinite (v))
              vmax = MAX (vmax, v);
          }
      vmax = MAX (1, px_scale_nice_ceil (vmax * 1.02));
    }
  if (tmax <= 0)
    tmax = 1;
  vstep = px_scale_value_step (vmax, 4, &n_grid);
  tstep = px_scale_time_step (tmax, W - L - R, 60);
  px_scale_choose_prefix (vmax, &divisor, &prefix);
  decimals = px_scale_count_decimals (vstep / divisor, 3);

  out_printf (out, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                   "role=\"img\" aria-label=\"%s\">\n", W, H, title_esc);
  out_printf (out, "<text x=\"%.0f\" y=\"18\" class=\"title\">%s (%s)</text>\n", L, title_esc, unit);
  for (int k = 0; k < n_grid; k++)
    {
      double v = k * vstep;
      double y = T + (H - T - B) * (1 - v / vmax);
      g_autofree char *label = px_format_value (v, divisor, prefix, decimals, NULL);

      out_printf (out, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                       "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>\n",
                  L, W - R, y, y, L - 6, y + 4, label);
    }
  for (double k = 0; k * tstep <= tmax + 1e-9; k++)
    {
      double tv = k * tstep;
      double x = L + (W - L - R) * tv / tmax;
      g_autofree char *label = px_format_time (tv, tstep, tmax);

      out_printf (out, "<text x=\"%.1f\" y=\"%.0f\" class=\"axis\" text-anchor=\"%s\">%s</text>\n",
                  x, H - 10, x > W - R - 20 ? "end" : "middle", label);
    }

  for (guint l = 0; l < n_lines; l++)
    {
      gboolean open = FALSE;
      char hex[8];

      px_color_to_hex (&colors[l], hex);
      for (guint i = 0; i < n; i++)
        {
          double v = px_history_get (lines[l], i);
          double x = L + (W - L - R) * px_history_get (time, i) / tmax;
          double y = T + (H - T - B) * (1 - MIN (v, vmax) / vmax);
          char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];

          if (!isfinite (v))
            {
              if (open)
                out_str (out, "\"/>\n");
              open = FALSE;
              continue;
            }
          g_ascii_formatd (xs, sizeof xs, "%.1f", x);
          g_ascii_formatd (ys, sizeof ys, "%.1f", y);
          if (!open)
            out_printf (out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
                        hex);
          out_printf (out, "%s%s,%s", open ? " " : "", xs, ys);
          open = TRUE;
        }
      if (open)
        out_str (out, "\"/>\n");
    }
  out_str (out, "</svg>\n");

  if (n_lines > 1)
    {
      out_str (out, "<figcaption>");
      for (guint l = 0; l < n_lines; l++)
        {
          g_autofree char *name = g_markup_escape_text (names[l], -1);
          char hex[8];

          px_color_to_hex (&colors[l], hex);
          out_printf (out, "<span style=\"color:%s\">&#9632;</span> %s &#160; ", hex, name);
        }
      out_str (out, "</figcaption>");
    }
  out_str (out, "</figure>\n");
}

static void
write_html (Out                 *out,
            PxRun               *run,
            PxSampler           *sampler,
            const PxRepetitions *reps,
            const PxSummary     *s)
{
  const PxSpec *spec = px_run_get_spec (run);
  g_autofree char *name = g_markup_escape_text (spec->name && spec->name[0] ? spec->name
                                                : _("Parallax run"), -1);
  g_autofree char *desc = g_markup_escape_text (spec->description ? spec->description : "", -1);
  const PxFigure *figures;
  guint n_figures;

  out_printf (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                   "<title>%s</title>\n<style>\n"
                   "body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto;"
                   "color:#222;background:#fff}\n"
                   "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
                   "padding:.3em .6em;text-align:right}th{background:#f4f4f4}\n"
                   "td:first-child,th:first-child{text-align:left}\n"
                   ".grid{stroke:#ddd;stroke-width:1}.axis{font-size:11px;fill:#555}"
                   ".title{font-size:13px;font-weight:bold;fill:#222}\n"
                   "figure{margin:1em 0}figcaption{font-size:12px}\n"
                   "@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#ddd}"
                   "th{background:#333}.title{fill:#ddd}.axis{fill:#aaa}.grid{stroke:#444}}\n"
                   "</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n", name, name, desc);

  out_printf (out, "<table>\n<tr><th>%s</th><th>%s</th></tr>\n", _("Measure"), _("Value"));
  out_printf (out, "<tr><td>%s</td><td>%s, %u %s, %s, %u %s</td></tr>\n", _("Workload"),
              px_executor_kind_name (spec->executor), spec->workers, _("workers"),
              px_task_kind_name (spec->kind), spec->tasks, _("tasks"));
  figures = px_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      g_autofree char *value = px_figure_format (&figures[i], figures[i].value (s));
      g_autofree char *label = g_markup_escape_text (_(figures[i].label), -1);
      g_autofree char *help = g_markup_escape_text (_(figures[i].help), -1);

      out_printf (out, "<tr title=\"%s\"><td>%s</td><td>%s</td></tr>\n", help, label, value);
    }
  if (reps != NULL && reps->n > 1)
    out_printf (out, "<tr><td>%s</td><td>%.3f ± %.3f s (%u)</td></tr>\n", _("Repetitions"),
                reps->wall_stats.mean, reps->wall_stats.stddev, reps->n);
  out_str (out, "</table>\n");

  out_printf (out, "<table>\n<tr><th>%s</th><th>pid/tid</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
              _("Worker"), _("tasks"), _("CPU time"), _("utilisation"));
  for (guint i = 0; i < px_run_get_n_workers (run); i++)
    {
      PxWorkerSnapshot w;
      g_autofree char *cpu = NULL;

      px_run_get_worker (run, i, &w);
      cpu = px_format_duration (w.cpu_ns / 1000.0);
      out_printf (out, "<tr><td>%u</td><td>%d</td><td>%" G_GUINT64_FORMAT "</td><td>%s</td>"
                       "<td>%.0f %%</td></tr>\n",
                  i, spec->executor == PX_EXECUTOR_PROCESSES ? w.pid : w.tid, w.tasks_done, cpu,
                  s->wall_us ? 100.0 * w.busy_us / s->wall_us : 0);
    }
  out_str (out, "</table>\n");

  if (sampler != NULL)
    {
      guint workers = px_sampler_get_n_workers (sampler);
      g_autofree PxHistory **cpu = g_new (PxHistory *, MAX (workers, 1));
      g_autofree PxColor *colors = g_new (PxColor, MAX (workers, 3));
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      PxHistory *time = px_sampler_get_time (sampler);
      PxHistory *queue[3] = {
        px_sampler_get_series (sampler, PX_SERIES_WAITING),
        px_sampler_get_series (sampler, PX_SERIES_QUEUE),
        px_sampler_get_series (sampler, PX_SERIES_IN_FLIGHT),
      };
      const char *queue_names[3] = { _("Waiting"), _("In queue"), _("In flight") };
      PxHistory *thr = px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT);
      double cpu_max = 100;

      for (guint i = 0; i < workers; i++)
        {
          cpu[i] = px_sampler_get_worker_series (sampler, i, PX_WORKER_SERIES_CPU);
          px_palette_get_worker (i, &colors[i]);
          g_ptr_array_add (names, g_strdup_printf (_("Worker %u"), i));
          for (guint k = 0; k < px_history_get_length (cpu[i]); k++)
            if (isfinite (px_history_get (cpu[i], k)))
              cpu_max = MAX (cpu_max, px_history_get (cpu[i], k));
        }

      /* 100 % is one core; a sample a hair above it keeps the 100 scale. */
      write_svg_chart (out, _("CPU per worker"), "%", time, cpu, colors,
                       (const char **)names->pdata, workers,
                       cpu_max <= 105 ? 100 : ceil (cpu_max / 100) * 100);
      px_palette_get_role (PX_COLOR_WAITING, &colors[0]);
      px_palette_get_role (PX_COLOR_QUEUED, &colors[1]);
      px_palette_get_role (PX_COLOR_IN_FLIGHT, &colors[2]);
      write_svg_chart (out, _("Queue depth"), _("tasks"), time, queue, colors, queue_names, 3, 0);
      px_palette_get_role (PX_COLOR_THROUGHPUT, &colors[0]);
      write_svg_chart (out, _("Throughput"), _("tasks/s"), time, &thr, colors, NULL, 1, 0);
    }

  out_printf (out, "<p><small>Parallax %s</small></p>\n</body>\n</html>\n", PACKAGE_VERSION);
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
    write_csv_series (out, sampler);
  else
    switch (format)
      {
      case PX_REPORT_JSON:
        write_json (out, run, sampler, reps, &summary);
        break;
      case PX_REPORT_CSV:
        write_csv_tasks (out, run);
        break;
      case PX_REPORT_MARKDOWN:
        write_markdown (out, run, sampler, reps, &summary);
        break;
      case PX_REPORT_TRACE:
        write_trace (out, run, sampler);
        break;
      case PX_REPORT_HTML:
        write_html (out, run, sampler, reps, &summary);
        break;
      default:
        g_assert_not_reached ();
      }

  out_flush (out);
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
