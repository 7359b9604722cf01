// `node --import tsx test/bench/exchange-batch.ts --subjects N --out F [--partner P]`: writes a
// synthetic exchange batch of 2N lines (N subjects, one blacklist entry each) for measuring an
// import: `npm run exchange -- import --partner P --file F` prints lines/s and peak memory.
import { Command, Option } from "commander";
import { writeSyntheticBatch } from "../support/exchange.js";

const opts = new Command().name("exchange-batch")
  .requiredOption("--subjects <n>", "subjects (the batch has twice as many lines)", Number)
  .requiredOption("--out <file>", "where to write the batch file")
  .addOption(new Option("--partner <p>", "the partner named in the manifest").choices(["MINISTRY", "PROVINCE"]).default("MINISTRY"))
  .option("--offset <n>", "first synthetic subject number", Number, 0)
  .parse().opts<{ subjects: number; out: string; partner: "MINISTRY" | "PROVINCE"; offset: number }>();
const manifest = await writeSyntheticBatch(opts.out, { subjects: opts.subjects, partner: opts.partner, offset: opts.offset });
console.log(JSON.stringify({ file: opts.out, batchId: manifest.batchId, lines: manifest.lines, sha256: manifest.sha256 }));
