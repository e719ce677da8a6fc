/* px-watch-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the watch object (px-watch.c: launching, series), its samples
 * (px-watch-sample.c) and its reading of /proc (px-watch-proc.c: who
 * belongs to the program, the files kept open, what they say) share.
 */

#pragma once

#include <gio/gio.h>

#include "px-progress.h"
#include "px-proc-file.h"
#include "px-watch.h"

G_BEGIN_DECLS

#define RELIST_US (500 * 1000)
#define STATUS_US (5 * 1000 * 1000)
#define CAPACITY 6000
/* A tree larger than this is watched this far. */
#define MAX_THREADS 65536

typedef struct
{
  PxWatchProcess pub;
  /* Its threads need looking up: new, or its count of them changed. */
  gboolean       dirty;
  guint          alive;
  /* Its folder of threads, whose link count is its threads plus two. */
  int            task_fd;
  int            stat_fd;
  int            statm_fd;
  int            io_fd;
  /* What its main thread's list of children said at the last look:
   * when it says otherwise, the program is looked up again at once. */
  guint          children_hash;
  /* When its IO was last read, for the rates. */
  gint64         io_read_us;
  gboolean       listed;
  /* A sample's CPU, summed over its threads. */
  double         cpu;
  /* Its threads asleep at their last reading, left unread while its
   * CPU, all threads together, says none of them ran (see
   * px_watch_sample()): how many there are this sample, what its
   * threads' readings add up to, and how far its CPU is from that sum
   * when all were read. */
  guint          n_idle;
  guint64        known_ns;
  gboolean       offset_valid;
  gint64         offset_ns;
  /* This sample: its CPU from its stat, and whether one of its
   * sleeping threads ran since it was last read. */
  gboolean       stat_read;
  guint64        stat_cpu_ns;
  gboolean       unseen;
  /* One of its threads ran since the last sample, or may have. */
  gboolean       ran;
} Process;

typedef struct
{
  PxWatchThread pub;
  Process      *process;
  int           sched_fd;
  int           stat_fd;
  int           children_fd;
  /* Whether it was read at the last sample; its readings then. */
  gboolean      read;
  /* When it was last read: each thread's interval is its own. */
  gint64        read_us;
  guint64       cpu_last;
  guint64       wait_last;
  guint64       switches_last;
  gboolean      listed;
  /* Asleep, with nothing changed at its last reading; whether it was
   * left unread for now in this sample. */
  gboolean      idle;
  gboolean      deferred;
} Thread;

/* A file that could not be read: the first thread or process it was
 * missing for, why, and for how many. */
typedef struct
{
  int    id;
  int    saved_errno;
  guint  count;
} Problem;

struct _PxWatch
{
  GObject        parent_instance;

  int            root;
  GSubprocess   *launched;
  /* What was launched, to launch it again; NULL for an attached pid. */
  char         **argv;
  char          *workdir;
  char          *progress_pattern;
  /* When the watch began, in wall-clock time. */
  gint64         started_real_us;
  /* --progress: what counts the tasks, the program's output read line
   * by line and passed on to ours. */
  PxProgress    *progress;
  GDataInputStream *output;
  GOutputStream *passed_on;
  GCancellable  *reading;
  guint64        done_last;
  gboolean       exited;
  gboolean       end_on_exit;
  int            exit_status;
  /* This process's children's CPU time before the launch, and the
   * launched program's own account of its CPU, read once it was
   * collected (rusage): it holds what threads that ended between two
   * samples did since their last reading. */
  gint64         children_cpu_us;
  double         exit_cpu_s;
  guint          interval_ms;
  guint          timeout_id;
  gint64         start_us;
  gint64         last_us;
  /* The last sample's time since boot, in ns, as thread start times
   * count. */
  guint64        last_boot_ns;
  long           ticks;
  gint64         listed_us;
  /* When every thread was last read, sleeping or not. */
  gint64         full_us;
  guint          relists;
  gint64         status_us;
  gboolean       ended;
  PxHistory     *time;
  PxHistory     *series[PX_WATCH_N_SERIES];
  GPtrArray     *threads;
  GPtrArray     *processes;
  GHashTable    *problems;
  long           page_size;
};

void     _px_watch_close_fd           (int         *fd);
void     _px_watch_thread_free        (gpointer     data);
void     _px_watch_process_free       (gpointer     data);
gboolean _px_watch_pread_text         (int          fd,
                                       char        *buf,
                                       gsize        size);
Process *_px_watch_find_process       (PxWatch     *self,
                                       int          pid);
void     _px_watch_relist             (PxWatch     *self,
                                       gint64       now);
gboolean _px_watch_threads_changed    (PxWatch     *self);
gboolean _px_watch_process_dead       (Process     *p);
gboolean _px_watch_process_cpu_ns     (PxWatch     *self,
                                       Process     *p,
                                       guint64     *cpu_ns);
gboolean _px_watch_parse_schedstat    (const char  *buf,
                                       guint64     *run_ns,
                                       guint64     *wait_ns,
                                       guint64     *slices);
void     _px_watch_read_off_cpu_state (Thread      *t);
void     _px_watch_catch_up           (PxWatch     *self);
void     _px_watch_emit_sampled       (PxWatch     *self);
void     _px_watch_end                (PxWatch     *self);

G_END_DECLS
