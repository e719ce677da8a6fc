/* px-process-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the process executor (px-process-executor.c: starting, feeding,
 * watching and replacing worker processes) shares with its reader of what
 * the workers send (px-process-reader.c).
 */

#pragma once

#include <gio/gio.h>

#include "px-hosts.h"
#include "px-protocol.h"
#include "px-run-private.h"

G_BEGIN_DECLS

/* Where a worker here finds the run's shared memory. */
#define PX_PROC_SYNC_FD 3

/* Output a worker does not read is bounded: past this it is stopped. It
 * is well above what PX_MAX_INFLIGHT_BYTES lets a healthy worker queue. */
#define MAX_PENDING_OUT (256u << 20)
/* Slack allowed on a worker's timestamps against the parent's clock. */
#define CLOCK_SLACK_US  (5 * G_USEC_PER_SEC)

typedef struct
{
  guint32 id;
  guint32 attempt;
} Inflight;

typedef struct
{
  guint        index;
  GSubprocess *proc;
  int          pid;
  int          to_fd;
  int          from_fd;
  GByteArray  *out;
  gsize        out_pos;
  GByteArray  *in;
  gsize        in_pos;
  GArray      *inflight;
  guint        inflight_head;
  guint        assigned;
  gboolean     alive;
  gboolean     hello;
  gboolean     finish_sent;
  gboolean     bye;
  guint        failed_starts;
  gboolean     write_failed;
  char        *fault;
  guint64      cpu_ns;
  gint64       spawned_us;
  gint64       last_input_us;
  guint64      started_base;
  guint        answered;
  gboolean     recover_pending;
  gboolean     restart_pending;
  gboolean     restart_clean;
  char        *how;
  /* Its pipes are in the executor's epoll set: its output always, its
   * input while there is something to write. */
  gboolean     watched;
  gboolean     out_watched;
  /* launcher=ssh or srun: on another host (px-process-remote.c), that
   * of index @host in the hosts with ssh (-1: with srun). It is asked the
   * time PINGS times, then configured; how its clock stands to ours
   * (its time minus ours) and give or take how much; ssh's standard
   * error, for why a host failed; given up once its host failed
   * MAX_FAILED_STARTS times in a row while others work. */
  gint         host;
  gboolean     remote;
  gboolean     configured;
  guint        pings;
  gint64       ping_sent_us;
  gint64       offset_us;
  gint64       offset_error_us;
  int          err_fd;
  gboolean     given_up;
  /* Its slot's times in each state before it started: a worker there
   * counts its own from zero. */
  gint64       time_base_us[PX_WORKER_N_STATES];
  /* Still connecting when the last task ended: stopped, not lost. */
  gboolean     unneeded;
} Proc;

typedef struct
{
  PxRunShared *shared;
  Proc        *procs;
  guint        n_procs;
  int          wake_fd;
  int          epoll_fd;
  char        *profile_text;
  char       **environ;
  double       task_us_sum;
  guint64      task_count;
  guint        n_cpus;
  gint64       last_watch_us;
  gint64       resumed_us;
  gboolean     killed_all;
  GError      *error;
  /* launcher=ssh: the hosts; and the ssh or srun command's words. With
   * srun, every worker is elsewhere, where Slurm places it. */
  PxHostList  *hosts;
  char       **launch_argv;
  gboolean     srun;
} ProcExec;

static inline guint
_px_proc_inflight_count (Proc *p)
{
  return p->inflight->len - p->inflight_head;
}

gboolean _px_proc_cpu_time_plausible (ProcExec *pe,
                                      Proc     *p,
                                      guint64   cpu_ns);
void     _px_proc_send_config        (ProcExec *pe,
                                      Proc     *p);

void _px_proc_consume_input (ProcExec     *pe,
                             Proc         *p,
                             const guint8 *data,
                             gsize         length);
void _px_proc_mark_fault    (Proc         *p,
                             const char   *fault);
void _px_proc_free_buffers  (Proc         *p);

/* px-process-remote.c */
gboolean      _px_proc_remote_prepare     (ProcExec      *pe,
                                           GError       **error);
const char   *_px_proc_remote_worker_path (ProcExec      *pe);
char        **_px_proc_remote_argv        (ProcExec      *pe,
                                           Proc          *p);
void          _px_proc_remote_hello       (ProcExec      *pe,
                                           Proc          *p,
                                           const char    *node,
                                           gsize          n);
gboolean      _px_proc_remote_pong        (ProcExec      *pe,
                                           Proc          *p,
                                           PxReader      *body);
gboolean      _px_proc_remote_live        (ProcExec      *pe,
                                           Proc          *p,
                                           PxReader      *body);
void          _px_proc_remote_started     (Proc          *p);
char         *_px_proc_remote_describe    (ProcExec      *pe,
                                           Proc          *p,
                                           const char    *how);
void          _px_proc_remote_clear       (ProcExec      *pe);

/* px-process-writer.c */
void  _px_proc_send_finish        (Proc           *p);
guint _px_proc_depth_target       (ProcExec       *pe);
guint _px_proc_payload_task_limit (const PxSpec   *spec);
void  _px_proc_feed               (ProcExec       *pe,
                                   Proc           *p,
                                   guint           target);
void  _px_proc_flush_out          (Proc           *p);

G_END_DECLS
