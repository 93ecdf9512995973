// A real redis-server for tests (Debian's package; `.ci/run` installs it): started on a free
// loopback port with its own temporary folder, ready once it answers PING, and stopped (or
// stopped and started again on the same port, or restarted empty) when a test says so.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisServerOptions {
  /** Keep an append-only file, so a stop and start keeps the data (default: no persistence). */
  appendOnly?: boolean;
  /** `requirepass`: clients must send it. */
  password?: string;
  /** Also listen with TLS on a second port, with these PEM files (the plain port stays for PING). */
  tls?: { certFile: string; keyFile: string; caFile: string };
  /** The program to run (default: `redis-server` on PATH). */
  program?: string;
}

export interface TestRedisServer {
  readonly port: number;
  /** The TLS port when `tls` was asked for. */
  readonly tlsPort: number | null;
  /** `redis://127.0.0.1:<port>` (with the password when one is set). */
  readonly url: string;
  /** The server's working folder (`--dir`): where an append-only file goes. */
  readonly dir: string;
  /** Stops the server (SIGTERM, so an append-only file is flushed); the port and folder stay. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder: with `appendOnly`, the data comes back. */
  start(): Promise<void>;
  /** Stops it, empties its folder and starts it again: Redis as after a restart without persistence. */
  restartEmpty(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

const READY_WITHIN_MS = 10_000;
const running = new Set<ChildProcess>();
// A test run that ends early must not leave servers behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts a redis-server of its own for a test; `close()` it in afterAll. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "joblog-redis-"));
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  const program = options.program ?? "redis-server";
  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--dir", dir,
    "--save", "",
    "--appendonly", options.appendOnly ? "yes" : "no",
    "--daemonize", "no",
    "--loglevel", "warning",
    "--logfile", "",
    ...(options.password ? ["--requirepass", options.password] : []),
    ...(options.tls && tlsPort !== null
      ? ["--tls-port", String(tlsPort), "--tls-cert-file", options.tls.certFile, "--tls-key-file", options.tls.keyFile, "--tls-ca-cert-file", options.tls.caFile, "--tls-auth-clients", "no"]
      : []),
  ];
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    if (child) return;
    child = await launch(program, args, port);
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = null;
    if (current) await terminate(current);
  };
  await start().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
  return {
    port,
    tlsPort,
    url: `redis://${auth}127.0.0.1:${port}`,
    dir,
    stop,
    start,
    async restartEmpty() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      await start();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nobody listens on now: bound on port 0 and given back. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function launch(program: string, args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Error>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      resolve(
        error.code === "ENOENT"
          ? new Error(`${program} is not installed: these tests need Debian's redis-server package (\`.ci/run\` installs it; or apt-get install redis-server)`)
          : error,
      );
    });
    child.once("exit", (code, signal) => resolve(new Error(`${program} exited (${signal ?? `code ${code}`}) before answering PING:\n${output.trim()}`)));
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    const outcome = await Promise.race([exited, ping(port).then((answered) => answered)]);
    if (outcome instanceof Error) {
      running.delete(child);
      throw outcome;
    }
    if (outcome) return child;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${program} did not answer PING on 127.0.0.1:${port} within ${READY_WITHIN_MS} ms:\n${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a Redis answers on the port: +PONG, or -NOAUTH when it wants a password. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let reply = "";
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
