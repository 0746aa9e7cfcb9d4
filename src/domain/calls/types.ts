export const CALL_KINDS = ['participation', 'announcement'] as const;
export type CallKind = (typeof CALL_KINDS)[number];
export const AUDIENCES = ['contacts', 'all'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const ANSWERS = ['join', 'interested', 'not-relevant'] as const;
export type Answer = (typeof ANSWERS)[number];

export type Target = { type: 'cluster'; id: string } | { type: 'region'; id: string } | { type: 'municipalities'; ids: string[] };

export interface CallContent {
  title: string;
  summary: string;
  body: string;
  sender: string;
  link: string;
  /** Answer deadline, a calendar day (YYYY-MM-DD) in the bot's time zone; answers close after it. */
  deadline: string;
  kind: CallKind;
  target: Target;
  audience: Audience;
  /** Prioritised knowledge needs this call answers (ids; absent on calls composed before the link existed). */
  needIds?: string[];
}

export type CallStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled' | 'withdrawn';

export interface Call extends CallContent {
  id: string;
  /** Human reference, UT-2026-0007. */
  ref: string;
  status: CallStatus;
  createdBy: string | null;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
  scheduledAt?: string;
  startedAt?: string;
  finishedAt?: string;
  cancelledAt?: string;
  /** Last changed after it was sent (every delivered copy was updated in place). */
  editedAt?: string;
  /** Withdrawn after it was sent: every delivered copy says so, answers are closed. */
  withdrawnAt?: string;
  /** The targeted municipalities, fixed when sending starts. */
  municipalities: string[];
  /** The coordinator's card that shows delivery progress, updated in place. */
  progress?: { conversationId: string; activityId: string };
}

export interface AnswerEntry {
  answer: Answer;
  comment: string;
  by: string | null;
  byName: string;
  at: string;
}

/** One municipality's answer (contact persons answer for it), or one employee's own interest. */
export interface CallAnswer extends AnswerEntry {
  id: string;
  callId: string;
  municipality: string;
  /** Set for an individual expression of interest (audience "all"); absent for the municipality's answer. */
  personId?: string;
}
