import { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AssessRiskDto, DataSubjectExemptionDto } from '../incidents/dto/assess-risk.dto';
import { RecordNotificationDto } from '../incidents/dto/record-notification.dto';
import { AffectedScopeDto, ReporterDto, ReportIncidentDto } from '../incidents/dto/report-incident.dto';
import { ApproxCountDto } from '../incidents/dto/severity-assessment.dto';
import { UpdateIncidentDto } from '../incidents/dto/update-incident.dto';
import type { FormFields } from './web-context';
import { DUTCH_CONSTRAINTS } from './web-texts';
import { refusal, validateAs } from './web-validation';

/** The DTOs the dashboard's forms send, with the classes nested in them. */
const FORM_DTOS: Type[] = [ReportIncidentDto, ReporterDto, AffectedScopeDto, ApproxCountDto, UpdateIncidentDto, RecordNotificationDto, AssessRiskDto, DataSubjectExemptionDto];

/** The constraint names class-validator reports a DTO's failures under (a custom constraint by its own name). */
function constraintsOf(dto: Type): string[] {
  const storage = getMetadataStorage();
  return storage.getTargetValidationMetadatas(dto, '', true, false).flatMap((m) => {
    if (m.type === 'conditionalValidation') return [];
    if (m.type !== 'customValidation') return [m.type];
    return storage.getTargetValidatorConstraints(m.constraintCls).map((c) => c.name);
  });
}

async function refusedAs(dto: Type, body: Record<string, unknown>, values: FormFields, lang: 'nl' | 'en') {
  const error = await validateAs(dto, body).then(
    () => null,
    (e: unknown) => e,
  );
  const refused = refusal(error, values, lang);
  if (!refused) throw new Error('not refused');
  return refused;
}

describe('form validation messages', () => {
  it('has Dutch words for every constraint the forms’ DTOs use', () => {
    const used = new Set(FORM_DTOS.flatMap(constraintsOf));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !DUTCH_CONSTRAINTS[name])).toEqual([]);
  });

  const body = { processorId: 'geen-id', awareAt: '2026-11-24T10:00:00.000Z', reporter: { email: 'jan@localhost' }, approxDataSubjects: -5, approxRecords: 3_000_000_000, nature: ['lekken'] };
  const values: FormFields = {
    processorId: 'geen-id',
    title: '',
    awareAt: '2026-11-24T11:00',
    'reporter.name': '',
    'reporter.email': 'jan@localhost',
    approxDataSubjects: '-5',
    approxRecords: '3000000000',
    nature: 'lekken',
  };

  it('words each refused field once, in Dutch on a Dutch page, with the bound as a Dutch reader writes it', async () => {
    const { status, state } = await refusedAs(ReportIncidentDto, body, values, 'nl');
    expect(status).toBe(400);
    expect(state.values).toBe(values);
    expect(Object.fromEntries(state.errors.map((e) => [e.field, e.message]))).toEqual({
      processorId: 'Kies een van de mogelijkheden.',
      title: 'Vul dit veld in.',
      'reporter.name': 'Vul dit veld in.',
      'reporter.email': 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
      approxDataSubjects: 'Vul 0 of meer in.',
      approxRecords: 'Vul 2.147.483.647 of minder in.',
      nature: 'Kies een van de mogelijkheden.',
    });
  });

  it('keeps the API’s own messages on an English page, one per field, and says only "fill in" for an empty field', async () => {
    const { state } = await refusedAs(ReportIncidentDto, body, values, 'en');
    const byField = Object.fromEntries(state.errors.map((e) => [e.field, e.message]));
    expect(state.errors.map((e) => e.field)).toHaveLength(new Set(state.errors.map((e) => e.field)).size);
    expect(byField.title).toBe('Fill in this field.');
    expect(byField['reporter.email']).toBe('email must be an email');
    expect(byField.approxDataSubjects).toBe('approxDataSubjects must not be less than 0');
  });

  it('leaves a refusal that is not a validation of fields as the API words it', () => {
    expect(refusal(new Error('boom'), {}, 'nl')).toBeNull();
  });
});
