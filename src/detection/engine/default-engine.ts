import { EVENT_RULES, WINDOWED_RULES } from "../rules/index.js";
import { createEngine, type DetectionEngine } from "./engine.js";

let engine: DetectionEngine | undefined;

/** The engine over Vigil's whole rule catalogue, built once per process. */
export function defaultEngine(): DetectionEngine {
  return (engine ??= createEngine(EVENT_RULES, WINDOWED_RULES));
}
