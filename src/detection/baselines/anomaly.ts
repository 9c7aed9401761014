/**
 * GuardDuty's `service.detection.anomaly` (API shapes Anomaly, AnomalyObject, AnomalyUnusual): the
 * profiles a model compared against and the behaviour that broke them. Profiles are keyed by context
 * (the identity, the account, the instance) then by feature (API, ASN organization, user agent…);
 * `unusual.behavior` holds the observed values that did not fit, keyed the same way.
 */

export type ProfileType = "FREQUENCY" | "VOLUME";
export type ProfileSubtype = "FREQUENT" | "INFREQUENT" | "RARE" | "UNSEEN";

export type AnomalyObject = { profileType: ProfileType; profileSubtype: ProfileSubtype; observations: { text: string[] } };

export type Anomaly = {
  profiles: Record<string, Record<string, AnomalyObject[]>>;
  unusual: { behavior: Record<string, Record<string, AnomalyObject>> };
};

export type AnomalyDetection = { anomaly: Anomaly };

/** Collects profiles and unusual values while a model explains one decision. */
export class AnomalyBuilder {
  private readonly anomaly: Anomaly = { profiles: {}, unusual: { behavior: {} } };

  /** The usual values of one feature, grouped by how often they occur; empty groups are left out. */
  profile(context: string, feature: string, type: ProfileType, groups: Partial<Record<ProfileSubtype, string[]>>): this {
    const objects: AnomalyObject[] = [];
    for (const subtype of ["FREQUENT", "INFREQUENT", "RARE"] as const) {
      const text = groups[subtype];
      if (text?.length) objects.push({ profileType: type, profileSubtype: subtype, observations: { text } });
    }
    if (objects.length) (this.anomaly.profiles[context] ??= {})[feature] = objects;
    return this;
  }

  unusual(context: string, feature: string, type: ProfileType, subtype: ProfileSubtype, observed: string[]): this {
    (this.anomaly.unusual.behavior[context] ??= {})[feature] = { profileType: type, profileSubtype: subtype, observations: { text: observed } };
    return this;
  }

  build(): AnomalyDetection {
    return { anomaly: this.anomaly };
  }
}
