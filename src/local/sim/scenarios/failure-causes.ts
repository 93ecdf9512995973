// Known reasons for a host to fail, each written as the log a real tool prints, with the noise
// that differs from host to host when the same thing goes wrong: numbers, addresses, host names,
// release directories, temporary files, PIDs, times, colours, warnings printed in between. The
// labelled corpus (cause-corpus.ts) draws its failing hosts from these; which cause a host was
// given is its label. Written from the tools' own output, not from joblog's digest rules.
import { HOST_STATUS } from "../model.js";
import type { LogEntry } from "./builders.js";

/** A small seeded generator (mulberry32), so the corpus is the same on every run. */
export class Noise {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  chars(alphabet: string, length: number): string {
    return Array.from({ length }, () => alphabet[this.int(0, alphabet.length - 1)]).join("");
  }

  hex(length: number): string {
    return this.chars("0123456789abcdef", length);
  }

  ip(prefix = "10"): string {
    return `${prefix}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** A release directory named by its deploy time, as deploy tools make them. */
  releaseDir(): string {
    return `/data/app/releases/202405${this.int(10, 28)}${String(this.int(0, 235959)).padStart(6, "0")}`;
  }

  /** Python's tempfile.mkdtemp(): "tmp" and eight of [a-z0-9_]. */
  pythonTemp(): string {
    return `/tmp/tmp${this.chars("abcdefghijklmnopqrstuvwxyz0123456789_", 8)}`;
  }

  /** mktemp -d: "tmp." and ten letters or digits. */
  shellTemp(): string {
    return `/tmp/tmp.${this.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 10)}`;
  }

  /** Colour codes when the tool thinks it writes to a terminal (some agents give it one). */
  colour(text: string, code: string): string {
    return this.chance(0.5) ? `\u001b[${this.pick([code, `1;${code}`])}m${text}\u001b[0m` : text;
  }
}

/** Warnings tools print whatever happens; a host prints some of them, anywhere in its log. */
function warning(noise: Noise): string {
  return noise.pick([
    "W: Some index files failed to download. They have been ignored, or old ones used instead.",
    "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager.",
    `/usr/lib/python3/dist-packages/requests/__init__.py:89: RequestsDependencyWarning: urllib3 (1.26.${noise.int(1, 18)}) or chardet (3.0.4) doesn't match a supported version!`,
    `[WARN] slow answer from consul ${noise.ip()}:8500 (${noise.int(900, 4000)}ms)`,
    `警告：磁盘使用率 ${noise.int(81, 94)}%，请及时清理`,
    `npm WARN deprecated request@2.88.${noise.int(0, 2)}: request has been deprecated`,
  ]);
}

/** Lines that stay together (a traceback, a tool's error and its summary), warnings only between them. */
type Segment = readonly LogEntry[];

export interface FailureCause {
  id: string;
  ipStatus: number;
  exitCode: number;
  errorCode?: number;
  tag?: string;
  /** The host's log after job_start, in segments; empty for a host that printed nothing. */
  segments: (noise: Noise) => Segment[];
}

const fail = (exitCode: number, tag?: string) => ({ ipStatus: HOST_STATUS.nonZeroExitCode, exitCode, ...(tag ? { tag } : {}) });

const djangoFrames = (dir: string): string[] => [
  "Traceback (most recent call last):",
  `  File "${dir}/manage.py", line 22, in <module>`,
  "    main()",
  `  File "${dir}/manage.py", line 18, in main`,
  "    execute_from_command_line(sys.argv)",
];

function chainedStepFailure(noise: Noise, dir: string, first: string[]): Segment[] {
  return [
    [[2, "running step migrate"]],
    [
      "Traceback (most recent call last):",
      `  File "${dir}/deploy/steps.py", line 41, in run_step`,
      "    step.run()",
      ...first,
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      `  File "${dir}/deploy/cli.py", line ${noise.pick([88, 88, 91])}, in main`,
      "    run_step(step)",
      `  File "${dir}/deploy/steps.py", line 44, in run_step`,
      `    raise RuntimeError(f"step '{step.name}' failed")`,
      "RuntimeError: step 'migrate' failed",
    ],
    [[6, "job_fail"]],
  ];
}

const javaUploadFrames = (noise: Noise): string[] => [
  "\tat com.example.deploy.Uploader.upload(Uploader.java:118)",
  ...(noise.chance(0.5) ? [`\tat com.example.deploy.Retry.lambda$run$${noise.int(0, 3)}(Retry.java:57)`, "\tat com.example.deploy.Retry.run(Retry.java:42)"] : []),
  "\tat com.example.deploy.Main.main(Main.java:31)",
];

export const FAILURE_CAUSES: readonly FailureCause[] = [
  {
    id: "disk-full",
    ...fail(1, "disk_full"),
    segments: (noise) => {
      const dir = noise.releaseDir();
      return [[[1, `unpacking release to ${dir}`]], [`cp: error writing '${dir}/static/media/hero.webm': No space left on device`], [[7, "job_fail:[disk full]"]]];
    },
  },
  {
    id: "artifact-refused",
    ...fail(7),
    segments: (noise) => {
      const server = `artifacts-0${noise.int(1, 4)}.example.internal`;
      return [
        [[1, `fetching release.tar.gz from ${server}`]],
        [`Warning: Problem : connection refused. Will retry in ${noise.int(1, 4)} seconds. ${noise.int(1, 3)} retries left.`],
        [`curl: (7) Failed to connect to ${server} port 8080 after ${noise.int(1000, 3100)} ms: Connection refused`],
        [[9, "job_fail:[]"]],
      ];
    },
  },
  {
    id: "artifact-dns",
    ...fail(6),
    segments: (noise) => {
      const server = `artifacts-0${noise.int(1, 4)}.example.internal`;
      return [[[1, `fetching release.tar.gz from ${server}`]], [`curl: (6) Could not resolve host: ${server}`], [[2, "job_fail"]]];
    },
  },
  {
    id: "db-auth",
    ...fail(1),
    segments: (noise) => {
      const dir = noise.releaseDir();
      return [
        [[3, "running migrations"]],
        [
          ...djangoFrames(dir),
          ...(noise.chance(0.5) ? [`  File "${dir}/deploy/retry.py", line 12, in with_retry`, "    return call()"] : []),
          `  File "/usr/lib/python3.${noise.pick([9, 11])}/site-packages/MySQLdb/connections.py", line 185, in __init__`,
          "    super().__init__(*args, **kwargs2)",
          `django.db.utils.OperationalError: (1045, "Access denied for user 'web'@'${noise.ip()}' (using password: YES)")`,
        ],
        [[5, "job_fail"]],
      ];
    },
  },
  {
    id: "java-connect-refused",
    ...fail(1),
    segments: (noise) => [
      [`2024-05-20 10:${noise.int(10, 59)}:${noise.int(10, 59)},${noise.int(100, 999)} INFO  [main] c.e.d.Uploader - uploading release-2.14.${noise.int(0, 9)}.tar.gz to ${noise.ip()}:9000`],
      [
        'Exception in thread "main" com.example.deploy.UploadException: upload failed',
        ...javaUploadFrames(noise),
        "Caused by: java.net.ConnectException: Connection refused (Connection refused)",
        "\tat java.net.PlainSocketImpl.socketConnect(Native Method)",
        "\tat java.net.AbstractPlainSocketImpl.doConnect(AbstractPlainSocketImpl.java:350)",
        `\t... ${noise.int(3, 9)} more`,
      ],
    ],
  },
  {
    id: "java-heap",
    ...fail(1),
    segments: (noise) => [
      [[1, "building search index"]],
      [
        "java.lang.OutOfMemoryError: Java heap space",
        `Dumping heap to /tmp/java_pid${noise.int(1000, 99999)}.hprof ...`,
        `Heap dump file created [${noise.int(100_000_000, 900_000_000)} bytes in ${noise.int(1, 9)}.${noise.int(100, 999)} secs]`,
        `Exception in thread "pool-${noise.int(1, 4)}-thread-${noise.int(1, 32)}" java.lang.OutOfMemoryError: Java heap space`,
        "\tat java.util.Arrays.copyOf(Arrays.java:3236)",
        "\tat java.util.ArrayList.grow(ArrayList.java:265)",
        "\tat com.example.index.Indexer.add(Indexer.java:77)",
      ],
    ],
  },
  {
    id: "migrate-db-refused",
    ...fail(1),
    segments: (noise) => {
      const dir = noise.releaseDir();
      return chainedStepFailure(noise, dir, [
        `  File "${dir}/deploy/db.py", line 19, in connect`,
        "    sock.connect((host, port))",
        "ConnectionRefusedError: [Errno 111] Connection refused",
      ]);
    },
  },
  {
    id: "migrate-pid-permission",
    ...fail(1),
    segments: (noise) => {
      const dir = noise.releaseDir();
      return chainedStepFailure(noise, dir, [
        `  File "${dir}/deploy/pidfile.py", line 8, in write_pid`,
        "    with open(path, 'w') as f:",
        `PermissionError: [Errno 13] Permission denied: '${dir}/run/app.pid'`,
      ]);
    },
  },
  {
    id: "tar-not-gzip",
    ...fail(2),
    segments: (noise) => [
      [[1, `extracting ${noise.shellTemp()}/release.tar.gz`]],
      ["gzip: stdin: not in gzip format", "tar: Child returned status 1", "tar: Error is not recoverable: exiting now"],
    ],
  },
  {
    id: "tar-missing",
    ...fail(2),
    segments: (noise) => {
      const temp = noise.shellTemp();
      return [[[1, `extracting ${temp}/release.tar.gz`]], [`tar: ${temp}/release.tar.gz: Cannot open: No such file or directory`, "tar: Error is not recoverable: exiting now"]];
    },
  },
  {
    id: "config-center-timeout",
    ...fail(2),
    segments: (noise) => [
      [[1, "加载配置"]],
      [`[ERROR] 连接配置中心 10.0.8.${noise.int(2, 40)}:2181 超时（${noise.pick([3000, 5000])}ms），已重试 ${noise.int(1, 5)} 次`],
      [[noise.int(4, 30), "job_fail:[配置中心不可达]"]],
    ],
  },
  {
    id: "log-dir-permission",
    ...fail(1),
    segments: (noise) => [[[1, "准备日志目录"]], [`错误：用户 deploy 没有目录 ${noise.releaseDir()}/logs 的写权限`], [[2, "job_fail"]]],
  },
  {
    id: "health-check-503",
    ...fail(1),
    segments: (noise) => [
      ...Array.from({ length: noise.int(1, 3) }, (_, attempt): Segment => [[10 + attempt * 10, `waiting for app (attempt ${attempt + 1}/5)`]]),
      [`${noise.colour("ERROR", "31")} health check failed: GET http://127.0.0.1:${noise.pick([8080, 8081])}/healthz returned 503 after ${noise.int(20, 40)}.${noise.int(0, 9)}s`],
    ],
  },
  {
    id: "dpkg-lock-timeout",
    ipStatus: HOST_STATUS.taskTimeout,
    exitCode: 0,
    segments: (noise) => {
      const pid = noise.int(800, 30000);
      return Array.from({ length: noise.int(2, 5) }, (_, wait): Segment => [[(wait + 1) * 60, `still waiting for /var/lib/dpkg/lock-frontend (held by process ${pid}) after ${(wait + 1) * 60}s`]]);
    },
  },
  { id: "agent-unreachable", ipStatus: HOST_STATUS.agentError, exitCode: 0, errorCode: 1, segments: () => [] },
  {
    id: "pm2-missing",
    ...fail(127),
    segments: (noise) => [[[2, "reloading process manager"]], [`/tmp/bkjob/admin/202405${noise.int(10, 28)}${noise.int(100000, 235959)}${noise.int(100, 999)}/deploy.sh: line 42: pm2: command not found`]],
  },
  {
    id: "manifest-missing",
    ...fail(1),
    segments: (noise) => {
      const dir = noise.releaseDir();
      return [
        [[1, "reading manifest"]],
        [
          "Traceback (most recent call last):",
          `  File "${dir}/deploy/manifest.py", line 30, in load`,
          "    with open(os.path.join(workdir, 'manifest.json')) as f:",
          `FileNotFoundError: [Errno 2] No such file or directory: '${noise.pythonTemp()}/manifest.json'`,
        ],
        [[2, "job_fail"]],
      ];
    },
  },
  {
    id: "lease-held",
    ...fail(1),
    segments: (noise) => [
      [
        `time="2024-05-${noise.int(10, 28)}T10:${noise.int(10, 59)}:${noise.int(10, 59)}+08:00" level=error msg="cannot acquire deploy lease" ` +
          `lease=${noise.hex(8)}-${noise.hex(4)}-4${noise.hex(3)}-a${noise.hex(3)}-${noise.hex(12)} holder=web-${noise.int(1, 40)}.prod.example.internal`,
      ],
    ],
  },
  {
    id: "kafka-refused",
    ...fail(1),
    segments: (noise) => [
      [`Error: kafka: client has run out of available brokers to talk to: dial tcp [fd00:6::${noise.hex(2)}]:9092: connect: connection refused`],
    ],
  },
  {
    id: "container-name-conflict",
    ...fail(125),
    segments: (noise) => [
      [[1, "starting container web"]],
      [
        `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${noise.hex(64)}". You have to remove (or rename) that container to be able to reuse that name.`,
        "See 'docker run --help'.",
      ],
    ],
  },
  {
    id: "port-in-use",
    ...fail(1),
    segments: (noise) => [
      [
        "node:events:497",
        "      throw er; // Unhandled 'error' event",
        "      ^",
        "",
        `Error: listen EADDRINUSE: address already in use :::${noise.pick([3000, 3001])}`,
        `    at Server.setupListenHandle [as _listen2] (node:net:${noise.pick([1817, 1872])}:16)`,
        "    at listenInCluster (node:net:1865:12)",
      ],
    ],
  },
];

/** A failing host's log entries for a cause: job_start, the cause's segments, warnings in between. */
export function causeLog(cause: FailureCause, noise: Noise): LogEntry[] {
  const segments = cause.segments(noise);
  if (segments.length === 0) return [];
  const entries: LogEntry[] = [[0, "job_start"]];
  for (const segment of segments) {
    if (noise.chance(0.2)) entries.push(warning(noise));
    entries.push(...segment);
  }
  // A tool's warning can come after the error, unless the script ended itself (job_fail exits).
  if (typeof entries.at(-1) === "string" && noise.chance(0.1)) entries.push(warning(noise));
  return entries;
}
