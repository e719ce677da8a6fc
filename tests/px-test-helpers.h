/* px-test-helpers.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-run.h"

G_BEGIN_DECLS

/* PX_TEST_SLACK: how many times a bound on time or CPU is widened. The
 * sanitized build (there to catch memory errors) runs every instrumented
 * loop and its start-up slower, so it gets twice the slack. */
#if defined(__SANITIZE_ADDRESS__)
# define PX_TEST_SLACK 2
#else
# define PX_TEST_SLACK 1
#endif

void px_test_spec (PxSpec         *spec,
                   PxExecutorKind  executor,
                   PxTaskKind      kind,
                   guint           workers,
                   guint           tasks,
                   double          task_ms);
void px_test_wait (PxRun          *run);
void px_test_wait_for_done (PxRun *run,
                            guint  n);
gint64 px_test_cancel_in_flight (PxRun *run,
                                 guint  n);
gboolean px_test_require_display (gboolean have_display);
char    *px_test_fault_worker (const char *dir,
                               const char *fault,
                               guint       after);
guint    px_test_count_children (void);
int      px_test_spawn_daemon   (const char * const *argv);
void     px_test_stop_daemon    (int          pid);
guint    px_test_count_files (const char *path);
void     px_test_remove_dir (const char *path);
char    *px_test_make_dir (const char *prefix);
char    *px_test_replace  (const char *text,
                           const char *old,
                           const char *new);
char    *px_test_private_tmpdir (const char *prefix);
void     px_test_assert_all_accounted (PxRun      *run,
                                       const char *tmpdir);

gboolean px_test_group_gone (pid_t pgid);
gboolean px_test_events_contain (PxRun      *run,
                                 const char *text);
void     px_test_set_text   (char       **slot,
                             const char  *text);

void     px_test_sort       (double      *values,
                             guint        n);
double   px_test_median     (double      *values,
                             guint        n);

guint64  px_test_thread_cpu_ns (void);
void     px_test_wait_asleep   (int      id);
gboolean px_test_process_schedstat (int      pid,
                                    guint64 *on_cpu_ns,
                                    guint64 *waiting_ns);
gboolean px_test_quit_cb       (gpointer     loop);
double   px_test_top_percent   (const char  *args,
                                double       seconds);

int      px_test_parallax      (char       **out,
                                char       **err,
                                const char  *first,
                                ...) G_GNUC_NULL_TERMINATED;

char    *px_test_joblog_text   (PxRun       *run);

G_END_DECLS
