// Protected personal data at rest: a keyed hash (HMAC-SHA256) to look a person's ID number up
// without storing it, and AES-256-GCM to seal what must be shown again (ID, phone, address,
// legal representative). A dump of the tables reveals neither; a changed ciphertext fails to open.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from "node:crypto";

export interface Protector {
  /** Deterministic lookup key of a canonical value. */
  lookupKey(value: string): string;
  seal(value: string): string;
  seal(value: string | null): string | null;
  open(sealed: string): string;
  open(sealed: string | null): string | null;
}

const SEALED = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Random IVs drawn from a pool refilled in bulk: one system call per 4,096 seals, not one each. */
function ivSource(): () => Buffer {
  const pool = Buffer.alloc(IV_BYTES * 4096);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    next += IV_BYTES;
    return Buffer.from(pool.subarray(next - IV_BYTES, next));
  };
}

/** Two keys derived from the one data key, so the hash key never doubles as the cipher key. */
export function createProtector(dataKey: Buffer): Protector {
  if (dataKey.length !== 32) throw new Error("the data key must be 32 bytes");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), info, 32));
  const macKey = derive("creditgate lookup key");
  const sealKey = derive("creditgate seal key");
  const nextIv = ivSource();
  return {
    lookupKey: (value) => `h1:${createHmac("sha256", macKey).update(value, "utf8").digest("base64url")}`,
    seal: ((value: string | null) => {
      if (value == null) return null;
      const iv = nextIv();
      const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
      const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
      return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    }) as Protector["seal"],
    open: ((sealed: string | null) => {
      if (sealed == null) return null;
      if (!sealed.startsWith(SEALED)) throw new Error("not a sealed value");
      const raw = Buffer.from(sealed.slice(SEALED.length), "base64url");
      const decipher = createDecipheriv("aes-256-gcm", sealKey, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    }) as Protector["open"],
  };
}
