import type { IncomingHttpHeaders } from "node:http";
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { BullMQOtel } from "bullmq-otel";
import type { ActiveSpan, SpanAttributes, Tracing } from "./tracing.js";

const TRACER = "vigil";

function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * The OpenTelemetry SDK, configured by its standard variables: the exporter reads
 * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS, the batch processor OTEL_BSP_*, the resource
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (which win over Vigil's defaults). Spans go as OTLP/HTTP JSON.
 */
export function loadTracing(role: string): Tracing {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": "vigil", "vigil.role": role }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  // Global: the AsyncLocalStorage context manager and W3C trace-context propagation that BullMQ's integration relies on.
  provider.register();
  const tracer = trace.getTracer(TRACER);
  return {
    queueTelemetry: new BullMQOtel({ tracerName: TRACER }),
    inSpan: (name, attributes, run) =>
      tracer.startActiveSpan(name, { attributes }, async (span) => {
        try {
          return await run({ setAttributes: (more: SpanAttributes) => void span.setAttributes(more) } satisfies ActiveSpan);
        } catch (error) {
          failed(span, error);
          throw error;
        } finally {
          span.end();
        }
      }),
    serverSpan: (name, headers: IncomingHttpHeaders, attributes, run) => {
      const parent = propagation.extract(context.active(), headers);
      const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
      context.with(trace.setSpan(parent, span), () =>
        run({
          setAttributes: (more) => void span.setAttributes(more),
          end: (statusCode) => {
            span.setAttribute("http.response.status_code", statusCode);
            if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          },
        }),
      );
    },
    shutdown: () => provider.shutdown(),
  };
}
