// How terminal text is decorated: ANSI colours when the caller asks (stdout is a TTY), nothing
// otherwise, so piped output and files stay plain. Pure.
import type { RunPhase } from "../core/status.js";

export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  /** A status word or icon line in its phase's colour: green success, red failure … */
  phase(phase: RunPhase, text: string): string;
  /** Hosts, IPs and other literal values. */
  code(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => (text === "" ? text : `\u001b[${open}m${text}\u001b[${close}m`);
const bold = sgr(1, 22);
const dim = sgr(2, 22);
const PHASE_COLOURS: Record<RunPhase, (text: string) => string> = {
  success: sgr(32, 39), // green
  failed: sgr(31, 39), // red
  running: sgr(36, 39), // cyan
  waiting: sgr(33, 39), // yellow
  pending: sgr(90, 39), // grey
  stopped: sgr(33, 39),
  unknown: sgr(35, 39), // magenta
};

export const plainStyle: TextStyle = {
  bold: (text) => text,
  dim: (text) => text,
  phase: (_phase, text) => text,
  code: (text) => text,
};

export const ansiStyle: TextStyle = {
  bold,
  dim,
  phase: (phase, text) => PHASE_COLOURS[phase](text),
  code: sgr(36, 39),
};
