import { Prisma } from "../../generated/prisma/client.js";

/**
 * Who acted in a finding, read from its GuardDuty JSON: the access key and the principal (user or role
 * name) it names, and the remote addresses that reached in — the caller of an API call, the peer of an
 * inbound connection, the prober of a port. An outbound connection's remote address is where an instance
 * went, not who acted, so it is left out.
 */
const IP_PATHS = [
  "$.service.action.awsApiCallAction.remoteIpDetails.ipAddressV4",
  "$.service.action.awsApiCallAction.remoteIpDetails.ipAddressV6",
  '$.service.action.networkConnectionAction ? (@.connectionDirection == "INBOUND").remoteIpDetails.ipAddressV4',
  '$.service.action.networkConnectionAction ? (@.connectionDirection == "INBOUND").remoteIpDetails.ipAddressV6',
  "$.service.action.portProbeAction.portProbeDetails[*].remoteIpDetails.ipAddressV4",
  "$.service.action.portProbeAction.portProbeDetails[*].remoteIpDetails.ipAddressV6",
];

// Constants only: nothing here comes from input. A finding counts once per actor however often it names it.
const ACTORS_OF_FINDING = Prisma.raw(`
  SELECT DISTINCT actor.kind, actor.id FROM (
    SELECT 'ACCESS_KEY' AS kind, f.data #>> '{resource,accessKeyDetails,accessKeyId}' AS id
    UNION ALL SELECT 'PRINCIPAL', f.data #>> '{resource,accessKeyDetails,userName}'
    UNION ALL SELECT 'IP_ADDRESS', ip #>> '{}'
      FROM unnest(ARRAY[${IP_PATHS.map((p) => `'${p.replaceAll("'", "''")}'`).join(", ")}]::jsonpath[]) AS path, jsonb_path_query(f.data, path) AS ip
  ) AS actor WHERE actor.id <> ''`);

/**
 * The actors named by the most findings matching `where`. Keys and principals are an account's (the same
 * user name in two accounts is two people); an address is nobody's, so it is counted across accounts.
 */
export function actorStatisticsSql(where: Prisma.Sql, descending: boolean, maxResults: number): Prisma.Sql {
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  return Prisma.sql`
    SELECT a.kind AS "actorType", a.id AS "actorId", CASE WHEN a.kind = 'IP_ADDRESS' THEN NULL ELSE f."accountId" END AS "accountId",
      count(*)::int AS "totalFindings", max(f."updatedAt") AS "lastGeneratedAt"
    FROM findings f CROSS JOIN LATERAL (${ACTORS_OF_FINDING}) AS a
    WHERE ${where}
    GROUP BY 1, 2, 3
    ORDER BY "totalFindings" ${direction}, 1, 2, 3
    LIMIT ${maxResults}`;
}
