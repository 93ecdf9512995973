// What the product asks of Slack, read from its source with the TypeScript compiler rather than
// by grep: every Web API method it references, the events, slash commands and interactive
// surfaces it registers with Bolt, and the response fields that need a scope of their own. The
// manifest test turns these into the scopes the app needs (slack-scopes.ts).
//
// The type checker does the recognising, so a call is found however the client is named:
// `client.chat.postMessage`, `app.client.chat.postMessage`, `client["views"]["update"]` all
// resolve to @slack/web-api's declaration of that method. Besides the typed client it finds
// WebClient helpers (apiCall, paginate, filesUploadV2), Bolt's `say`, and method names written
// as strings (a raw `fetch` to `${apiUrl}views.open`). Whatever it cannot follow (a destructured
// client, a method name built at run time, a client typed `any`) is reported as a problem, so
// the test fails instead of missing a scope.
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";

export interface SlackUsage {
  /** Web API method → where it is referenced ("src/x.ts:12"). WebClient helpers are expanded. */
  methods: Map<string, string[]>;
  /** Events API event types passed to `app.event`. */
  events: Map<string, string[]>;
  /** Slash commands passed to `app.command`. */
  commands: Map<string, string[]>;
  /** Where `app.action` / `app.view` listeners are registered (they need interactivity). */
  interactive: string[];
  /** Response fields read by the code, as "UsersInfoResponse.email". */
  fields: Map<string, string[]>;
  /** Things the scan could not follow; each one fails the manifest test. */
  problems: string[];
}

export interface ScanOptions {
  /** The repository root (for tsconfig.json and node_modules). */
  root: string;
  /** Files to scan, relative to root. */
  files: string[];
  /** Extra in-memory files, relative to root (the scanner's own tests). */
  virtualFiles?: Record<string, string>;
}

const WEB_API = `${sep}@slack${sep}web-api${sep}dist${sep}`;
const BOLT = `${sep}@slack${sep}bolt${sep}dist${sep}`;
const normal = (path: string): string => path.split("/").join(sep);
const fromFile = (node: ts.Node, part: string): boolean => normal(node.getSourceFile().fileName).includes(part);

/** Bolt listener registrations the manifest must match (App.event, App.command, …). */
const BOLT_REGISTRATIONS = new Set(["event", "command", "action", "view", "shortcut", "options", "message", "function", "assistant", "step"]);

/** Every .ts file under `dir` (relative to root), skipping the folders given. */
export function sourceFiles(root: string, dir: string, skip: string[]): string[] {
  const out: string[] = [];
  const walk = (relativeDir: string): void => {
    for (const entry of readdirSync(join(root, relativeDir), { withFileTypes: true })) {
      const path = `${relativeDir}/${entry.name}`;
      if (skip.some((skipped) => path === skipped || path.startsWith(`${skipped}/`))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, "tsconfig.json");
  if (!existsSync(configPath)) return { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root).options;
}

/** The dotted path of a member of @slack/web-api's `Methods` class ("chat.postMessage"), if it is one. */
function methodsPath(declaration: ts.Node): string[] | null {
  if (!fromFile(declaration, `${WEB_API}methods.d.ts`)) return null;
  const path: string[] = [];
  let node: ts.Node | undefined = declaration;
  while (node && !ts.isClassDeclaration(node)) {
    if ((ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && ts.isIdentifier(node.name)) {
      path.unshift(node.name.text);
    }
    node = node.parent;
  }
  return node && node.name?.text === "Methods" ? path : null;
}

/** The member name if the declaration belongs to @slack/web-api's WebClient class. */
function webClientMember(declaration: ts.Node): string | null {
  if (!fromFile(declaration, `${WEB_API}WebClient.d.ts`)) return null;
  const parent = declaration.parent;
  if (!parent || !ts.isClassDeclaration(parent) || parent.name?.text !== "WebClient") return null;
  const name = (declaration as ts.NamedDeclaration).name;
  return name && ts.isIdentifier(name) ? name.text : null;
}

const add = (map: Map<string, string[]>, key: string, where: string): void => {
  map.set(key, [...(map.get(key) ?? []), where]);
};

/** "app_mention" from "app_mention", and the alternatives of /^(?:a|b)$/; null when unreadable. */
function eventNames(argument: ts.Expression): string[] | null {
  if (ts.isStringLiteralLike(argument)) return [argument.text];
  if (!ts.isRegularExpressionLiteral(argument)) return null;
  const source = argument.text.slice(1, argument.text.lastIndexOf("/"));
  const body = source.replace(/^\^/, "").replace(/\$$/, "").replace(/^\(\?:(.*)\)$/, "$1").replace(/^\((.*)\)$/, "$1");
  const names = body.split("|").map((name) => name.replace(/\\\./g, "."));
  return names.every((name) => /^[a-z_.]+$/.test(name)) ? names : null;
}

export function scanSlackUsage(options: ScanOptions): SlackUsage {
  const root = resolve(options.root);
  const virtual = new Map(Object.entries(options.virtualFiles ?? {}).map(([path, text]) => [join(root, path), text]));
  const settings = compilerOptions(root);
  const host = ts.createCompilerHost(settings, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, language, onError, create) => {
    const text = virtual.get(path);
    return text === undefined ? getSourceFile.call(host, path, language, onError, create) : ts.createSourceFile(path, text, language, true);
  };
  const scanned = [...options.files.map((file) => join(root, file)), ...virtual.keys()];
  const program = ts.createProgram(scanned, settings, host);
  const checker = program.getTypeChecker();

  const usage: SlackUsage = { methods: new Map(), events: new Map(), commands: new Map(), interactive: [], fields: new Map(), problems: [] };
  const where = (node: ts.Node): string => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return `${relative(root, file.fileName).split(sep).join("/")}:${line + 1}`;
  };

  // The Methods class, to tell a string like "views.open" (a method) from "access.yml" (not).
  const methodsFile = program.getSourceFiles().find((file) => normal(file.fileName).endsWith(`${WEB_API}methods.d.ts`));
  const methodsClass = methodsFile?.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === "Methods");
  const methodsType = methodsClass ? checker.getTypeAtLocation(methodsClass) : undefined;
  const isWebApiMethod = (name: string): boolean => {
    let type = methodsType;
    for (const part of name.split(".")) {
      const property = type?.getProperty(part);
      if (!property || !methodsClass) return false;
      type = checker.getTypeOfSymbolAtLocation(property, methodsClass);
    }
    return name.includes(".") && (type?.getCallSignatures().length ?? 0) > 0;
  };

  const symbolOf = (node: ts.Node): ts.Symbol | undefined => {
    const symbol = checker.getSymbolAtLocation(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };

  /** `client.chat.postMessage`, `client["chat"]["postMessage"]`: the member the access names. */
  const visitMemberAccess = (access: ts.PropertyAccessExpression | ts.ElementAccessExpression, nameNode: ts.Node): void => {
    const declaration = symbolOf(nameNode)?.declarations?.[0];
    if (!declaration) return;
    const path = methodsPath(declaration);
    if (path && path.length > 0) {
      const type = checker.getTypeAtLocation(access);
      if (type.getCallSignatures().length > 0) {
        add(usage.methods, path.join("."), where(access));
      } else if (!(ts.isPropertyAccessExpression(access.parent) || ts.isElementAccessExpression(access.parent)) || access.parent.expression !== access) {
        usage.problems.push(`${where(access)}: the Slack client's "${path.join(".")}" is passed on or destructured; call its methods where they are used so the scan can see them`);
      }
      return;
    }
    const member = webClientMember(declaration);
    if (member === null) {
      if (fromFile(declaration, `${WEB_API}types${sep}response${sep}`) && ts.isPropertyAccessExpression(access)) {
        const owner = declaration.getSourceFile().fileName.split(sep).pop()?.replace(/\.d\.ts$/, "") ?? "";
        add(usage.fields, `${owner}.${access.name.text}`, where(access));
      }
      return;
    }
    const call = access.parent;
    if (member === "apiCall" || member === "paginate") {
      const first = ts.isCallExpression(call) && call.expression === access ? call.arguments[0] : undefined;
      if (first && ts.isStringLiteralLike(first)) add(usage.methods, first.text, where(access));
      else usage.problems.push(`${where(access)}: ${member}() is called with a method name the scan cannot read; pass a string literal`);
    } else if (member === "filesUploadV2" || member === "chatStream") {
      add(usage.methods, `WebClient.${member}`, where(access));
    }
  };

  const visitCall = (call: ts.CallExpression): void => {
    // Bolt's `say` posts with chat.postMessage (Bolt's SayFn type: @slack/bolt dist/types/utilities.d.ts).
    const signature = checker.getResolvedSignature(call)?.declaration;
    let node: ts.Node | undefined = signature;
    while (node && !ts.isTypeAliasDeclaration(node) && !ts.isSourceFile(node)) node = node.parent;
    if (node && ts.isTypeAliasDeclaration(node) && node.name.text === "SayFn" && fromFile(node, BOLT)) add(usage.methods, "chat.postMessage", where(call));

    // Bolt registrations: app.event(...), app.command(...), app.action(...), …
    if (!ts.isPropertyAccessExpression(call.expression)) return;
    const declaration = symbolOf(call.expression.name)?.declarations?.[0];
    const owner = declaration?.parent;
    if (!declaration || !owner || !ts.isClassDeclaration(owner) || owner.name?.text !== "App" || !fromFile(declaration, BOLT)) return;
    const kind = call.expression.name.text;
    if (!BOLT_REGISTRATIONS.has(kind)) return;
    const first = call.arguments[0];
    if (kind === "event") {
      const names = first ? eventNames(first) : null;
      if (names) for (const name of names) add(usage.events, name, where(call));
      else usage.problems.push(`${where(call)}: app.event() with an event pattern the scan cannot read; use a string or /^(?:a|b)$/`);
    } else if (kind === "command") {
      if (first && ts.isStringLiteralLike(first)) add(usage.commands, first.text, where(call));
      else usage.problems.push(`${where(call)}: app.command() with a command the scan cannot read; use a string literal`);
    } else if (kind === "action" || kind === "view") {
      usage.interactive.push(where(call));
    } else {
      usage.problems.push(`${where(call)}: app.${kind}() registers a Slack surface the manifest test does not check yet; teach test/manifest/ about it`);
    }
  };

  /** A method name written as text: "chat.postMessage", ".../api/views.open", `${apiUrl}views.open`. */
  const visitText = (node: ts.Node, text: string): void => {
    const name = text.includes("/api/") ? text.slice(text.lastIndexOf("/api/") + 5) : text;
    if (isWebApiMethod(name)) add(usage.methods, name, where(node));
  };

  /** `x.chat.postMessage` whose type is not @slack/web-api's (an `any` client): the scan cannot vouch for it. */
  const visitUntyped = (access: ts.PropertyAccessExpression): void => {
    if (!ts.isPropertyAccessExpression(access.expression)) return;
    const name = `${access.expression.name.text}.${access.name.text}`;
    if (!isWebApiMethod(name)) return;
    const declaration = symbolOf(access.name)?.declarations?.[0];
    if (!declaration || !methodsPath(declaration)) {
      usage.problems.push(`${where(access)}: "${name}" looks like a Slack Web API call on a client the type checker cannot see as @slack/web-api's WebClient`);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      visitMemberAccess(node, node.name);
      visitUntyped(node);
    } else if (ts.isElementAccessExpression(node)) {
      visitMemberAccess(node, node.argumentExpression);
    } else if (ts.isCallExpression(node)) {
      visitCall(node);
    } else if (ts.isStringLiteralLike(node)) {
      visitText(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      visitText(node.head, node.head.text);
      for (const span of node.templateSpans) visitText(span.literal, span.literal.text);
    } else if (ts.isObjectBindingPattern(node)) {
      const source = ts.isVariableDeclaration(node.parent) ? node.parent.initializer : undefined;
      const type = source ? checker.getTypeAtLocation(source) : undefined;
      const declaration = type?.getSymbol()?.declarations?.[0];
      if (declaration && (methodsPath(declaration) !== null || fromFile(declaration, `${WEB_API}WebClient.d.ts`))) {
        usage.problems.push(`${where(node)}: a Slack client is destructured; call client.family.method(...) so the scan can see each method`);
      }
    }
    ts.forEachChild(node, visit);
  };

  for (const file of scanned) {
    const source = program.getSourceFile(file);
    if (!source) usage.problems.push(`${relative(root, file)}: not found`);
    else visit(source);
  }
  return usage;
}
