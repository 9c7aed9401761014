import type { Request } from "./graphql-client";

export type Detector = { status: string; findingPublishingFrequency: string; dataSources: Array<{ name: string; status: string }> };
export type LogSource = {
  logSourceId: string;
  name: string;
  kind: string;
  location: string;
  enabled: boolean;
  status: { state: string; lastObjectKey: string | null; lastObjectAt: string | null; lagSeconds: number | null; objectsFailed: number; lastError: string | null };
};
export type IntelList = { id: string; name: string; format: string; status: string; entryCount: number; statusMessage: string | null };
export type Sources = { detector: Detector; logSources: LogSource[]; trustedLists: IntelList[]; threatLists: IntelList[] };

const LIST_FIELDS = "name format status entryCount statusMessage";

/** The detector's data sources, its log sources and the lists in force (first 50 of each). */
export async function loadSources(request: Request, detectorId: string): Promise<Sources> {
  const data = await request<{
    getDetector: Detector;
    listLogSources: { logSources: LogSource[] };
    listIPSets: { ipSets: Array<Omit<IntelList, "id"> & { ipSetId: string }> };
    listThreatIntelSets: { threatIntelSets: Array<Omit<IntelList, "id"> & { threatIntelSetId: string }> };
  }>(
    `query($d: ID!) {
      getDetector(detectorId: $d) { status findingPublishingFrequency dataSources { name status } }
      listLogSources(detectorId: $d, first: 50) { logSources { logSourceId name kind location enabled status { state lastObjectKey lastObjectAt lagSeconds objectsFailed lastError } } }
      listIPSets(detectorId: $d, first: 50) { ipSets { ipSetId ${LIST_FIELDS} } }
      listThreatIntelSets(detectorId: $d, first: 50) { threatIntelSets { threatIntelSetId ${LIST_FIELDS} } }
    }`,
    { d: detectorId },
  );
  return {
    detector: data.getDetector,
    logSources: data.listLogSources.logSources,
    trustedLists: data.listIPSets.ipSets.map(({ ipSetId, ...list }) => ({ id: ipSetId, ...list })),
    threatLists: data.listThreatIntelSets.threatIntelSets.map(({ threatIntelSetId, ...list }) => ({ id: threatIntelSetId, ...list })),
  };
}
