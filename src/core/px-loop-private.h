/* px-loop-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event loop and its tasks, shared by the executor (px-loop-executor.c)
 * and the tasks that await a lock or semaphore (px-loop-sync.c).
 */

#pragma once

#include "px-loop-sync.h"
#include "px-run-private.h"

G_BEGIN_DECLS

/* Tasks claimed at a time, at most. */
#define MAX_CLAIM 256
/* Tasks made at once when a loop has no spare one. */
#define TASK_BLOCK 256

typedef struct _Loop Loop;
typedef struct _Task Task;

/* A task in flight: its first step due on the loop, its timer in the
 * heap, its file IO on a helper thread, or awaiting a permit. */
struct _Task
{
  Loop          *loop;
  guint32        id;
  guint          attempt;
  /* Its place in the timer heap, or NOT_IN_HEAP. */
  guint          heap_index;
  gint64         start_us;
  gint64         wait_start_us;
  gint64         due_us;
  /* FALSE until its first step ran on the loop, as a coroutine's does
   * after create_task; then it awaits. */
  gboolean       started;
  gboolean       on_helper;
  /* kind=net: its request, awaiting its socket (in the epoll set once
   * it had to wait). */
  gboolean       on_net;
  gboolean       in_epoll;
  PxNetCall      call;
  /* kind=lock and kind=semaphore: its place among those awaiting a
   * permit, since when, what it does once it has one, whether it holds
   * one, and (lock) what it computes holding it. */
  PxLoopWaiter   waiter;
  gint64         park_us;
  void         (*resume) (Task *task);
  gboolean       holds_permit;
  guint64        inside;
  guint64        state;
  /* kind=event: the setting of the event when it began. */
  guint32        seen;
  /* Its await was cut at task-timeout, as asyncio.wait_for cuts one. */
  gboolean       timed_out;
  PxTaskStatus   status;
  PxTaskOutcome  out;
  /* Once ended, the next of its loop's spare tasks. */
  Task          *next_spare;
};

#define NOT_IN_HEAP G_MAXUINT

struct _Loop
{
  PxRunShared     *shared;
  guint            index;
  GMainContext    *context;
  GMainLoop       *main_loop;
  PxKernelContext  ctx;
  GThreadPool     *helpers;
  /* Every task in flight, for a cancel. */
  GHashTable      *in_flight;
  /* Tasks are made in blocks (a task is a few hundred bytes and ten
   * thousand may be in flight: one malloc each grew the loop thread's
   * heap a page at a time) and kept for the next once ended. */
  GPtrArray       *task_blocks;
  Task            *spare;
  /* Timers, earliest first (a binary heap of Task), and first steps
   * due now, in order. */
  GPtrArray       *heap;
  GQueue           ready;
  /* Tasks back from the helper threads, and the source they wake. */
  GAsyncQueue     *helped;
  GSource         *helped_source;
  GSource         *wake;
  /* kind=net: the sockets awaited, and the source that wakes for them. */
  int              epfd;
  GSource         *net_source;
  guint            limit;
  gboolean         exhausted;
  /* More tasks to claim on the next turn, or when to look again. */
  gboolean         more;
  gint64           retry_us;
  /* When a loop that had its share of the tasks looks again (0: none). */
  gint64           share_look_us;
  guint32          ids[MAX_CLAIM];
  GSource         *probe;
  gint64           probe_due_us;
  PxLoopStats     *stats;
  /* kind=lock and kind=semaphore: shared by every loop of the run, and
   * how many of this loop's tasks await a permit. */
  PxLoopSync      *sync;
  guint            parked;
  /* kind=event and kind=condition: shared by every loop, and (loop 0)
   * the setter's or producer's timer. */
  PxLoopSignal    *signal;
  GSource         *signaller;
  /* kind=barrier: shared by every loop. */
  PxLoopBarrier   *barrier;
};

typedef struct
{
  PxRunShared *shared;
  Loop        *loops;
  GThread    **threads;
  PxLoopSync  *sync;
  PxLoopSignal *signal;
  PxLoopBarrier *barrier;
} LoopExec;

void _px_loop_heap_push    (Loop    *loop,
                            Task    *task);
Task *_px_loop_heap_pop    (Loop    *loop);
void _px_loop_heap_remove  (Loop    *loop,
                            Task    *task);
void _px_loop_finish       (Task    *task);
void _px_loop_net_start    (Task    *task);
void _px_loop_net_advance  (Task    *task);
void _px_loop_await_timer  (Task    *task,
                            guint64  wait_us);
/* px-loop-lag.c: how long a loop is held, and its busy time. */
void     _px_loop_check_slow    (Loop    *loop,
                                 Task    *task,
                                 gint64   held_us);
void     _px_loop_note_lag      (Loop    *loop,
                                 gint64   now);
void     _px_loop_account       (Loop    *loop,
                                 gint64   now);
void     _px_loop_restart_probe (Loop    *loop,
                                 gint64   now);
gboolean _px_loop_probe_cb      (gpointer data);

void _px_loop_deliver      (Task    *task);

void _px_loop_lock_step      (Task *task);
void _px_loop_semaphore_step (Task *task);
void _px_loop_release_permit (Task *task);
void _px_loop_cancel_parked  (Loop *loop);

PxLoopSignal *_px_loop_signal_new         (const PxSpec  *spec);
void          _px_loop_signal_free        (PxLoopSignal  *signal);
void          _px_loop_signal_get_stats   (PxLoopSignal  *signal,
                                           PxSignalStats *stats);
gint64        _px_loop_signal_interval_us (const PxSpec  *spec);
void          _px_loop_signal_fire        (PxLoopSignal  *signal);
void          _px_loop_signal_step        (Task          *task);
gboolean      _px_loop_signal_forget      (PxLoopSignal  *signal,
                                           PxLoopWaiter  *waiter);

PxLoopBarrier *_px_loop_barrier_new    (const PxSpec  *spec);
void           _px_loop_barrier_free   (PxLoopBarrier *barrier);
void           _px_loop_barrier_step   (Task          *task);
void           _px_loop_barrier_check  (PxLoopBarrier *barrier,
                                        PxRunShared   *shared);
gboolean       _px_loop_barrier_forget (PxLoopBarrier *barrier,
                                        PxLoopWaiter  *waiter);

G_END_DECLS
