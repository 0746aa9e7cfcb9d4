/** Roles a person can hold. `employee` is everyone's default. */
export const ROLES = ['employee', 'contact', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the bot keeps about a person who has talked to it (GDPR: only what it uses). */
export interface PersonRecord {
  /** Entra (AAD) object id: the stable key once linked. */
  id: string;
  tenantId: string;
  name: string;
  email?: string;
  municipality: string;
  /** Set when the person chose their municipality themselves (not in the directory). */
  selfRegistered: boolean;
  language?: Language;
  /** False when the person turned the weekly digest off. */
  digest?: boolean;
  linkedAt: string;
  updatedAt: string;
}

/** A stored Bot Framework conversation reference: what proactive messages use. */
export interface ConversationRecord {
  /** Conversation id. */
  id: string;
  personId?: string;
  /** The person's Teams user id (`29:…`) in a 1:1 chat: whom a card sent there refreshes for. */
  userId?: string;
  scope: 'personal' | 'team' | 'groupChat';
  tenantId: string;
  reference: Record<string, unknown>;
  savedAt: string;
}
