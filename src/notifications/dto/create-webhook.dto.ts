import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { DomainEvents } from '../../common/domain-events';
import { IsRegistered } from '../../common/registered-value.validator';
import { ALL_EVENTS } from '../notification-events';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.nl/compliance' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url: string;

  @ApiProperty({ description: 'event names (e.g. incident.created, deadline.missed) or * for all', isArray: true, example: ['incident.created'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsRegistered(DomainEvents, { each: true, also: [ALL_EVENTS] })
  events: string[];

  @ApiProperty({ description: 'HMAC-SHA256 key for X-Signature and X-Signature-Timestamped; never returned', minLength: 16, writeOnly: true })
  @IsString()
  @MinLength(16)
  @MaxLength(500)
  secret: string;
}
