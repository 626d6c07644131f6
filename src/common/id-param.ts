import { HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem';

/** A uuid route parameter; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new ProblemException(HttpStatus.BAD_REQUEST, `${name} must be a UUID`, [{ field: name, message: `${name} must be a UUID` }]),
    }),
  );
