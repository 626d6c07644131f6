import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsInstantDate } from '../../common/instant';
import { IsUuid } from '../../common/uuid';
import { REQUEST_TYPES, RequestType } from '../data-subject-request.entity';
import { REQUEST_ROLES, RequestRole } from '../request-status';

export class RequesterDto {
  @ApiProperty({ example: 'J. de Vries' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'j.devries@example.nl' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class CreateDataSubjectRequestDto {
  @ApiProperty({ enum: REQUEST_TYPES, description: 'the right invoked (Art. 15–22 GDPR)' })
  @IsIn(REQUEST_TYPES)
  type: RequestType;

  @ApiProperty({ example: '2026-01-31T10:00:00Z', description: 'when the request reached the organisation; the clocks run from it' })
  @IsDefined()
  @IsInstantDate()
  receivedAt: Date;

  @ApiPropertyOptional({ example: 'e-mail', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  channel?: string;

  @ApiProperty({ type: RequesterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RequesterDto)
  requester: RequesterDto;

  @ApiProperty({
    enum: REQUEST_ROLES,
    description: "processor: about a client's data, to be forwarded to that controller; controller: about the organisation's own customers' data, answered within the Art. 12(3) month",
  })
  @IsIn(REQUEST_ROLES)
  role: RequestRole;

  @ApiPropertyOptional({ description: 'processor role: the client whose data it is (or give agreementId); controller role: the customer the requester is a contact of' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ description: 'processor role: the agreement whose dataSubjectRequestForwardingHours sets the forwarding clock' })
  @IsOptional()
  @IsUuid()
  agreementId?: string;

  @ApiPropertyOptional({ description: 'controller role, erasure: the contact person who asked, whom completing with eraseContact erases' })
  @IsOptional()
  @IsUuid()
  contactId?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;
}
