import { RegistryAndFoundation1763719200000 } from './1763719200000-registry-and-foundation';
import { Notifications1763719400000 } from './1763719400000-notifications';

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const ALL_MIGRATIONS = [RegistryAndFoundation1763719200000, Notifications1763719400000];
