import fc from 'fast-check';
import { unstorableText } from './request-text';

const NUL = 'must not contain the NUL character (U+0000)';
const UNPAIRED = 'must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)';

describe('unstorableText', () => {
  it.each([
    [{ name: 'a\u0000b' }, undefined, [{ field: 'name', message: `name ${NUL}` }]],
    [{ contactEmail: '\ud800' }, undefined, [{ field: 'contactEmail', message: `contactEmail ${UNPAIRED}` }]],
    [{ name: 'x\udfffy' }, undefined, [{ field: 'name', message: `name ${UNPAIRED}` }]],
    [{ name: '\udc00\ud800' }, undefined, [{ field: 'name', message: `name ${UNPAIRED}` }]],
    [{ reporter: { email: '\u0000' } }, undefined, [{ field: 'reporter.email', message: `reporter.email ${NUL}` }]],
    [{ dataStores: [{ name: 'ok' }, { name: 'a\u0000' }] }, undefined, [{ field: 'dataStores[1].name', message: `dataStores[1].name ${NUL}` }]],
    [{ securityMeasures: ['ok', '\ud83d'] }, undefined, [{ field: 'securityMeasures[1]', message: `securityMeasures[1] ${UNPAIRED}` }]],
    [{ 'na\u0000me': 'x' }, undefined, [{ field: 'body', message: `a key in the body ${NUL}` }]],
    [{ scope: { '\ud800': 1 } }, undefined, [{ field: 'scope', message: `a key in scope ${UNPAIRED}` }]],
    ['a\u0000', 'id', [{ field: 'id', message: `id ${NUL}` }]],
    ['a\u0000', undefined, [{ field: 'body', message: `the body ${NUL}` }]],
    [
      { a: 'x\u0000', b: '\ud800' },
      undefined,
      [
        { field: 'a', message: `a ${NUL}` },
        { field: 'b', message: `b ${UNPAIRED}` },
      ],
    ],
  ])('names what cannot be stored in %p', (value, field, errors) => {
    expect(unstorableText(value, field)).toEqual(errors);
  });

  it.each([{ name: 'J. 😀 \u202eevil\u202c e\u0301' }, { n: 1, b: true, x: null, list: [[]] }, 'plain', 42, null, undefined])('accepts %p', (value) => {
    expect(unstorableText(value)).toEqual([]);
  });

  it('accepts every well-formed string without NUL, and refuses it with a lone surrogate inserted anywhere', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
        fc.nat(),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        (text, at, surrogate) => {
          expect(unstorableText({ text })).toEqual([]);
          // Between two code points, where it cannot pair with a neighbour: no code point of a
          // well-formed string starts with a low surrogate or ends with a high one.
          const points = [...text];
          const cut = at % (points.length + 1);
          const broken = points.slice(0, cut).join('') + String.fromCharCode(surrogate) + points.slice(cut).join('');
          expect(unstorableText({ text: broken })).toEqual([{ field: 'text', message: `text ${UNPAIRED}` }]);
        },
      ),
    );
  });
});
