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

/* How often an ended job, a timeout or a cancel is noticed while the
 * job's output is quiet. */
#define POLL_MS 20

/* Where parallax-launch reports on a job it started. */
#define LAUNCH_REPORT_FD 3

gint64   _px_job_timeval_us (const struct timeval *tv);
void     _px_job_close_fd   (int                  *fd);
gboolean _px_job_spawn      (const PxJobSpec      *spec,
                             int                   in_fd,
                             int                   out_fd,
                             int                   err_fd,
                             int                   report_fd,
                             pid_t                *pid,
                             GError              **error);
void     _px_job_signal     (pid_t                 pid,
                             int                   sig);

G_END_DECLS
