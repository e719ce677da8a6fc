/* px-cli-watch.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `parallax watch PID` and `parallax watch -- PROGRAM ARGS…`: a program
 * Parallax did not write, watched headless. A line per sample while it
 * runs, a summary of its threads and processes when it ends (or when
 * --duration or Ctrl+C ends the watch), and the reports asked for.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-cli-private.h"
#include "px-output.h"
#include "px-summary.h"
#include "px-watch.h"
#include "px-watch-report.h"

typedef struct
{
  PxWatch    *watch;
  GMainLoop  *loop;
  gboolean    quiet;
  gboolean    threads;
  gboolean    interrupted;
  guint       duration_id;
} WatchState;

static void
print_sample (WatchState *state)
{
  PxWatch *watch = state->watch;
  double t = px_history_get_last (px_watch_get_time (watch));
  double cores = px_history_get_last (px_watch_get_series (watch, PX_WATCH_PARALLELISM));
  double wanting = px_history_get_last (px_watch_get_series (watch, PX_WATCH_WANTING));
  double threads = px_history_get_last (px_watch_get_series (watch, PX_WATCH_THREADS));
  double processes = px_history_get_last (px_watch_get_series (watch, PX_WATCH_PROCESSES));

  guint64 done, total;
  gboolean has_total = FALSE;
  g_autofree char *tasks = NULL;

  if (isnan (cores))
    return;
  if (px_watch_get_progress (watch, &done, &total, &has_total))
    {
      double rate = px_history_get_last (px_watch_get_series (watch, PX_WATCH_THROUGHPUT));
      double recent = 0;
      PxHistory *h = px_watch_get_series (watch, PX_WATCH_THROUGHPUT);
      guint n = px_history_get_length (h), k = 0;

      /* The rate of the last ten samples gives the time left. */
      for (guint i = n > 10 ? n - 10 : 0; i < n; i++, k++)
        recent += isnan (px_history_get (h, i)) ? 0 : px_history_get (h, i);
      recent = k > 0 ? recent / k : 0;
      if (has_total && recent > 0 && total > done)
        {
          g_autofree char *left = px_format_duration ((double)(total - done) / recent * 1e6);

          /* Translators: tasks done of the total, their rate, the time
           * left at that rate. */
          g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
          g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

          tasks = g_strdup_printf (_("  done %s/%s (%.1f/s, about %s left)"), done_text,
                                   total_text, isnan (rate) ? 0 : rate, left);
        }
      else
        {
          g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);

          /* Translators: tasks done so far, and their rate. */
          tasks = g_strdup_printf (_("  done %s (%.1f/s)"), done_text, isnan (rate) ? 0 : rate);
        }
    }
  /* Translators: a line per sample of a watched program: seconds, cores
   * used, threads running or waiting for a CPU, threads, processes. */
  g_print (_("t=%.2f s  cores %.2f  wanting a CPU %.2f  threads %.0f  processes %.0f"),
           t, cores, wanting, threads, processes);
  g_print ("%s\n", tasks != NULL ? tasks : "");
  if (!state->threads)
    return;
  for (guint i = 0; i < px_watch_get_n_threads (watch); i++)
    {
      const PxWatchThread *th = px_watch_get_thread (watch, i);
      double cpu = px_history_get_last (th->series[PX_WATCH_THREAD_CPU]);
      double runnable = px_history_get_last (th->series[PX_WATCH_THREAD_RUNNABLE]);

      if (th->ended || isnan (cpu))
        continue;
      g_print ("    %7d %-16s %-10s %5.1f %%  %s %5.1f %%\n", th->tid, th->name,
               px_watch_state_name (th->state), cpu, _("runnable"), runnable);
    }
}

static void
sampled_cb (PxWatch    *watch,
            WatchState *state)
{
  if (!state->quiet)
    print_sample (state);
}

static void
ended_cb (PxWatch    *watch,
          WatchState *state)
{
  g_main_loop_quit (state->loop);
}

static gboolean
duration_cb (gpointer data)
{
  WatchState *state = data;

  state->duration_id = 0;
  g_main_loop_quit (state->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
interrupt_cb (gpointer data)
{
  WatchState *state = data;

  state->interrupted = TRUE;
  g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

/* The parts of the command line after "--", and before. */
static char **
split_program (char   **argv,
               char  ***program)
{
  GPtrArray *before = g_ptr_array_new ();

  *program = NULL;
  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--"))
        {
          *program = g_strdupv (argv + i + 1);
          break;
        }
      g_ptr_array_add (before, g_strdup (argv[i]));
    }
  g_ptr_array_add (before, NULL);
  return (char **)g_ptr_array_free (before, FALSE);
}

/**
 * _px_cli_watch_main:
 * @argv: the command line, its first word the program's, its second
 *   "watch"
 */
int
_px_cli_watch_main (char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_auto(GStrv) program = NULL;
  g_auto(GStrv) args = split_program (argv, &program);
  g_auto(GStrv) reports = NULL;
  g_autofree char *format = NULL;
  g_autofree char *workdir = NULL;
  g_autofree char *progress = NULL;
  WatchState state = { 0 };
  int interval_ms = 100;
  double duration = 0;
  guint interrupt_id;
  int status = PX_EXIT_OK;
  const GOptionEntry entries[] = {
    { "interval-ms", 0, 0, G_OPTION_ARG_INT, &interval_ms,
      N_("Sampling interval in milliseconds (10 to 60000; default 100)"), N_("N") },
    { "duration", 'd', 0, G_OPTION_ARG_DOUBLE, &duration,
      N_("Stop watching after this many seconds (default: until the program ends)"),
      N_("SECONDS") },
    { "threads", 't', 0, G_OPTION_ARG_NONE, &state.threads,
      N_("Print a line per thread with each sample"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &state.quiet,
      N_("Print no line per sample, only the summary"), NULL },
    { "workdir", 0, 0, G_OPTION_ARG_FILENAME, &workdir,
      N_("Folder a launched program runs in"), N_("FOLDER") },
    { "progress", 'p', 0, G_OPTION_ARG_STRING, &progress,
      N_("Count the launched program's output lines that match REGEX as tasks done; a "
         "captured number is the count done, a second one the total"), N_("REGEX") },
    { "report", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &reports,
      N_("Write a report of the watch (format from the extension: .json .csv .md .html "
         ".trace.json; - is standard output); may be repeated"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Report format, whatever the extension: json, csv, md, html or trace"),
      N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("PID | -- PROGRAM [ARGUMENT…] — watch a program's threads "
                                    "and processes"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  # a running program, its threads printed each sample\n"
                                      "  parallax watch --threads $(pidof python3)\n"
                                      "  # a program launched and watched from its start\n"
                                      "  parallax watch -o watch.json -- sh -c 'sleep 1'\n"));
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s\nRun 'parallax watch --help' to see the accepted options.\n"),
                  error->message);
      return PX_EXIT_BAD_INPUT;
    }
  if (interval_ms < 10 || interval_ms > 60000 || duration < 0)
    {
      g_printerr (_("watch: --interval-ms takes 10 to 60000 and --duration a number of seconds "
                    "from 0\n"));
      return PX_EXIT_BAD_INPUT;
    }
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    {
      PxWatchReportFormat f;

      if (!(format != NULL ? px_watch_report_format_from_name (format, &f)
                           : px_watch_report_format_from_path (reports[i], &f)))
        {
          g_printerr (_("watch: cannot tell the format of %s: name it .json, .csv, .md, .html "
                        "or .trace.json, or give --format=json, csv, md, html or trace\n"),
                      reports[i]);
          return PX_EXIT_BAD_INPUT;
        }
    }

  /* args: the program's name, "watch", then a pid unless a program
   * follows "--". */
  if (program != NULL && program[0] != NULL && g_strv_length (args) == 2)
    state.watch = px_watch_new_launch ((const char * const *)program, workdir, progress,
                                       (guint)interval_ms, &error);
  else if ((program == NULL || program[0] == NULL) && g_strv_length (args) == 3)
    {
      char *end = NULL;
      long pid = strtol (args[2], &end, 10);

      if (end == args[2] || *end != '\0' || pid <= 0 || pid > G_MAXINT32)
        {
          g_printerr (_("watch: '%s' is not a process id\n"), args[2]);
          return PX_EXIT_BAD_INPUT;
        }
      state.watch = px_watch_new_attach ((int)pid, (guint)interval_ms, &error);
    }
  else
    {
      g_printerr (_("watch: name one process id, or a program after --, for example:\n"
                    "  parallax watch 1234\n"
                    "  parallax watch -- python3 script.py\n"));
      return PX_EXIT_BAD_INPUT;
    }
  if (state.watch == NULL)
    {
      g_printerr ("watch: %s\n", error->message);
      return PX_EXIT_BAD_INPUT;
    }

  /* A report on standard output keeps it to itself. */
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    if (px_output_path_is_stdout (reports[i]))
      g_set_print_handler (_px_cli_print_to_stderr);

  state.loop = loop;
  g_signal_connect (state.watch, "sampled", G_CALLBACK (sampled_cb), &state);
  g_signal_connect (state.watch, "ended", G_CALLBACK (ended_cb), &state);
  interrupt_id = g_unix_signal_add (SIGINT, interrupt_cb, &state);
  if (duration > 0)
    state.duration_id = g_timeout_add ((guint)(duration * 1000), duration_cb, &state);
  px_watch_start (state.watch);
  if (!px_watch_get_ended (state.watch))
    g_main_loop_run (loop);
  px_watch_stop (state.watch);
  g_source_remove (interrupt_id);
  g_clear_handle_id (&state.duration_id, g_source_remove);

  /* A launched program that ended: its exit status is ours. */
  if (px_watch_get_ended (state.watch))
    {
      int exit_status;

      while (program != NULL && !px_watch_get_exit_status (state.watch, &exit_status))
        g_main_context_iteration (NULL, TRUE);
      if (program != NULL && px_watch_get_exit_status (state.watch, &exit_status))
        status = exit_status;
    }
  else if (program != NULL)
    /* Watching stopped first: the program is ended with the watch. */
    status = state.interrupted ? 130 : PX_EXIT_OK;

  {
    g_autofree char *summary = px_watch_report_dup_summary (state.watch);
    g_auto(GStrv) problems = px_watch_dup_problems (state.watch);

    g_print ("%s", summary);
    for (guint i = 0; problems[i] != NULL; i++)
      g_printerr (_("warning: %s\n"), problems[i]);
  }
  for (guint i = 0; reports != NULL && reports[i] != NULL; i++)
    {
      PxWatchReportFormat f;

      if (format != NULL)
        px_watch_report_format_from_name (format, &f);
      else
        px_watch_report_format_from_path (reports[i], &f);
      g_clear_error (&error);
      if (!px_watch_report_write (state.watch, f, reports[i], &error))
        {
          g_printerr ("%s\n", error->message);
          if (status == PX_EXIT_OK)
            status = PX_EXIT_FAILED;
        }
      else if (!px_output_path_is_stdout (reports[i]))
        g_printerr (_("Report written: %s\n"), reports[i]);
    }
  g_clear_object (&state.watch);
  return status;
}
