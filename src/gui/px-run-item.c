/* px-run-item.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run in a window's history: the run with its records, the sampler
 * with its graphs' data, and once it has ended its summary and the
 * statistics of its repetitions.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-run-item.h"

struct _PxRunItem
{
  GObject        parent_instance;

  guint          number;
  char          *profile_name;
  PxRun         *run;
  PxSampler     *sampler;
  gboolean       finished;
  PxSummary      summary;
  PxRepetitions  reps;
  /* A run read back from a report: its kept run's id (NULL for a
   * report from elsewhere) and what lists call it. */
  char          *kept_id;
  char          *loaded_title;
};

G_DEFINE_FINAL_TYPE (PxRunItem, px_run_item, G_TYPE_OBJECT)

static void
px_run_item_finalize (GObject *object)
{
  PxRunItem *self = PX_RUN_ITEM (object);

  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->kept_id, g_free);
  g_clear_pointer (&self->loaded_title, g_free);
  g_clear_object (&self->run);
  g_clear_object (&self->sampler);
  px_repetitions_clear (&self->reps);

  G_OBJECT_CLASS (px_run_item_parent_class)->finalize (object);
}

static void
px_run_item_class_init (PxRunItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = px_run_item_finalize;
}

static void
px_run_item_init (PxRunItem *self)
{
}

PxRunItem *
px_run_item_new (guint       number,
                 const char *profile_name,
                 PxRun      *run,
                 PxSampler  *sampler)
{
  PxRunItem *self = g_object_new (PX_TYPE_RUN_ITEM, NULL);

  self->number = number;
  self->profile_name = g_strdup (profile_name);
  self->run = g_object_ref (run);
  self->sampler = g_object_ref (sampler);
  return self;
}

/**
 * px_run_item_new_loaded:
 * @kept_id: (nullable): the kept run it was read from
 * @title: what the history calls it
 * @sampler: (nullable): its series, if the report has them
 *
 * A finished run read back from a report.
 */
PxRunItem *
px_run_item_new_loaded (const char          *kept_id,
                        const char          *title,
                        PxRun               *run,
                        PxSampler           *sampler,
                        const PxRepetitions *reps)
{
  PxRunItem *self = g_object_new (PX_TYPE_RUN_ITEM, NULL);

  self->profile_name = g_strdup (px_run_get_spec (run)->name);
  self->kept_id = g_strdup (kept_id);
  self->loaded_title = g_strdup (title);
  self->run = g_object_ref (run);
  self->sampler = sampler != NULL ? g_object_ref (sampler) : px_sampler_new_loaded (run, 100, 0,
                                                                                    0, 0);
  px_run_item_finish (self, reps);
  return self;
}

/* The kept run it was read from, or NULL. */
const char *
px_run_item_get_kept_id (PxRunItem *self)
{
  return self->kept_id;
}

/* What a kept run is called: the profile's name, or the experiment's. */
const char *
px_run_item_get_name (PxRunItem *self)
{
  return self->profile_name;
}

guint
px_run_item_get_number (PxRunItem *self)
{
  return self->number;
}

PxRun *
px_run_item_get_run (PxRunItem *self)
{
  return self->run;
}

PxSampler *
px_run_item_get_sampler (PxRunItem *self)
{
  return self->sampler;
}

gboolean
px_run_item_get_finished (PxRunItem *self)
{
  return self->finished;
}

/* Computes the summary once the run has ended; @reps (may be NULL) holds
 * the measured repetitions and is copied. */
void
px_run_item_finish (PxRunItem           *self,
                    const PxRepetitions *reps)
{
  px_summary_compute (self->run, &self->summary);
  if (reps != NULL)
    px_repetitions_copy (&self->reps, reps);
  self->finished = TRUE;
}

const PxSummary *
px_run_item_get_summary (PxRunItem *self)
{
  return self->finished ? &self->summary : NULL;
}

const PxRepetitions *
px_run_item_get_repetitions (PxRunItem *self)
{
  return self->reps.n > 1 ? &self->reps : NULL;
}

char *
px_run_item_dup_title (PxRunItem *self)
{
  if (self->loaded_title != NULL)
    return g_strdup (self->loaded_title);
  /* Translators: a run in the history: its number and its profile's name */
  return g_strdup_printf (_("Run %u · %s"), self->number,
                          self->profile_name && *self->profile_name ? self->profile_name
                                                                    : _("Untitled"));
}

char *
px_run_item_dup_description (PxRunItem *self)
{
  const PxSpec *spec = px_run_get_spec (self->run);
  const char *executor = px_run_item_executor_label (spec->executor);

  if (!self->finished)
    return g_strdup_printf (ngettext ("%s · %u worker · running", "%s · %u workers · running",
                                      spec->workers),
                            executor, spec->workers);

  {
    g_autofree char *wall = px_format_duration (self->summary.wall_us);

    return g_strdup_printf (ngettext ("%s · %u worker · %s · %.1f tasks/s · %u of %u done",
                                      "%s · %u workers · %s · %.1f tasks/s · %u of %u done",
                                      spec->workers),
                            executor, spec->workers, wall, self->summary.throughput,
                            self->summary.done, self->summary.total);
  }
}

/* An executor as the window names it, translated. */
const char *
px_run_item_executor_label (PxExecutorKind kind)
{
  switch (kind)
    {
    case PX_EXECUTOR_PROCESSES:
      return _("processes");
    case PX_EXECUTOR_EVENT_LOOP:
      return _("event loops");
    case PX_EXECUTOR_THREADS:
    default:
      return _("threads");
    }
}
