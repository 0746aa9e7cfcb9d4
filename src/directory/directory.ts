import type { Cluster, DirectoryData, DirectoryPerson, Municipality, Region, Theme } from './schema.js';

/** Read-only view of the organisation file with the look-ups the features need. */
export class Directory {
  private readonly munis = new Map<string, Municipality>();
  private readonly byEmail = new Map<string, DirectoryPerson>();
  private readonly byTenant = new Map<string, Municipality>();

  constructor(readonly data: DirectoryData) {
    for (const m of data.municipalities) {
      this.munis.set(m.number, m);
      for (const t of m.tenantIds) if (!this.byTenant.has(t.toLowerCase())) this.byTenant.set(t.toLowerCase(), m);
    }
    for (const p of data.people) this.byEmail.set(p.email.toLowerCase(), p);
  }

  municipality(number: string): Municipality | undefined {
    return this.munis.get(number);
  }

  /** Municipalities sorted by name (Norwegian collation). */
  municipalities(): Municipality[] {
    return [...this.data.municipalities].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  }

  personByEmail(email: string): DirectoryPerson | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  municipalityForTenant(tenantId: string | undefined): Municipality | undefined {
    return tenantId ? this.byTenant.get(tenantId.toLowerCase()) : undefined;
  }

  cluster(id: string): Cluster | undefined {
    return this.data.clusters.find((c) => c.id === id);
  }

  region(id: string): Region | undefined {
    return this.data.regions.find((r) => r.id === id);
  }

  clustersOf(municipality: string): Cluster[] {
    return this.data.clusters.filter((c) => c.members.includes(municipality));
  }

  clustersInRegion(regionId: string): Cluster[] {
    return this.data.clusters.filter((c) => c.region === regionId);
  }

  /** Contact persons (FOUi-kontakter) of a municipality named in the directory. */
  contactsOf(municipality: string): DirectoryPerson[] {
    return this.data.people.filter((p) => p.municipality === municipality && p.roles.includes('contact'));
  }

  /** Everyone the directory names in a municipality. */
  peopleIn(municipality: string): DirectoryPerson[] {
    return this.data.people.filter((p) => p.municipality === municipality);
  }

  themes(): Theme[] {
    return this.data.themes;
  }
}
