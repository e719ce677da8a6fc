/* px-report-html-timeline.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline of the HTML report: a lane per worker, a bar per task
 * split by where its time went. This writes its place in the page and
 * its data, compact enough for a million tasks; px-report-html.js draws
 * it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-report-private.h"
#include "px-scale.h"
#include "px-task-time.h"

/* Above this many tasks the timeline embeds bins per worker instead of
 * one entry per task, so that the file stays a few megabytes. */
#define TIMELINE_MAX_TASKS 200000
/* Bins per worker then: enough for a wide screen without zooming. */
#define TIMELINE_MAX_BINS  4000
/* Distinct failure reasons embedded at most; a task whose reason would
 * be one more shows none. */
#define TIMELINE_MAX_REASONS 1000

#define N_CATEGORIES PX_TASK_N_PARTS

/* What the timeline embeds: every task that ran, or, for a large run,
 * the tasks summed into bins of @bin_us per worker. */
struct _PxHtmlTimeline
{
  PxRun              *run;
  const PxTaskRecord *records;
  /* NULL when no task waited on a lock, the GIL or a signal. */
  const PxTaskWaits  *waits;
  guint               n_records;
  guint               n_ran;
  guint               lanes;
  gint64              t0;
  gint64              span_us;
  /* Bins only: per lane and bin, tasks begun, failed, then µs per category. */
  double             *bins;
  guint               n_bins;
  gint64              bin_us;
  guint               n_bars;
};

#define BIN_STRIDE (2 + N_CATEGORIES)

static gboolean
task_ran (const PxTaskRecord *r)
{
  return r->start_us > 0 && r->end_us >= r->start_us;
}

/* Splits @r's run time into the categories (px_task_record_split ()), in
 * whole µs that add up to the run time. */
static void
split_task_time (const PxTaskRecord *r,
                 const PxTaskWaits  *w,
                 gint64              t[N_CATEGORIES])
{
  double parts[N_CATEGORIES];
  gint64 waits = 0;

  px_task_record_split (r, w, parts);
  for (guint c = 1; c < N_CATEGORIES; c++)
    {
      t[c] = (gint64)parts[c];
      waits += t[c];
    }
  t[0] = (r->end_us - r->start_us) - waits;
}

/* Sums the tasks into bins per worker: each bin counts the tasks begun
 * in it and takes each category's share of the time that falls in it. */
static void
bin_tasks (PxHtmlTimeline *tl)
{
  tl->n_bins = CLAMP (TIMELINE_MAX_TASKS / tl->lanes, 100, TIMELINE_MAX_BINS);
  tl->bin_us = MAX ((tl->span_us + tl->n_bins - 1) / tl->n_bins, 1);
  tl->bins = g_new0 (double, (gsize)tl->lanes * tl->n_bins * BIN_STRIDE);

  for (guint i = 0; i < tl->n_records; i++)
    {
      const PxTaskRecord *r = &tl->records[i];
      gint64 s, e, t[N_CATEGORIES];
      double *lane;
      guint b;

      if (!task_ran (r))
        continue;
      split_task_time (r, tl->waits != NULL ? &tl->waits[i] : NULL, t);
      s = CLAMP (r->start_us - tl->t0, 0, tl->span_us);
      e = CLAMP (r->end_us - tl->t0, s, tl->span_us);
      lane = tl->bins + (gsize)r->worker * tl->n_bins * BIN_STRIDE;
      b = MIN (s / tl->bin_us, tl->n_bins - 1);
      lane[b * BIN_STRIDE] += 1;
      if (r->status == PX_TASK_FAILED)
        lane[b * BIN_STRIDE + 1] += 1;
      for (; e > s && b < tl->n_bins && (gint64)b * tl->bin_us < e; b++)
        {
          gint64 lo = MAX (s, (gint64)b * tl->bin_us);
          gint64 hi = MIN (e, (gint64)(b + 1) * tl->bin_us);
          double share = (double)(hi - lo) / (e - s);

          for (guint c = 0; c < N_CATEGORIES; c++)
            lane[b * BIN_STRIDE + 2 + c] += t[c] * share;
        }
    }

  for (gsize k = 0; k < (gsize)tl->lanes * tl->n_bins; k++)
    for (guint f = 0; f < BIN_STRIDE; f++)
      if (tl->bins[k * BIN_STRIDE + f] > 0)
        {
          tl->n_bars++;
          break;
        }
}

/* Reads @run's records: the time they span, the lanes they take, and
 * their bins if there are too many to embed one by one. */
PxHtmlTimeline *
_px_html_timeline_new (PxRun *run)
{
  PxHtmlTimeline *tl = g_new0 (PxHtmlTimeline, 1);
  gint64 end = px_run_get_end_time (run);

  tl->run = g_object_ref (run);
  tl->records = px_run_get_records (run, &tl->n_records);
  tl->waits = px_run_has_task_waits (run) ? px_run_get_task_waits (run) : NULL;
  tl->lanes = MAX (px_run_get_n_workers (run), 1);
  tl->t0 = px_run_get_start_time (run);
  for (guint i = 0; i < tl->n_records; i++)
    if (task_ran (&tl->records[i]))
      {
        tl->n_ran++;
        tl->lanes = MAX (tl->lanes, tl->records[i].worker + 1u);
        end = MAX (end, tl->records[i].end_us);
      }
  tl->span_us = MAX (end - tl->t0, 1);
  if (tl->n_ran > TIMELINE_MAX_TASKS)
    bin_tasks (tl);
  return tl;
}

void
_px_html_timeline_free (PxHtmlTimeline *tl)
{
  g_object_unref (tl->run);
  g_free (tl->bins);
  g_free (tl);
}

/* The time from the run's start to its last task's end, in seconds. */
double
_px_html_timeline_get_span (const PxHtmlTimeline *tl)
{
  return tl->span_us / (double)G_USEC_PER_SEC;
}

/* Every task that ran, in the order of their ids, as deltas to keep the
 * numbers short: id step, worker, start step, run time, enqueue step,
 * status + 4 × attempt, then each wait. */
static void
write_tasks_json (Out                  *out,
                  const PxHtmlTimeline *tl)
{
  gint64 last_id = -1, last_start = tl->t0, last_enqueue = tl->t0;
  gboolean first = TRUE;

  out_str (out, "\"tasks\":[");
  for (guint i = 0; i < tl->n_records; i++)
    {
      const PxTaskRecord *r = &tl->records[i];
      gint64 t[N_CATEGORIES];
      gint64 enqueue = r->enqueue_us ? MIN (r->enqueue_us, r->start_us) : r->start_us;

      if (!task_ran (r))
        continue;
      split_task_time (r, tl->waits != NULL ? &tl->waits[i] : NULL, t);
      if (!first)
        out_str (out, ",");
      first = FALSE;
      out_int (out, i - last_id);
      out_str (out, ",");
      out_int (out, r->worker);
      out_str (out, ",");
      out_int (out, r->start_us - last_start);
      out_str (out, ",");
      out_int (out, r->end_us - r->start_us);
      out_str (out, ",");
      out_int (out, enqueue - last_enqueue);
      out_str (out, ",");
      out_int (out, r->status + 4 * r->attempt);
      for (guint c = 1; c < N_CATEGORIES; c++)
        {
          out_str (out, ",");
          out_int (out, t[c]);
        }
      last_id = i;
      last_start = r->start_us;
      last_enqueue = enqueue;
    }
  out_str (out, "]");
}

/* The bins that hold anything, per worker: bin step, tasks begun,
 * failed, then µs per category. */
static void
write_bins_json (Out                  *out,
                 const PxHtmlTimeline *tl)
{
  out_str (out, "\"binUs\":");
  out_int (out, tl->bin_us);
  out_str (out, ",\"bins\":[");
  for (guint l = 0; l < tl->lanes; l++)
    {
      const double *lane = tl->bins + (gsize)l * tl->n_bins * BIN_STRIDE;
      gint64 last = -1;

      out_str (out, l ? ",[" : "[");
      for (guint b = 0; b < tl->n_bins; b++)
        {
          const double *bin = lane + b * BIN_STRIDE;
          gboolean empty = TRUE;

          for (guint f = 0; f < BIN_STRIDE; f++)
            empty = empty && bin[f] <= 0;
          if (empty)
            continue;
          if (last >= 0)
            out_str (out, ",");
          out_int (out, b - last);
          for (guint f = 0; f < BIN_STRIDE; f++)
            {
              out_str (out, ",");
              out_int (out, llround (bin[f]));
            }
          last = b;
        }
      out_str (out, "]");
    }
  out_str (out, "]");
}

/* Why tasks failed or were stopped, each text once: "reasonOf" pairs a
 * task id with the index of its text in "reasons". */
static void
write_reasons_json (Out                  *out,
                    const PxHtmlTimeline *tl)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  gboolean first = TRUE;

  out_str (out, ",\"reasonOf\":[");
  for (guint i = 0; i < tl->n_records; i++)
    {
      g_autofree char *reason = NULL;
      gpointer at;

      if (!task_ran (&tl->records[i]) || tl->records[i].status == PX_TASK_DONE)
        continue;
      reason = px_run_dup_failure_reason (tl->run, i);
      if (reason == NULL)
        continue;
      if (!g_hash_table_lookup_extended (index, reason, NULL, &at))
        {
          if (texts->len == TIMELINE_MAX_REASONS)
            continue;
          at = GUINT_TO_POINTER (texts->len);
          g_ptr_array_add (texts, reason);
          g_hash_table_insert (index, g_steal_pointer (&reason), at);
        }
      out_printf (out, "%s%u,%u", first ? "" : ",", i, GPOINTER_TO_UINT (at));
      first = FALSE;
    }
  out_str (out, "],\"reasons\":[");
  for (guint k = 0; k < texts->len; k++)
    {
      if (k)
        out_str (out, ",");
      _px_report_write_json_string (out, texts->pdata[k]);
    }
  out_str (out, "]");
}

/* The "timeline" member of the page's data: its lanes, categories and
 * colours, then the tasks or the bins. */
void
_px_html_timeline_write_json (Out                  *out,
                              const PxHtmlTimeline *tl)
{
  PxColor color;
  char hex[8];

  out_printf (out, "\"timeline\":{\"lanes\":%u,\"ran\":%u,\"categories\":[", tl->lanes,
              tl->n_ran);
  for (guint c = 0; c < N_CATEGORIES; c++)
    {
      px_palette_get_role (px_task_part_get_info (c)->role, &color);
      px_color_to_hex (&color, hex);
      out_printf (out, "%s{\"color\":\"%s\",\"name\":", c ? "," : "", hex);
      _px_report_write_json_string (out, _(px_task_part_get_info (c)->label));
      out_str (out, "}");
    }
  px_palette_get_role (PX_COLOR_FAILED, &color);
  px_color_to_hex (&color, hex);
  out_printf (out, "],\"failedColor\":\"%s\",", hex);
  if (tl->bins != NULL)
    write_bins_json (out, tl);
  else
    {
      write_tasks_json (out, tl);
      write_reasons_json (out, tl);
    }
  out_str (out, "}");
}

/* The timeline's place in the page, with its legend, what stands in for
 * it without scripts, and a word if its tasks were merged. */
void
_px_html_timeline_write_section (Out                  *out,
                                 const PxHtmlTimeline *tl)
{
  g_autofree char *nojs = g_markup_printf_escaped (
    "<p class=\"nojs\">%s</p>\n",
    _("The timeline of tasks needs scripts, which are turned off here; the tables and charts "
      "still show the run."));
  PxColor color;
  char hex[8];

  out_str (out, nojs);
  if (tl->n_ran == 0)
    {
      g_autofree char *none = g_markup_printf_escaped ("<p class=\"js-only\">%s</p>\n",
                                                       _("No task ran."));
      out_str (out, none);
    }
  if (tl->bins != NULL)
    {
      g_autofree char *span = px_format_duration (tl->bin_us);
      g_autofree char *note = g_strdup_printf (
        ngettext ("%u task merged into %u bars of %s per worker, to keep this file small; "
                  "hovering a bar shows what it sums.",
                  "%u tasks merged into %u bars of %s per worker, to keep this file small; "
                  "hovering a bar shows what it sums.",
                  tl->n_ran),
        tl->n_ran, tl->n_bars, span);
      g_autofree char *note_esc = g_markup_escape_text (note, -1);

      out_printf (out, "<p class=\"js-only note\">%s</p>\n", note_esc);
    }

  out_str (out, "<div id=\"px-timeline\" class=\"js-only\"></div>\n<p class=\"legend js-only\">");
  for (guint c = 0; c < N_CATEGORIES; c++)
    {
      g_autofree char *item = NULL;

      px_palette_get_role (px_task_part_get_info (c)->role, &color);
      px_color_to_hex (&color, hex);
      item = g_markup_printf_escaped ("<span class=\"swatch\" style=\"background:%s\"></span>%s ",
                                      hex, _(px_task_part_get_info (c)->label));
      out_str (out, item);
    }
  px_palette_get_role (PX_COLOR_FAILED, &color);
  px_color_to_hex (&color, hex);
  {
    g_autofree char *rest = g_markup_printf_escaped (
      "<span class=\"swatch\"></span>%s <span class=\"swatch failed\" style=\"color:%s\"></span>"
      "%s</p>\n", _("Idle"), hex, _("Failed"));

    out_str (out, rest);
  }
}
