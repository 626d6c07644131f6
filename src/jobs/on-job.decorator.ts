import { JobDefinition, JobMeta } from './job-definition';

export const ON_JOB = Symbol('jobs:on-job');

export type JobHandler<P> = (payload: P, meta: JobMeta) => Promise<unknown>;

/**
 * Marks the method that handles `job`, where it lives. The platform finds it at boot and
 * refuses to start when a declared job has no handler or two. The method's parameter is
 * checked against the job's payload type.
 */
export function OnJob<P>(job: JobDefinition<P>) {
  return <H extends JobHandler<P>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    Reflect.defineMetadata(ON_JOB, job, descriptor.value as object);
  };
}
