import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<Storage['getTargetValidationMetadatas']>;

const remembering = new WeakSet<Storage>();

/**
 * class-validator works out which rules apply to a class on every validation, for the body
 * and again for each nested object (and Nest's validation pipe asks once more, looking for
 * binary values): it filters the class's rules and tests the class against every class in its
 * store for inheritance. The answer changes only when a rule is added (a class loaded later),
 * so it is kept per class and options until then.
 */
export function rememberValidationRules(storage: Storage = getMetadataStorage()): void {
  if (remembering.has(storage)) return;
  remembering.add(storage);
  const find = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let kept = new WeakMap<object, Map<string, Rules>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = JSON.stringify([schema, always, strictGroups, groups]);
    let forTarget = kept.get(target);
    if (!forTarget) kept.set(target, (forTarget = new Map<string, Rules>()));
    let rules = forTarget.get(options);
    if (!rules) forTarget.set(options, (rules = find(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.addValidationMetadata = (metadata) => {
    kept = new WeakMap();
    add(metadata);
  };
}
