import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Something wrong with a data store that another module knows of (it sits on a blocked sub-processor). */
export interface DataStoreFlag {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export interface AgreementDetailInput {
  agreementId: string;
  dataStores: { id: string; subProcessorId: string | null }[];
  now: Date;
}

/** A section of `GET /agreements/:id` that a feature owns, and the flags it puts on the agreement's data stores. */
export interface AgreementDetailSource {
  key: string;
  read(manager: EntityManager, input: AgreementDetailInput): Promise<{ section: unknown; dataStoreFlags?: Map<string, DataStoreFlag[]> }>;
}

/** For each data store naming a sub-processor the agreement's processor does not engage: why. */
export type DataStoreReferenceCheck = (manager: EntityManager, processorId: string, subProcessorIds: string[]) => Promise<Map<string, string>>;

/**
 * The port through which features this module must not import (sub-processors, which
 * imports agreements) add to an agreement's detail and check what its data stores refer to.
 */
@Injectable()
export class AgreementDetails {
  private readonly sources: AgreementDetailSource[] = [];
  private referenceCheck: DataStoreReferenceCheck = () => Promise.resolve(new Map<string, string>());

  add(source: AgreementDetailSource): void {
    if (this.sources.some((s) => s.key === source.key)) throw new Error(`agreement detail ${source.key} is added twice`);
    this.sources.push(source);
  }

  useDataStoreCheck(check: DataStoreReferenceCheck): void {
    this.referenceCheck = check;
  }

  checkDataStoreReferences(manager: EntityManager, processorId: string, subProcessorIds: string[]): Promise<Map<string, string>> {
    return subProcessorIds.length ? this.referenceCheck(manager, processorId, subProcessorIds) : Promise.resolve(new Map<string, string>());
  }

  async read(manager: EntityManager, input: AgreementDetailInput): Promise<{ sections: Record<string, unknown>; dataStoreFlags: Map<string, DataStoreFlag[]> }> {
    const sections: Record<string, unknown> = {};
    const dataStoreFlags = new Map<string, DataStoreFlag[]>();
    // One after another: inside a transaction they share one connection.
    for (const source of this.sources) {
      const { section, dataStoreFlags: flags } = await source.read(manager, input);
      sections[source.key] = section;
      for (const [storeId, list] of flags ?? []) dataStoreFlags.set(storeId, [...(dataStoreFlags.get(storeId) ?? []), ...list]);
    }
    return { sections, dataStoreFlags };
  }
}
