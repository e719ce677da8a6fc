/* px-watch-report-trace.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A watch as a Chrome Trace Event file, for Perfetto and chrome://tracing:
 * a track per thread under its process, with a slice for each stretch
 * of samples spent in one state (running, waiting for a CPU, sleeping…),
 * and counters for the program's cores used and threads wanting a CPU
 * and each process's CPU and memory.
 */

#include "config.h"

#include "px-report-private.h"
#include "px-watch-report-private.h"

/* A sample's time, in the trace's microseconds. */
static gint64
trace_us (PxHistory *time,
          guint      k)
{
  return (gint64)llround (px_history_get (time, k) * 1e6);
}

static void
write_meta (Out        *out,
            const char *what,
            int         pid,
            int         tid,
            const char *name)
{
  out_printf (out, ",\n{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":",
              what, pid, tid);
  _px_report_write_json_string (out, name);
  out_str (out, "}}");
}

static void
write_slice (Out                 *out,
             const PxWatchThread *t,
             int                  state,
             gint64               from_us,
             gint64               to_us,
             double               cpu_sum,
             guint                n)
{
  out_printf (out, ",\n{\"name\":\"%s\",\"cat\":\"state\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
                   "\"ts\":", px_watch_state_key (state), t->pid, t->tid);
  out_int (out, from_us);
  out_str (out, ",\"dur\":");
  out_int (out, MAX (to_us - from_us, 0));
  out_str (out, ",\"args\":{\"cpu_percent\":");
  out_double (out, n > 0 ? cpu_sum / n : 0, "0");
  out_str (out, "}}");
}

/* A thread's samples, merged into a slice for each stretch in one
 * state. */
static void
write_thread (Out                 *out,
              PxHistory           *time,
              const PxWatchThread *t)
{
  guint n = px_history_get_length (time);
  int state = -1;
  gint64 from_us = 0;
  double cpu_sum = 0;
  guint in_slice = 0;

  for (guint k = 1; k <= n; k++)
    {
      double s = k < n ? px_history_get (t->series[PX_WATCH_THREAD_STATE], k) : NAN;
      double cpu = k < n ? px_history_get (t->series[PX_WATCH_THREAD_CPU], k) : NAN;
      int now = isnan (s) || isnan (cpu) ? -1 : (int)s;

      if (now != state)
        {
          if (state >= 0)
            write_slice (out, t, state, from_us, trace_us (time, k - 1), cpu_sum, in_slice);
          state = now;
          from_us = trace_us (time, k - 1);
          cpu_sum = 0;
          in_slice = 0;
        }
      if (now >= 0)
        {
          cpu_sum += cpu;
          in_slice++;
        }
    }
}

static void
write_counter (Out        *out,
               const char *name,
               int         pid,
               const char *arg,
               PxHistory  *time,
               PxHistory  *values)
{
  for (guint k = 0; k < px_history_get_length (time); k++)
    {
      double v = px_history_get (values, k);

      if (isnan (v))
        continue;
      out_str (out, ",\n{\"name\":");
      _px_report_write_json_string (out, name);
      out_printf (out, ",\"ph\":\"C\",\"pid\":%d,\"ts\":", pid);
      out_int (out, trace_us (time, k));
      out_printf (out, ",\"args\":{\"%s\":", arg);
      out_double (out, v, "0");
      out_str (out, "}}");
    }
}

gboolean
_px_watch_report_write_trace (PxWatch        *watch,
                              GOutputStream  *stream,
                              GError        **error)
{
  g_autofree Out *out = g_new0 (Out, 1);
  g_autoptr(GArray) order = _px_watch_report_thread_order (watch);
  PxHistory *time = px_watch_get_time (watch);
  int root = px_watch_get_pid (watch);

  out->stream = stream;
  out_str (out, "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n");
  out_printf (out, "{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":%d,"
                   "\"args\":{\"sort_index\":0}}", root);
  for (guint i = 0; i < px_watch_get_n_processes (watch); i++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, i);
      g_autofree char *name = g_strdup_printf ("%s %d", p->name, p->pid);

      write_meta (out, "process_name", p->pid, p->pid, name);
      write_counter (out, "CPU %", p->pid, "percent", time, p->series[PX_WATCH_PROCESS_CPU]);
      write_counter (out, "RSS", p->pid, "bytes", time, p->series[PX_WATCH_PROCESS_RSS]);
    }
  for (guint k = 0; k < order->len; k++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, g_array_index (order, guint, k));

      write_meta (out, "thread_name", t->pid, t->tid, t->name);
      out_printf (out, ",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
                       "\"args\":{\"sort_index\":%u}}", t->pid, t->tid, k);
      write_thread (out, time, t);
    }
  write_counter (out, "cores used", root, "cores", time,
                 px_watch_get_series (watch, PX_WATCH_PARALLELISM));
  write_counter (out, "threads wanting a CPU", root, "threads", time,
                 px_watch_get_series (watch, PX_WATCH_WANTING));
  if (px_watch_get_progress (watch, NULL, NULL, NULL))
    write_counter (out, "tasks/s", root, "tasks", time,
                   px_watch_get_series (watch, PX_WATCH_THROUGHPUT));
  out_str (out, "\n]}\n");
  _px_out_flush (out);
  if (out->error != NULL)
    {
      g_propagate_error (error, out->error);
      return FALSE;
    }
  return TRUE;
}
