import type { Instrumenter, InstrumenterSpanOptions, SpanStatus, TracingContext, TracingSpan } from "@azure/core-tracing";

/** A span as the test instrumenter recorded it. */
export interface RecordedSpan {
  name: string;
  parent: RecordedSpan | undefined;
  kind: string | undefined;
  attributes: Record<string, unknown>;
  status: SpanStatus | undefined;
  ended: boolean;
}

const SPAN = Symbol("span");

/** An immutable context bag, as `@azure/core-tracing` describes one. */
function tracingContext(values: ReadonlyMap<symbol, unknown> = new Map()): TracingContext {
  return {
    getValue: (key) => values.get(key),
    setValue: (key, value) => tracingContext(new Map([...values, [key, value]])),
    deleteValue: (key) => tracingContext(new Map([...values].filter(([k]) => k !== key))),
  };
}

function spanOf(context: TracingContext | undefined): RecordedSpan | undefined {
  return context?.getValue(SPAN) as RecordedSpan | undefined;
}

/** A context holding a span named `name`, standing for the caller's own span. */
export function rootContext(name: string): TracingContext {
  const root: RecordedSpan = { name, parent: undefined, kind: undefined, attributes: {}, status: undefined, ended: false };
  return tracingContext().setValue(SPAN, root);
}

/**
 * An instrumenter for `useInstrumenter` that records every span with its parent, as OpenTelemetry's
 * would create them, so a test can read the tree of spans a call made.
 */
export function recordingInstrumenter(): Instrumenter & { spans: RecordedSpan[] } {
  const spans: RecordedSpan[] = [];
  return {
    spans,
    startSpan(name: string, options: InstrumenterSpanOptions) {
      const recorded: RecordedSpan = {
        name,
        parent: spanOf(options.tracingContext),
        kind: options.spanKind,
        attributes: { ...options.spanAttributes },
        status: undefined,
        ended: false,
      };
      spans.push(recorded);
      const span: TracingSpan = {
        setStatus: (status) => void (recorded.status = status),
        setAttribute: (key, value) => void (recorded.attributes[key] = value),
        end: () => void (recorded.ended = true),
        recordException: () => undefined,
        isRecording: () => true,
      };
      return { span, tracingContext: (options.tracingContext ?? tracingContext()).setValue(SPAN, recorded) };
    },
    withContext: (_context, callback, ...args) => callback(...args),
    parseTraceparentHeader: () => undefined,
    createRequestHeaders: () => ({}),
  };
}
