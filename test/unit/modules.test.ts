// The composition root folds over the module list: a module's query without a permission rule
// stops the start with its name, instead of answering FORBIDDEN to everyone at request time.
import { Query, Resolver } from "type-graphql";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createServices, modules } from "../../src/modules/index.js";
import { defineModule } from "../../src/modules/manifest.js";
import { allow } from "../../src/permissions/rules.js";
import { servedSchema } from "../../src/server.js";

@Resolver()
class WeatherResolver {
  @Query(() => String, { description: "A query some module added." })
  weather(): string {
    return "晴";
  }
}

const noDatabase = {} as Database;

describe("module manifests", () => {
  it("every served field of today's modules has a rule: the schema is composed", async () => {
    const schema = await servedSchema(noDatabase, modules);
    expect(Object.keys(schema.getQueryType()!.getFields())).toContain("check");
  });

  it("a module's query without a permission rule fails at start-up, naming the field", async () => {
    const careless = defineModule({ name: "weather", resolvers: [WeatherResolver] });
    await expect(servedSchema(noDatabase, [...modules, careless])).rejects.toThrow(/no rule for Query\.weather/);
  });

  it("the same module with its rule composes", async () => {
    const careful = defineModule({ name: "weather", resolvers: [WeatherResolver], rules: { Query: { weather: allow } } });
    const schema = await servedSchema(noDatabase, [...modules, careful]);
    expect(schema.getQueryType()!.getFields().weather).toBeDefined();
  });

  it("a rule claimed by two modules is refused", async () => {
    const twice = defineModule({ name: "again", rules: { Query: { check: allow } } });
    await expect(servedSchema(noDatabase, [...modules, twice])).rejects.toThrow(/Query\.check has a rule twice/);
  });

  it("a service listed before the services it needs is refused", () => {
    const early = defineModule({ name: "early", needs: ["subject"], service: () => ({}) });
    expect(() => createServices({} as never, [early, ...modules])).toThrow(/early needs the subject service/);
  });
});
