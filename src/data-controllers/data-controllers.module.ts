import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { In } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { Outbox } from '../notifications/outbox';
import { namesFrom, SubjectNames } from '../notifications/subject-names.registry';
import { RetentionModule } from '../retention/retention.module';
import { RetentionTargets } from '../retention/retention-target';
import { Contact } from './contact.entity';
import { controllerLanguage } from './controller-language';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { DataController } from './data-controller.entity';
import { CONTACT_RETENTION, INVOICE_RETENTION } from './data-controllers.retention';
import { DataControllersController } from './data-controllers.controller';
import { DataControllersService } from './data-controllers.service';
import { Invoice } from './invoice.entity';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';

/** Controllers (clients), their contact persons and invoices. */
@Module({
  imports: [TypeOrmModule.forFeature([DataController, Contact, Invoice]), AuditModule, NotificationsModule, RetentionModule],
  providers: [DataControllersService, ContactsService, InvoicesService],
  controllers: [DataControllersController, ContactsController, InvoicesController],
  exports: [DataControllersService],
})
export class DataControllersModule implements OnModuleInit {
  constructor(
    private readonly retention: RetentionTargets,
    private readonly outbox: Outbox,
    private readonly names: SubjectNames,
  ) {}

  onModuleInit(): void {
    this.retention.register(INVOICE_RETENTION, CONTACT_RETENTION);
    // Mail about a controller goes to the contact address kept on the controller, in its language.
    this.outbox.useAddressBook(async (manager, controllerIds) => {
      const controllers = await manager.find(DataController, { where: { id: In(controllerIds) }, select: { id: true, contactEmail: true, country: true, language: true } });
      return new Map(controllers.filter((c) => c.contactEmail).map((c) => [c.id, { email: c.contactEmail!, language: controllerLanguage(c.country, c.language) }]));
    });
    this.names.register('controller', namesFrom(DataController, 'name'));
  }
}
