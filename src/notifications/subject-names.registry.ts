import { Injectable } from '@nestjs/common';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The things events name only by id, each named by the module that keeps it: a controller
 * and a processor by name, an incident by its title, a deadline by what it is about. (Events
 * about agreements and sub-processors carry the reference and name themselves.)
 */
export type NamedType = 'controller' | 'processor' | 'incident' | 'deadline';

/** Names for ids, in one query for the whole list; an id since erased is left out. */
export type NameLookup = (manager: EntityManager, ids: string[]) => Promise<Map<string, string>>;

/** An id to be named, as a template asks for it. */
export type NameRequest = [NamedType, string | null | undefined];

/** The names found for one batch of events; an unknown id reads as undefined. */
export type Names = (type: NamedType, id: string | null | undefined) => string | undefined;

/**
 * Where features say how their ids read to a person, so that messages and webhook payloads
 * carry names while this module imports no feature. Looked up once per type per batch of
 * events: a breach at shared infrastructure names 20,000 controllers in one query.
 */
@Injectable()
export class SubjectNames {
  private readonly lookups = new Map<NamedType, NameLookup>();

  register(type: NamedType, lookup: NameLookup): void {
    if (this.lookups.has(type)) throw new Error(`names of ${type} are registered twice`);
    this.lookups.set(type, lookup);
  }

  async resolve(manager: EntityManager, requests: Iterable<NameRequest>): Promise<Names> {
    const wanted = new Map<NamedType, Set<string>>();
    for (const [type, id] of requests) {
      if (!id || !this.lookups.has(type)) continue;
      let ids = wanted.get(type);
      if (!ids) wanted.set(type, (ids = new Set()));
      ids.add(id);
    }
    const found = new Map(await Promise.all([...wanted].map(async ([type, ids]) => [type, await this.lookups.get(type)!(manager, [...ids])] as const)));
    return (type, id) => (id ? found.get(type)?.get(id) : undefined);
  }
}

/** The lookup for an entity named by one of its columns, such as a controller's `name`. */
export function namesFrom<T extends ObjectLiteral>(entity: EntityTarget<T>, property: keyof T & string): NameLookup {
  return async (manager, ids) => {
    const rows = await manager.createQueryBuilder(entity, 'x').select('x.id', 'id').addSelect(`x.${property}`, 'name').where('x.id = ANY(:ids)', { ids }).getRawMany<{ id: string; name: string }>();
    return new Map(rows.map((r) => [r.id, r.name]));
  };
}
