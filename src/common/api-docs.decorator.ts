import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemStatus, problemResponse } from './api-document';

/** The problems a route answers besides those its shape implies (completeApiDocument adds those). */
export const ApiProblems = (...statuses: ProblemStatus[]) => applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));

/** A page of a list: `{items, nextCursor}`, as every list of this API answers. */
export const ApiPage = (item: Type<unknown>, description = 'a page of the list; pass nextCursor as cursor for the next') =>
  applyDecorators(
    ApiExtraModels(item),
    ApiResponse({
      status: 200,
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } }, nextCursor: { type: 'string', nullable: true, description: 'null on the last page' } },
      },
    }),
  );

interface FieldOptions {
  nullable?: boolean;
  description?: string;
  example?: unknown;
  enum?: readonly string[];
  format?: string;
}

/** A field of an answer, typed for the document (reflection sees `Object` for `T | null`). */
export const ApiId = (options: FieldOptions = {}) => ApiProperty({ type: String, format: 'uuid', ...options });
export const ApiInstant = (options: FieldOptions = {}) => ApiProperty({ type: String, format: 'date-time', ...options });
export const ApiText = (options: FieldOptions = {}) => ApiProperty({ type: String, ...options });
export const ApiTexts = (options: FieldOptions = {}) => ApiProperty({ type: [String], ...options });
