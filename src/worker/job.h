/* job.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

int px_worker_run_job (int   argc,
                       char *argv[]);
