import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { invalidFields, validationProblem } from './problem';
import { unstorableText } from './request-text';
import { rememberValidationRules } from './validation-metadata';

/**
 * Refuses text Postgres cannot store in any body, query or path parameter, then
 * validates against the DTO: whitelist, reject unknown fields, transform; every failure
 * names its field.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const errors = unstorableText(value, metadata.data);
      if (errors.length) throw invalidFields(errors);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** `exceptionFactory`: the dashboard keeps class-validator's findings by constraint, to word them in its reader's language. */
export function createValidationPipe(exceptionFactory: (errors: ValidationError[]) => unknown = validationProblem): ValidationPipe {
  rememberValidationRules();
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory,
  });
}
