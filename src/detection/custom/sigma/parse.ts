/**
 * Reads a Sigma rule's YAML into its parts, keeping a locator so later errors can name the line. Only
 * the first document counts: multi-document rule collections are refused (their later documents
 * would inherit from the first, which Vigil does not do).
 */
import { isNode, LineCounter, parseAllDocuments } from "yaml";
import { failer, SigmaRuleError, type Fail, type Locate } from "./errors.js";

export type SigmaLevel = "informational" | "low" | "medium" | "high" | "critical";

export type SigmaLogsource = { product?: string; service?: string; category?: string };

export type ParsedSigmaRule = {
  title: string;
  id: string;
  author: string;
  description: string;
  level: SigmaLevel;
  status?: string;
  tags: string[];
  logsource: SigmaLogsource;
  /** Selection name → its YAML value (maps, lists, scalars), in file order. */
  selections: Map<string, unknown>;
  condition: string;
  timeframe?: string;
  locate: Locate;
  fail: Fail;
};

const LEVELS: readonly SigmaLevel[] = ["informational", "low", "medium", "high", "critical"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export function parseSigmaYaml(source: string): ParsedSigmaRule {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source, { lineCounter, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const document = list[0];
  const parseError = list.flatMap((doc) => doc.errors)[0];
  if (parseError) {
    const line = parseError.linePos?.[0].line;
    throw new SigmaRuleError("(yaml)", parseError.message.split("\n")[0], line);
  }
  if (!document) throw new SigmaRuleError("(yaml)", "the file holds no rule");
  const locate: Locate = (path) => {
    const node = document.getIn(path, true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const fail: Fail = failer(locate);
  if (list.length > 1) fail([], "multi-document rule collections are not supported: one rule per file");
  const rule: unknown = document.toJS();
  if (!isRecord(rule)) fail([], "a Sigma rule is a YAML map");

  const title = text(rule.title) ?? fail(["title"], "a rule needs a title");
  const id = text(rule.id) ?? fail(["id"], "a rule needs an id (a UUID)");
  const author = text(rule.author) ?? fail(["author"], "a rule needs an author (its licence asks that matches show it)");
  const level = (text(rule.level) ?? "medium").toLowerCase();
  if (!LEVELS.includes(level as SigmaLevel)) fail(["level"], `must be one of ${LEVELS.join(", ")}, not "${level}"`);
  const logsource = rule.logsource;
  if (!isRecord(logsource)) fail(["logsource"], "a rule needs a logsource map");
  const detection = rule.detection;
  if (!isRecord(detection)) fail(["detection"], "a rule needs a detection map");
  const condition = detection.condition;
  const conditionText = Array.isArray(condition) ? undefined : text(condition);
  if (conditionText === undefined) {
    fail(["detection", "condition"], Array.isArray(condition) ? "a list of conditions is not supported: join them with 'or'" : "a detection needs a condition");
  }
  const timeframe = detection.timeframe ?? rule.timeframe;
  const selections = new Map<string, unknown>();
  for (const [name, value] of Object.entries(detection)) {
    if (name !== "condition" && name !== "timeframe") selections.set(name, value);
  }
  return {
    title,
    id,
    author,
    description: text(rule.description) ?? "",
    level: level as SigmaLevel,
    status: text(rule.status),
    tags: Array.isArray(rule.tags) ? rule.tags.filter((tag): tag is string => typeof tag === "string") : [],
    logsource: { product: text(logsource.product)?.toLowerCase(), service: text(logsource.service)?.toLowerCase(), category: text(logsource.category)?.toLowerCase() },
    selections,
    condition: conditionText!,
    timeframe: timeframe === undefined ? undefined : String(timeframe),
    locate,
    fail,
  };
}
