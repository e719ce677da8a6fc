/* px-task-time.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a task's run time went, as the window's timeline and the HTML
 * report's draw and read it: one table of the parts, their words and
 * colours; adding a kind of wait is a row here and a field of the task
 * record.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-task-time.h"

static const PxTaskPartInfo parts[PX_TASK_N_PARTS] = {
  [PX_TASK_COMPUTE] = { N_("Compute"), PX_COLOR_COMPUTE },
  [PX_TASK_LOCK_WAIT] = { N_("Lock wait"), PX_COLOR_LOCK_WAIT },
  [PX_TASK_GIL_WAIT] = { N_("GIL wait"), PX_COLOR_GIL_WAIT },
  /* Translators: time spent handling a task's payload and talking to
   * the parent process. */
  [PX_TASK_IPC] = { N_("Payload/IPC"), PX_COLOR_IPC },
  [PX_TASK_IO_WAIT] = { N_("IO wait"), PX_COLOR_IO_WAIT },
  /* Translators: waiting for another worker to set an event or notify a
   * condition. */
  [PX_TASK_SIGNAL_WAIT] = { N_("Signal wait"), PX_COLOR_SIGNAL_WAIT },
};

const PxTaskPartInfo *
px_task_part_get_info (PxTaskPart part)
{
  g_return_val_if_fail (part < PX_TASK_N_PARTS, NULL);

  return &parts[part];
}

/* Splits @record's run time into its parts, in µs: each wait as
 * recorded (@waits, the task's rarer waits, may be NULL: none), compute
 * what they leave. Waits that add up to more than the run (clocks read a
 * moment apart) are scaled down to fit it. */
void
px_task_record_split (const PxTaskRecord *record,
                      const PxTaskWaits  *waits,
                      double              time_us[PX_TASK_N_PARTS])
{
  double run = MAX (record->end_us - record->start_us, 0);
  double waited;

  time_us[PX_TASK_LOCK_WAIT] = waits ? waits->lock_wait_us : 0;
  time_us[PX_TASK_GIL_WAIT] = waits ? waits->gil_wait_us : 0;
  time_us[PX_TASK_IPC] = record->ipc_us;
  time_us[PX_TASK_IO_WAIT] = record->io_wait_us;
  time_us[PX_TASK_SIGNAL_WAIT] = waits ? waits->signal_wait_us : 0;
  waited = 0;
  for (guint k = PX_TASK_LOCK_WAIT; k < PX_TASK_N_PARTS; k++)
    waited += time_us[k];
  if (waited > run)
    {
      for (guint k = PX_TASK_LOCK_WAIT; k < PX_TASK_N_PARTS; k++)
        time_us[k] *= run / waited;
      waited = run;
    }
  time_us[PX_TASK_COMPUTE] = run - waited;
}
