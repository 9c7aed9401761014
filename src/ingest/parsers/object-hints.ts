import type { ParseOptions } from "./types.js";

/** What is known about every record of an object without reading it: the fallbacks for fields a record lacks. */
export type ObjectHints = {
  accountId?: string;
  region?: string;
  /** The delivery timestamp in the object's name, epoch ms. */
  time?: number;
};

// AWS names delivered objects `<account>_<Service>_<region>_[…_]<yyyymmddThhmmZ>_<suffix>`, e.g.
// 123456789012_CloudTrail_us-east-1_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz or
// 123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz.
const AWS_OBJECT_NAME = /(?:^|\/)(\d{12})_[A-Za-z-]+_([^_/]+)_(?:[^/]*_)?(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+[a-z]?$/;

/** Explicit hints win over what the object's name says. */
export function objectHints(options: ParseOptions): ObjectHints {
  const match = AWS_OBJECT_NAME.exec(options.objectKey);
  if (!match) return { accountId: options.accountIdHint, region: options.regionHint };
  const [, accountId, region, year, month, day, hour, minute] = match;
  return {
    accountId: options.accountIdHint ?? accountId,
    region: options.regionHint ?? (REGION.test(region) ? region : undefined),
    time: Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)),
  };
}
