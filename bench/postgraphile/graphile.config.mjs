// PostGraphile v5, amber preset, production settings, over the very tables CaseGraph
// created (bench/side-by-side.sh starts it with NODE_ENV=production GRAPHILE_ENV=production).
// DATABASE_URL: the database `casegraph-bench prepare` seeded; PORT: where to listen.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  throw new Error("DATABASE_URL is required");
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ["public"] })],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? 5678),
    graphiql: false,
    watch: false,
    // CaseGraph accepts 1 MiB bodies; the bench's are far smaller.
    maxRequestLength: 1024 * 1024,
  },
  grafast: { explain: false },
};

export default preset;
