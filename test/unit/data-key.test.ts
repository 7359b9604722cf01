import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDataKey } from "../../src/config.js";
import { createProtector } from "../../src/shared/protect.js";

describe("the data key", () => {
  it("is required against PostgreSQL: the service refuses to start without it", () => {
    expect(() => resolveDataKey({ DATABASE_URL: "postgres://db/creditgate", DATA_DIR: ".data/pglite", DATA_KEY: undefined }))
      .toThrow(/DATA_KEY is required with DATABASE_URL/);
  });

  it("must be 32 bytes", () => {
    expect(() => resolveDataKey({ DATA_KEY: Buffer.alloc(16).toString("base64"), DATA_DIR: "x" })).toThrow(/32 bytes/);
  });

  it("is made once in DATA_DIR in embedded mode, readable by its owner only, and kept", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "cg-key-")), "nested", "pglite");
    const first = resolveDataKey({ DATA_DIR: dir });
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, "data.key")).mode & 0o777).toBe(0o600);
    expect(resolveDataKey({ DATA_DIR: dir }).equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(join(dir, "data.key"), "utf8"), "base64").equals(first)).toBe(true);
  });
});

describe("sealing", () => {
  const protector = createProtector(Buffer.alloc(32, 3));

  it("opens what it sealed, and seals the same value differently each time", () => {
    const a = protector.seal("13987654321");
    expect(a).not.toContain("13987654321");
    expect(protector.open(a)).toBe("13987654321");
    expect(protector.seal("13987654321")).not.toBe(a);
  });

  it("refuses a sealed value that was changed, or sealed under another key", () => {
    const sealed = protector.seal("云南省昆明市五华区");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => protector.open(tampered)).toThrow();
    expect(() => createProtector(Buffer.alloc(32, 4)).open(sealed)).toThrow();
  });

  it("hashes an ID number the same way every time, and differently under another key", () => {
    expect(protector.lookupKey("530102198503140011")).toBe(protector.lookupKey("530102198503140011"));
    expect(protector.lookupKey("530102198503140011")).not.toContain("198503140011");
    expect(createProtector(Buffer.alloc(32, 4)).lookupKey("530102198503140011")).not.toBe(protector.lookupKey("530102198503140011"));
  });
});
