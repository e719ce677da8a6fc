/* px-watch.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-history.h"

G_BEGIN_DECLS

/* Where a thread spent a sample's interval, as the timeline shows it. */
typedef enum
{
  PX_WATCH_RUNNING,
  /* Ready to run, waiting for a CPU (schedstat's run-queue time). */
  PX_WATCH_RUNNABLE,
  PX_WATCH_SLEEPING,
  PX_WATCH_DISK_WAIT,
  PX_WATCH_STOPPED,
  PX_WATCH_ZOMBIE,
  PX_WATCH_N_STATES
} PxWatchState;

/* Series of one thread, a value per sample of the watch; NAN before the
 * thread was seen and after it ended. */
typedef enum
{
  PX_WATCH_THREAD_CPU,
  PX_WATCH_THREAD_RUNNABLE,
  PX_WATCH_THREAD_STATE,
  PX_WATCH_THREAD_SWITCHES,
  PX_WATCH_N_THREAD_SERIES
} PxWatchThreadSeries;

/* Series of one process. */
typedef enum
{
  PX_WATCH_PROCESS_CPU,
  PX_WATCH_PROCESS_RSS,
  PX_WATCH_PROCESS_READ,
  PX_WATCH_PROCESS_WRITE,
  /* Bytes a second read from and written to storage. */
  PX_WATCH_PROCESS_READ_RATE,
  PX_WATCH_PROCESS_WRITE_RATE,
  PX_WATCH_N_PROCESS_SERIES
} PxWatchProcessSeries;

/* Series of the whole program. */
typedef enum
{
  /* Cores used: the sum of its threads' CPU. */
  PX_WATCH_PARALLELISM,
  /* Threads running or waiting for a CPU, on average. */
  PX_WATCH_WANTING,
  PX_WATCH_THREADS,
  PX_WATCH_PROCESSES,
  /* With --progress: tasks done so far, and a second. */
  PX_WATCH_DONE,
  PX_WATCH_THROUGHPUT,
  PX_WATCH_N_SERIES
} PxWatchSeries;

typedef struct
{
  int           tid;
  int           pid;
  /* Its comm, as the kernel names it. */
  char          name[32];
  gboolean      ended;
  /* What the kernel accounted to it when first and last read. */
  guint64       cpu_ns_first;
  guint64       wait_ns_first;
  guint64       switches_first;
  guint64       cpu_ns;
  guint64       wait_ns;
  /* Times it was switched in (schedstat); of its switches out, those
   * it asked for and those it did not (status, read every few seconds). */
  guint64       switches;
  guint64       voluntary;
  guint64       involuntary;
  PxWatchState  state;
  PxHistory    *series[PX_WATCH_N_THREAD_SERIES];
} PxWatchThread;

typedef struct
{
  int           pid;
  int           parent;
  char          name[32];
  char         *command_line;
  gboolean      ended;
  /* Whether /proc/PID/io could be read (another user's is not). */
  gboolean      io_readable;
  guint64       rss_bytes;
  /* Bytes read from and written to storage, as last read and as first
   * read; and a second, over the last interval of their reading. */
  guint64       read_bytes;
  guint64       write_bytes;
  guint64       read_bytes_first;
  guint64       write_bytes_first;
  double        read_rate;
  double        write_rate;
  PxHistory    *series[PX_WATCH_N_PROCESS_SERIES];
} PxWatchProcess;

#define PX_TYPE_WATCH (px_watch_get_type ())

G_DECLARE_FINAL_TYPE (PxWatch, px_watch, PX, WATCH, GObject)

PxWatch              *px_watch_new_attach       (int            pid,
                                                 guint          interval_ms,
                                                 GError       **error);
PxWatch              *px_watch_new_launch       (const char * const *argv,
                                                 const char    *workdir,
                                                 const char    *progress,
                                                 guint          interval_ms,
                                                 GError       **error);
PxWatch              *px_watch_new_again        (PxWatch       *self,
                                                 GError       **error);
const char * const   *px_watch_get_argv         (PxWatch       *self);
gint64                px_watch_get_started      (PxWatch       *self);
gboolean              px_watch_get_sampling     (PxWatch       *self);
gboolean              px_watch_get_exit_cpu     (PxWatch       *self,
                                                 double        *seconds);
gboolean              px_watch_get_progress     (PxWatch       *self,
                                                 guint64       *done,
                                                 guint64       *total,
                                                 gboolean      *has_total);
void                  px_watch_sample           (PxWatch       *self);
void                  px_watch_start            (PxWatch       *self);
void                  px_watch_stop             (PxWatch       *self);
int                   px_watch_get_pid          (PxWatch       *self);
gboolean              px_watch_get_ended        (PxWatch       *self);
gboolean              px_watch_get_exit_status  (PxWatch       *self,
                                                 int           *status);
guint                 px_watch_get_interval_ms  (PxWatch       *self);
PxHistory            *px_watch_get_time         (PxWatch       *self);
PxHistory            *px_watch_get_series       (PxWatch       *self,
                                                 PxWatchSeries  series);
guint                 px_watch_get_n_threads    (PxWatch       *self);
const PxWatchThread  *px_watch_get_thread       (PxWatch       *self,
                                                 guint          index);
guint                 px_watch_get_n_processes  (PxWatch       *self);
const PxWatchProcess *px_watch_get_process      (PxWatch       *self,
                                                 guint          index);
char                **px_watch_dup_problems     (PxWatch       *self);
const char           *px_watch_state_name       (PxWatchState   state);
const char           *px_watch_state_key        (PxWatchState   state);

/* A process that could be watched, as a picker lists it. */
typedef struct
{
  int      pid;
  char     name[32];
  guint    threads;
  /* CPU time so far, in clock ticks' precision. */
  guint64  cpu_ns;
  char    *command_line;
} PxWatchCandidate;

GArray               *px_watch_list_processes   (void);
void                  px_watch_candidate_clear  (PxWatchCandidate *candidate);

G_END_DECLS
