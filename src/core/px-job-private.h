/* px-job-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What running a job (px-job.c) and serving lines (px-job-server.c)
 * share.
 */

#pragma once

#include <sys/time.h>
#include <sys/types.h>

#include "px-job.h"

G_BEGIN_DECLS

/* How much longer than its grace a job on another host is given to end
 * once its input closed, before ssh or srun is ended here. */
#define REMOTE_END_US (5 * G_USEC_PER_SEC)

/* How often an ended job, a timeout or a cancel is noticed while the
 * job's output is quiet. */
#define POLL_MS 20

/* The descriptor parallax-launch takes its jobs on. */
#define LAUNCH_FD 3

/* A job started from this thread's launcher, and what it said of it. */
typedef struct
{
  /* The job's pid, which is its process group's; 0 until the launcher
   * says it started. */
  int      pid;
  /* What to poll for the launcher's word. */
  int      sock;
  gboolean ended;
  /* The launcher went away without saying; or the job could not
   * start, and why (an errno). */
  gboolean gone;
  int      start_error;
  int      status;
  gint64   user_us;
  gint64   system_us;
  gint64   max_rss_kb;
  /* What was read and not yet taken as lines. */
  char     buf[256];
  gsize    len;
} PxLaunch;

gint64   _px_job_timeval_us (const struct timeval *tv);
void     _px_job_close_fd   (int                  *fd);
gboolean _px_job_spawn      (const PxJobSpec      *spec,
                             int                   in_fd,
                             int                   out_fd,
                             int                   err_fd,
                             pid_t                *pid,
                             GError              **error);
void     _px_job_signal     (pid_t                 pid,
                             int                   sig);
char   **_px_job_make_environment (char          **extra);
gboolean _px_launch_start   (const PxJobSpec      *spec,
                             int                   in_fd,
                             int                   out_fd,
                             int                   err_fd,
                             PxLaunch             *launch,
                             GError              **error);
gboolean _px_launch_poll    (PxLaunch             *launch,
                             gboolean              wait);

/* px-job-remote.c */
char   **_px_job_remote_argv         (const PxJobSpec *spec);
gsize    _px_job_remote_release      (GByteArray      *held);
gboolean _px_job_remote_take_trailer (GByteArray      *held,
                                      PxJobResult     *result);

G_END_DECLS
