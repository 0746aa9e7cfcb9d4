import type { Engine } from './engine.js';
import { IndexBy } from './index-by.js';
import type { PersonRecord } from '../domain/people.js';
import { remove, type Eraser } from './erasure.js';

const C = 'people';

/** People who have talked to the bot, keyed by Entra object id. */
export class PeopleRepo {
  private readonly byEmail: IndexBy<PersonRecord>;
  private readonly byMunicipalityIndex: IndexBy<PersonRecord>;

  /** "Delete my data": the person record goes. */
  readonly erasers: Record<string, Eraser> = { [C]: remove };

  constructor(private readonly engine: Engine) {
    this.byEmail = new IndexBy<PersonRecord>(engine, C, (p) => p.email?.toLowerCase());
    this.byMunicipalityIndex = new IndexBy<PersonRecord>(engine, C, (p) => p.municipality);
  }

  get(id: string): PersonRecord | undefined {
    return this.engine.get<PersonRecord>(C, id);
  }

  findByEmail(email: string): PersonRecord | undefined {
    return this.byEmail.get(email.toLowerCase())[0];
  }

  byMunicipality(municipality: string): PersonRecord[] {
    return this.byMunicipalityIndex.get(municipality);
  }

  save(person: PersonRecord): Promise<void> {
    return this.engine.commit([{ c: C, id: person.id, v: person }]);
  }

  count(): number {
    return this.engine.count(C);
  }
}
