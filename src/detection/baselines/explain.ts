/**
 * Turns a decision into GuardDuty's detection.anomaly and the plain sentence of the description:
 * for each feature that was unusual, its observed value and the usual ones it was compared with.
 */
import { AnomalyBuilder, type ProfileSubtype } from "./anomaly.js";
import { baselineDays, frequencyOf, usualSummary, usualValues } from "./frequency.js";
import type { EntityProfile } from "./state/profile.js";
import type { Dimension } from "./state/settings.js";

export type UnusualFeature = {
  dimension: Dimension;
  /** GuardDuty-style feature name in the anomaly object, e.g. "asnOrg". */
  feature: string;
  /** How a sentence names it, e.g. "ASN organization". */
  noun: string;
  observed: string;
};

export type Explanation = { detection: ReturnType<AnomalyBuilder["build"]>; sentence: string };

function subtypeOf(profile: EntityProfile, feature: UnusualFeature, time: number): ProfileSubtype {
  const stats = profile.value(feature.dimension, feature.observed);
  return stats && stats.first < time ? frequencyOf(stats, profile) : "UNSEEN";
}

/**
 * `context` names the entity (an ARN, "instance i-…"); `usual` lists the features whose profiles are
 * shown even when not unusual (e.g. the API profile next to an unusual ASN).
 */
export function explainFrequency(context: string, profile: EntityProfile, time: number, unusual: UnusualFeature[], shown: UnusualFeature[] = []): Explanation {
  const builder = new AnomalyBuilder();
  for (const feature of [...unusual, ...shown]) builder.profile(context, feature.feature, "FREQUENCY", usualValues(profile, feature.dimension, time));
  const parts = unusual.map((feature) => {
    const subtype = subtypeOf(profile, feature, time);
    builder.unusual(context, feature.feature, "FREQUENCY", subtype, [feature.observed]);
    const how = subtype === "UNSEEN" ? "never seen" : `${subtype.toLowerCase()}`;
    return `${feature.noun} ${JSON.stringify(feature.observed)} was ${how} (usual: ${usualSummary(profile, feature.dimension, time)})`;
  });
  return {
    detection: builder.build(),
    sentence: `Compared with the ${baselineDays(profile, time)}-day baseline of ${context}: ${parts.join("; ")}.`,
  };
}
