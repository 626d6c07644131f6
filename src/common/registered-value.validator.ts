import { INestApplicationContext, Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { useContainer, Validate, ValidationArguments, ValidationOptions, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** A registry modules fill at boot: deadline kinds, event names, retention categories. */
export interface NameRegistry {
  names(): string[];
}

/**
 * Checks a value against a registry the running application holds, in the validation pipe,
 * so a wrong value is a 400 naming the field together with every other field error.
 * class-validator resolves this constraint from the application (resolveConstraintsFrom),
 * and the constraint resolves the registry.
 */
@ValidatorConstraint({ name: 'isRegistered' })
@Injectable()
export class RegisteredValueConstraint implements ValidatorConstraintInterface {
  constructor(private readonly moduleRef: ModuleRef) {}

  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'string' && this.allowed(args).includes(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be one of: ${this.allowed(args).join(', ')}`;
  }

  private allowed(args: ValidationArguments): string[] {
    const [registry, also] = args.constraints as [Type<NameRegistry>, string[]];
    return [...this.moduleRef.get(registry, { strict: false }).names(), ...also];
  }
}

/** The value (or, with `each`, every value) must be registered in `registry`, or be one of `also`. */
export const IsRegistered = (registry: Type<NameRegistry>, options: ValidationOptions & { also?: string[] } = {}) => {
  const { also = [], ...validation } = options;
  return Validate(RegisteredValueConstraint, [registry, also], validation);
};

/**
 * Lets class-validator take this constraint from the application; everything else it asks
 * for it builds itself, as before (asking the application for an unknown class would abort it).
 */
export function resolveConstraintsFrom(app: INestApplicationContext): void {
  useContainer({ get: <T>(type: unknown): T | undefined => (type === RegisteredValueConstraint ? app.get<RegisteredValueConstraint, T>(RegisteredValueConstraint) : undefined) }, { fallback: true });
}
