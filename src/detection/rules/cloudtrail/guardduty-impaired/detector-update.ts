/**
 * What an UpdateDetector call switches off: the whole detector (enable = false), or protection plans,
 * named either by the newer `features` list (status DISABLED) or the older `dataSources` block.
 */
import { asArray, field, flag, text } from "../shared/request.js";

const DATA_SOURCE_FLAGS: ReadonlyArray<[path: readonly string[], name: string]> = [
  [["s3Logs", "enable"], "S3 protection"],
  [["kubernetes", "auditLogs", "enable"], "EKS audit log monitoring"],
  [["malwareProtection", "scanEc2InstanceWithFindings", "ebsVolumes"], "malware protection"],
];

function at(object: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => field(value, key), object);
}

function disabledFeatures(parameters: unknown): string[] {
  const features = asArray(field(parameters, "features"))
    .filter((feature) => text(field(feature, "status")) === "DISABLED")
    .map((feature) => text(field(feature, "name")) ?? "a protection feature");
  const dataSources = field(parameters, "dataSources");
  const sources = DATA_SOURCE_FLAGS.filter(([path]) => {
    const value = at(dataSources, path);
    return flag(value) === false || flag(field(value, "enable")) === false;
  }).map(([, name]) => name);
  return [...features, ...sources];
}

export type DetectorChange = { disabled: "detector" } | { disabled: "features"; features: string[] };

export function detectorChange(parameters: unknown): DetectorChange | undefined {
  if (flag(field(parameters, "enable")) === false) return { disabled: "detector" };
  const features = disabledFeatures(parameters);
  return features.length > 0 ? { disabled: "features", features } : undefined;
}
