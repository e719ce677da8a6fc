/* px-job.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One run of a user's command. */
typedef struct
{
  /* The program and its arguments, run without a shell. */
  char       **argv;
  /* Where it runs; NULL: here. */
  const char  *workdir;
  /* NAME=value pairs added to this process's environment. */
  char       **env;
  /* Bytes of each of standard output and error kept; the rest is
   * counted, not kept. The first ones, or with keep_tail the last. */
  gsize        output_limit;
  gboolean     keep_tail;
  /* Files that get the whole of standard output and error (a results
   * folder), or NULL. */
  const char  *out_path;
  const char  *err_path;
  /* Seconds before the job is ended (0: no limit), and between TERM and
   * KILL when it is ended. */
  double       timeout_s;
  double       kill_grace_s;
  /* When set, asked while the job runs for its time limit in seconds
   * (0: none) in place of timeout_s: one that follows the jobs that
   * finished meanwhile. */
  double     (*timeout)      (gpointer  user_data);
  /* Called in the running thread once the job has started, with its
   * pid: what watches the job's process tree reads from there. */
  void       (*started)      (int       pid,
                              gpointer  user_data);
  /* Asked while the job runs: TRUE ends it as a cancel does. */
  gboolean   (*stop)         (gpointer  user_data);
  gpointer     user_data;
  /* On another host: the words that start a command there (ssh's, the
   * host last, or srun's), and parallax-worker's path there, which runs
   * the job (px-job-remote.c); with @remote_shell, its command line is
   * one word that the remote shell splits. NULL: on this machine. */
  char       **remote;
  gboolean     remote_shell;
  const char  *remote_worker;
} PxJobSpec;

/* Longest host name a job on another host gives, with its end. */
#define PX_JOB_NODE_MAX 65

typedef struct
{
  int         pid;
  /* Its exit status, or -1 when a signal ended it. */
  int         exit_status;
  int         signal;
  gboolean    timed_out;
  gboolean    cancelled;
  gint64      start_us;
  gint64      end_us;
  /* What the kernel accounts to the job: itself and the children it
   * waited for, not the rest of this process's children. */
  gint64      user_us;
  gint64      system_us;
  gint64      max_rss_bytes;
  guint64     out_bytes;
  guint64     err_bytes;
  GByteArray *out;
  GByteArray *err;
  /* On another host: its name as it gives it, and whether the figures
   * above came from there (FALSE: ssh or srun ended without them, and
   * only the time and how it ended are known). */
  char        node[PX_JOB_NODE_MAX];
  gboolean    measured_there;
} PxJobResult;

gboolean  px_job_run               (const PxJobSpec  *spec,
                                    GCancellable     *cancellable,
                                    PxJobResult      *result,
                                    GError          **error);
void      px_job_result_clear      (PxJobResult      *result);
char     *px_job_describe_end      (const PxJobResult *result);
char     *px_job_format_argv       (char * const      *argv);
char     *px_job_dup_last_lines    (const GByteArray *kept,
                                    guint             max_lines);

char    **px_job_expand            (const char       *command,
                                    gboolean          shell,
                                    const char       *input,
                                    guint             job,
                                    guint             slot,
                                    GError          **error);
gboolean  px_job_check_command     (const char       *command,
                                    gboolean          shell,
                                    const char       *workdir,
                                    GError          **error);

char    **px_job_inputs_parse      (const char       *text,
                                    guint             max,
                                    GError          **error);
char    **px_job_inputs_read       (GInputStream     *stream,
                                    const char       *name,
                                    guint             max,
                                    GError          **error);
char    **px_job_inputs_read_file  (const char       *path,
                                    guint             max,
                                    GError          **error);

/* A command started once to serve many tasks, a line each. */
typedef struct
{
  int         pid;
  int         in_fd;
  int         out_fd;
  int         err_fd;
  int         pidfd;
  gint64      started_us;
  GByteArray *line;
  GByteArray *err;
} PxJobServer;

typedef enum
{
  PX_JOB_ANSWER_LINE,
  PX_JOB_ANSWER_ENDED,
  PX_JOB_ANSWER_TIMED_OUT,
  PX_JOB_ANSWER_STOPPED,
} PxJobAnswer;

gboolean    px_job_server_start    (const PxJobSpec  *spec,
                                    PxJobServer      *server,
                                    GError          **error);
PxJobAnswer px_job_server_ask      (PxJobServer      *server,
                                    const char       *line,
                                    double            timeout_s,
                                    gboolean        (*stop) (gpointer user_data),
                                    gpointer          user_data,
                                    GString          *reply,
                                    char             *reason,
                                    gsize             reason_size);
void        px_job_server_stop     (PxJobServer      *server,
                                    gboolean          kill_now,
                                    double            grace_s,
                                    PxJobResult      *result);

/* When a run of jobs stops, as GNU parallel's --halt has it. */
typedef struct
{
  gboolean active;
  /* End the running jobs too, rather than only starting no more. */
  gboolean now;
  gboolean on_success;
  guint    count;
  double   percent;
} PxJobHalt;

gboolean  px_job_halt_parse        (const char       *text,
                                    PxJobHalt        *halt,
                                    GError          **error);
gboolean  px_job_halt_reached      (const PxJobHalt  *halt,
                                    guint             total,
                                    guint             failed,
                                    guint             succeeded);

G_END_DECLS
