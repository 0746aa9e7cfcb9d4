/** What the need form sends for a need with `title` and `description` (the other fields as a person leaves them). */
export const needForm = (title: string, description: string) => ({
  needId: '',
  title,
  description,
  population: '',
  intervention: '',
  comparison: '',
  outcome: '',
  serviceArea: 'home-care',
  decision: '',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
});
