/* px-window-test-helpers.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-application.h"
#include "px-window-private.h"

G_BEGIN_DECLS

#define RUN_TIMEOUT_S 60

extern PxApplication *app;

void px_window_test_init (int    *argc,
                          char ***argv);
int  px_window_test_run  (void);

gboolean
require_display (void);

char *
profile_path (const char *name);

gboolean
is_running (PxWindow *window);

PxGraph *
get_graph (PxWindow      *window,
           PxWindowGraph  graph);

guint
count_runs (PxWindow *window);

PxRunItem *
get_run (PxWindow *window,
         guint     index);

const char *
get_status (PxWindow *window);

AdwMessageDialog *
find_dialog (void);

const char *
last_error (void);

char *
dup_summary_text (PxWindow *window);

gboolean
wait_until (gboolean (*done) (PxWindow *),
            PxWindow  *window,
            double     seconds);

void
spin (double seconds);

gboolean
wait_for_paint (GtkWidget *widget,
                double     seconds);

gboolean
not_running (PxWindow *window);

PxWindow *
new_window (void);

PxWindow *
window_on (const char *path);

void
close_dialogs (void);

guint
count_dialogs (void);

void
destroy_window (PxWindow *window);

gboolean
kept_and_opened (PxWindow *window);

void
set_field (PxWindow   *window,
           const char *key,
           const char *text);

void
run_and_wait (PxWindow *window);

PxWindow *
short_run_window (const char *executor);

GdkTexture *
render_window (GtkWidget *window);

void
save_window_png (PxWindow   *window,
                 const char *name);

void
save_widget_png (GtkWidget  *widget,
                 const char *name);

GArray *
child_pids (void);

GArray *
run_until_three_workers (PxWindow *window);

void
assert_processes_gone (GArray *pids);
G_END_DECLS
