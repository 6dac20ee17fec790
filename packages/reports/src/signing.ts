import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Short-lived signed download links for browsers, which cannot send a bearer header with a plain link. The page
 * (fetched with the bearer header) hands out `?expires=…&ticket=…`: the ticket is the caller's authorization header
 * sealed with AES-256-GCM under a key every gateway replica shares (REPORT_LINK_KEY), with the path and expiry as
 * associated data. So any replica opens a link another handed out (nothing is kept in one process's memory), the
 * token never appears in the URL in the clear, and a link cannot be stretched, moved to another month or format, or
 * forged. Without a shared key each process makes its own, and a link opens only on the replica that made it.
 */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(key: string | Uint8Array | undefined, private readonly ttlSeconds = 300, private readonly now = () => Date.now()) {
    // HKDF turns a passphrase of any length (an `openssl rand -hex 32` value, say) into the 32-byte AES key.
    const secret = key === undefined || key.length === 0 ? randomBytes(32) : Buffer.from(key);
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'ntg report download link v1', 32));
  }

  private static associatedData(path: string, expires: number): Buffer {
    return Buffer.from(`${path}\n${expires}`);
  }

  /** A link to `path` that runs as the caller whose authorization header is given, for ttlSeconds. */
  sign(path: string, authorization: string): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(LinkSigner.associatedData(path, expires));
    const sealed = Buffer.concat([cipher.update(authorization, 'utf8'), cipher.final()]);
    const ticket = Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
    return `${path}?expires=${expires}&ticket=${ticket}`;
  }

  /** The authorization header a signed link stands for; undefined when it is not signed, and an Error when it is bad or expired. */
  verify(path: string, params: URLSearchParams): string | Error | undefined {
    const ticket = params.get('ticket');
    const expiresParam = params.get('expires');
    if (ticket === null && expiresParam === null) return undefined;
    if (!ticket || !expiresParam || !/^\d{1,12}$/.test(expiresParam)) return new Error('Incomplete signed link');
    const expires = Number(expiresParam);
    const bytes = Buffer.from(ticket, 'base64url');
    if (bytes.length <= 28) return new Error('Bad signature');
    let authorization: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAAD(LinkSigner.associatedData(path, expires));
      decipher.setAuthTag(bytes.subarray(12, 28));
      authorization = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // A wrong key, path or expiry, or any change to the ticket, fails GCM's authentication.
      return new Error('Bad signature');
    }
    if (expires * 1000 < this.now()) return new Error('This link has expired: open the report page again');
    return authorization;
  }
}
