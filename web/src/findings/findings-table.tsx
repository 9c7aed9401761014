import type { Finding } from "../api/findings";
import { resourceName } from "./finding-summary";
import { SeverityBadge } from "./severity-badge";

export type LiveMark = "new" | "updated";

type Props = {
  findings: Finding[];
  marks: ReadonlyMap<string, LiveMark>;
  selected: ReadonlySet<string>;
  onSelect(selected: ReadonlySet<string>): void;
  onOpen(finding: Finding): void;
};

const lastSeen = (finding: Finding) => new Date(finding.updatedAt).toLocaleString();

export function FindingsTable({ findings, marks, selected, onSelect, onOpen }: Props) {
  if (findings.length === 0) return <p role="status">No findings match.</p>;
  const allSelected = findings.every((f) => selected.has(f.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    onSelect(next);
  };
  return (
    <table className="findings">
      <thead>
        <tr>
          <th scope="col">
            <input type="checkbox" aria-label="Select all findings on this page" checked={allSelected} onChange={() => onSelect(allSelected ? new Set() : new Set(findings.map((f) => f.id)))} />
          </th>
          <th scope="col">Severity</th>
          <th scope="col">Finding</th>
          <th scope="col">Resource</th>
          <th scope="col">Account</th>
          <th scope="col">Count</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((finding) => {
          const mark = marks.get(finding.id);
          return (
            <tr key={finding.id} data-finding-id={finding.id} className={mark ? `marked ${mark}` : undefined}>
              <td>
                <input type="checkbox" aria-label={`Select ${finding.title}`} checked={selected.has(finding.id)} onChange={() => toggle(finding.id)} />
              </td>
              <td>
                <SeverityBadge severity={finding.severity} />
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => onOpen(finding)}>
                  {finding.title}
                </button>
                <div className="finding-type">{finding.type}</div>
                {mark && <span className={`live-mark ${mark}`}>{mark === "new" ? "New" : "Updated"}</span>}
                {finding.archived && <span className="archived-mark">Archived</span>}
              </td>
              <td>{resourceName(finding)}</td>
              <td>{finding.accountId}</td>
              <td>{finding.count}</td>
              <td>{lastSeen(finding)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
