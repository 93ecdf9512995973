// Full garbage collections from inside a test, for checks that something is let go: a WeakRef to
// it is empty afterwards. Collected across turns of the event loop, since WeakRefs read in a turn
// keep their targets until that turn ends.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}
