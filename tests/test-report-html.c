/* test-report-html.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTML report's page: the data it embeds for its script, and what the
 * script draws and does in headless Chromium (the timeline, readings under
 * the pointer, one zoomed range shared by the charts and the timeline),
 * for a run small enough to embed every task, one large enough to be
 * merged into bins, and one with failed tasks.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "px-report.h"
#include "px-run.h"
#include "px-sampler.h"
#include "px-test-browser.h"
#include "px-test-helpers.h"

/* Above this many tasks the page merges them (TIMELINE_MAX_TASKS). */
#define MAX_EMBEDDED_TASKS 200000

/* A name that would break the page if anything were embedded unescaped. */
#define NASTY_NAME "Report </script><script>document.body.dataset.broken=1</script> " \
                   "<!-- ]]> & \"quotes\""

typedef enum
{
  RUN_SMALL,
  RUN_LARGE,
  RUN_FAILING,
} RunKind;

typedef struct
{
  PxRun      *run;
  PxSampler  *sampler;
  char       *dir;
  char       *page;
  char       *text;
  char       *fault_dir;
} Fixture;

static void
executed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  px_run_execute_finish (PX_RUN (object), result, NULL);
  *(gboolean *)data = TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  RunKind kind = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  PxSpec spec;

  switch (kind)
    {
    case RUN_SMALL:
      px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_MIXED, 3, 90, 5);
      spec.chunk_size = 2;
      break;
    case RUN_LARGE:
      px_test_spec (&spec, PX_EXECUTOR_THREADS, PX_KIND_CPU, 4, MAX_EMBEDDED_TASKS + 50000, 0);
      spec.task_iterations = 50;
      spec.chunk_size = 256;
      break;
    case RUN_FAILING:
    default:
      px_test_spec (&spec, PX_EXECUTOR_PROCESSES, PX_KIND_CPU, 2, 24, 2);
      break;
    }
  spec.interval_ms = 20;
  g_free (spec.name);
  spec.name = g_strdup (NASTY_NAME);
  g_free (spec.description);
  spec.description = g_strdup ("Line\u2028separator & <b>not bold</b>");

  f->run = px_run_new (&spec);
  f->sampler = px_sampler_new (f->run);
  px_spec_clear (&spec);
  f->dir = px_test_make_dir ("px-report-html");
  if (kind == RUN_FAILING)
    {
      /* Every task after the third returns a wrong result, and fails. */
      g_autofree char *worker = NULL;

      f->fault_dir = px_test_make_dir ("px-report-html-fault");
      worker = px_test_fault_worker (f->fault_dir, "wrong-result", 3);
      px_run_set_worker_path (f->run, worker);
    }
  px_run_execute_async (f->run, NULL, executed_cb, &done);
  px_sampler_start (f->sampler);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  px_sampler_stop (f->sampler);

  f->page = g_build_filename (f->dir, "report.html", NULL);
  g_assert_true (px_report_write (f->run, f->sampler, NULL, PX_REPORT_HTML, f->page, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->page, &f->text, NULL, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  px_test_remove_dir (f->dir);
  if (f->fault_dir)
    px_test_remove_dir (f->fault_dir);
  g_free (f->fault_dir);
  g_free (f->dir);
  g_free (f->page);
  g_free (f->text);
  g_clear_object (&f->sampler);
  g_clear_object (&f->run);
}

static gboolean
task_ran (const PxTaskRecord *r)
{
  return r->start_us > 0 && r->end_us >= r->start_us;
}

static guint
count_ran (PxRun *run)
{
  guint n, ran = 0;
  const PxTaskRecord *r = px_run_get_records (run, &n);

  for (guint i = 0; i < n; i++)
    ran += task_ran (&r[i]);
  return ran;
}

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The page's JSON data block, parsed; nothing in it can end the element
 * early or be read as markup. */
static JsonObject *
parse_page_data (const char *text,
                 JsonParser *parser)
{
  const char *open = "<script type=\"application/json\" id=\"px-data\">";
  const char *start = strstr (text, open);
  const char *end;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (start);
  start += strlen (open);
  end = strstr (start, "</script>");
  g_assert_nonnull (end);
  for (const char *p = start; p < end; p++)
    if (*p == '<' || *p == '>' || *p == '&')
      g_error ("unescaped '%c' in the data block at offset %td", *p, p - start);

  g_assert_true (json_parser_load_from_data (parser, start, end - start, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Every task that ran is in the data, in id order, with its worker,
 * times, status and attempt; the waits fit in its run time. */
static void
assert_tasks_embedded (PxRun      *run,
                       JsonObject *timeline)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (run, &n);
  JsonArray *tasks = json_object_get_array_member (timeline, "tasks");
  guint n_categories = json_array_get_length (json_object_get_array_member (timeline,
                                                                            "categories"));
  guint stride = 5 + n_categories;
  gint64 t0 = px_run_get_start_time (run);
  gint64 id = -1, start = t0, enqueue = t0;
  guint seen = 0;

  g_assert_cmpuint (json_array_get_length (tasks), ==, count_ran (run) * stride);
  for (guint k = 0; k < json_array_get_length (tasks); k += stride)
    {
      const PxTaskRecord *rec;
      gint64 waits = 0;
      gint64 flags;

      id += json_array_get_int_element (tasks, k);
      start += json_array_get_int_element (tasks, k + 2);
      enqueue += json_array_get_int_element (tasks, k + 4);
      g_assert_cmpint (id, <, n);
      rec = &r[id];
      g_assert_true (task_ran (rec));
      g_assert_cmpint (json_array_get_int_element (tasks, k + 1), ==, rec->worker);
      g_assert_cmpint (start, ==, rec->start_us);
      g_assert_cmpint (json_array_get_int_element (tasks, k + 3), ==, rec->end_us - rec->start_us);
      g_assert_cmpint (start - enqueue, ==, MAX (rec->start_us - rec->enqueue_us, 0));
      flags = json_array_get_int_element (tasks, k + 5);
      g_assert_cmpint (flags & 3, ==, rec->status);
      g_assert_cmpint (flags >> 2, ==, rec->attempt);
      for (guint c = 1; c < n_categories; c++)
        waits += json_array_get_int_element (tasks, k + 5 + c);
      g_assert_cmpint (waits, <=, rec->end_us - rec->start_us);
      seen++;
    }
  g_assert_cmpuint (seen, ==, count_ran (run));
}

/* The page without a browser: the static charts as before, the data for
 * the script, the script inline with nothing fetched, everything
 * escaped, and well-formed as XML too. */
static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser markup = { 0 };
  /* Compute, lock wait, GIL wait, payload/IPC, IO wait and signal wait, as in the window. */
  static const char * const colors[] = { "#3584e4", "#e01b24", "#ff7800", "#9141ac", "#f6d32d",
                                         "#2190a4" };
  JsonObject *root = parse_page_data (f->text, parser);
  JsonObject *timeline = json_object_get_object_member (root, "timeline");
  JsonArray *categories = json_object_get_array_member (timeline, "categories");
  JsonArray *charts = json_object_get_array_member (root, "charts");
  guint workers = px_run_get_n_workers (f->run);

  /* Without scripts: the tables and static charts, and a word on the timeline. */
  g_assert_nonnull (strstr (f->text, "<figure class=\"static\"><svg"));
  g_assert_nonnull (strstr (f->text, "<polyline"));
  g_assert_nonnull (strstr (f->text, "<p class=\"nojs\">"));
  g_assert_nonnull (strstr (f->text, _("Reset zoom")));

  /* One data block and one inline script; nothing from the network. */
  g_assert_cmpuint (count_occurrences (f->text, "<script"), ==, 2);
  g_assert_cmpuint (count_occurrences (f->text, "<script>/*<![CDATA[*/"), ==, 1);
  g_assert_null (strstr (f->text, " src="));
  g_assert_null (strstr (f->text, " href="));
  g_assert_null (strstr (f->text, "https:"));
  g_assert_null (strstr (f->text, "url("));
  g_assert_null (strstr (f->text, "@import"));
  g_assert_cmpuint (count_occurrences (f->text, "http://"), ==,
                    count_occurrences (f->text, "xmlns=\"http://www.w3.org/2000/svg\""));

  /* Names are escaped wherever they go. */
  g_assert_nonnull (strstr (f->text, "<h1>Report &lt;/script&gt;&lt;script&gt;"));
  g_assert_null (strstr (f->text, "<b>not bold</b>"));

  /* The data: words, the charts and every task. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "text"),
                                                  "task"), ==, _("Task %u on worker %d"));
  g_assert_cmpuint (json_array_get_length (charts), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (charts, 0), "series")), ==, workers);
  g_assert_cmpuint (json_object_get_int_member (timeline, "lanes"), ==, workers);
  g_assert_cmpuint (json_object_get_int_member (timeline, "ran"), ==, count_ran (f->run));
  g_assert_cmpuint (json_array_get_length (categories), ==, G_N_ELEMENTS (colors));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (categories, 0),
                                                  "name"), ==, _("Compute"));
  for (guint c = 0; c < G_N_ELEMENTS (colors); c++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (categories, c),
                                                    "color"), ==, colors[c]);
  g_assert_false (json_object_has_member (timeline, "bins"));
  assert_tasks_embedded (f->run, timeline);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (timeline, "reasonOf")),
                    ==, 0);

  /* Well-formed: every element closed, every entity escaped; the script
   * sits in a CDATA section. */
  ctx = g_markup_parse_context_new (&markup, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, strstr (f->text, "<html"), -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
}

/* A run above the cap: bins per worker that account for every task and
 * all of its time, a note that says so, and a small file. */
static void
test_page_merged (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_page_data (f->text, parser);
  JsonObject *timeline = json_object_get_object_member (root, "timeline");
  JsonArray *bins = json_object_get_array_member (timeline, "bins");
  guint n_categories = json_array_get_length (json_object_get_array_member (timeline,
                                                                            "categories"));
  guint stride = 3 + n_categories;
  guint n, ran = count_ran (f->run), tasks = 0, n_bars = 0;
  const PxTaskRecord *r = px_run_get_records (f->run, &n);
  double run_us = 0, binned_us = 0;
  g_autofree char *note = NULL;
  GStatBuf st;

  g_assert_cmpuint (ran, >, MAX_EMBEDDED_TASKS);
  g_assert_false (json_object_has_member (timeline, "tasks"));
  g_assert_cmpuint (json_array_get_length (bins), ==, px_run_get_n_workers (f->run));
  g_assert_cmpint (json_object_get_int_member (timeline, "binUs"), >, 0);
  for (guint l = 0; l < json_array_get_length (bins); l++)
    {
      JsonArray *lane = json_array_get_array_element (bins, l);

      g_assert_cmpuint (json_array_get_length (lane) % stride, ==, 0);
      for (guint k = 0; k < json_array_get_length (lane); k += stride)
        {
          g_assert_cmpint (json_array_get_int_element (lane, k), >, 0);
          tasks += json_array_get_int_element (lane, k + 1);
          for (guint c = 0; c < n_categories; c++)
            binned_us += json_array_get_int_element (lane, k + 3 + c);
          n_bars++;
        }
    }
  for (guint i = 0; i < n; i++)
    if (task_ran (&r[i]))
      run_us += r[i].end_us - r[i].start_us;
  g_assert_cmpuint (tasks, ==, ran);
  /* Each bin rounds its sums to whole µs. */
  g_assert_cmpfloat (fabs (binned_us - run_us), <=, n_bars * n_categories);

  note = g_strdup_printf ("<p class=\"js-only note\">%u ", ran);
  g_assert_nonnull (strstr (f->text, note));
  g_assert_cmpint (g_stat (f->page, &st), ==, 0);
  g_test_message ("%u tasks in %u bars: %" G_GINT64_FORMAT " bytes", ran, n_bars,
                  (gint64)st.st_size);
  g_assert_cmpint (st.st_size, <, 2 * 1024 * 1024);
}

/* Failed tasks keep why, each reason once. */
static void
test_page_failed (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_page_data (f->text, parser);
  JsonObject *timeline = json_object_get_object_member (root, "timeline");
  JsonArray *reason_of = json_object_get_array_member (timeline, "reasonOf");
  JsonArray *reasons = json_object_get_array_member (timeline, "reasons");
  guint n;
  const PxTaskRecord *r = px_run_get_records (f->run, &n);
  guint failed = 0;

  for (guint i = 0; i < n; i++)
    failed += task_ran (&r[i]) && r[i].status == PX_TASK_FAILED;
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (json_array_get_length (reason_of), >=, 2 * failed);
  g_assert_cmpuint (json_array_get_length (reasons), >=, 1);
  for (guint k = 0; k < json_array_get_length (reason_of); k += 2)
    {
      guint id = json_array_get_int_element (reason_of, k);
      guint text = json_array_get_int_element (reason_of, k + 1);
      g_autofree char *reason = px_run_dup_failure_reason (f->run, id);

      g_assert_cmpuint (text, <, json_array_get_length (reasons));
      g_assert_cmpstr (json_array_get_string_element (reasons, text), ==, reason);
    }
  assert_tasks_embedded (f->run, timeline);
}

static void
parse_range (const char *text,
             double     *start,
             double     *end)
{
  char *rest;

  g_assert_nonnull (text);
  *start = g_ascii_strtod (text, &rest);
  g_assert_true (*rest == ' ');
  *end = g_ascii_strtod (rest + 1, &rest);
  g_assert_true (*rest == '\0' || *rest == ';');
}

/* Every panel's range, "start end;start end;…", is @start to @end. */
static void
assert_ranges (const char *ranges,
               guint       n_panels,
               double      start,
               double      end)
{
  g_auto(GStrv) each = g_strsplit (ranges, ";", -1);

  g_assert_cmpuint (g_strv_length (each), ==, n_panels);
  for (guint i = 0; each[i]; i++)
    {
      double a, b;

      parse_range (each[i], &a, &b);
      g_assert_cmpfloat_with_epsilon (a, start, 1e-9 + 1e-9 * end);
      g_assert_cmpfloat_with_epsilon (b, end, 1e-9 + 1e-9 * end);
    }
}

/* What the page's self-test saw: the script ran, the timeline shows every
 * task on a lane per worker, pointing shows readings and the cursor on
 * every panel, a drag across the middle half of a chart zooms every panel
 * to it, and a double-click or the button zooms out. */
static void
assert_self_test (Fixture    *f,
                  const char *dom)
{
  g_autofree char *body = px_test_dup_start_tag (dom, "<body", 0);
  g_autofree char *timeline = px_test_dup_start_tag (dom, "<div class=\"panel\"", 0);
  g_autofree char *chart = px_test_dup_start_tag (dom, "<div class=\"panel\"", 1);
  g_autofree char *ready = px_test_dup_attribute (body, "data-script");
  g_autofree char *state = px_test_dup_attribute (body, "data-selftest");
  g_autofree char *lanes = px_test_dup_attribute (timeline, "data-lanes");
  g_autofree char *tasks = px_test_dup_attribute (timeline, "data-tasks");
  g_autofree char *bars = px_test_dup_attribute (timeline, "data-bars");
  g_autofree char *full = px_test_dup_attribute (timeline, "data-range");
  g_autofree char *chart_text = px_test_dup_attribute (chart, "data-hover-text");
  g_autofree char *cursors = px_test_dup_attribute (chart, "data-cursors");
  g_autofree char *zoom = px_test_dup_attribute (body, "data-selftest-zoom");
  g_autofree char *ranges = px_test_dup_attribute (body, "data-selftest-ranges");
  g_autofree char *reset = px_test_dup_attribute (body, "data-selftest-reset");
  g_autofree char *dblclick = px_test_dup_attribute (body, "data-selftest-dblclick");
  g_autofree char *timeline_zoom = px_test_dup_attribute (body, "data-selftest-timeline-zoom");
  g_autofree char *button = px_test_dup_attribute (body, "data-selftest-button");
  guint n_panels = count_occurrences (dom, "<div class=\"panel\"");
  gint64 run_us = px_run_get_end_time (f->run) - px_run_get_start_time (f->run);
  double start, end, a, b, tolerance;

  g_assert_null (strstr (body, "data-broken"));
  g_assert_cmpstr (ready, ==, "ready");
  g_assert_cmpstr (state, ==, "done");

  g_assert_cmpuint (g_ascii_strtoull (lanes, NULL, 10), ==, px_run_get_n_workers (f->run));
  g_assert_cmpuint (g_ascii_strtoull (tasks, NULL, 10), ==, count_ran (f->run));
  g_assert_cmpuint (g_ascii_strtoull (bars, NULL, 10), >, 0);

  /* Four charts (the machine's cores the fourth) and the timeline, all
   * over the whole run at the end; a legend under each chart. */
  g_assert_cmpuint (n_panels, ==, 5);
  g_assert_cmpuint (count_occurrences (dom, "<p class=\"legend\""), >=, 4);
  parse_range (full, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, >=, run_us / 1e6 - 1e-6);

  for (guint w = 0; w < px_run_get_n_workers (f->run); w++)
    {
      g_autofree char *name = g_strdup_printf (_("Worker %u"), w);

      if (chart_text == NULL || strstr (chart_text, name) == NULL)
        g_error ("no '%s' in the chart's readings '%s'", name, chart_text);
    }
  g_assert_cmpstr (cursors, ==, "5");

  /* The drag went from 25 % to 75 % of the plot: the middle half, to the
   * pixel, on every panel. */
  tolerance = 2 * end / 600;
  parse_range (zoom, &a, &b);
  g_assert_cmpfloat_with_epsilon (a, 0.25 * end, tolerance);
  g_assert_cmpfloat_with_epsilon (b, 0.75 * end, tolerance);
  assert_ranges (ranges, n_panels, a, b);
  g_assert_cmpstr (reset, ==, "enabled");
  assert_ranges (dblclick, n_panels, 0, end);
  parse_range (timeline_zoom, &a, &b);
  g_assert_cmpfloat_with_epsilon (a, 0.5 * end, tolerance);
  g_assert_cmpfloat_with_epsilon (b, 0.75 * end, tolerance);
  assert_ranges (button, n_panels, 0, end);
}

/* Readings of one task, as the window's: its id and worker, attempt,
 * queue wait, run time and where its time went. */
static void
assert_task_reading (Fixture    *f,
                     const char *id_text,
                     const char *reading)
{
  guint n;
  const PxTaskRecord *r = px_run_get_records (f->run, &n);
  guint64 id = g_ascii_strtoull (id_text, NULL, 10);
  const char *categories[] = {
    _("Compute"), _("Lock wait"), _("GIL wait"), _("Payload/IPC"), _("IO wait"),
  };
  g_autofree char *heading = NULL;
  guint n_categories = 0;

  g_assert_nonnull (reading);
  g_assert_cmpuint (id, <, n);
  g_assert_true (task_ran (&r[id]));
  heading = g_strdup_printf (_("Task %u on worker %d"), (guint)id, (int)r[id].worker);
  g_test_message ("reading: %s", reading);
  g_assert_true (g_str_has_prefix (reading, heading));
  g_assert_nonnull (strstr (reading, _("Attempt")));
  g_assert_nonnull (strstr (reading, _("Queue wait")));
  g_assert_nonnull (strstr (reading, _("Run time")));
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    n_categories += strstr (reading, categories[c]) != NULL;
  g_assert_cmpuint (n_categories, >, 0);
}

static void
test_browser (Fixture       *f,
              gconstpointer  data)
{
  PxTestBrowser b = { 0 };
  g_autofree char *dom = NULL;
  g_autofree char *timeline = NULL;
  g_autofree char *task = NULL;
  g_autofree char *reading = NULL;
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "report-html.png", NULL);
  g_autofree char *shot = g_strdup_printf ("--screenshot=%s", png);
  g_autofree char *out = NULL;
  GStatBuf st;

  if (!px_test_browser_init (&b))
    return;
  dom = px_test_browser_run (&b, f->page, "#selftest", "--dump-dom", NULL);
  assert_self_test (f, dom);
  timeline = px_test_dup_start_tag (dom, "<div class=\"panel\"", 0);
  task = px_test_dup_attribute (timeline, "data-hover-task");
  reading = px_test_dup_attribute (timeline, "data-hover-text");
  assert_task_reading (f, task, reading);

  /* A picture for a person to look at. */
  g_unlink (png);
  out = px_test_browser_run (&b, f->page, "", "--window-size=1000,1600", shot, NULL);
  g_assert_cmpint (g_stat (png, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);
  px_test_browser_clear (&b);
}

/* Scripts off (here a copy of the page whose content policy allows none,
 * as headless Chromium cannot dump a page with scripts disabled): the
 * page is its tables, static charts and a word on the timeline. */
static void
test_browser_no_script (Fixture       *f,
                        gconstpointer  data)
{
  PxTestBrowser b = { 0 };
  g_autofree char *copy = g_build_filename (f->dir, "no-script.html", NULL);
  g_autoptr(GString) text = g_string_new (f->text);
  g_autoptr(GError) error = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *html = NULL;
  g_autofree char *body = NULL;

  if (!px_test_browser_init (&b))
    return;
  g_assert_cmpuint (g_string_replace (text, "<head>", "<head><meta http-equiv="
                                      "\"Content-Security-Policy\" content=\"script-src 'none'\"/>",
                                      1), ==, 1);
  g_assert_true (g_file_set_contents (copy, text->str, text->len, &error));
  g_assert_no_error (error);

  dom = px_test_browser_run (&b, copy, "#selftest", "--dump-dom", NULL);
  html = px_test_dup_start_tag (dom, "<html", 0);
  body = px_test_dup_start_tag (dom, "<body", 0);
  g_assert_null (strstr (html, "class="));
  g_assert_null (strstr (body, "data-script"));
  g_assert_cmpuint (count_occurrences (dom, "<figure class=\"static\"><svg"), ==, 4);
  g_assert_cmpuint (count_occurrences (dom, "<polyline"), >, 0);
  g_assert_nonnull (strstr (dom, "<p class=\"nojs\">"));
  g_assert_null (strstr (dom, "<canvas"));
  px_test_browser_clear (&b);
}

static void
test_browser_merged (Fixture       *f,
                     gconstpointer  data)
{
  PxTestBrowser b = { 0 };
  g_autofree char *dom = NULL;
  g_autofree char *timeline = NULL;
  g_autofree char *reading = NULL;

  if (!px_test_browser_init (&b))
    return;
  dom = px_test_browser_run (&b, f->page, "#selftest", "--dump-dom", NULL);
  assert_self_test (f, dom);
  timeline = px_test_dup_start_tag (dom, "<div class=\"panel\"", 0);
  reading = px_test_dup_attribute (timeline, "data-hover-text");
  g_assert_nonnull (reading);
  g_assert_nonnull (strstr (reading, _("Tasks merged")));
  px_test_browser_clear (&b);
}

/* A failed task's readings say so, and why. */
static void
test_browser_failed (Fixture       *f,
                     gconstpointer  data)
{
  PxTestBrowser b = { 0 };
  guint n;
  const PxTaskRecord *r = px_run_get_records (f->run, &n);
  g_autofree char *dom = NULL;
  g_autofree char *timeline = NULL;
  g_autofree char *task = NULL;
  g_autofree char *reading = NULL;
  g_autofree char *reason = NULL;
  guint64 id;

  if (!px_test_browser_init (&b))
    return;
  dom = px_test_browser_run (&b, f->page, "#selftest", "--dump-dom", NULL);
  assert_self_test (f, dom);
  timeline = px_test_dup_start_tag (dom, "<div class=\"panel\"", 0);
  task = px_test_dup_attribute (timeline, "data-hover-failed-task");
  reading = px_test_dup_attribute (timeline, "data-hover-failed-text");
  assert_task_reading (f, task, reading);
  id = g_ascii_strtoull (task, NULL, 10);
  g_assert_cmpint (r[id].status, ==, PX_TASK_FAILED);
  reason = px_run_dup_failure_reason (f->run, id);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reading, _("Failed")));
  g_assert_nonnull (strstr (reading, reason));
  px_test_browser_clear (&b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/px/report-html/page", Fixture, GINT_TO_POINTER (RUN_SMALL), fixture_setup,
              test_page, fixture_teardown);
  g_test_add ("/px/report-html/page-merged", Fixture, GINT_TO_POINTER (RUN_LARGE),
              fixture_setup, test_page_merged, fixture_teardown);
  g_test_add ("/px/report-html/page-failed", Fixture, GINT_TO_POINTER (RUN_FAILING),
              fixture_setup, test_page_failed, fixture_teardown);
  g_test_add ("/px/report-html/browser", Fixture, GINT_TO_POINTER (RUN_SMALL), fixture_setup,
              test_browser, fixture_teardown);
  g_test_add ("/px/report-html/browser-no-script", Fixture, GINT_TO_POINTER (RUN_SMALL),
              fixture_setup, test_browser_no_script, fixture_teardown);
  g_test_add ("/px/report-html/browser-merged", Fixture, GINT_TO_POINTER (RUN_LARGE),
              fixture_setup, test_browser_merged, fixture_teardown);
  g_test_add ("/px/report-html/browser-failed", Fixture, GINT_TO_POINTER (RUN_FAILING),
              fixture_setup, test_browser_failed, fixture_teardown);

  return g_test_run ();
}
