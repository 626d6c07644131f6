import { ValidationPipe } from '@nestjs/common';
import { validationProblem } from './problem';

/** Whitelist, reject unknown fields, transform; every failure names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationProblem,
  });
}
