import type { Role } from '../people.js';

export const SERVICE_AREAS = ['home-care', 'nursing-homes', 'rehabilitation', 'mental-health', 'public-health', 'health-management', 'other'] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];

export const URGENCIES = ['within-6-months', 'within-a-year', 'longer-term'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const NEED_STATUSES = ['received', 'returned', 'assessed', 'prioritised', 'answered-summary', 'answered-project', 'declined', 'withdrawn'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Statuses after which nothing more happens to a need. */
export const FINAL_STATUSES: readonly NeedStatus[] = ['answered-summary', 'answered-project', 'declined', 'withdrawn'];

/** What a person fills in (PICO and the rest). */
export interface NeedFields {
  title: string;
  description: string;
  population: string;
  intervention: string;
  comparison: string;
  outcome: string;
  serviceArea: ServiceArea;
  decision: string;
  urgency: Urgency;
  theme: string;
}

export const TEXT_FIELDS = ['title', 'description', 'population', 'intervention', 'comparison', 'outcome', 'decision'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type ActorKind = 'author' | 'contact' | 'coordinator';

export interface HistoryEntry {
  at: string;
  /** Person id, or null once that person has erased their data. */
  by: string | null;
  byName: string;
  as: ActorKind | Role;
  kind: 'created' | 'status' | 'edited' | 'linked' | 'unlinked';
  from?: NeedStatus;
  to?: NeedStatus;
  note?: string;
  /** A status change that passed over a step nobody took (see the transition table), with `note` as its reason. */
  override?: 'unassessed';
}

export interface Need extends NeedFields {
  id: string;
  /** Human reference, e.g. KB-2026-0042: unique and increasing per year. */
  ref: string;
  municipality: string;
  authorId: string | null;
  authorName: string;
  status: NeedStatus;
  createdAt: string;
  updatedAt: string;
  groupId?: string;
}

/** Needs from several municipalities that ask the same question, handled as one. */
export interface NeedGroup {
  id: string;
  cluster: string;
  needIds: string[];
  createdBy: string | null;
  createdAt: string;
}

/** A cluster's ordered priority list; entries are `need:<id>` or `group:<id>`. */
export interface PriorityList {
  id: string;
  entries: string[];
  updatedAt: string;
  updatedBy: string | null;
}
