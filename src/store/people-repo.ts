import type { Engine } from './engine.js';
import type { PersonRecord } from '../domain/people.js';

const C = 'people';

/** People who have talked to the bot, keyed by Entra object id. */
export class PeopleRepo {
  constructor(private readonly engine: Engine) {}

  get(id: string): PersonRecord | undefined {
    return this.engine.get<PersonRecord>(C, id);
  }

  findByEmail(email: string): PersonRecord | undefined {
    const e = email.toLowerCase();
    return this.engine.values<PersonRecord>(C).find((p) => p.email?.toLowerCase() === e);
  }

  byMunicipality(municipality: string): PersonRecord[] {
    return this.engine.values<PersonRecord>(C).filter((p) => p.municipality === municipality);
  }

  save(person: PersonRecord): Promise<void> {
    return this.engine.commit([{ c: C, id: person.id, v: person }]);
  }

  count(): number {
    return this.engine.count(C);
  }
}
