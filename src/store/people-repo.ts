import type { Backend, IndexDef } from './backend.js';
import type { PersonRecord } from '../domain/people.js';
import { remove, type Eraser } from './erasure.js';

const C = 'people';

/** People who have talked to the bot, keyed by Entra object id. */
export class PeopleRepo {
  private readonly byEmail: IndexDef<PersonRecord> = { name: 'email', collection: C, key: (p) => p.email?.toLowerCase() };
  private readonly byMunicipalityIndex: IndexDef<PersonRecord> = { name: 'municipality', collection: C, key: (p) => p.municipality };

  /** "Delete my data": the person record goes. */
  readonly erasers: Record<string, Eraser> = { [C]: remove };

  constructor(private readonly engine: Backend) {
    engine.defineIndex(this.byEmail);
    engine.defineIndex(this.byMunicipalityIndex);
  }

  get(id: string): Promise<PersonRecord | undefined> {
    return this.engine.get<PersonRecord>(C, id);
  }

  async findByEmail(email: string): Promise<PersonRecord | undefined> {
    return (await this.engine.byKey(this.byEmail, email.toLowerCase()))[0];
  }

  byMunicipality(municipality: string): Promise<PersonRecord[]> {
    return this.engine.byKey(this.byMunicipalityIndex, municipality);
  }

  save(person: PersonRecord): Promise<void> {
    return this.engine.commit([{ c: C, id: person.id, v: person }]);
  }

  count(): Promise<number> {
    return this.engine.count(C);
  }
}
