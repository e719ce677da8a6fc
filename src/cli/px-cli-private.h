/* px-cli-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command line (px-cli.c) and its command jobs' inputs and
 * joblog (px-cli-jobs.c) share.
 */

#pragma once

#include "px-profile.h"
#include "px-session.h"
#include "px-types.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean   quiet;
  gboolean   live;
  gboolean   force;
  char     **reports;
  char      *format;
  /* After ::: (or read from the files after ::::), the jobs' inputs. */
  char     **inputs;
  char      *joblog;
  /* --try: a variant of the profile, from its [Try] group. */
  char      *try_variant;
  gboolean   output;
  gboolean   resume;
  gboolean   resume_failed;
  /* Set when resuming from a joblog that exists: new lines follow it. */
  gboolean   append_joblog;
  /* Keep the run across sessions; set a kept run beside it. */
  gboolean   keep;
  char      *compare_with;
  /* --hostfile: the hosts, a line each. */
  char      *hostfile;
  /* --check-hosts: ask the hosts, run nothing. */
  gboolean   check_hosts;
} RunOptions;

GOptionEntry *_px_cli_dup_main_entries     (RunOptions   *options,
                                            gboolean     *version);
GOptionEntry *_px_cli_build_override_entries (void);
void          _px_cli_join_boolean_values    (char **args);
char         *_px_cli_dup_help_description (void);
int           _px_cli_check_hosts         (const PxSpec *spec);
char         *_px_cli_dup_examples_help   (void);
char         *px_cli_dup_man_page         (void);
char         *px_cli_dup_bash_completion  (void);
int           _px_cli_watch_main          (char        **argv);
int           _px_cli_runs_main           (char        **argv);
int           _px_cli_sweep_main          (char        **argv);
int           _px_cli_calibrate_main      (char        **argv);
gboolean      _px_cli_check_reports       (char        **reports,
                                           const char   *format_name);
PxProfile    *_px_cli_load_profile        (const char   *path,
                                           const char   *variant,
                                           GError      **error);
guint64       _px_cli_kept_runs_limit     (void);
gboolean      _px_cli_load_compared       (const char   *name,
                                           PxRun       **run,
                                           PxRepetitions *reps,
                                           char        **title);
void          _px_cli_print_comparison    (PxRun               *now,
                                           const PxRepetitions *now_reps,
                                           const char          *now_title,
                                           PxRun               *then,
                                           const PxRepetitions *then_reps,
                                           const char          *then_title);
void          _px_cli_print_to_stderr     (const char   *text);

gboolean _px_cli_apply_hosts        (const RunOptions  *options,
                                     GPtrArray         *overrides,
                                     GError           **error);
gboolean _px_cli_take_inputs        (char             **argv,
                                     char            ***before,
                                     char            ***inputs,
                                     GError           **error);
int      _px_cli_prepare_jobs       (const char         *path,
                                     RunOptions         *options,
                                     const PxSpec      **spec_inout,
                                     PxSpec             *with_inputs);
int      _px_cli_resume_from_joblog (RunOptions        *options,
                                     const PxSpec      *spec,
                                     PxSpec            *out);
gboolean _px_cli_write_joblog       (PxSession         *session,
                                     const RunOptions  *options);
void     _px_cli_print_summary      (PxRun             *run,
                                     const char        *path);
void     _px_cli_print_repetitions  (const PxRepetitions *reps);

G_END_DECLS
