import type { ProgressEvent } from "../options.js";
import { formatDuration } from "./table.js";

/** Where progress is written: a terminal gets one updating line, anything else plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width; a longer progress line would wrap, and only its last row would be redrawn. */
  columns?: number;
}

/** Prints one line per step with its duration, and progress while a step runs. */
export interface Reporter {
  /**
   * Runs `work`, reporting its `onProgress` events while it runs and, when it ends, one line:
   * "✓ <title>: <what describe says> (<duration>)" or "✗ <title> (<duration>)" before rethrowing.
   */
  step<T>(title: string, work: (onProgress: (event: ProgressEvent) => void) => Promise<T>, describe?: (result: T) => string): Promise<T>;
  /** Prints text as it is (a table, a report), after clearing any progress line. */
  print(text: string): void;
}

const CLEAR_LINE = "\r\x1b[2K";
/** Plain output leaves these out: the step's own ✓ / ✗ line follows at once. */
const ENDING_STAGES = new Set(["succeeded", "failed"]);

/** Options of {@link createReporter}. */
export interface ReporterOptions {
  /** Off a terminal, print a line per progress event. @default true */
  progressLines?: boolean;
}

export function createReporter(stream: ProgressStream, now: () => number = Date.now, options: ReporterOptions = {}): Reporter {
  const tty = stream.isTTY === true;
  const plainProgress = options.progressLines ?? true;
  let live = false;
  const clear = (): void => {
    if (live) stream.write(CLEAR_LINE);
    live = false;
  };
  return {
    async step(title, work, describe) {
      const started = now();
      let lastPlain = "";
      const onProgress = (event: ProgressEvent): void => {
        const text = progressText(title, event, now() - started);
        if (tty) {
          stream.write(`${CLEAR_LINE}${stream.columns ? text.slice(0, stream.columns - 1) : text}`);
          live = true;
        } else if (plainProgress && text !== lastPlain && !ENDING_STAGES.has(event.stage)) {
          stream.write(`${text}\n`);
        }
        lastPlain = text;
      };
      if (tty) onProgress({ operation: title, stage: "started", elapsedMs: 0 });
      try {
        const result = await work(onProgress);
        clear();
        const detail = describe ? `: ${describe(result)}` : "";
        stream.write(`✓ ${title}${detail} (${formatDuration(now() - started)})\n`);
        return result;
      } catch (error) {
        clear();
        stream.write(`✗ ${title} (${formatDuration(now() - started)})\n`);
        throw error;
      }
    },
    print(text) {
      clear();
      stream.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}

/** "  … Create registry x: polling, InProgress (poll 2, 4.0 s)". */
function progressText(title: string, event: ProgressEvent, elapsedMs: number): string {
  const status = event.status ? `, ${event.status}` : "";
  const poll = event.poll ? `poll ${event.poll}, ` : "";
  return `  … ${title}: ${event.stage}${status} (${poll}${formatDuration(elapsedMs)})`;
}
