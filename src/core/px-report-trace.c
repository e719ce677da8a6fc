/* px-report-trace.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Chrome Trace Event report, for Perfetto and chrome://tracing.
 */

#include "config.h"

#include <unistd.h>

#include "px-report-private.h"

/* Chrome Trace Event format: one track per worker, task slices, counters. */
void
_px_report_write_trace (Out       *out,
                        PxRun     *run,
                        PxSampler *sampler)
{
  const PxSpec *spec = px_run_get_spec (run);
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  const PxTaskWaits *waits = px_run_has_task_waits (run) ? px_run_get_task_waits (run) : NULL;
  static const PxTaskWaits none;
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
          g_autofree char *host = px_run_dup_worker_host (run, i);

          pid[i] = w.pid > 0 ? w.pid : (int)(1000000 + i);
          tid[i] = pid[i];
          /* On another host, its pid may be one of this machine's too:
           * a made-up one, and its own in the name. The host's name
           * holds no character JSON escapes (px-hosts.c). */
          if (host != NULL)
            {
              pid[i] = tid[i] = (int)(2000000 + i);
              out_printf (out, ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,"
                               "\"tid\":%d,\"args\":{\"name\":\"worker %u on %s (pid %d)\"}}",
                          pid[i], tid[i], i, host, w.pid);
            }
          else
            out_printf (out, ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,"
                             "\"tid\":%d,\"args\":{\"name\":\"worker %u\"}}", pid[i], tid[i], i);
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
      const PxTaskWaits *w = waits != NULL ? &waits[i] : &none;

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
      out_int (out, w->lock_wait_us);
      out_str (out, ",\"io_wait_us\":");
      out_int (out, r[i].io_wait_us);
      out_str (out, ",\"gil_wait_us\":");
      out_int (out, w->gil_wait_us);
      out_str (out, ",\"ipc_us\":");
      out_int (out, r[i].ipc_us);
      if (w->signal_wait_us > 0)
        {
          out_str (out, ",\"signal_wait_us\":");
          out_int (out, w->signal_wait_us);
        }
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
