/** Every Action.Execute verb, shared by card templates and handlers. */
export const VERBS = {
  setLanguage: 'language.set',
  register: 'onboarding.register',
  askDelete: 'data.delete.ask',
  confirmDelete: 'data.delete.confirm',
  cancelDelete: 'data.delete.cancel',
  newNeed: 'need.new',
  submitNeed: 'need.submit',
  openNeed: 'need.open',
  editNeed: 'need.edit',
  transitionNeed: 'need.transition',
  askWithdrawNeed: 'need.withdraw.ask',
  confirmWithdrawNeed: 'need.withdraw.confirm',
  cancelWithdrawNeed: 'need.withdraw.cancel',
  filterNeeds: 'need.filter',
  linkNeed: 'need.link',
  unlinkNeed: 'need.unlink',
  movePriority: 'priority.move',
  rankPriority: 'priority.rank',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: readonly string[] = Object.values(VERBS);
