/* px-report-csv.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSV reports: a row per task (a joblog), and a row per sample in
 * FILE-series.csv; the task columns are shared with the JSON report.
 */

#include "config.h"

#include "px-report-private.h"

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
  COL_GIL_WAIT,
  COL_IPC,
  COL_SIGNAL_WAIT,
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
  { ",\"gil-wait-us\":", "gil_wait_us" },
  { ",\"ipc-us\":", "ipc_us" },
  { ",\"signal-wait-us\":", "signal_wait_us" },
};

static gint64
column_value (const PxTaskRecord *r,
              const PxTaskWaits  *w,
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
    case COL_LOCK_WAIT:  return w != NULL ? w->lock_wait_us : 0;
    case COL_IO_WAIT:    return r->io_wait_us;
    case COL_GIL_WAIT:   return w != NULL ? w->gil_wait_us : 0;
    case COL_IPC:        return r->ipc_us;
    case COL_SIGNAL_WAIT: return w != NULL ? w->signal_wait_us : 0;
    case COL_STATUS:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Writes the columns of one record: as JSON members, or CSV fields. */
void
_px_report_write_record (Out                *out,
                         const PxTaskRecord *r,
                         const PxTaskWaits  *w,
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
          out_int (out, column_value (r, w, id, c));
        }
    }
}

/* The columns of a kind=command run's jobs, after the task's own. */
static const struct
{
  const char *json;
  const char *csv;
} job_columns[] = {
  { "exit-status", "exit_status" },
  { "signal", "signal" },
  { "cpu-user-us", "cpu_user_us" },
  { "cpu-system-us", "cpu_system_us" },
  { "max-rss-bytes", "max_rss_bytes" },
  { "stdout-bytes", "stdout_bytes" },
  { "stderr-bytes", "stderr_bytes" },
  { "pid", "pid" },
};

static gint64
job_value (const PxJobRecord *job,
           guint              column)
{
  switch (column)
    {
    case 0: return job->exit_status;
    case 1: return job->signal;
    case 2: return job->user_us;
    case 3: return job->system_us;
    case 4: return job->max_rss_bytes;
    case 5: return (gint64)job->out_bytes;
    case 6: return (gint64)job->err_bytes;
    case 7:
    default: return job->pid;
    }
}

/* Writes how job @id of a kind=command run ended, and its input, or
 * the connect time of a kind=net task: as JSON members, or CSV fields
 * each after a comma. Nothing for other kinds. */
void
_px_report_write_job (Out      *out,
                      PxRun    *run,
                      guint     id,
                      gboolean  json)
{
  const PxJobRecord *jobs = px_run_get_job_records (run, NULL);
  const guint32 *connects = px_run_get_connect_times (run);
  const char *input;

  if (connects != NULL)
    {
      out_str (out, json ? ",\"connect-us\":" : ",");
      out_int (out, connects[id]);
    }
  if (jobs == NULL)
    return;
  input = px_run_get_input (run, id);
  if (json)
    {
      if (input != NULL)
        {
          out_str (out, ",\"input\":");
          _px_report_write_json_string (out, input);
        }
      for (guint c = 0; c < G_N_ELEMENTS (job_columns); c++)
        {
          out_printf (out, ",\"%s\":", job_columns[c].json);
          out_int (out, job_value (&jobs[id], c));
        }
      return;
    }

  /* An input is any text: quoted, its quotes doubled. */
  {
    g_auto(GStrv) parts = g_strsplit (input != NULL ? input : "", "\"", -1);
    g_autofree char *quoted = g_strjoinv ("\"\"", parts);

    out_printf (out, ",\"%s\"", quoted);
  }
  for (guint c = 0; c < G_N_ELEMENTS (job_columns); c++)
    {
      out_str (out, ",");
      out_int (out, job_value (&jobs[id], c));
    }
}

void
_px_report_write_csv_tasks (Out   *out,
                            PxRun *run)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  const PxTaskWaits *waits = px_run_has_task_waits (run) ? px_run_get_task_waits (run) : NULL;

  for (Column c = 0; c < N_COLUMNS; c++)
    out_printf (out, "%s,", columns[c].csv_name);
  if (px_run_get_connect_times (run) != NULL)
    out_str (out, "connect_us,");
  if (px_run_get_job_records (run, NULL) != NULL)
    {
      out_str (out, "input,");
      for (guint c = 0; c < G_N_ELEMENTS (job_columns); c++)
        out_printf (out, "%s,", job_columns[c].csv);
    }
  out_str (out, "reason\n");
  for (guint i = 0; i < n; i++)
    {
      _px_report_write_record (out, &r[i], waits != NULL ? &waits[i] : NULL, i, FALSE);
      _px_report_write_job (out, run, i, FALSE);
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

void
_px_report_write_csv_series (Out       *out,
                             PxSampler *sampler)
{
  PxHistory *time = px_sampler_get_time (sampler);
  guint n = px_history_get_length (time);
  guint workers = px_sampler_get_n_workers (sampler);
  guint cores = px_sampler_get_n_cores (sampler);
  gboolean has[PX_N_SERIES];
  gboolean worker_has[PX_N_WORKER_SERIES];

  /* A series this run did not sample has no column. */
  for (guint s = 0; s < PX_N_SERIES; s++)
    has[s] = !px_series_is_optional (s) ||
             px_history_get_length (px_sampler_get_series (sampler, s)) == n;
  for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
    worker_has[s] = !px_worker_series_is_optional (s) ||
                    (workers > 0 && px_history_get_length (
                                      px_sampler_get_worker_series (sampler, 0, s)) == n);

  out_str (out, "t_s");
  for (guint s = 0; s < PX_N_SERIES; s++)
    if (has[s])
      out_printf (out, ",%s", px_series_name (s));
  for (guint w = 0; w < workers; w++)
    for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
      if (worker_has[s])
        out_printf (out, ",worker%u_%s", w, px_worker_series_name (s));
  for (guint c = 0; c < cores; c++)
    out_printf (out, ",core%u_cpu_percent", c);
  out_str (out, "\n");

  for (guint i = 0; i < n; i++)
    {
      out_double (out, px_history_get (time, i), "");
      for (guint s = 0; s < PX_N_SERIES; s++)
        {
          if (!has[s])
            continue;
          out_str (out, ",");
          out_double (out, px_history_get (px_sampler_get_series (sampler, s), i), "");
        }
      for (guint w = 0; w < workers; w++)
        for (guint s = 0; s < PX_N_WORKER_SERIES; s++)
          {
            if (!worker_has[s])
              continue;
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
