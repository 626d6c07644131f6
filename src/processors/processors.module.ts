import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { namesFrom, SubjectNames } from '../notifications/subject-names.registry';
import { Processor } from './processor.entity';
import { ProcessorsController } from './processors.controller';
import { ProcessorsService } from './processors.service';

@Module({
  imports: [TypeOrmModule.forFeature([Processor]), AuditModule, NotificationsModule],
  providers: [ProcessorsService],
  controllers: [ProcessorsController],
  exports: [ProcessorsService],
})
export class ProcessorsModule implements OnModuleInit {
  constructor(private readonly names: SubjectNames) {}

  onModuleInit(): void {
    this.names.register('processor', namesFrom(Processor, 'name'));
  }
}
