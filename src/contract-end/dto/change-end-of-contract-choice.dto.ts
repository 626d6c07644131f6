import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { END_OF_CONTRACT_ACTIONS, EndOfContractAction } from '../../agreements/processing-agreement.entity';

export class ChangeEndOfContractChoiceDto {
  @ApiProperty({ enum: END_OF_CONTRACT_ACTIONS, description: 'return the data, delete it, or both' })
  @IsIn(END_OF_CONTRACT_ACTIONS)
  action: EndOfContractAction;
}
