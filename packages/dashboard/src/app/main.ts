// The dashboard page: province -> district -> commune, from the graph's typed operations only. Plain DOM, no
// framework; the address (#/, #/huyen/584, #/xa/22783) says which unit is shown, so the browser's back works.
import {
  DashboardCommuneDocument, DashboardDistrictDocument, DashboardProvinceDocument,
  type DashboardCommuneQuery, type DashboardDistrictQuery, type DashboardProvinceQuery,
} from '@ntg/graph-client';
import { run, storedToken, storeToken, type Answer, type GraphError } from './api';
import { trendChart } from './chart';
import {
  COMMENDATION_FLAG, COMMUNE_KIND, CONSENSUS_FLAG, DISTRICT_KIND, ETHNIC_AREA, FUNDING_FLAG, MODEL_STATUS,
  RECOMMENDATION_STATUS, SECTOR, T, TARGET_STATUS, TARGET_TEXT, formatInt, formatPp, formatShare, formatVnd,
} from './labels';
import './style.css';

/** Review years the demo province has; the trend spans them all. */
const YEARS = [2022, 2023, 2024] as const;
const LATEST_YEAR = 2024;
const TREND = { from: 2022, to: LATEST_YEAR } as const;

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | number | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(key, String(value));
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** A figure: its text formatted, its raw value in data-value (and data-field naming what it is). */
function figure(field: string, value: number | null | undefined, format: (v: number) => string): HTMLElement {
  return h('span', { 'data-field': field, 'data-value': value ?? '' }, value == null ? '–' : format(value));
}

const state = {
  token: storedToken(),
  year: LATEST_YEAR as number,
  tokenNote: '' as string,
};

interface Route {
  level: 'province' | 'district' | 'commune';
  code?: string;
}

function currentRoute(): Route {
  const match = /^#\/(huyen|xa)\/(\d+)$/.exec(location.hash);
  if (!match) return { level: 'province' };
  return { level: match[1] === 'huyen' ? 'district' : 'commune', code: match[2]! };
}

// ---- header: token form and year -------------------------------------------------------------------------------

function header(): HTMLElement {
  const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'eyJhbGciOi…' });
  input.value = state.token;
  const note = h('span', { id: 'token-state', role: 'status' }, tokenState());
  const form = h('form', { id: 'token-form', class: 'token' },
    h('label', { for: 'token-input' }, T.tokenLabel), input,
    h('button', { type: 'submit', id: 'token-save' }, T.tokenSave),
    h('button', { type: 'button', id: 'token-clear', class: 'secondary' }, T.tokenClear),
    note);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = storeToken(input.value);
    input.value = state.token;
    state.tokenNote = '';
    void render();
  });
  form.querySelector('#token-clear')!.addEventListener('click', () => {
    state.token = storeToken('');
    state.tokenNote = '';
    input.value = '';
    void render();
  });

  const year = h('select', { id: 'year' });
  for (const y of YEARS) year.append(h('option', { value: y }, String(y)));
  year.value = String(state.year);
  year.addEventListener('change', () => {
    state.year = Number(year.value);
    void render();
  });

  return h('header', { class: 'top' },
    h('div', { class: 'brand' }, h('h1', {}, T.title), h('p', {}, T.subtitle)),
    h('div', { class: 'controls' }, form, h('label', { class: 'year' }, `${T.year} `, year)));
}

function tokenState(): string {
  if (state.tokenNote) return state.tokenNote;
  return state.token ? T.tokenKept : T.tokenMissing;
}

function updateTokenState(): void {
  const note = document.getElementById('token-state');
  if (note) note.textContent = tokenState();
}

// ---- shared parts -------------------------------------------------------------------------------------------------

interface Stats {
  households: number;
  poor: number;
  poorRate: number | null;
  poorRateChangePp: number | null;
  nearPoor: number;
  minorityPoor: number;
}

interface FundingTotals {
  approved: number;
  disbursed: number;
  disbursementRate: number | null;
}

function summary(stats: Stats, funding: FundingTotals | null | undefined): HTMLElement {
  const item = (label: string, value: HTMLElement) => h('div', { class: 'card' }, h('dt', {}, label), h('dd', {}, value));
  return h('dl', { class: 'summary' },
    item(T.households, figure('households', stats.households, formatInt)),
    item(T.poor, figure('poor', stats.poor, formatInt)),
    item(T.poorRate, figure('poorRate', stats.poorRate, formatShare)),
    item(T.poorRateChange, figure('poorRateChangePp', stats.poorRateChangePp, formatPp)),
    item(T.nearPoor, figure('nearPoor', stats.nearPoor, formatInt)),
    item(T.minorityPoor, figure('minorityPoor', stats.minorityPoor, formatInt)),
    item(`${T.funding}: ${T.approved.toLowerCase()}`, funding ? figure('fundingApproved', funding.approved, formatVnd) : h('span', {}, T.notAvailable)),
    item(T.disbursementRate, funding ? figure('disbursementRate', funding.disbursementRate, formatShare) : h('span', {}, T.notAvailable)));
}

function trendSection(points: readonly { year: number; poorRate: number | null }[], unitName: string): HTMLElement {
  const title = `${T.trend} ${TREND.from}–${TREND.to}: ${unitName}`;
  return h('section', { class: 'panel trend', id: 'trend' }, h('h3', {}, title), trendChart(points, title));
}

interface UnitRow {
  code: string;
  name: string;
  kind: string;
  href: string;
  note?: string;
  povertyStats: { households: number; poor: number; poorRate: number | null; poorRateChangePp: number | null };
}

function unitTable(id: string, caption: string, rows: readonly UnitRow[]): HTMLElement {
  const body = h('tbody', {});
  for (const row of rows) {
    const s = row.povertyStats;
    body.append(h('tr', { 'data-code': row.code },
      h('th', { scope: 'row' }, h('a', { href: row.href, 'data-code': row.code }, `${row.kind} ${row.name}`), row.note ? h('small', {}, ` (${row.note})`) : null),
      h('td', {}, figure('households', s.households, formatInt)),
      h('td', {}, figure('poor', s.poor, formatInt)),
      h('td', {}, figure('poorRate', s.poorRate, formatShare)),
      h('td', {}, figure('poorRateChangePp', s.poorRateChangePp, formatPp))));
  }
  return h('section', { class: 'panel' },
    h('h3', {}, caption),
    h('div', { class: 'scroll' }, h('table', { id },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.unit), h('th', { scope: 'col' }, T.households), h('th', { scope: 'col' }, T.poor),
        h('th', { scope: 'col' }, T.poorRate), h('th', { scope: 'col' }, T.poorRateChange))),
      body)));
}

function crumbs(parts: readonly { label: string; href?: string }[]): HTMLElement {
  const nav = h('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' });
  parts.forEach((part, i) => {
    if (i > 0) nav.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' › '));
    nav.append(part.href ? h('a', { href: part.href }, part.label) : h('span', { 'aria-current': 'page' }, part.label));
  });
  return nav;
}

function problems(errors: readonly GraphError[], hasData: boolean): HTMLElement | null {
  if (errors.length === 0) return null;
  const list = h('ul', {});
  for (const e of errors) list.append(h('li', {}, `${e.message}${e.extensions?.code ? ` [${e.extensions.code}]` : ''}`));
  return h('div', { class: hasData ? 'notice' : 'notice error', role: 'alert', id: 'errors' }, h('p', {}, hasData ? T.partial : T.failed), list);
}

// ---- the three views -----------------------------------------------------------------------------------------------

function provinceView(data: DashboardProvinceQuery): HTMLElement[] {
  const p = data.province;
  const targets = [...(data.plan?.targets ?? []), ...(data.plan?.minorityTargets ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const rows = h('tbody', {});
  for (const t of targets) {
    const unit = t.measure === 'PP' ? formatPp : formatShare;
    const range = [t.target.min, t.target.max].map((v) => (v == null ? '…' : unit(v))).join(' – ');
    rows.append(h('tr', { 'data-target': t.id, class: `status-${t.status}` },
      h('th', { scope: 'row' }, t.id),
      h('td', { class: 'text', title: t.description }, TARGET_TEXT[t.id] ?? t.description),
      h('td', {}, range),
      h('td', {}, figure('actual', t.actual, unit)),
      h('td', {}, h('span', { class: `badge status-${t.status}`, 'data-status': t.status }, TARGET_STATUS[t.status]))));
  }
  return [
    crumbs([{ label: `${T.province} ${p.name}` }]),
    h('h2', { id: 'unit-name' }, `${T.province} ${p.name}`),
    summary(p.povertyStats, p.fundingSummary),
    trendSection(p.povertyTrend, p.name),
    unitTable('units', T.districts, p.districts.map((d) => ({
      code: d.code, name: d.name, kind: DISTRICT_KIND[d.kind], href: `#/huyen/${d.code}`, povertyStats: d.povertyStats,
    }))),
    h('section', { class: 'panel' },
      h('h3', {}, `${T.targets} ${data.plan?.code ?? ''} (${state.year})`),
      h('div', { class: 'scroll' }, h('table', { id: 'targets' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.target), h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, T.wanted),
          h('th', { scope: 'col' }, T.actual), h('th', { scope: 'col' }, T.status))),
        rows))),
  ];
}

function districtView(data: DashboardDistrictQuery): HTMLElement[] {
  const d = data.district;
  if (!d) return [];
  return [
    crumbs([{ label: `${T.province} Ninh Thuận`, href: '#/' }, { label: d.fullName }]),
    h('h2', { id: 'unit-name' }, d.fullName),
    summary(d.povertyStats, d.fundingSummary),
    trendSection(d.povertyTrend, d.name),
    unitTable('units', T.communes, d.communes.map((c) => ({
      code: c.code, name: c.name, kind: COMMUNE_KIND[c.kind], href: `#/xa/${c.code}`, povertyStats: c.povertyStats,
      note: c.validUntil ? `${T.merged} ${c.validUntil}` : undefined,
    }))),
  ];
}

type Model = NonNullable<DashboardCommuneQuery['commune']>['livelihoodModels'][number];

function flag(kind: 'ok' | 'warn' | 'bad' | 'none', text: string, attributes: Record<string, string> = {}): HTMLElement {
  return h('li', { class: `flag flag-${kind}`, ...attributes }, text);
}

function modelCard(m: Model): HTMLElement {
  const funding = m.funding;
  const supports = m.technicalSupports;
  const supervisions = m.supervisions;
  const recommendations = (supervisions ?? []).flatMap((s) => s.recommendations);
  const overdue = recommendations.filter((r) => r.status === 'OVERDUE').length;
  const open = recommendations.filter((r) => r.status === 'OPEN').length;

  const fundingFlags = h('ul', { class: 'flags', 'data-group': 'funding' });
  if (!funding) fundingFlags.append(flag('none', T.notAvailable));
  else if (funding.flags.length === 0) fundingFlags.append(flag('ok', T.noFlags));
  else for (const f of funding.flags) fundingFlags.append(h('li', { class: 'flag flag-bad', 'data-flag': f.code, title: f.detail }, FUNDING_FLAG[f.code], h('small', {}, f.detail)));

  const support = h('ul', { class: 'flags', 'data-group': 'support' },
    supports == null ? flag('none', T.notAvailable)
      : supports.length === 0 ? flag('warn', T.supportNone, { 'data-flag': 'NO_SUPPORT' })
        : flag('ok', T.supportEvents(supports.length), { 'data-count': String(supports.length) }));

  const consensus = h('ul', { class: 'flags', 'data-group': 'consensus' },
    h('li', { class: 'flag flag-info' }, figure('consensusRate', m.consensusRate, formatShare)),
    m.consensusFlag ? flag('bad', CONSENSUS_FLAG[m.consensusFlag], { 'data-flag': m.consensusFlag }) : null);

  const supervision = h('ul', { class: 'flags', 'data-group': 'supervision' },
    supervisions == null ? flag('none', T.notAvailable)
      : supervisions.length === 0 ? flag('warn', T.supervisionNone, { 'data-flag': 'NO_SUPERVISION' })
        : flag('ok', T.supervisions(supervisions.length), { 'data-count': String(supervisions.length) }),
    overdue > 0 ? flag('bad', T.overdue(overdue), { 'data-flag': 'OVERDUE', 'data-count': String(overdue) }) : null,
    open > 0 ? flag('warn', T.open(open), { 'data-flag': 'OPEN', 'data-count': String(open) }) : null,
    m.commendationFlag ? flag('bad', COMMENDATION_FLAG[m.commendationFlag], { 'data-flag': m.commendationFlag }) : null);

  const latest = (supervisions ?? []).at(-1);
  return h('article', { class: 'model', 'data-id': m.id },
    h('h4', {}, m.name),
    h('p', { class: 'meta' },
      h('span', { class: `badge model-${m.status}`, 'data-status': m.status }, MODEL_STATUS[m.status]), ' ',
      `${SECTOR[m.sector]} · ${m.startDate} – ${m.endDate}`),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, T.participants), h('dd', {}, figure('participants', m.outcome.participants, formatInt))),
      h('div', {}, h('dt', {}, T.escaped), h('dd', {}, figure('escapedPoverty', m.outcome.escapedPoverty, formatInt))),
      h('div', {}, h('dt', {}, T.approved), h('dd', {}, funding ? figure('approved', funding.approved, formatVnd) : T.notAvailable)),
      h('div', {}, h('dt', {}, T.disbursed), h('dd', {}, funding ? figure('disbursed', funding.disbursed, formatVnd) : T.notAvailable)),
      h('div', {}, h('dt', {}, T.settled), h('dd', {}, funding ? figure('settled', funding.settled, formatVnd) : T.notAvailable))),
    h('div', { class: 'groups' },
      h('div', {}, h('h5', {}, T.fundingFlags), fundingFlags),
      h('div', {}, h('h5', {}, T.support), support),
      h('div', {}, h('h5', {}, T.consensus), consensus),
      h('div', {}, h('h5', {}, T.supervision), supervision,
        latest ? h('p', { class: 'latest' }, `${latest.date}: ${latest.subject}`,
          ...latest.recommendations.map((r) => h('span', { class: `badge rec-${r.status}` }, `${RECOMMENDATION_STATUS[r.status]} (${r.dueDate})`))) : null)));
}

function communeView(data: DashboardCommuneQuery): HTMLElement[] {
  const c = data.commune;
  if (!c) return [];
  const agriculture = c.agricultureSupport;
  const models = h('section', { class: 'panel', id: 'models' }, h('h3', {}, `${T.models} (${c.livelihoodModels.length})`));
  if (c.livelihoodModels.length === 0) models.append(h('p', {}, T.noModels));
  for (const m of c.livelihoodModels) models.append(modelCard(m));
  return [
    crumbs([{ label: `${T.province} Ninh Thuận`, href: '#/' }, { label: c.district.name, href: `#/huyen/${c.district.code}` }, { label: c.fullName }]),
    h('h2', { id: 'unit-name' }, c.fullName),
    h('p', { class: 'meta' },
      `${T.ethnicArea}: `, h('strong', {}, c.ethnicArea ? ETHNIC_AREA[c.ethnicArea] : T.notAvailable),
      agriculture ? ` · ${T.agriculture}: ` : '',
      agriculture ? figure('supportEvents', agriculture.supportEvents, T.supportEvents) : null,
      agriculture ? ', ' : '',
      agriculture ? figure('householdsReached', agriculture.householdsReached, formatInt) : null,
      agriculture ? ` ${T.reached}` : ''),
    summary(c.povertyStats, c.fundingSummary),
    trendSection(c.povertyTrend, c.name),
    models,
  ];
}

// ---- rendering ----------------------------------------------------------------------------------------------------

let generation = 0;

async function load(route: Route): Promise<{ answer: Answer<unknown>; view: () => HTMLElement[] }> {
  const period = { year: state.year, from: TREND.from, to: TREND.to };
  if (route.level === 'district') {
    const answer = await run(DashboardDistrictDocument, { code: route.code!, ...period }, state.token);
    return { answer, view: () => (answer.data ? districtView(answer.data) : []) };
  }
  if (route.level === 'commune') {
    const answer = await run(DashboardCommuneDocument, { code: route.code!, ...period }, state.token);
    return { answer, view: () => (answer.data ? communeView(answer.data) : []) };
  }
  const answer = await run(DashboardProvinceDocument, period, state.token);
  return { answer, view: () => (answer.data ? provinceView(answer.data) : []) };
}

async function render(): Promise<void> {
  const mine = ++generation;
  const main = document.getElementById('view')!;
  updateTokenState();
  if (!state.token) {
    main.replaceChildren(h('p', { class: 'notice' }, T.tokenMissing));
    main.removeAttribute('aria-busy');
    return;
  }
  main.setAttribute('aria-busy', 'true');
  main.dataset.level = '';
  if (!main.firstChild) main.append(h('p', {}, T.loading));
  try {
    const route = currentRoute();
    const { answer, view } = await load(route);
    if (mine !== generation) return;
    state.tokenNote = answer.status === 401 ? T.tokenRejected : '';
    updateTokenState();
    main.replaceChildren(...[problems(answer.errors, answer.data !== null), ...view()].filter((n): n is HTMLElement => n !== null));
    main.dataset.level = route.level;
    main.dataset.code = route.code ?? '58';
    main.dataset.year = String(state.year);
    window.scrollTo({ top: 0 });
  } catch (error) {
    if (mine !== generation) return;
    main.replaceChildren(problems([{ message: error instanceof Error ? error.message : String(error) }], false)!);
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy');
  }
}

const app = document.getElementById('app')!;
app.replaceChildren(header(), h('main', { id: 'view', 'aria-live': 'polite' }));
window.addEventListener('hashchange', () => void render());
void render();
