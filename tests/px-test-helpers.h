/* px-test-helpers.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-run.h"

G_BEGIN_DECLS

void px_test_spec (PxSpec         *spec,
                   PxExecutorKind  executor,
                   PxTaskKind      kind,
                   guint           workers,
                   guint           tasks,
                   double          task_ms);
void px_test_wait (PxRun          *run);
void px_test_wait_for_done (PxRun *run,
                            guint  n);
gboolean px_test_require_display (gboolean have_display);

G_END_DECLS
