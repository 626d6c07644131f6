import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mails go out as text and HTML (multipart); the HTML part is kept beside the text.
 * A controller may prefer Dutch or English; without a preference its country decides.
 */
export class ReadableMessages1763719920000 implements MigrationInterface {
  name = 'ReadableMessages1763719920000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE email_messages ADD COLUMN html text`);
    await q.query(`ALTER TABLE data_controllers ADD COLUMN language text`);
    await q.query(`ALTER TABLE data_controllers ADD CONSTRAINT "CHK_data_controller_language" CHECK (language IN ('nl', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_controllers DROP COLUMN language`);
    await q.query(`ALTER TABLE email_messages DROP COLUMN html`);
  }
}
