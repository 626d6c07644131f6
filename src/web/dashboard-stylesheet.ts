/**
 * The dashboard's one stylesheet, kept in TypeScript so `npm run build` carries it into
 * dist with the code and nothing is fetched at run time. System fonts; colours meet WCAG AA
 * contrast on white; every focusable element shows where the keyboard is.
 */
export const DASHBOARD_CSS = `
:root { --ink: #1d2430; --muted: #4f5b6b; --line: #d5dae1; --bg: #f5f7fa; --accent: #1f4fbf; --late: #a3161a; --late-bg: #fdecec; --soon: #7a4a00; --soon-bg: #fff4dc; --ok: #1e6b34; --ok-bg: #e6f4ea; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); line-height: 1.45; }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; top: .5rem; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.5rem; background: #16243d; color: #fff; }
header.top a, header.top .link { color: #fff; }
.brand { font-weight: 700; letter-spacing: .01em; }
header nav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
header nav a { display: block; padding: .35rem .7rem; border-radius: 4px; text-decoration: none; }
header nav a:hover { background: rgba(255,255,255,.12); }
header nav a[aria-current="page"] { background: #fff; color: #16243d; font-weight: 600; }
.who { margin-left: auto; display: flex; flex-wrap: wrap; align-items: center; gap: .9rem; font-size: .9rem; }
form.inline { display: inline; margin: 0; }
button.link { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
main { max-width: 78rem; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
main.narrow { max-width: 32rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.sub { color: var(--muted); margin-top: -.6rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.cards li { background: #fff; border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: .6rem .9rem; }
.cards .n { display: block; font-size: 1.7rem; font-weight: 700; }
.cards .late { border-left-color: var(--late); }
.cards .soon { border-left-color: #d08a00; }
.cards .calm { border-left-color: var(--accent); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .5rem .7rem; border-bottom: 1px solid var(--line); }
thead th { background: #eef1f5; font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
tbody tr:hover { background: #fafbfd; }
tr.late td, tr.late th { background: var(--late-bg); }
tr.late td:first-child { box-shadow: inset 4px 0 0 var(--late); }
tr.soon td:first-child { box-shadow: inset 4px 0 0 #d08a00; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.late { color: var(--late); background: var(--late-bg); }
.badge.soon { color: var(--soon); background: var(--soon-bg); }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.muted { color: var(--muted); background: #f0f2f5; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.pager { margin-top: .75rem; }
code.wrap { word-break: break-all; }
/* A long unbroken value (a URL, an e-mail address) may wrap inside its cell rather than run over the next one. */
tbody th, tbody td { overflow-wrap: break-word; }
tbody th .muted { font-weight: normal; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.plain li + li { margin-top: .2rem; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, 16rem) 1fr; gap: .3rem 1.25rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
ol.timeline li { position: relative; padding: 0 0 .9rem 1rem; }
ol.timeline li::before { content: ""; position: absolute; left: -.45rem; top: .4rem; width: .6rem; height: .6rem; border-radius: 50%; background: var(--accent); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; margin: 1rem 0; align-items: start; }
.grid2 > * { margin-top: 0; }
.panel > h2:first-child, .panel > h3:first-child { margin-top: 0; }
section + section, table + section { margin-top: 1.5rem; }
.alert p, .notice p { margin: 0; }
.alert ul { margin: .4rem 0 0; }
form.stacked label { display: block; font-weight: 600; margin: .7rem 0 .2rem; }
form.stacked .hint { display: block; font-weight: 400; color: var(--muted); font-size: .85rem; }
input, select, textarea { font: inherit; color: inherit; padding: .4rem .5rem; border: 1px solid #8a94a3; border-radius: 4px; width: 100%; max-width: 40rem; background: #fff; }
textarea { min-height: 5rem; }
[aria-invalid="true"] { border-color: var(--late); border-width: 2px; }
.field-error { color: var(--late); font-size: .9rem; margin: .2rem 0 0; }
button.primary, a.button { display: inline-block; margin-top: .9rem; padding: .5rem 1rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; margin-bottom: 1rem; }
.filters label { display: block; font-size: .85rem; font-weight: 600; }
.filters select, .filters input { width: auto; }
.filters button { margin-top: 0; }
.alert { border: 1px solid var(--late); background: var(--late-bg); padding: .6rem .9rem; border-radius: 6px; }
.notice { border: 1px solid var(--ok); background: var(--ok-bg); padding: .6rem .9rem; border-radius: 6px; }
.draft section { margin-bottom: 1rem; }
.draft h3 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
form.stacked fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .9rem 0 0; padding: .4rem .9rem .7rem; max-width: 40rem; }
form.stacked legend { font-weight: 600; padding: 0 .3rem; }
form.stacked fieldset .hint { margin: 0 0 .3rem; }
form.stacked label.choice { display: flex; gap: .5rem; align-items: baseline; font-weight: 400; margin: .25rem 0; }
label.choice input { width: auto; flex: none; }
/* On its own line under the last field, however wide the panel. */
form.stacked > button.primary { display: block; }
.choices.scroll { max-height: 16rem; overflow-y: auto; border: 1px solid var(--line); border-radius: 4px; padding: .2rem .6rem; background: #fff; }
@media (max-width: 48rem) { .who { margin-left: 0; } main { padding: 1rem; } }
`;
