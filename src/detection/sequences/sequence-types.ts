/**
 * GuardDuty's `service.detection.sequence` (API shapes Sequence, Signal, Actor, ResourceV2,
 * NetworkEndpoint, Indicator), limited to the fields Vigil fills. Times are ISO-8601 text, as in the
 * rest of the finding JSON.
 */
export type SequenceIndicator = {
  /** ATTACK_TACTIC, ATTACK_TECHNIQUE, HIGH_RISK_API, … */
  key: string;
  values: string[];
  title: string;
};

export type SequenceSignal = {
  /** The member finding's id for a FINDING, else Vigil's signal id. */
  uid: string;
  type: "FINDING" | "CLOUD_TRAIL" | "S3_DATA_EVENTS";
  description: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  firstSeenAt: string;
  lastSeenAt: string;
  severity: number;
  count: number;
  resourceUids: string[];
  actorIds: string[];
  endpointIds: string[];
  signalIndicators: SequenceIndicator[];
  /** Vigil-only: the CloudTrail eventIDs behind the signal (at most 20). */
  eventIds: string[];
};

export type SequenceActor = {
  id: string;
  user?: { name?: string; uid?: string; type?: string; credentialUid?: string; account?: { uid: string } };
  session?: { uid?: string; mfaStatus?: "ENABLED" | "DISABLED"; issuer?: string };
};

export type SequenceResource = {
  uid: string;
  name?: string;
  accountId: string;
  resourceType: string;
  region: string;
};

export type SequenceEndpoint = { id: string; ip: string };

export type Sequence = {
  uid: string;
  description: string;
  actors: SequenceActor[];
  resources: SequenceResource[];
  endpoints: SequenceEndpoint[];
  signals: SequenceSignal[];
  sequenceIndicators: SequenceIndicator[];
  additionalSequenceTypes?: string[];
};

export type SequenceDetection = { sequence: Sequence };
