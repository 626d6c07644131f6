import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { ALL_EVENTS, NOTIFICATION_EVENTS } from '../notification-events';

const SUBSCRIBABLE = [...NOTIFICATION_EVENTS, ALL_EVENTS];

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.nl/compliance' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }) @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: SUBSCRIBABLE, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(SUBSCRIBABLE.length) @IsIn(SUBSCRIBABLE, { each: true })
  events: string[];

  @ApiProperty({ description: 'HMAC-SHA256 key for X-Signature; never returned', minLength: 16, writeOnly: true })
  @IsString() @MinLength(16) @MaxLength(500)
  secret: string;
}
