import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTIFICATION_KINDS, NOTIFICATION_PHASES, NotificationKind, NotificationPhase } from '../incident-notification.entity';
import { IsInstantDate } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

export class RecordNotificationDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS)
  kind: NotificationKind;

  @ApiPropertyOptional({ description: 'required for controller_notification' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiProperty()
  @IsInstantDate()
  notifiedAt: Date;

  @ApiPropertyOptional({ enum: NOTIFICATION_PHASES, default: 'initial', description: 'Art. 33(4): information in phases' })
  @IsOptional()
  @IsIn(NOTIFICATION_PHASES)
  phase?: NotificationPhase;

  @ApiPropertyOptional({ example: 'AP meldloket', description: 'how it was sent or published; required for a public_communication' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  channel?: string;

  @ApiPropertyOptional({ description: "e.g. the AP's case number" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional({ description: 'the text sent to the data subjects or published; required for a public_communication' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  message?: string;

  @ApiPropertyOptional({ description: 'required when notifiedAt is after the deadline' })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  lateReason?: string;
}
