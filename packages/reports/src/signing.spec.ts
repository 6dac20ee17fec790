import { describe, expect, it } from 'vitest';
import { LinkSigner } from './signing';

const PATH = '/reports/monthly/2024-10.xlsx';
const TOKEN = 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbmFseXN0In0.signature';
const params = (link: string) => new URL(link, 'http://gateway').searchParams;

describe('signed report links', () => {
  it('open on another replica that shares REPORT_LINK_KEY, and stand for the caller who asked for them', () => {
    const replicaA = new LinkSigner('shared-report-link-key');
    const replicaB = new LinkSigner('shared-report-link-key');
    const link = replicaA.sign(PATH, TOKEN);
    expect(link).toMatch(/^\/reports\/monthly\/2024-10\.xlsx\?expires=\d+&ticket=[\w-]+$/);
    expect(link).not.toContain('eyJ');
    expect(replicaB.verify(PATH, params(link))).toBe(TOKEN);
  });

  it('do not open under another key, for another path or expiry, or once changed', () => {
    const signer = new LinkSigner('shared-report-link-key');
    const link = signer.sign(PATH, TOKEN);
    expect(new LinkSigner('another-key').verify(PATH, params(link))).toEqual(new Error('Bad signature'));
    expect(signer.verify('/reports/monthly/2024-09.xlsx', params(link))).toEqual(new Error('Bad signature'));
    const stretched = params(link);
    stretched.set('expires', String(Number(stretched.get('expires')) + 3600));
    expect(signer.verify(PATH, stretched)).toEqual(new Error('Bad signature'));
    const ticket = params(link).get('ticket')!;
    const flipped = ticket.slice(0, 40) + (ticket[40] === 'A' ? 'B' : 'A') + ticket.slice(41);
    expect(signer.verify(PATH, new URLSearchParams({ expires: params(link).get('expires')!, ticket: flipped }))).toEqual(new Error('Bad signature'));
    expect(signer.verify(PATH, new URLSearchParams({ expires: params(link).get('expires')!, ticket: 'short' }))).toEqual(new Error('Bad signature'));
    expect(signer.verify(PATH, new URLSearchParams({ ticket }))).toEqual(new Error('Incomplete signed link'));
  });

  it('expire after their time, and without a key each process has its own', () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const signer = new LinkSigner('k', 300, () => now);
    const link = signer.sign(PATH, TOKEN);
    now += 299_000;
    expect(signer.verify(PATH, params(link))).toBe(TOKEN);
    now += 2_000;
    expect(signer.verify(PATH, params(link))).toEqual(new Error('This link has expired: open the report page again'));
    const own = new LinkSigner(undefined);
    expect(new LinkSigner(undefined).verify(PATH, params(own.sign(PATH, TOKEN)))).toEqual(new Error('Bad signature'));
    expect(own.verify(PATH, new URLSearchParams())).toBeUndefined();
  });
});
