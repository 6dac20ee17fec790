import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed download links for browsers, which cannot send a bearer header with a plain link. The page
 * (fetched with the bearer header) hands out `?ticket=…&expires=…&sig=…`: the ticket names the caller's token, kept
 * in this process's memory until the link expires (never put in the URL); the HMAC binds path, expiry and ticket,
 * so a link cannot be stretched, moved to another month or format, or forged.
 */
export class LinkSigner {
  private readonly key: Buffer;
  private readonly tickets = new Map<string, { authorization: string; expires: number }>();

  constructor(key: string | Uint8Array | undefined, private readonly ttlSeconds = 300, private readonly now = () => Date.now()) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key);
  }

  private signature(path: string, expires: number, ticket: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${expires}\n${ticket}`).digest('base64url');
  }

  private prune(): void {
    const now = this.now();
    for (const [ticket, entry] of this.tickets) if (entry.expires * 1000 < now) this.tickets.delete(ticket);
  }

  /** A link to `path` that runs as the caller whose authorization header is given, for ttlSeconds. */
  sign(path: string, authorization: string): string {
    this.prune();
    const ticket = randomBytes(18).toString('base64url');
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    this.tickets.set(ticket, { authorization, expires });
    return `${path}?ticket=${ticket}&expires=${expires}&sig=${this.signature(path, expires, ticket)}`;
  }

  /** The authorization header a signed link stands for; undefined when it is not signed, and an Error when it is bad or expired. */
  verify(path: string, params: URLSearchParams): string | Error | undefined {
    const ticket = params.get('ticket');
    const sig = params.get('sig');
    const expires = Number(params.get('expires'));
    if (ticket === null && sig === null) return undefined;
    if (!ticket || !sig || !Number.isInteger(expires)) return new Error('Incomplete signed link');
    const expected = Buffer.from(this.signature(path, expires, ticket));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return new Error('Bad signature');
    if (expires * 1000 < this.now()) return new Error('This link has expired: open the report page again');
    const entry = this.tickets.get(ticket);
    if (!entry) return new Error('This link is no longer valid: open the report page again');
    return entry.authorization;
  }
}
