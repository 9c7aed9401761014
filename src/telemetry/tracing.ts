import type { IncomingHttpHeaders } from "node:http";
import type { Telemetry } from "bullmq";

export type SpanAttributes = Record<string, string | number | boolean>;

/** What code inside a span may do: add attributes (data), never rename it. */
export interface ActiveSpan {
  setAttributes(attributes: SpanAttributes): void;
}

/** An HTTP request's span, ended by the caller once the response is finished. */
export interface ServerSpan extends ActiveSpan {
  end(statusCode: number): void;
}

/** The loaded OpenTelemetry SDK (./sdk.ts), behind the few operations Vigil needs. */
export interface Tracing {
  /** Handed to BullMQ queues and workers, which carry the trace context inside each job. */
  readonly queueTelemetry: Telemetry;
  inSpan<T>(name: string, attributes: SpanAttributes, run: (span: ActiveSpan) => Promise<T>): Promise<T>;
  /** Continues the caller's trace (W3C `traceparent`) and runs `run` with the request's span active. */
  serverSpan(name: string, headers: IncomingHttpHeaders, attributes: SpanAttributes, run: (span: ServerSpan) => void): void;
  /** Sends the spans still buffered. */
  shutdown(): Promise<void>;
}

const NO_SPAN: ActiveSpan = { setAttributes: () => undefined };

let tracing: Tracing | undefined;

/** The standard OpenTelemetry variables decide: an OTLP endpoint turns tracing on, OTEL_SDK_DISABLED=true off. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Loads the SDK only when tracing is asked for, so a Vigil without an OTLP endpoint never loads it.
 * Process-wide, like OpenTelemetry's own global provider: call before queues and workers are made.
 */
export async function startTracing(role: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (tracing) return true;
  if (!tracingRequested(env)) return false;
  const { loadTracing } = await import("./sdk.js");
  tracing = loadTracing(role);
  return true;
}

export async function stopTracing(): Promise<void> {
  const stopping = tracing;
  tracing = undefined;
  await stopping?.shutdown();
}

export function activeTracing(): Tracing | undefined {
  return tracing;
}

/** For BullMQ's `telemetry` option: undefined (BullMQ's own no-op) while tracing is off. */
export function queueTelemetry(): Telemetry | undefined {
  return tracing?.queueTelemetry;
}

/** Runs `run` in a child span of the active one; without tracing, just runs it. Names are fixed strings, never data. */
export function traced<T>(name: string, attributes: SpanAttributes, run: (span: ActiveSpan) => Promise<T>): Promise<T> {
  return tracing ? tracing.inSpan(name, attributes, run) : run(NO_SPAN);
}
