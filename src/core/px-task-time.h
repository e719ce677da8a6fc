/* px-task-time.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-run.h"
#include "px-scale.h"

G_BEGIN_DECLS

/* Where a task's run time went, in the order the timelines stack it. */
typedef enum
{
  PX_TASK_COMPUTE,
  PX_TASK_LOCK_WAIT,
  PX_TASK_GIL_WAIT,
  PX_TASK_IPC,
  PX_TASK_IO_WAIT,
  PX_TASK_SIGNAL_WAIT,
  PX_TASK_N_PARTS
} PxTaskPart;

typedef struct
{
  /* Untranslated: show it with _(). */
  const char  *label;
  PxColorRole  role;
} PxTaskPartInfo;

const PxTaskPartInfo *px_task_part_get_info (PxTaskPart          part);
void                  px_task_record_split  (const PxTaskRecord *record,
                                             const PxTaskWaits  *waits,
                                             double              time_us[PX_TASK_N_PARTS]);

G_END_DECLS
