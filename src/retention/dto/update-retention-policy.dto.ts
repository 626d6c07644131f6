import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';
import { isRetentionPeriod, RETENTION_ANCHORS, RetentionAnchor } from '../retention-period';
import { RETENTION_ACTIONS, RetentionAction } from '../retention-target';

const IsCalendarPeriod = () =>
  ValidateBy({
    name: 'isCalendarPeriod',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isRetentionPeriod(value),
      defaultMessage: () => 'period must be an ISO 8601 calendar period of at most a century, such as P7Y, P1Y6M or P60D',
    },
  });

/** Replaces a category's policy as a whole. */
export class UpdateRetentionPolicyDto {
  @ApiProperty({ example: 'P7Y', description: 'ISO 8601 calendar period of at most a century (P100Y), counted in Europe/Amsterdam' })
  @IsCalendarPeriod()
  period: string;

  @ApiProperty({ enum: RETENTION_ANCHORS })
  @IsIn(RETENTION_ANCHORS)
  anchor: RetentionAnchor;

  @ApiProperty({ enum: RETENTION_ACTIONS })
  @IsIn(RETENTION_ACTIONS)
  action: RetentionAction;

  @ApiProperty({ example: 'Art. 52(4) AWR' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  legalBasis: string;
}
