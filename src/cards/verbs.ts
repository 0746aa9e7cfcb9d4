/** Every Action.Execute verb, shared by card templates and handlers. */
export const VERBS = {
  setLanguage: 'language.set',
  register: 'onboarding.register',
  askDelete: 'data.delete.ask',
  confirmDelete: 'data.delete.confirm',
  cancelDelete: 'data.delete.cancel',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: readonly string[] = Object.values(VERBS);
