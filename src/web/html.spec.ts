import { escapeHtml, html, Html } from './html';

// Prettier formats html`…` templates as HTML; under another name a template stays exactly as written here.
const tag = html;

describe('html', () => {
  it('escapes every value that is not already markup', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(tag`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
  });

  it('nests fragments, joins lists and leaves out false, null and undefined', () => {
    const items = ['a<b', 'c'].map((x) => tag`<li>${x}</li>`);
    expect(tag`<ul>${items}</ul>${false}${null}${undefined}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  it('is the only way to markup: a string that looks like a fragment stays text', () => {
    expect(tag`${'<b>'}${new Html('<i>')}`.value).toBe('&lt;b&gt;<i>');
    expect(escapeHtml('"&')).toBe('&quot;&amp;');
  });
});
