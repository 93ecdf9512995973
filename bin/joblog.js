#!/usr/bin/env node
// `joblog` as an installed command (package.json "bin"): registers tsx so the TypeScript sources
// run as they are, as `npm start` runs them, then hands over to src/cli/main.ts.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
