// One host's signature: which line of its log says what went wrong, and when the line above
// it is needed to tell causes apart.
import { describe, expect, it } from "vitest";
import { normaliseLine } from "../../src/core/cause-normalise.js";
import { signatureOf } from "../../src/core/cause-signature.js";

const log = (...lines: string[]): string => `${lines.join("\n")}\n`;

describe("signatureOf: the last meaningful line", () => {
  it("skips blank lines, BK-JOB's end markers, its [time][PID] prefix and lines without words", () => {
    const signature = signatureOf(
      log(
        "[2024-05-20 10:15:00][PID:4187] job_start",
        "curl: (6) Could not resolve host: artifacts.example.internal",
        "",
        "-----",
        "[2024-05-20 10:15:02][PID:4187] job_fail:[]",
        "[2024-05-20 10:15:02][PID:4187] job_success",
        "[2024-05-20 10:15:02][PID:4187] job_success:[deployed]",
        "   ",
      ),
    );
    expect(signature).toEqual({
      key: "curl: (<n>) could not resolve host: artifacts.example.internal",
      line: "curl: (6) Could not resolve host: artifacts.example.internal",
      context: null,
    });
  });

  it("shows the line as printed, without colours or the helper's prefix", () => {
    const signature = signatureOf(log("[2024-05-20 10:15:02][PID:1] \u001b[1;31mERROR\u001b[0m health check failed after 30.2s\r"));
    expect(signature.line).toBe("ERROR health check failed after 30.2s");
    expect(signature.key).toBe("error health check failed after <duration>");
  });

  it("skips warnings printed after the error", () => {
    const signature = signatureOf(
      log("E: Unable to acquire the dpkg frontend lock", "W: Some index files failed to download.", "npm WARN deprecated request@2.88.2", "警告：磁盘使用率 91%"),
    );
    expect(signature.line).toBe("E: Unable to acquire the dpkg frontend lock");
  });

  it("uses a warning when the log holds nothing else", () => {
    expect(signatureOf(log("[2024-05-20 10:15:00][PID:1] job_start", "WARNING: disk 91% full")).line).toBe("WARNING: disk 91% full");
  });

  it("gives an empty signature for a log with nothing meaningful", () => {
    expect(signatureOf("")).toEqual({ key: "", line: "", context: null });
    expect(signatureOf(log("[2024-05-20 10:15:00][PID:1] job_start", "", "[2024-05-20 10:15:00][PID:1] job_fail"))).toEqual({ key: "", line: "", context: null });
  });
});

describe("signatureOf: the line that explains it", () => {
  it("a job_fail message is the script's summary: the error above it comes too", () => {
    const signature = signatureOf(log("cp: error writing '/data/a/20240520/x': No space left on device", "[2024-05-20 10:15:07][PID:9] job_fail:[deploy failed]"));
    expect(signature).toEqual({
      key: "deploy failed\ncp: error writing '/data/a/<n>/x': no space left on device",
      line: "deploy failed",
      context: "cp: error writing '/data/a/20240520/x': No space left on device",
    });
  });

  it("a line that only says something earlier failed brings the nearest cause above it, past other summaries", () => {
    const notGzip = signatureOf(log("gzip: stdin: not in gzip format", "tar: Child returned status 1", "tar: Error is not recoverable: exiting now"));
    const missing = signatureOf(log("tar: /tmp/tmp.Xk3jQ9aZpL/r.tgz: Cannot open: No such file or directory", "tar: Error is not recoverable: exiting now"));
    expect(notGzip.context).toBe("gzip: stdin: not in gzip format");
    expect(missing.context).toBe("tar: /tmp/tmp.Xk3jQ9aZpL/r.tgz: Cannot open: No such file or directory");
    expect(notGzip.key).not.toBe(missing.key);
  });

  it("a last line that is no error (a clean-up, a hint) brings the error above it", () => {
    const signature = signatureOf(log('docker: Error response from daemon: Conflict. The container name "/web" is already in use.', "See 'docker run --help'."));
    expect(signature.context).toBe('docker: Error response from daemon: Conflict. The container name "/web" is already in use.');
    const cleanedUp = signatureOf(log("E: Unable to fetch some archives", "removing /tmp/build", "rolling back to release 41"));
    expect(cleanedUp).toMatchObject({ line: "rolling back to release 41", context: "E: Unable to fetch some archives" });
  });

  it("an error line needs nothing more", () => {
    expect(signatureOf(log("step 1 ok", "curl: (7) Failed to connect to a.example port 80: Connection refused")).context).toBeNull();
  });
});

const pythonTrace = (frames: string[], last: string) =>
  log("[2024-05-20 10:15:03][PID:7] running migrations", "Traceback (most recent call last):", ...frames, last, "[2024-05-20 10:15:05][PID:7] job_fail");

describe("signatureOf: stack traces", () => {
  it("Python: the exception line and the function that raised it, however deep the trace", () => {
    const short = signatureOf(
      pythonTrace(['  File "/srv/releases/20240520/manage.py", line 22, in <module>', "    main()", '  File "/usr/lib/python3.9/MySQLdb/connections.py", line 185, in __init__', "    super().__init__()"], "OperationalError: (1045, 'Access denied')"),
    );
    const deep = signatureOf(
      pythonTrace(
        ['  File "/srv/releases/20240521/manage.py", line 22, in <module>', "    main()", '  File "/srv/retry.py", line 12, in with_retry', "    return call()", '  File "/usr/lib/python3.11/MySQLdb/connections.py", line 185, in __init__', "    super().__init__()", "    ^^^^^^^^^^^^^^^^^^"],
        "OperationalError: (1045, 'Access denied')",
      ),
    );
    expect(short).toEqual({ key: "operationalerror: (<n>, 'access denied')\nin __init__", line: "OperationalError: (1045, 'Access denied')", context: null });
    expect(deep.key).toBe(short.key);
  });

  it("Python: the same exception raised in another function is another cause", () => {
    const inLoad = signatureOf(pythonTrace(['  File "/srv/a.py", line 3, in load_config', "    cfg['name']"], "KeyError: 'name'"));
    const inRender = signatureOf(pythonTrace(['  File "/srv/a.py", line 9, in render', "    ctx['name']"], "KeyError: 'name'"));
    expect(inLoad.key).not.toBe(inRender.key);
  });

  it("Python: chained exceptions that end alike are told apart by the exception they were handling", () => {
    const chained = (first: string) =>
      signatureOf(
        log(
          "Traceback (most recent call last):",
          '  File "/srv/steps.py", line 41, in run_step',
          "    step.run()",
          first,
          "",
          "During handling of the above exception, another exception occurred:",
          "",
          "Traceback (most recent call last):",
          '  File "/srv/steps.py", line 44, in run_step',
          "    raise RuntimeError(\"step 'migrate' failed\")",
          "RuntimeError: step 'migrate' failed",
        ),
      );
    const refused = chained("ConnectionRefusedError: [Errno 111] Connection refused");
    const denied = chained("PermissionError: [Errno 13] Permission denied: '/data/run/app.pid'");
    expect(refused).toMatchObject({ line: "RuntimeError: step 'migrate' failed", context: "ConnectionRefusedError: [Errno 111] Connection refused" });
    expect(denied.line).toBe(refused.line);
    expect(denied.key).not.toBe(refused.key);
  });

  it("Java: the root cause (the last Caused by) and the frame that raised it; thread names and line numbers do not count", () => {
    const java = (thread: string, line: number, more: number) =>
      signatureOf(
        log(
          `Exception in thread "${thread}" com.example.UploadException: upload failed`,
          `\tat com.example.Uploader.upload(Uploader.java:${line})`,
          "Caused by: java.net.ConnectException: Connection refused (Connection refused)",
          "\tat java.base/sun.nio.ch.Net.connect0(Native Method)",
          `\tat java.base/sun.nio.ch.Net.connect(Net.java:${line + 461})`,
          `\t... ${more} more`,
        ),
      );
    const one = java("pool-3-thread-17", 118, 12);
    expect(one).toEqual({
      key: "caused by: java.net.connectexception: connection refused (connection refused)\nin sun.nio.ch.net.connect<n>",
      line: "Caused by: java.net.ConnectException: Connection refused (Connection refused)",
      context: null,
    });
    expect(java("main", 120, 7).key).toBe(one.key);
  });

  it("Node: the error line and the function that raised it", () => {
    const signature = signatureOf(log("Error: listen EADDRINUSE: address already in use :::3000", "    at Server.setupListenHandle [as _listen2] (node:net:1817:16)", "    at listenInCluster (node:net:1865:12)"));
    expect(signature.key).toBe("error: listen eaddrinuse: address already in use <ip>\nin server.setuplistenhandle");
  });
});

describe("signatureOf: only the log's end is read", () => {
  it("a 5 MB log is read from its end, within the scan limit", () => {
    const huge = `${"progress 42%\n".repeat(400_000)}fatal: unable to write /data/x\n`;
    expect(signatureOf(huge, 1000).line).toBe("fatal: unable to write /data/x");
  });

  it("a line cut by the scan limit is not read as a whole line", () => {
    const text = log(`ERROR ${"a".repeat(50)} first`, "job_fail");
    // 30 characters from the end reach into the ERROR line: it is cut, so nothing is read.
    expect(signatureOf(text, 30).key).toBe("");
    expect(signatureOf(text, 200).line).toBe(`ERROR ${"a".repeat(50)} first`);
  });

  it("a last line longer than the limit is read from its end, and kept short", () => {
    const signature = signatureOf(`ERROR: ${"x".repeat(40_000)}`, 16_384);
    expect(signature.line).toMatch(/^x{499}…$/);
    expect(signature.key).toBe(normaliseLine(signature.line));
  });
});
