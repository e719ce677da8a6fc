/* px-cli-jobs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line as it stands in for GNU parallel: the inputs after
 * ::: or in the files after ::::, resuming from a joblog, and writing
 * one.
 */

#include "config.h"

#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-cli-private.h"
#include "px-job.h"
#include "px-joblog.h"
#include "px-output.h"

/* Splits off what follows ::: (the inputs themselves) or :::: (files of
 * inputs, one a line; - is standard input), as GNU parallel takes them.
 * Returns the arguments before; FALSE with @error for bad input. */
gboolean
_px_cli_take_inputs (char       **argv,
                     char      ***before,
                     char      ***inputs,
                     GError     **error)
{
  g_autoptr(GPtrArray) head = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);
  guint i = 0;

  for (; argv[i] != NULL && !g_str_equal (argv[i], ":::") && !g_str_equal (argv[i], "::::"); i++)
    g_ptr_array_add (head, g_strdup (argv[i]));
  g_ptr_array_add (head, NULL);
  *before = (char **)g_ptr_array_free (g_steal_pointer (&head), FALSE);
  *inputs = NULL;
  if (argv[i] == NULL)
    return TRUE;

  if (g_str_equal (argv[i], ":::"))
    for (i++; argv[i] != NULL; i++)
      {
        if (g_str_equal (argv[i], ":::") || g_str_equal (argv[i], "::::"))
          break;
        g_ptr_array_add (taken, g_strdup (argv[i]));
      }
  else
    for (i++; argv[i] != NULL; i++)
      {
        g_autoptr(GInputStream) stream = NULL;
        g_auto(GStrv) lines = NULL;
        const char *name = argv[i];

        if (g_str_equal (argv[i], ":::") || g_str_equal (argv[i], "::::"))
          break;
        if (g_str_equal (argv[i], "-"))
          {
            stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
            name = _("standard input");
          }
        else
          {
            g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);

            stream = G_INPUT_STREAM (g_file_read (file, NULL, error));
            if (stream == NULL)
              {
                g_prefix_error (error, "%s: ", argv[i]);
                return FALSE;
              }
          }
        lines = px_job_inputs_read (stream, name, PX_MAX_TASKS - taken->len, error);
        if (lines == NULL)
          return FALSE;
        for (guint k = 0; lines[k] != NULL; k++)
          g_ptr_array_add (taken, g_strdup (lines[k]));
      }

  if (argv[i] != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("one source of inputs: ::: INPUTS… or :::: FILE…, not both, nor twice"));
      return FALSE;
    }
  if (taken->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("no inputs after ::: or ::::, so no job to run"));
      return FALSE;
    }
  g_ptr_array_add (taken, NULL);
  *inputs = (char **)g_ptr_array_free (g_steal_pointer (&taken), FALSE);
  return TRUE;
}

/* Fills @out with @spec's jobs that the joblog does not say to skip,
 * their numbers kept. */
int
_px_cli_resume_from_joblog (RunOptions   *options,
                            const PxSpec *spec,
                            PxSpec       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GHashTable) skipped = NULL;
  g_auto(GStrv) all = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n;

  if (options->joblog == NULL || spec->kind != PX_KIND_COMMAND)
    {
      g_printerr (_("--resume and --resume-failed read the joblog of a command's run: add "
                    "--kind=command and --joblog=FILE\n"));
      return PX_EXIT_BAD_INPUT;
    }

  /* The jobs as numbered in a whole run: inputs, or tasks of them. */
  if (spec->input_list != NULL)
    all = g_strdupv (spec->input_list);
  else if (spec->inputs != NULL && spec->inputs[0] != '\0')
    all = px_job_inputs_parse (spec->inputs, PX_MAX_TASKS, NULL);
  n = all != NULL ? g_strv_length (all) : spec->tasks;

  file = g_file_new_for_commandline_arg (options->joblog);
  stream = g_file_read (file, NULL, &error);
  if (stream == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_printerr ("%s: %s\n", options->joblog, error->message);
      return PX_EXIT_BAD_INPUT;
    }
  if (stream != NULL)
    {
      skipped = px_joblog_read_skipped (G_INPUT_STREAM (stream), options->joblog,
                                        options->resume_failed ? PX_JOBLOG_SKIP_SUCCEEDED
                                                               : PX_JOBLOG_SKIP_LISTED,
                                        &error);
      if (skipped == NULL)
        {
          g_printerr ("%s\n", error->message);
          return PX_EXIT_BAD_INPUT;
        }
      options->append_joblog = TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      guint32 number = i + 1;

      if (skipped != NULL && g_hash_table_contains (skipped, GUINT_TO_POINTER (number)))
        continue;
      g_array_append_val (numbers, number);
      if (all != NULL)
        g_ptr_array_add (inputs, g_strdup (all[i]));
    }

  if (out != spec)
    {
      px_spec_clear (out);
      px_spec_copy (out, spec);
    }
  g_clear_pointer (&out->input_list, g_strfreev);
  g_clear_pointer (&out->job_numbers, g_free);
  out->tasks = numbers->len;
  if (numbers->len == 0)
    return PX_EXIT_OK;
  if (all != NULL)
    {
      g_ptr_array_add (inputs, NULL);
      out->input_list = (char **)g_ptr_array_free (g_steal_pointer (&inputs), FALSE);
    }
  out->job_numbers = (guint32 *)(gpointer)g_array_free (g_steal_pointer (&numbers), FALSE);
  return PX_EXIT_OK;
}

/* Writes the jobs of the session's run to the --joblog file, as reports
 * are written: a temporary file renamed over it. */
gboolean
_px_cli_write_joblog (PxSession        *session,
                      const RunOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxOutput) output = px_output_open (options->joblog, &error);
  g_autofree char *before = NULL;
  gsize before_len = 0;

  /* Resumed: the lines already there stay, the new ones follow. */
  if (options->append_joblog)
    g_file_get_contents (options->joblog, &before, &before_len, NULL);
  if (output == NULL ||
      (before != NULL &&
       !g_output_stream_write_all (px_output_get_stream (output), before, before_len, NULL,
                                   NULL, &error)) ||
      !px_joblog_write_run (px_session_get_run (session), px_output_get_stream (output),
                            before == NULL, &error) ||
      !px_output_commit (g_steal_pointer (&output), &error))
    {
      g_printerr ("%s: %s\n", options->joblog, error->message);
      return FALSE;
    }
  g_printerr (_("Joblog written: %s\n"), options->joblog);
  return TRUE;
}

/* Gives the run its jobs' inputs (after :::, from the profile's file, or
 * what a job log leaves to resume), whether their output is printed, and
 * checks the command runs. Sets *@spec_inout to @with_inputs when it changed
 * anything, or to NULL with PX_EXIT_OK when nothing is left to run;
 * returns the exit status of what stops the run. */
int
_px_cli_prepare_jobs (const char     *path,
                      RunOptions     *options,
                      const PxSpec  **spec_inout,
                      PxSpec         *with_inputs)
{
  g_autoptr(GError) error = NULL;
  const PxSpec *spec = *spec_inout;
  if (options->inputs != NULL)
    {
      if (spec->kind != PX_KIND_COMMAND)
        {
          g_printerr (_("::: gives the inputs of a command's jobs: add --kind=command and "
                        "--command=…, for example:\n"
                        "  parallax run --kind=command --command='gzip -k {}' ::: a.txt b.txt\n"));
          return PX_EXIT_BAD_INPUT;
        }
      px_spec_copy (with_inputs, spec);
      g_strfreev (with_inputs->input_list);
      with_inputs->input_list = g_strdupv (options->inputs);
      with_inputs->tasks = g_strv_length (options->inputs);
      spec = with_inputs;
    }
  else if (spec->kind == PX_KIND_COMMAND && spec->inputs_file != NULL &&
           spec->inputs_file[0] != '\0')
    {
      /* Read once, here, so a file that cannot be read is said before
       * anything runs. */
      char **inputs = px_job_inputs_read_file (spec->inputs_file, PX_MAX_TASKS, &error);

      if (inputs == NULL)
        {
          g_printerr ("%s\n", error->message);
          return PX_EXIT_BAD_INPUT;
        }
      px_spec_copy (with_inputs, spec);
      g_strfreev (with_inputs->input_list);
      with_inputs->input_list = inputs;
      with_inputs->tasks = g_strv_length (inputs);
      spec = with_inputs;
    }
  if (options->resume || options->resume_failed)
    {
      int resumed = _px_cli_resume_from_joblog (options, spec, with_inputs);

      if (resumed != PX_EXIT_OK)
        return resumed;
      if (with_inputs->tasks == 0)
        {
          g_printerr (_("%s lists every job: nothing to resume\n"), options->joblog);
          *spec_inout = NULL;
          return PX_EXIT_OK;
        }
      spec = with_inputs;
    }
  if (options->output)
    {
      if (spec != with_inputs)
        {
          px_spec_copy (with_inputs, spec);
          spec = with_inputs;
        }
      with_inputs->print_output = TRUE;
    }
  if (options->joblog != NULL && spec->kind != PX_KIND_COMMAND)
    {
      g_printerr (_("--joblog lists the jobs of a command: add --kind=command and "
                    "--command=…\n"));
      return PX_EXIT_BAD_INPUT;
    }
  /* A command that cannot run is said once, before any job. */
  if (spec->kind == PX_KIND_COMMAND &&
      !px_job_check_command (spec->command, spec->shell,
                             spec->workdir != NULL && spec->workdir[0] != '\0' ? spec->workdir
                                                                                : NULL,
                             &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return PX_EXIT_BAD_INPUT;
    }
  *spec_inout = spec;
  return PX_EXIT_OK;
}
