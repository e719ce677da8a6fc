/* px-report-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the report writers share: the buffered output they write to, and
 * the columns of a task record (JSON objects and CSV rows alike).
 */

#pragma once

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "px-report.h"
#include "px-scale.h"

G_BEGIN_DECLS

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

void _px_out_flush  (Out        *out);
void _px_out_printf (Out        *out,
                     const char *format,
                     ...) G_GNUC_PRINTF (2, 3);

/* The hot path of a large report: inline, so a million records cost
 * copies, not calls. */
static inline void
out_write (Out        *out,
           const char *data,
           gsize       len)
{
  if (out->len + len > sizeof out->buffer)
    {
      _px_out_flush (out);
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

static inline void
out_str (Out        *out,
         const char *s)
{
  out_write (out, s, strlen (s));
}

/* Integers are most of a large report: format them without printf. */
static inline void
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
static inline void
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

#define out_printf _px_out_printf

/* A line chart of the HTML reports: its series, and the top of its
 * value axis. */
typedef struct
{
  const char     *title;
  const char     *unit;
  PxHistory      *time;
  PxHistory     **lines;
  const PxColor  *colors;
  const char    **names;
  guint           n_lines;
  double          top;
} PxReportChart;

void _px_report_write_style       (Out                 *out);
void _px_report_json_add_number   (JsonBuilder         *builder,
                                   const char          *name,
                                   double               value);
char *_px_report_dup_cpu_model    (void);
char *_px_report_dup_worker_host  (PxRun               *run,
                                   guint                index);
void _px_report_fit_chart_top     (PxReportChart       *chart,
                                   double               fixed_max);
void _px_report_write_svg_chart   (Out                 *out,
                                   const PxReportChart *chart);

void _px_report_write_record      (Out                 *out,
                                   const PxTaskRecord  *record,
                                   const PxTaskWaits   *waits,
                                   guint                id,
                                   gboolean             json);
void _px_report_write_job         (Out                 *out,
                                   PxRun               *run,
                                   guint                id,
                                   gboolean             json);
void _px_report_write_json        (Out                 *out,
                                   PxRun               *run,
                                   PxSampler           *sampler,
                                   const PxRepetitions *reps,
                                   const PxSummary     *summary);
void _px_report_write_csv_tasks   (Out                 *out,
                                   PxRun               *run);
void _px_report_write_csv_series  (Out                 *out,
                                   PxSampler           *sampler);
void _px_report_write_markdown    (Out                 *out,
                                   PxRun               *run,
                                   PxSampler           *sampler,
                                   const PxRepetitions *reps,
                                   const PxSummary     *summary);
void _px_report_write_trace       (Out                 *out,
                                   PxRun               *run,
                                   PxSampler           *sampler);
void _px_report_write_html        (Out                 *out,
                                   PxRun               *run,
                                   PxSampler           *sampler,
                                   const PxRepetitions *reps,
                                   const PxSummary     *summary);

/* The HTML report's timeline, in px-report-html-timeline.c. */
typedef struct _PxHtmlTimeline PxHtmlTimeline;

void            _px_report_write_json_string    (Out                  *out,
                                                 const char           *s);
PxHtmlTimeline *_px_html_timeline_new           (PxRun                *run);
void            _px_html_timeline_free          (PxHtmlTimeline       *tl);
double          _px_html_timeline_get_span      (const PxHtmlTimeline *tl);
void            _px_html_timeline_write_section (Out                  *out,
                                                 const PxHtmlTimeline *tl);
void            _px_html_timeline_write_json    (Out                  *out,
                                                 const PxHtmlTimeline *tl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxHtmlTimeline, _px_html_timeline_free)

G_END_DECLS
