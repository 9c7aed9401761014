// Imports nothing: any layer may name a topic or its payload without pulling in the Redis transport.

export type InvitationEvent = {
  invitationId: string;
  administratorAccountId: string;
  memberAccountId: string;
  message: string | null;
  invitedAt: string;
};

export type SecurityConfigurationChange = {
  accountId: string;
  operation: string;
  targetType: string;
  targetId: string;
  actorAccountId: string | null;
  occurredAt: string;
};

/** Findings written in one transaction (new ones and updates of existing ones). */
export type FindingsUpsertedEvent = {
  detectorId: string;
  findings: Array<{ id: string; accountId: string; created: boolean }>;
};

/** A log source was created, changed or deleted: workers adjust its polling schedule. */
export type LogSourceChanged = { logSourceId: string };

/** A trusted/threat list or a managed feed changed what is in force: every worker rebuilds its threat-intel snapshot. */
export type ListsChangedEvent = {
  source: "LIST" | "FEED";
  id: string;
  status: string;
};

/** A stored custom rule was created, changed, deleted or faulted: every worker reloads the rules in force. */
export type CustomRulesChangedEvent = { customRuleId: string; detectorId: string };

/** Topics that cross processes (worker → API, API → API). Keyed ones carry the recipient's account row id. */
export type VigilTopics = {
  INVITATION_RECEIVED: [accountRowId: string, event: InvitationEvent];
  SECURITY_CONFIGURATION_CHANGED: [event: SecurityConfigurationChange];
  FINDINGS_UPSERTED: [event: FindingsUpsertedEvent];
  LISTS_CHANGED: [event: ListsChangedEvent];
  CUSTOM_RULES_CHANGED: [event: CustomRulesChangedEvent];
  LOG_SOURCE_CHANGED: [event: LogSourceChanged];
  /** A key stops working at once: every API process closes the sockets it opened. */
  API_KEY_REVOKED: [event: { apiKeyId: string }];
};
