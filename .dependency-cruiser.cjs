// The layers of src/, as rules that `npm test` checks (npx depcruise src --config
// .dependency-cruiser.cjs). Dependencies point inward: adapters and the composition root know the
// core, never the other way round. README.md, "Layout", draws the same picture.
// test/architecture/layers.test.ts breaks each rule once on a small tree, so none can match
// nothing without a test failing.

/** Packages the pure layers may use: validation, date arithmetic, Block Kit's types. */
const PURE_PACKAGES = "(^|/)node_modules/(zod|date-fns|@slack/types)/";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle makes two modules one: neither can be read, tested or moved without the other.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      comment:
        "The domain (job model, statuses, report and follow rules) is pure: no I/O, no clock, no words. " +
        "It imports only itself and pure packages, so every rule in it is tested without a server.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { pathNot: ["^src/core/", PURE_PACKAGES] },
    },
    {
      name: "render-is-pure",
      comment:
        "Renderers turn the domain into Block Kit and text: pure functions of a report and a dictionary. " +
        "They import the core, the words, the Block Kit checker and pure packages, never an edge or a use-case.",
      severity: "error",
      from: { path: "^src/render/" },
      to: { pathNot: ["^src/(render|core|i18n|block-kit-check)/", PURE_PACKAGES] },
    },
    {
      name: "i18n-is-leaf",
      comment: "The dictionaries are data: every layer may read them, so they import nothing of joblog's.",
      severity: "error",
      from: { path: "^src/i18n/" },
      to: { path: "^src/", pathNot: "^src/i18n/" },
    },
    {
      name: "ports-import-core-only",
      comment: "A port is an interface in the domain's terms: it may name core types, nothing that implements it.",
      severity: "error",
      from: { path: "^src/ports/" },
      to: { pathNot: ["^src/(ports|core)/"] },
    },
    {
      name: "block-kit-check-is-a-library",
      comment:
        "The Block Kit checker takes its limits table as an argument and imports nothing, so the product " +
        "and the fake Slack judge with the same walk and their own tables.",
      severity: "error",
      from: { path: "^src/block-kit-check/" },
      to: { pathNot: "^src/block-kit-check/" },
    },
    {
      name: "product-never-imports-stand-ins",
      comment:
        "The simulator, the fake Slack and local mode stand in for BK-JOB and Slack; the product must not lean " +
        "on them. Only the process entry (local mode) and the terminal command's --sim choose them.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/local/", "^src/main\\.ts$", "^src/cli/with-simulator\\.ts$"] },
      to: { path: "^src/local/" },
    },
    {
      name: "stand-ins-use-ports-not-product-internals",
      comment:
        "A stand-in judges by Slack's and BK-JOB's published behaviour, never the product's own tables: it may " +
        "use the ports, core types, the Block Kit checker, the config and the composition root (local mode starts the app).",
      severity: "error",
      from: { path: "^src/local/" },
      to: { path: "^src/", pathNot: ["^src/local/", "^src/(ports|core|block-kit-check)/", "^src/(compose|config)\\.ts$"] },
    },
    {
      name: "adapters-never-import-listeners",
      comment: "Listeners are the Slack app's entry points: only the app that registers them knows them.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/slack/app\\.ts$", "^src/slack/listeners/"] },
      to: { path: "^src/slack/listeners/" },
    },
    {
      name: "use-cases-no-adapters",
      comment:
        "A use-case owns a request end to end through ports, so the same request runs over any adapter " +
        "(Slack, the terminal, a test); it never names an adapter, a stand-in or the process's wiring.",
      severity: "error",
      from: { path: "^src/use-cases/" },
      to: { path: ["^src/(bkjob|slack|store|local|cli)/", "^src/(compose|main|config|logging)\\.ts$"] },
    },
    {
      name: "only-compose-picks-adapters",
      comment:
        "Which adapter stands behind a port is decided in one place, src/compose.ts (and by the process entries " +
        "and the terminal command): the inner layers receive them and never import one.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/(compose|main)\\.ts$", "^src/(cli|local)/", "^src/(bkjob|slack|store|observability)/"] },
      to: { path: "^src/(bkjob|slack|store|observability)/" },
    },
    {
      name: "adapters-depend-inward",
      comment:
        "An adapter implements a port for the layers inside it; it never reaches another adapter, the wiring, " +
        "the configuration (its settings are handed in) or a stand-in.",
      severity: "error",
      from: { path: "^src/(bkjob|slack|store|observability)/" },
      to: { path: ["^src/(bkjob|slack|store|observability)/", "^src/(compose|main|config)\\.ts$", "^src/(cli|local)/"], pathNot: "^src/$1/" },
    },
    {
      name: "inner-layers-inward",
      comment:
        "Access rules and following depend on the core and the ports only (following's renderer and source are " +
        "injected by src/compose.ts), so they run on fake time and in-memory stores in tests.",
      severity: "error",
      from: { path: "^src/(access|follow|watch)/" },
      to: { path: "^src/", pathNot: ["^src/$1/", "^src/(core|ports)/"] },
    },
  ],
  options: {
    // Type-only imports are dependencies too: without them half of the old cycles were invisible.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
