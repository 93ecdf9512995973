// `--sim`: the BK-JOB simulator (src/local/sim/) in this process, on loopback, for as long as the
// command runs, and the BK_* variables that point the command at it. The one place the terminal
// command reaches a stand-in; loaded only then, so a command against a real BK-JOB does not pay
// for the simulator's modules.

/** Runs `work` with the simulator's variables for `protocol` (BK_JOB_API), then stops the simulator. */
export async function withSimulator<T>(protocol: string | undefined, work: (variables: { [name: string]: string }) => Promise<T>): Promise<T> {
  const [{ startSimulator }, { simulatorVariables }] = await Promise.all([import("../local/sim/server.js"), import("../local/sim/joblog-variables.js")]);
  const sim = await startSimulator({ host: "127.0.0.1" });
  try {
    return await work({ ...simulatorVariables(sim.url, protocol) });
  } finally {
    await sim.close();
  }
}
