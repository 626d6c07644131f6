import { ControllerEntry, RecordSection } from './record-content';
import { csvRecord, jsonRecord, RecordEvent, RecordHead } from './record-formats';

const head: RecordHead = { title: 'Register', language: 'nl', generatedAt: new Date('2026-03-10T10:00:00Z'), period: { at: new Date('2026-03-10T10:00:00Z') }, processorId: null, controllerId: null };
const section = (name: string): RecordSection => ({
  processor: { id: name, name, country: 'NL', kvkNumber: null, contactEmail: null, dpo: { name: null, email: null } },
  securityMeasures: ['versleuteling', 'MFA; ook voor beheer'],
});
const controller = (name: string): ControllerEntry => ({
  id: name,
  name,
  country: 'NL',
  kvkNumber: null,
  contactEmail: null,
  dpo: { name: null, email: null },
  agreements: [{ id: 'a', reference: 'VO-1', effectiveFrom: new Date('2024-01-01T00:00:00Z'), endsAt: null }],
  processing: { purposes: ['hosting'], dataCategories: ['naam', 'e-mail'], dataSubjectCategories: ['klanten'], specialCategories: [] },
  transfers: [],
});

async function* events(...list: RecordEvent[]): AsyncGenerator<RecordEvent> {
  for (const event of list) yield await Promise.resolve(event);
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

const twoSections = () =>
  events(
    { kind: 'section', section: section('A') },
    { kind: 'controllers', entries: [controller('a1'), controller('a2')] },
    { kind: 'controllers', entries: [controller('a3')] },
    { kind: 'section-end' },
    { kind: 'section', section: section('B') },
    { kind: 'section-end' },
  );

describe('the record’s formats', () => {
  it('writes one JSON document across batches and sections, an empty section included', async () => {
    const body = JSON.parse(await text(jsonRecord(head, twoSections()))) as { generatedAt: string; sections: { processor: { name: string }; controllers: { name: string }[] }[] };
    expect(body.generatedAt).toBe('2026-03-10T10:00:00.000Z');
    expect(body.sections.map((s) => [s.processor.name, s.controllers.map((c) => c.name)])).toEqual([
      ['A', ['a1', 'a2', 'a3']],
      ['B', []],
    ]);
  });

  it('is still one JSON document with no processor at all', async () => {
    expect(JSON.parse(await text(jsonRecord(head, events())))).toMatchObject({ sections: [] });
  });

  it('writes CSV with a byte-order mark, a row per controller, and one for a processor without controllers, every row as wide as the header', async () => {
    const csv = await text(csvRecord(head, twoSections()));
    expect(csv.startsWith('\uFEFFOpgemaakt op,Periode,Verwerker,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    // Security measures hold a semicolon and are one per line: quoted.
    expect(lines[1]).toContain('"versleuteling\nMFA; ook voor beheer"');
    const records = csv.slice(1).match(/\r\n/g)!.length;
    expect(records).toBe(1 + 3 + 1);
    expect(lines[lines.length - 2].startsWith('2026-03-10T10:00:00.000Z,')).toBe(true);
    expect(lines[lines.length - 2].split(',').length).toBe(lines[0].split(',').length);
  });
});
