import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from './contact.entity';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { DataController } from './data-controller.entity';
import { DataControllersController } from './data-controllers.controller';
import { DataControllersService } from './data-controllers.service';
import { Invoice } from './invoice.entity';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';

@Module({
  imports: [TypeOrmModule.forFeature([DataController, Contact, Invoice])],
  providers: [DataControllersService, ContactsService, InvoicesService],
  controllers: [DataControllersController, ContactsController, InvoicesController],
})
export class DataControllersModule {}
